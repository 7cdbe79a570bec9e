//! Signed files checked by two independent verifiers: poppler's pdfsig (NSS)
//! and pyHanko. Runs when TEST_PDF_VERIFIERS=1 (CI sets it); fails if it is
//! set and a tool is missing.

mod common;

use std::path::Path;
use std::process::Command;

use signatures::{
    DemoPki, SignOptions, TsaClient, add_document_timestamp, add_validation_data, sign,
    sign_with_timestamp,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn run(
    program: &str,
    args: &[&str],
    dir: &Path,
) -> Result<(bool, String), Box<dyn std::error::Error>> {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("{program} could not run (TEST_PDF_VERIFIERS=1 needs poppler-utils, libnss3-tools, pyhanko-cli): {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok((out.status.success(), text))
}

fn pdfsig(dir: &Path, file: &str) -> Result<String, Box<dyn std::error::Error>> {
    Ok(run("pdfsig", &["-nssdir", "sql:nss", file], dir)?.1)
}

fn pyhanko(dir: &Path, args: &[&str]) -> Result<(bool, String), Box<dyn std::error::Error>> {
    run("pyhanko", args, dir)
}

/// One byte changed inside the first signed range (in the page's text).
fn tampered(pdf: &[u8]) -> Vec<u8> {
    let mut copy = pdf.to_vec();
    if let Some(b) = copy
        .windows(6)
        .position(|w| w == b"Notice")
        .and_then(|at| copy.get_mut(at))
    {
        *b = b'M';
    }
    copy
}

#[tokio::test]
async fn pdfsig_and_pyhanko_accept_every_level_and_refuse_a_changed_byte() -> TestResult {
    if std::env::var("TEST_PDF_VERIFIERS").as_deref() != Ok("1") {
        println!("skipped: set TEST_PDF_VERIFIERS=1 to check signed files with pdfsig and pyHanko");
        return Ok(());
    }
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path();
    let pki = DemoPki::generate("名古屋市")?;
    pki.write(dir)?;
    std::fs::create_dir(dir.join("nss"))?;
    let (ok, out) = run(
        "certutil",
        &["-N", "--empty-password", "-d", "sql:nss"],
        dir,
    )?;
    assert!(ok, "certutil -N: {out}");
    let (ok, out) = run(
        "certutil",
        &[
            "-A", "-d", "sql:nss", "-n", "ca", "-t", "C,C,C", "-i", "ca.pem",
        ],
        dir,
    )?;
    assert!(ok, "certutil -A: {out}");

    let pdf = common::sample_pdf();
    let creds = pki.signer_credentials()?;
    let options = SignOptions {
        reason: Some("通知書の発行".into()),
        location: Some("名古屋市".into()),
        name: Some("名古屋市長".into()),
        ..SignOptions::default()
    };
    let tsa = TsaClient::new(common::serve_tsa(pki.tsa_authority()?).await?);

    let bb = sign(&pdf, &creds, &options)?;
    let bt = sign_with_timestamp(&pdf, &creds, &options, &tsa).await?;
    let certs = [
        pki.signer_certificate.clone(),
        pki.tsa_certificate.clone(),
        pki.ca_certificate.clone(),
    ];
    let blt = add_validation_data(&bt, &certs, std::slice::from_ref(&pki.crl), &[])?;
    let blta = add_document_timestamp(&blt, &tsa).await?;
    for (name, bytes) in [
        ("bb.pdf", &bb),
        ("bt.pdf", &bt),
        ("blt.pdf", &blt),
        ("blta.pdf", &blta),
    ] {
        std::fs::write(dir.join(name), bytes)?;
    }
    std::fs::write(dir.join("bb-changed.pdf"), tampered(&bb))?;
    // A document saved with object streams and a cross-reference stream.
    let modern = sign(&common::sample_pdf_modern(), &creds, &options)?;
    std::fs::write(dir.join("bb-modern.pdf"), &modern)?;
    std::fs::write(dir.join("blta-changed.pdf"), tampered(&blta))?;

    // pdfsig: valid, trusted, and whole-document for B-B and B-T.
    for file in ["bb.pdf", "bt.pdf", "bb-modern.pdf"] {
        let out = pdfsig(dir, file)?;
        assert!(out.contains("Signature is Valid."), "{file}: {out}");
        assert!(out.contains("Certificate is Trusted."), "{file}: {out}");
        assert!(out.contains("Total document signed"), "{file}: {out}");
        assert!(out.contains("名古屋市長"), "{file}: {out}");
    }
    // Later revisions (DSS, document timestamp) leave the signature valid.
    for file in ["blt.pdf", "blta.pdf"] {
        let out = pdfsig(dir, file)?;
        assert!(out.contains("Signature is Valid."), "{file}: {out}");
        assert!(out.contains("Certificate is Trusted."), "{file}: {out}");
    }
    let out = pdfsig(dir, "blta.pdf")?;
    assert!(
        out.contains("ETSI.RFC3161") || out.contains("DocumentTimestamp"),
        "{out}"
    );
    for file in ["bb-changed.pdf", "blta-changed.pdf"] {
        let out = pdfsig(dir, file)?;
        assert!(
            !out.contains("Signature is Valid."),
            "{file} still valid: {out}"
        );
    }

    // pyHanko, trusting only the demo CA, revocation not checked.
    let plain = |file: &'static str| {
        [
            "sign",
            "validate",
            "--trust",
            "ca.pem",
            "--trust-replace",
            "--no-revocation-check",
            file,
        ]
    };
    let (ok, out) = pyhanko(dir, &plain("bb.pdf"))?;
    assert!(
        ok && out.contains("INTACT:TRUSTED,UNTOUCHED"),
        "bb.pdf: {out}"
    );
    let (ok, out) = pyhanko(dir, &plain("bt.pdf"))?;
    assert!(
        ok && out.contains("TIMESTAMP_TOKEN<INTACT:TRUSTED>"),
        "bt.pdf: {out}"
    );
    for file in ["blt.pdf", "blta.pdf"] {
        let (ok, out) = pyhanko(dir, &plain(file))?;
        assert!(ok && out.contains("INTACT:TRUSTED"), "{file}: {out}");
    }
    for file in ["bb-changed.pdf", "blta-changed.pdf"] {
        let (ok, out) = pyhanko(dir, &plain(file))?;
        assert!(!ok, "{file} passed pyHanko: {out}");
    }

    // pyHanko's AdES validation with revocation checks on: it must find the
    // CRLs in the DSS (the CRL URL in the certificates leads nowhere).
    let ades = |file: &'static str| {
        [
            "sign",
            "adesverify",
            "--trust",
            "ca.pem",
            "--trust-replace",
            file,
        ]
    };
    let (ok, out) = pyhanko(dir, &ades("bt.pdf"))?;
    assert!(!ok, "B-T has no revocation data, yet passed: {out}");
    for file in ["blt.pdf", "blta.pdf"] {
        let (ok, out) = pyhanko(dir, &ades(file))?;
        assert!(
            ok && out.contains("INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>"),
            "{file}: {out}"
        );
    }
    let (ok, out) = pyhanko(dir, &ades("blta-changed.pdf"))?;
    assert!(!ok, "a changed B-LTA passed: {out}");

    // The signer revoked an hour before signing, the CRL saying so in the DSS.
    let serial = pki
        .signer_certificate
        .tbs_certificate
        .serial_number
        .as_bytes()
        .to_vec();
    let revoked_crl = pki.issue_crl(
        &[serial],
        time::OffsetDateTime::now_utc() - time::Duration::hours(1),
    )?;
    let revoked = add_validation_data(&bt, &certs, &[revoked_crl], &[])?;
    std::fs::write(dir.join("blt-revoked.pdf"), &revoked)?;
    let (ok, out) = pyhanko(dir, &ades("blt-revoked.pdf"))?;
    assert!(
        !ok && out.contains("REVOKED"),
        "a revoked signer passed: {out}"
    );
    Ok(())
}
