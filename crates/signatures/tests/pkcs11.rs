//! Signing with a key held in a PKCS#11 token (Debian's SoftHSM2). Runs when
//! TEST_SOFTHSM2_MODULE names the module (CI sets
//! /usr/lib/softhsm/libsofthsm2.so); fails if it is set and unusable.
//!
//! SoftHSM2 reads its configuration from SOFTHSM2_CONF when the module is
//! initialised. Setting the environment inside a running test is not
//! allowed (unsafe in this edition), so the token part runs in a child
//! process of this test binary with SOFTHSM2_CONF pointing at a temporary
//! configuration.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use signatures::{Algorithm, Credentials, DemoPki, SignOptions};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const PIN: &str = "123456";
const CHILD: &str = "MADOGUCHI_PKCS11_CHILD";

fn softhsm_util(conf: &Path, args: &[&str]) -> TestResult {
    let out = Command::new("softhsm2-util")
        .args(args)
        .env("SOFTHSM2_CONF", conf)
        .output()
        .map_err(|e| format!("softhsm2-util could not run (apt-get install softhsm2): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "softhsm2-util {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

#[test]
fn a_key_in_softhsm2_signs_and_never_leaves_the_token() -> TestResult {
    let Some(module) = std::env::var_os("TEST_SOFTHSM2_MODULE") else {
        println!(
            "skipped: set TEST_SOFTHSM2_MODULE (e.g. /usr/lib/softhsm/libsofthsm2.so) to sign with SoftHSM2"
        );
        return Ok(());
    };
    if !Path::new(&module).exists() {
        return Err(format!("TEST_SOFTHSM2_MODULE={module:?} does not exist").into());
    }
    let tmp = tempfile::tempdir()?;
    let tokens = tmp.path().join("tokens");
    std::fs::create_dir(&tokens)?;
    let conf = tmp.path().join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            tokens.display()
        ),
    )?;
    for (label, algorithm) in [("rsa", Algorithm::Rsa2048), ("p256", Algorithm::P256)] {
        let pki = DemoPki::generate_with("名古屋市", "名古屋市長", algorithm)?;
        let pki_dir = tmp.path().join(label);
        pki.write(&pki_dir)?;
        let token = format!("madoguchi-{label}");
        softhsm_util(
            &conf,
            &[
                "--init-token",
                "--free",
                "--label",
                &token,
                "--pin",
                PIN,
                "--so-pin",
                "87654321",
            ],
        )?;
        softhsm_util(
            &conf,
            &[
                "--import",
                &pki_dir.join("signer.key").to_string_lossy(),
                "--token",
                &token,
                "--label",
                "signer",
                "--id",
                "01",
                "--pin",
                PIN,
            ],
        )?;
        let out = Command::new(std::env::current_exe()?)
            .args([
                "--exact",
                "token_child",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env("SOFTHSM2_CONF", &conf)
            .env(
                CHILD,
                format!(
                    "{}|{}|{}",
                    module.to_string_lossy(),
                    token,
                    pki_dir.display()
                ),
            )
            .output()?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success() && text.contains("token child: signed"),
            "{label}: {text}"
        );
    }
    Ok(())
}

/// The token half, run only as the child of the test above.
#[test]
fn token_child() -> TestResult {
    let Ok(spec) = std::env::var(CHILD) else {
        return Ok(());
    };
    let mut parts = spec.splitn(3, '|');
    let (Some(module), Some(token), Some(dir)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("bad child spec".into());
    };
    let dir = PathBuf::from(dir);
    store_certificates(Path::new(module), token, &dir)?;

    let credentials = Credentials::from_pkcs11(Path::new(module), token, PIN, "signer")?;
    assert!(
        credentials
            .certificate
            .tbs_certificate
            .subject
            .to_string()
            .contains("名古屋市長")
    );
    assert_eq!(
        credentials.chain.len(),
        1,
        "the CA certificate from the token"
    );
    credentials.check()?;
    let pdf = common::sample_pdf();
    let signed = signatures::sign(&pdf, &credentials, &SignOptions::default())?;
    let trust = signatures::verify::Trust {
        anchors: vec![DemoPki::read(&dir)?.ca_certificate],
        crls: Vec::new(),
    };
    let report = signatures::verify::verify(&signed, &trust)?;
    let sig = report.signatures.first().ok_or("no signature found")?;
    assert!(sig.intact && sig.chain_trusted, "{report:?}");
    assert!(
        Credentials::from_pkcs11(Path::new(module), token, "000000", "signer").is_err(),
        "a wrong PIN must fail"
    );
    println!("token child: signed");
    Ok(())
}

/// Puts the signer and CA certificates on the token (softhsm2-util imports keys only).
fn store_certificates(module: &Path, token: &str, dir: &Path) -> TestResult {
    use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
    use cryptoki::object::{Attribute, CertificateType, ObjectClass};
    use cryptoki::session::UserType;
    use cryptoki::types::AuthPin;
    use der::Encode;

    let pki = DemoPki::read(dir)?;
    let context = Pkcs11::new(module)?;
    context.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))?;
    let slot = context
        .get_slots_with_token()?
        .into_iter()
        .find(|s| {
            context
                .get_token_info(*s)
                .is_ok_and(|i| i.label().trim_end() == token)
        })
        .ok_or("token not found")?;
    let session = context.open_rw_session(slot)?;
    session.login(UserType::User, Some(&AuthPin::new(PIN.into())))?;
    for (label, cert) in [
        ("signer", &pki.signer_certificate),
        ("ca", &pki.ca_certificate),
    ] {
        session.create_object(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(CertificateType::X_509),
            Attribute::Token(true),
            Attribute::Label(label.as_bytes().to_vec()),
            Attribute::Subject(cert.tbs_certificate.subject.to_der()?),
            Attribute::Value(cert.to_der()?),
        ])?;
    }
    session.logout()?;
    drop(session);
    context.finalize()?;
    Ok(())
}
