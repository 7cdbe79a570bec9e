//! The city's signing credentials as configured: PEM files, or one PKCS#12
//! file with its password in a file; and what a bad configuration says.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use notices::{Level, Signing, SigningConfig};

#[test]
fn pem_files_and_a_pkcs12_file_both_give_the_mayors_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let pki =
        signatures::DemoPki::generate_with("名古屋市", "名古屋市長", signatures::Algorithm::P256)
            .unwrap();
    pki.write(dir.path()).unwrap();
    let pem = SigningConfig {
        certificate: Some(dir.path().join("signer.pem")),
        key: Some(dir.path().join("signer.key")),
        chain: Some(dir.path().join("ca.pem")),
        ..Default::default()
    };
    let signing = Signing::from_config(&pem).unwrap().expect("configured");
    assert_eq!(signing.level, Level::BB, "no TSA: B-B");
    assert!(
        signing.signer_name.contains("名古屋市長"),
        "{}",
        signing.signer_name
    );

    std::fs::write(
        dir.path().join("mayor.p12"),
        pki.signer_pkcs12("秘密の合言葉").unwrap(),
    )
    .unwrap();
    std::fs::write(dir.path().join("mayor.pass"), "秘密の合言葉\n").unwrap();
    let p12 = SigningConfig {
        pkcs12: Some(dir.path().join("mayor.p12")),
        pkcs12_password_file: Some(dir.path().join("mayor.pass")),
        ..Default::default()
    };
    let signing = Signing::from_config(&p12).unwrap().expect("configured");
    assert!(signing.signer_name.contains("名古屋市長"));

    std::fs::write(dir.path().join("mayor.pass"), "まちがい").unwrap();
    assert!(
        Signing::from_config(&p12).is_err(),
        "a wrong password is an error at start"
    );
    let half = SigningConfig {
        certificate: Some(dir.path().join("signer.pem")),
        ..Default::default()
    };
    assert!(
        Signing::from_config(&half).is_err(),
        "a certificate without its key"
    );
    let b_t_without_tsa = SigningConfig {
        level: Some("B-T".into()),
        ..pem
    };
    let error = Signing::from_config(&b_t_without_tsa)
        .unwrap_err()
        .to_string();
    assert!(error.contains("tsa_url"), "{error}");
    assert!(
        Signing::from_config(&SigningConfig::default())
            .unwrap()
            .is_none()
    );
}
