//! The national inventory comes from outside: any bytes, any rows, are
//! read or refused with the problems listed, never a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..4000)) {
        let _ = progress::inventory::parse(&bytes);
    }

    #[test]
    fn any_rows_under_the_real_header_are_checked(rows in prop::collection::vec(prop_oneof![any::<char>(), Just(','), Just('\n'), Just('"'), Just('1')], 0..600).prop_map(String::from_iter)) {
        let text = format!("手続ID,所管府省庁,手続名,オンライン化の実施状況,総手続件数,オンライン手続件数\n{rows}");
        let _ = progress::inventory::parse(text.as_bytes());
    }
}
