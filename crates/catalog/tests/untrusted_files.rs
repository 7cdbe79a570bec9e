//! Registry files come from outside: any bytes, as CSV or as a workbook,
//! are read or refused with a report, never a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashMap;

use catalog::import::{FileKind, ImportOptions, parse_procedures, read_table};
use catalog::store::Organisation;
use proptest::prelude::*;

const HEADER: &str = "手続ID,手続名,英語名,読み,所管局,所管課,分類,根拠,年間件数,オンライン化状況,オンライン化年度,手数料,必要書類,タグ,窓口,標準処理期間\n";

fn options() -> ImportOptions {
    ImportOptions {
        create_missing_organisation: true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..4000)) {
        for kind in [FileKind::Csv, FileKind::Xlsx] {
            if let Ok(table) = read_table(&bytes, kind) {
                let _ = parse_procedures(&table, &Organisation::default(), &HashMap::new(), options());
            }
        }
    }

    #[test]
    fn any_rows_under_the_real_header_are_checked(rows in prop::collection::vec(prop_oneof![any::<char>(), Just(','), Just('\n'), Just('"'), Just('1')], 0..600).prop_map(String::from_iter)) {
        let text = format!("{HEADER}{rows}");
        if let Ok(table) = read_table(text.as_bytes(), FileKind::Csv) {
            let _ = parse_procedures(&table, &Organisation::default(), &HashMap::new(), options());
        }
    }
}
