//! Files from other systems are untrusted: random bytes and random text
//! never make reading or writing panic, and whatever is written reads back.

#![allow(clippy::panic, clippy::indexing_slicing)]

use layouts::Layout;
use proptest::prelude::*;
use serde_json::json;

const FIXED: &str = include_str!("../examples/jidou-teate-kekka.toml");

fn csv_layout(encoding: &str) -> Layout {
    let text = format!(
        "[layout]\nname='c'\nprocedure='p'\ntarget='x'\nformat='csv'\nencoding='{encoding}'\nheader=true\n\
         [[field]]\nname='r'\nsource='/receipt_number'\nrequired=true\n\
         [[field]]\nname='a'\nsource='/action'\n[field.codes]\napprove='1'\nreject='2'\n\
         [[field]]\nname='d'\nsource='/updated_at'\ndate='gyymmdd'\n\
         [[field]]\nname='c'\nsource='/comment'\nwidth=40\n\
         [import]\nreceipt='r'\naction='a'\ncomment='c'\n"
    );
    Layout::parse(&text).unwrap_or_else(|e| panic!("{e}"))
}

fn fixed() -> Layout {
    Layout::parse(FIXED).unwrap_or_else(|e| panic!("{e}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = fixed().read(&bytes);
        let _ = csv_layout("shift_jis").read(&bytes);
        let _ = csv_layout("utf-8").read(&bytes);
    }

    #[test]
    fn random_lines_of_the_right_length_never_panic(
        lines in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 100), 1..5)
    ) {
        let mut file = Vec::new();
        for line in lines {
            file.extend(line.into_iter().map(|b| if b == b'\n' { b' ' } else { b }));
            file.extend(b"\r\n");
        }
        let _ = fixed().read(&file);
    }

    #[test]
    fn whatever_is_written_reads_back(receipt in "[A-Z0-9-]{1,20}", comment in "\\PC{0,40}") {
        for layout in [fixed(), csv_layout("shift_jis"), csv_layout("utf-8")] {
            let update = json!({"receipt_number": receipt, "action": "approve", "comment": comment});
            if let Ok(bytes) = layout.write([&update]) {
                let rows = layout.read(&bytes).unwrap_or_else(|e| panic!("{e}"));
                prop_assert_eq!(rows.len(), 1);
                prop_assert_eq!(rows[0].receipt_number.as_deref(), Some(receipt.as_str()));
            }
        }
    }
}
