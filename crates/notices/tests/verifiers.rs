//! Notices as madoguchi makes them — the layout with its embedded font,
//! signed at B-B, B-T and B-LT — checked by two independent verifiers
//! (poppler's pdfsig, pyHanko) and read back by pdftotext; a copy with one
//! byte changed inside the signed range fails both and our own check.
//! Runs when TEST_PDF_VERIFIERS=1 (CI sets it); fails if it is set and a
//! tool is missing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::Command;

use notices::template::{self, Facts};
use notices::{Decision, Level};

fn run(program: &str, args: &[&str], dir: &Path) -> (bool, String) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} could not run (TEST_PDF_VERIFIERS=1 needs poppler-utils, libnss3-tools, pyhanko-cli): {e}")
        });
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test]
async fn notices_at_every_level_validate_with_pdfsig_and_pyhanko_and_read_back_as_text() {
    if std::env::var("TEST_PDF_VERIFIERS").as_deref() != Ok("1") {
        println!("skipped: set TEST_PDF_VERIFIERS=1 to check notices with pdfsig and pyHanko");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // RSA-2048 like LGPKI, with the local timestamp authority.
    let ready = notices::setup::prepare(
        &Default::default(),
        Some(&notices::setup::DemoPki {
            dir: dir.join("pki"),
            algorithm: signatures::Algorithm::Rsa2048,
        }),
    )
    .await
    .unwrap();
    let font = ready.font.expect("a Japanese font (fonts-ipaexfont)");
    let signing = ready.signing.expect("the demo PKI");
    std::fs::create_dir(dir.join("nss")).unwrap();
    let (ok, out) = run(
        "certutil",
        &["-N", "--empty-password", "-d", "sql:nss"],
        dir,
    );
    assert!(ok, "{out}");
    let (ok, out) = run(
        "certutil",
        &[
            "-A",
            "-d",
            "sql:nss",
            "-n",
            "ca",
            "-t",
            "C,C,C",
            "-i",
            "pki/ca.pem",
        ],
        dir,
    );
    assert!(ok, "{out}");

    for (level, decision) in [
        (Level::BB, Decision::Approved),
        (Level::BT, Decision::Rejected),
        (Level::BLT, Decision::Rejected),
    ] {
        let mut facts = Facts::sample(decision);
        facts.applicant = "名古屋 太郎".into();
        let content = template::content(
            &template::default_for(decision),
            &facts,
            "N-R8-000042",
            "ABCD-EFGH",
            "http://127.0.0.1:8080/verify",
        )
        .unwrap();
        let now = time::OffsetDateTime::now_utc();
        let unsigned = notices::pdf::render(&content, &font, now).unwrap();
        let signed = signing
            .at_level(level)
            .sign(unsigned, &content, now)
            .await
            .unwrap();
        let name = format!("notice-{}.pdf", level.code());
        std::fs::write(dir.join(&name), &signed).unwrap();

        let (_, out) = run("pdfsig", &["-nssdir", "sql:nss", &name], dir);
        assert!(out.contains("Signature is Valid."), "{name}: {out}");
        assert!(out.contains("Certificate is Trusted."), "{name}: {out}");
        let (ok, out) = run(
            "pyhanko",
            &[
                "sign",
                "validate",
                "--trust",
                "pki/ca.pem",
                "--trust-replace",
                "--no-revocation-check",
                &name,
            ],
            dir,
        );
        assert!(ok && out.contains("INTACT:TRUSTED"), "{name}: {out}");
        if level == Level::BLT {
            // Revocation checked with the CRLs the notice carries.
            let (ok, out) = run(
                "pyhanko",
                &[
                    "sign",
                    "adesverify",
                    "--trust",
                    "pki/ca.pem",
                    "--trust-replace",
                    &name,
                ],
                dir,
            );
            assert!(ok && out.contains("INTACT:TRUSTED"), "{name}: {out}");
        }
        if level != Level::BB {
            assert!(
                out.contains("TIMESTAMP_TOKEN<INTACT:TRUSTED>"),
                "{name}: {out}"
            );
        }
        let (ok, text) = run("pdftotext", &[&name, "-"], dir);
        assert!(ok, "{text}");
        let text: String = text.split_whitespace().collect();
        assert!(text.contains("名古屋太郎"), "the resident's name: {text}");
        assert!(text.contains("教示"), "the appeal instruction: {text}");
        assert!(text.contains("審査請求"), "{text}");
        match decision {
            Decision::Approved => assert!(text.contains("承認することに決定"), "{text}"),
            Decision::Rejected => {
                assert!(text.contains("承認しないことに決定"), "{text}");
                assert!(
                    text.contains("所得上限限度額を超えている"),
                    "the reasons: {text}"
                );
            }
        }

        // One byte changed inside the signed range.
        let mut altered = signed.clone();
        let at = altered.windows(4).position(|w| w == b"/Pag").unwrap();
        altered[at + 1] = b'Q';
        let bad = format!("altered-{}.pdf", level.code());
        std::fs::write(dir.join(&bad), &altered).unwrap();
        let (_, out) = run("pdfsig", &["-nssdir", "sql:nss", &bad], dir);
        assert!(!out.contains("Signature is Valid."), "{bad}: {out}");
        let (ok, out) = run(
            "pyhanko",
            &[
                "sign",
                "validate",
                "--trust",
                "pki/ca.pem",
                "--trust-replace",
                "--no-revocation-check",
                &bad,
            ],
            dir,
        );
        assert!(!ok, "{bad}: {out}");
        let trust = signatures::verify::Trust {
            anchors: vec![
                signatures::DemoPki::read(&dir.join("pki"))
                    .unwrap()
                    .ca_certificate,
            ],
            crls: Vec::new(),
        };
        let report = signatures::verify::verify(&altered, &trust).unwrap();
        assert_eq!(
            notices::verify::judge(&altered, &report)
                .err()
                .map(|v| v.code()),
            Some("altered")
        );
        let report = signatures::verify::verify(&signed, &trust).unwrap();
        assert_eq!(
            notices::verify::judge(&signed, &report)
                .map(|(n, _)| n)
                .ok()
                .as_deref(),
            Some("N-R8-000042")
        );
    }
}
