//! The verifier reads untrusted uploads: mutated, truncated or random input
//! must give an error or a failing verdict, never a panic or a pass.

mod common;

use proptest::prelude::*;
use signatures::verify::Trust;
use signatures::{Algorithm, DemoPki, SignOptions, sign, verify};
use std::sync::OnceLock;

struct Fixture {
    signed: Vec<u8>,
    trust: Trust,
    /// The /Contents string: ByteRange[1]..ByteRange[2].
    gap: (usize, usize),
}

fn gap(pdf: &[u8]) -> Option<(usize, usize)> {
    let at = pdf.windows(11).position(|w| w == b"/ByteRange ")?;
    let text = String::from_utf8_lossy(pdf.get(at + 11..at + 80)?).to_string();
    let inner = text.strip_prefix('[')?.split(']').next()?.to_string();
    let numbers: Vec<usize> = inner
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    Some((*numbers.get(1)?, *numbers.get(2)?))
}

fn fixture() -> &'static Option<Fixture> {
    static F: OnceLock<Option<Fixture>> = OnceLock::new();
    F.get_or_init(|| {
        let pki = DemoPki::generate_with("名古屋市", "名古屋市長", Algorithm::P256).ok()?;
        let signed = sign(
            &common::sample_pdf(),
            &pki.signer_credentials().ok()?,
            &SignOptions::default(),
        )
        .ok()?;
        Some(Fixture {
            gap: gap(&signed)?,
            signed,
            trust: Trust {
                anchors: vec![pki.ca_certificate.clone()],
                crls: Vec::new(),
            },
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_pass(bytes in proptest::collection::vec(any::<u8>(), 0..4096), header in any::<bool>()) {
        let Some(f) = fixture() else { return Err(TestCaseError::fail("fixture")) };
        let mut input = if header { b"%PDF-1.7\n".to_vec() } else { Vec::new() };
        input.extend_from_slice(&bytes);
        if let Ok(report) = verify(&input, &f.trust) {
            prop_assert!(!report.valid());
        }
    }

    #[test]
    fn changed_signed_files_never_pass(at in any::<prop::sample::Index>(), value in any::<u8>(), cut in any::<prop::sample::Index>(), truncate in any::<bool>()) {
        let Some(f) = fixture() else { return Err(TestCaseError::fail("fixture")) };
        let mut input = f.signed.clone();
        let i = at.index(input.len());
        if let Some(b) = input.get_mut(i) {
            *b = value;
        }
        if truncate {
            input.truncate(cut.index(input.len()));
        }
        let unchanged = input == f.signed;
        let result = verify(&input, &f.trust);
        if unchanged {
            prop_assert!(result.as_ref().is_ok_and(|r| r.valid()));
        } else if let Ok(report) = result {
            // Only the /Contents string is outside the signed ranges: a byte
            // changed there (the CMS's unsigned parts, its zero padding) may
            // leave the signature valid; a change anywhere else, or a cut, must not.
            let (gap_start, gap_end) = f.gap;
            let in_gap = !truncate && (gap_start..gap_end).contains(&i);
            prop_assert!(!report.valid() || in_gap, "passed after changing byte {} to {}", i, value);
        }
    }
}

#[test]
fn deep_nesting_and_many_byte_ranges_are_bounded() {
    let Some(f) = fixture() else { return };
    let mut input = b"%PDF-1.7\n1 0 obj\n".to_vec();
    input.extend(std::iter::repeat_n(b"<<[".as_slice(), 200_000).flatten());
    input.extend(std::iter::repeat_n(b"/ByteRange [0 10 20 5] ".as_slice(), 10_000).flatten());
    let result = verify(&input, &f.trust);
    assert!(result.is_err_and_not_valid());
}

trait NotValid {
    fn is_err_and_not_valid(&self) -> bool;
}

impl NotValid for Result<signatures::Report, signatures::VerifyError> {
    fn is_err_and_not_valid(&self) -> bool {
        match self {
            Ok(report) => !report.valid(),
            Err(_) => true,
        }
    }
}
