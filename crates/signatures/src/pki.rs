//! A demo PKI shaped like LGPKI's organisation CA (組織認証局): a root CA, a
//! signing certificate for an official role (職責証明書), a timestamp
//! authority's certificate and the CA's CRL.

use std::path::Path;
use std::sync::Arc;

use der::{Decode, DecodePem, Encode};
use rand_core::{OsRng, RngCore};
use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, CrlDistributionPoint,
    CustomExtension, DistinguishedName, DnType, DnValue, IsCa, Issuer, KeyIdMethod, KeyPair,
    KeyUsagePurpose, RevocationReason, RevokedCertParams, SerialNumber,
};
use time::{Duration, OffsetDateTime};
use x509_cert::Certificate;

use crate::error::{Error, Result};
use crate::key::{Algorithm, Credentials, SoftwareSigner};

/// Where the demo certificates say their CRL is. A loopback address: a
/// verifier that tries it fails at once instead of reaching out.
pub const DEMO_CRL_URL: &str = "http://127.0.0.1:9/demo-lgpki/ca.crl";

/// The demo PKI: certificates, their PKCS#8 private keys and the CA's CRL (DER).
pub struct DemoPki {
    pub algorithm: Algorithm,
    pub ca_certificate: Certificate,
    pub signer_certificate: Certificate,
    pub tsa_certificate: Certificate,
    /// The CA's current CRL, DER.
    pub crl: Vec<u8>,
    ca_key: Vec<u8>,
    signer_key: Vec<u8>,
    tsa_key: Vec<u8>,
    revoked: Vec<Vec<u8>>,
}

impl std::fmt::Debug for DemoPki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoPki")
            .field("algorithm", &self.algorithm)
            .field(
                "ca",
                &self.ca_certificate.tbs_certificate.subject.to_string(),
            )
            .field(
                "signer",
                &self.signer_certificate.tbs_certificate.subject.to_string(),
            )
            .finish_non_exhaustive()
    }
}

impl DemoPki {
    /// RSA-2048 / SHA-256 like LGPKI; the signer's role is the head of `org`
    /// (名古屋市 → 名古屋市長).
    pub fn generate(org: &str) -> Result<Self> {
        Self::generate_with(org, &format!("{org}長"), Algorithm::Rsa2048)
    }

    /// A PKI for `org` whose signing certificate is for `role`, with keys of `algorithm`.
    pub fn generate_with(org: &str, role: &str, algorithm: Algorithm) -> Result<Self> {
        let now = OffsetDateTime::now_utc();
        let ca_key = new_key(algorithm)?;
        let signer_key = new_key(algorithm)?;
        let tsa_key = new_key(algorithm)?;
        let ca_pair = rcgen_key(&ca_key, algorithm)?;

        let mut ca = CertificateParams::default();
        ca.distinguished_name = dn(&[
            (
                DnType::CountryName,
                DnValue::PrintableString("JP".try_into()?),
            ),
            (DnType::OrganizationName, DnValue::Utf8String(org.into())),
            (
                DnType::CommonName,
                DnValue::Utf8String("Demo LGPKI Application CA (Organization)".into()),
            ),
        ]);
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca.not_before = now - Duration::days(1);
        ca.not_after = now + Duration::days(365 * 10);
        ca.serial_number = Some(random_serial());
        ca.key_identifier_method = KeyIdMethod::Sha256;
        let ca_cert = ca.self_signed(&ca_pair)?;
        let issuer = Issuer::new(ca, &ca_pair);

        let mut signer = leaf(now, 365 * 3);
        signer.distinguished_name = dn(&[
            (
                DnType::CountryName,
                DnValue::PrintableString("JP".try_into()?),
            ),
            (DnType::OrganizationName, DnValue::Utf8String(org.into())),
            (DnType::CommonName, DnValue::Utf8String(role.into())),
        ]);
        signer.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::ContentCommitment,
        ];
        let signer_cert = signer.signed_by(&rcgen_key(&signer_key, algorithm)?, &issuer)?;

        let mut tsa = leaf(now, 365 * 5);
        tsa.distinguished_name = dn(&[
            (
                DnType::CountryName,
                DnValue::PrintableString("JP".try_into()?),
            ),
            (DnType::OrganizationName, DnValue::Utf8String(org.into())),
            (
                DnType::CommonName,
                DnValue::Utf8String("Demo Time-Stamping Authority".into()),
            ),
        ]);
        tsa.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::ContentCommitment,
        ];
        // RFC 3161 §2.3: the TSA certificate's only extended key usage is
        // id-kp-timeStamping, and the extension is critical (rcgen writes EKU
        // non-critical, hence a custom extension).
        let eku = x509_cert::ext::pkix::ExtendedKeyUsage(vec![crate::oids::ID_KP_TIME_STAMPING]);
        let mut ext = CustomExtension::from_oid_content(&[2, 5, 29, 37], eku.to_der()?);
        ext.set_criticality(true);
        tsa.custom_extensions.push(ext);
        let tsa_cert = tsa.signed_by(&rcgen_key(&tsa_key, algorithm)?, &issuer)?;

        let mut pki = DemoPki {
            algorithm,
            ca_certificate: Certificate::from_der(ca_cert.der())?,
            signer_certificate: Certificate::from_der(signer_cert.der())?,
            tsa_certificate: Certificate::from_der(tsa_cert.der())?,
            crl: Vec::new(),
            ca_key,
            signer_key,
            tsa_key,
            revoked: Vec::new(),
        };
        pki.crl = pki.issue_crl(&[], now)?;
        Ok(pki)
    }

    /// A CRL signed by the CA listing `revoked_serials` (big-endian serial
    /// bytes, as in the certificate), issued at `this_update`, next update a week later.
    pub fn issue_crl(
        &self,
        revoked_serials: &[Vec<u8>],
        this_update: OffsetDateTime,
    ) -> Result<Vec<u8>> {
        let ca_pair = rcgen_key(&self.ca_key, self.algorithm)?;
        let issuer = Issuer::from_ca_cert_der(&self.ca_certificate.to_der()?.into(), &ca_pair)?;
        let params = CertificateRevocationListParams {
            this_update,
            next_update: this_update + Duration::days(7),
            crl_number: SerialNumber::from_slice(&this_update.unix_timestamp().to_be_bytes()),
            issuing_distribution_point: None,
            revoked_certs: revoked_serials
                .iter()
                .map(|serial| RevokedCertParams {
                    serial_number: SerialNumber::from_slice(serial),
                    revocation_time: this_update,
                    reason_code: Some(RevocationReason::KeyCompromise),
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: KeyIdMethod::Sha256,
        };
        Ok(params.signed_by(&issuer)?.der().to_vec())
    }

    /// Revokes the certificate with this serial: the PKI's CRL is issued again listing it.
    pub fn revoke(&mut self, serial: &[u8]) -> Result<()> {
        if !self.revoked.iter().any(|s| s == serial) {
            self.revoked.push(serial.to_vec());
        }
        self.crl = self.issue_crl(&self.revoked, OffsetDateTime::now_utc())?;
        Ok(())
    }

    /// The signing certificate's credentials (chain: the CA).
    pub fn signer_credentials(&self) -> Result<Credentials> {
        Ok(Credentials::new(
            Arc::new(SoftwareSigner::from_pkcs8_der(&self.signer_key)?),
            self.signer_certificate.clone(),
            vec![self.ca_certificate.clone()],
        ))
    }

    /// The signing certificate's private key, PKCS#8 DER (to import into a token).
    pub fn signer_key_pkcs8(&self) -> &[u8] {
        &self.signer_key
    }

    /// The signer's key and certificates (signer, CA) as a PKCS#12 file
    /// protected by `password` (AES-256, PBKDF2; readable by current tools).
    pub fn signer_pkcs12(&self, password: &str) -> Result<Vec<u8>> {
        use p12_keystore::{
            Certificate as P12Cert, KeyStore, KeyStoreEntry, PrivateKey, PrivateKeyChain,
        };
        let p12 = |e: p12_keystore::error::Error| Error::Pkcs12(e.to_string());
        let certs = [&self.signer_certificate, &self.ca_certificate]
            .iter()
            .map(|c| P12Cert::from_der(&c.to_der()?).map_err(p12))
            .collect::<Result<Vec<_>>>()?;
        let key = PrivateKey::from_der(&self.signer_key).map_err(p12)?;
        let mut id = [0u8; 20];
        OsRng.fill_bytes(&mut id);
        let mut store = KeyStore::new();
        store.add_entry(
            "signer",
            KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(id.to_vec(), key, certs)),
        );
        store.writer(password).write().map_err(p12)
    }

    /// A timestamp authority with the TSA certificate and key.
    pub fn tsa_authority(&self) -> Result<crate::tsa::Authority> {
        Ok(crate::tsa::Authority::new(
            self.tsa_certificate.clone(),
            Arc::new(SoftwareSigner::from_pkcs8_der(&self.tsa_key)?),
            vec![self.ca_certificate.clone()],
            crate::oids::DEMO_TSA_POLICY,
        ))
    }

    /// Writes ca.pem, ca.key, ca.crl (DER), signer.pem, signer.key, tsa.pem and
    /// tsa.key into `dir`; the key files are readable by the owner only.
    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir)?;
        write_file(
            &dir.join("ca.pem"),
            cert_pem(&self.ca_certificate)?.as_bytes(),
            false,
        )?;
        write_file(
            &dir.join("signer.pem"),
            cert_pem(&self.signer_certificate)?.as_bytes(),
            false,
        )?;
        write_file(
            &dir.join("tsa.pem"),
            cert_pem(&self.tsa_certificate)?.as_bytes(),
            false,
        )?;
        write_file(&dir.join("ca.crl"), &self.crl, false)?;
        write_file(&dir.join("ca.key"), key_pem(&self.ca_key)?.as_bytes(), true)?;
        write_file(
            &dir.join("signer.key"),
            key_pem(&self.signer_key)?.as_bytes(),
            true,
        )?;
        write_file(
            &dir.join("tsa.key"),
            key_pem(&self.tsa_key)?.as_bytes(),
            true,
        )?;
        Ok(())
    }

    /// Reads what [`DemoPki::write`] wrote.
    pub fn read(dir: &Path) -> Result<Self> {
        let cert = |name: &str| -> Result<Certificate> {
            Ok(Certificate::from_pem(std::fs::read(dir.join(name))?)?)
        };
        let key = |name: &str| -> Result<Vec<u8>> {
            let (label, der) = crate::key::pem_decode(&std::fs::read_to_string(dir.join(name))?)?;
            if label != "PRIVATE KEY" {
                return Err(Error::Key(format!(
                    "{name}: expected a PKCS#8 PRIVATE KEY, found {label}"
                )));
            }
            Ok(der)
        };
        let ca_key = key("ca.key")?;
        let algorithm = crate::key::Signer::algorithm(&SoftwareSigner::from_pkcs8_der(&ca_key)?);
        let crl = std::fs::read(dir.join("ca.crl"))?;
        let parsed = x509_cert::crl::CertificateList::from_der(&crl)?;
        let revoked = parsed
            .tbs_cert_list
            .revoked_certificates
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.serial_number.as_bytes().to_vec())
            .collect();
        Ok(DemoPki {
            algorithm,
            ca_certificate: cert("ca.pem")?,
            signer_certificate: cert("signer.pem")?,
            tsa_certificate: cert("tsa.pem")?,
            crl,
            ca_key,
            signer_key: key("signer.key")?,
            tsa_key: key("tsa.key")?,
            revoked,
        })
    }
}

fn leaf(now: OffsetDateTime, days: i64) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.is_ca = IsCa::ExplicitNoCa;
    p.not_before = now - Duration::days(1);
    p.not_after = now + Duration::days(days);
    p.serial_number = Some(random_serial());
    p.use_authority_key_identifier_extension = true;
    p.crl_distribution_points = vec![CrlDistributionPoint {
        uris: vec![DEMO_CRL_URL.to_string()],
    }];
    p
}

fn dn(parts: &[(DnType, DnValue)]) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    for (t, v) in parts {
        dn.push(t.clone(), v.clone());
    }
    dn
}

fn random_serial() -> SerialNumber {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    // Positive and without a leading zero octet: a DER INTEGER of exactly 16 bytes.
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    SerialNumber::from_slice(&bytes)
}

/// A new private key, PKCS#8 DER.
fn new_key(algorithm: Algorithm) -> Result<Vec<u8>> {
    use pkcs8::EncodePrivateKey;
    let doc = match algorithm {
        Algorithm::Rsa2048 => rsa::RsaPrivateKey::new(&mut OsRng, 2048)
            .map_err(|e| Error::Key(e.to_string()))?
            .to_pkcs8_der(),
        Algorithm::P256 => p256::SecretKey::random(&mut OsRng).to_pkcs8_der(),
    }
    .map_err(|e| Error::Key(e.to_string()))?;
    Ok(doc.as_bytes().to_vec())
}

fn rcgen_key(pkcs8: &[u8], algorithm: Algorithm) -> Result<KeyPair> {
    let alg = match algorithm {
        Algorithm::Rsa2048 => &rcgen::PKCS_RSA_SHA256,
        Algorithm::P256 => &rcgen::PKCS_ECDSA_P256_SHA256,
    };
    Ok(KeyPair::from_pkcs8_der_and_sign_algo(&pkcs8.into(), alg)?)
}

pub(crate) fn cert_pem(cert: &Certificate) -> Result<String> {
    use der::EncodePem;
    Ok(cert.to_pem(der::pem::LineEnding::LF)?)
}

fn key_pem(pkcs8: &[u8]) -> Result<String> {
    der::pem::encode_string("PRIVATE KEY", der::pem::LineEnding::LF, pkcs8)
        .map_err(|e| Error::Key(e.to_string()))
}

fn write_file(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    if private {
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    if private {
        // An existing file keeps its mode on open; make sure it is private.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    Ok(())
}
