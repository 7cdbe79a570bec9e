//! The demo PKI: what its certificates say, its CRL, and its files.

use der::{Decode, Encode};
use signatures::{Algorithm, DemoPki};
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages};

fn extension<'a>(
    cert: &'a x509_cert::Certificate,
    oid: &str,
) -> Option<&'a x509_cert::ext::Extension> {
    let oid = der::oid::ObjectIdentifier::new(oid).ok()?;
    cert.tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == oid)
}

#[test]
fn certificates_are_shaped_like_lgpki_organisation_ca() -> Result<(), Box<dyn std::error::Error>> {
    let pki = DemoPki::generate_with("名古屋市", "名古屋市長", Algorithm::P256)?;
    let ca = &pki.ca_certificate;
    let subject = ca.tbs_certificate.subject.to_string();
    assert!(
        subject.contains("CN=Demo LGPKI Application CA (Organization)"),
        "{subject}"
    );
    assert!(
        subject.contains("O=名古屋市") && subject.contains("C=JP"),
        "{subject}"
    );
    let bc = BasicConstraints::from_der(
        extension(ca, "2.5.29.19")
            .ok_or("no basicConstraints")?
            .extn_value
            .as_bytes(),
    )?;
    assert!(bc.ca);
    let ku = KeyUsage::from_der(
        extension(ca, "2.5.29.15")
            .ok_or("no keyUsage")?
            .extn_value
            .as_bytes(),
    )?;
    assert!(ku.0.contains(KeyUsages::KeyCertSign) && ku.0.contains(KeyUsages::CRLSign));

    let signer = &pki.signer_certificate;
    let subject = signer.tbs_certificate.subject.to_string();
    assert!(
        subject.contains("CN=名古屋市長") && subject.contains("O=名古屋市"),
        "{subject}"
    );
    assert_eq!(signer.tbs_certificate.issuer, ca.tbs_certificate.subject);
    let ku = KeyUsage::from_der(
        extension(signer, "2.5.29.15")
            .ok_or("no keyUsage")?
            .extn_value
            .as_bytes(),
    )?;
    assert!(ku.0.contains(KeyUsages::DigitalSignature) && ku.0.contains(KeyUsages::NonRepudiation));
    assert!(!ku.0.contains(KeyUsages::KeyCertSign));
    let crldp = extension(signer, "2.5.29.31").ok_or("no CRL distribution point")?;
    assert!(String::from_utf8_lossy(crldp.extn_value.as_bytes()).contains("ca.crl"));

    let tsa = &pki.tsa_certificate;
    let eku_ext = extension(tsa, "2.5.29.37").ok_or("no extendedKeyUsage")?;
    assert!(eku_ext.critical, "RFC 3161 wants the TSA's EKU critical");
    let eku = ExtendedKeyUsage::from_der(eku_ext.extn_value.as_bytes())?;
    assert_eq!(
        eku.0,
        vec![der::oid::ObjectIdentifier::new("1.3.6.1.5.5.7.3.8")?]
    );
    Ok(())
}

#[test]
fn revoking_lists_the_serial_in_a_new_crl_and_files_round_trip()
-> Result<(), Box<dyn std::error::Error>> {
    let mut pki = DemoPki::generate_with("名古屋市", "名古屋市長", Algorithm::P256)?;
    let crl = CertificateList::from_der(&pki.crl)?;
    assert_eq!(
        crl.tbs_cert_list.issuer,
        pki.ca_certificate.tbs_certificate.subject
    );
    assert!(
        crl.tbs_cert_list
            .revoked_certificates
            .unwrap_or_default()
            .is_empty()
    );

    let serial = pki
        .signer_certificate
        .tbs_certificate
        .serial_number
        .as_bytes()
        .to_vec();
    pki.revoke(&serial)?;
    let crl = CertificateList::from_der(&pki.crl)?;
    let revoked: Vec<Vec<u8>> = crl
        .tbs_cert_list
        .revoked_certificates
        .unwrap_or_default()
        .iter()
        .map(|r| r.serial_number.as_bytes().to_vec())
        .collect();
    assert_eq!(revoked, vec![serial.clone()]);

    let dir = tempfile::tempdir()?;
    pki.write(dir.path())?;
    use std::os::unix::fs::PermissionsExt;
    for name in ["ca.key", "signer.key", "tsa.key"] {
        let mode = std::fs::metadata(dir.path().join(name))?
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{name}");
    }
    let read = DemoPki::read(dir.path())?;
    assert_eq!(
        read.signer_certificate.to_der()?,
        pki.signer_certificate.to_der()?
    );
    assert_eq!(read.crl, pki.crl);
    assert_eq!(read.algorithm, Algorithm::P256);
    // The read PKI can still issue CRLs and its signer still signs.
    let creds = read.signer_credentials()?;
    creds.check()?;
    Ok(())
}

#[test]
fn rsa_pki_like_lgpki() -> Result<(), Box<dyn std::error::Error>> {
    let pki = DemoPki::generate("名古屋市")?;
    assert_eq!(pki.algorithm, Algorithm::Rsa2048);
    assert_eq!(
        pki.signer_certificate
            .tbs_certificate
            .signature
            .oid
            .to_string(),
        "1.2.840.113549.1.1.11",
        "sha256WithRSAEncryption"
    );
    assert!(
        pki.signer_certificate
            .tbs_certificate
            .subject
            .to_string()
            .contains("CN=名古屋市長")
    );
    pki.signer_credentials()?.check()?;
    Ok(())
}

#[test]
fn pkcs12_round_trip_gives_working_credentials() -> Result<(), Box<dyn std::error::Error>> {
    let pki = DemoPki::generate("名古屋市")?;
    let p12 = pki.signer_pkcs12("秘密のパスワード")?;
    let creds = signatures::Credentials::from_pkcs12(&p12, "秘密のパスワード")?;
    assert_eq!(
        creds.certificate.to_der()?,
        pki.signer_certificate.to_der()?
    );
    assert_eq!(creds.chain.len(), 1);
    creds.check()?;
    assert!(signatures::Credentials::from_pkcs12(&p12, "wrong").is_err());
    assert!(signatures::Credentials::from_pkcs12(b"not a pkcs12 file", "x").is_err());
    Ok(())
}

#[test]
fn credentials_from_the_written_pem_files_sign_verifiably() -> Result<(), Box<dyn std::error::Error>>
{
    let pki = DemoPki::generate_with("名古屋市", "名古屋市長", Algorithm::P256)?;
    let dir = tempfile::tempdir()?;
    pki.write(dir.path())?;
    let creds = signatures::Credentials::from_pem_files(
        &dir.path().join("signer.pem"),
        &dir.path().join("signer.key"),
        &dir.path().join("ca.pem"),
    )?;
    creds.check()?;
    assert_eq!(creds.chain, vec![pki.ca_certificate.clone()]);
    // A key that is not the certificate's is refused by check().
    let wrong = signatures::Credentials::from_pem(
        &std::fs::read_to_string(dir.path().join("signer.pem"))?,
        &std::fs::read_to_string(dir.path().join("tsa.key"))?,
        "",
    )?;
    assert!(wrong.check().is_err());
    Ok(())
}
