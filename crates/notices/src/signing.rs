//! How notices are signed: the city's credentials (PEM files or a PKCS#11
//! token), the PAdES level, the timestamp authority, and the validation
//! data B-LT embeds; and what the verification page trusts.

use std::path::Path;

use serde::Deserialize;
use x509_cert::Certificate;

use crate::content::Content;

/// PAdES baseline levels a notice is issued at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Level {
    #[serde(rename = "B-B")]
    BB,
    /// With a signature timestamp from the TSA.
    #[serde(rename = "B-T")]
    BT,
    /// And the chains and CRLs embedded, so the notice stays verifiable
    /// after the role certificate expires.
    #[serde(rename = "B-LT")]
    BLT,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::BB => "B-B",
            Level::BT => "B-T",
            Level::BLT => "B-LT",
        }
    }

    pub fn parse(code: &str) -> Option<Level> {
        match code {
            "B-B" => Some(Level::BB),
            "B-T" => Some(Level::BT),
            "B-LT" => Some(Level::BLT),
            _ => None,
        }
    }
}

pub use kernel::config::NoticesConfig as SigningConfig;

/// The signing side, ready.
pub struct Signing {
    pub credentials: signatures::Credentials,
    pub level: Level,
    pub tsa: Option<signatures::TsaClient>,
    /// Certificates B-LT embeds: the signer's chain and the TSA's.
    pub validation_certificates: Vec<Certificate>,
    pub crls: Vec<Vec<u8>>,
    /// The signer as the verification page names it (名古屋市長, 名古屋市).
    pub signer_name: String,
}

impl std::fmt::Debug for Signing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signing")
            .field("level", &self.level)
            .field("signer", &self.signer_name)
            .finish_non_exhaustive()
    }
}

fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
}

/// Certificates from a PEM file (one or several).
pub fn certificates_pem(path: &Path) -> anyhow::Result<Vec<Certificate>> {
    use x509_cert::der::DecodePem;
    let text = String::from_utf8(read(path)?)?;
    let mut found = Vec::new();
    for block in text.split_inclusive("-----END CERTIFICATE-----") {
        if let Some(start) = block.find("-----BEGIN CERTIFICATE-----") {
            let pem = block.get(start..).unwrap_or_default();
            found.push(Certificate::from_pem(pem.as_bytes()).map_err(|e| {
                anyhow::anyhow!(
                    "{} holds a certificate that cannot be read: {e}",
                    path.display()
                )
            })?);
        }
    }
    Ok(found)
}

/// A CRL file, DER or PEM, as DER.
pub fn crl_der(path: &Path) -> anyhow::Result<Vec<u8>> {
    let bytes = read(path)?;
    if bytes.starts_with(b"-----BEGIN") {
        let (_, der) = x509_cert::der::pem::decode_vec(&bytes)
            .map_err(|e| anyhow::anyhow!("{} is not a CRL: {e}", path.display()))?;
        Ok(der)
    } else {
        Ok(bytes)
    }
}

/// A readable name of a certificate's subject (名古屋市長, 名古屋市).
pub fn subject_name(certificate: &Certificate) -> String {
    signatures::verify::readable_name(&certificate.tbs_certificate.subject)
}

impl Signing {
    /// From configuration; `None` when no certificate is configured.
    pub fn from_config(config: &SigningConfig) -> anyhow::Result<Option<Signing>> {
        let credentials = match (&config.certificate, &config.key, &config.pkcs11_module) {
            (None, None, None) if config.pkcs12.is_some() => {
                let path = config.pkcs12.as_deref().unwrap_or(Path::new(""));
                let password = match &config.pkcs12_password_file {
                    Some(file) => String::from_utf8(read(file)?)?.trim_end().to_string(),
                    None => String::new(),
                };
                signatures::Credentials::from_pkcs12(&read(path)?, &password)?
            }
            (None, None, None) => return Ok(None),
            (Some(certificate), Some(key), None) => {
                let chain = config.chain.as_ref().ok_or_else(|| {
                    anyhow::anyhow!("notices.chain is required with notices.certificate")
                })?;
                signatures::Credentials::from_pem_files(certificate, key, chain)?
            }
            (_, None, Some(module)) => {
                let pin_env = config
                    .pkcs11_pin_env
                    .as_deref()
                    .unwrap_or("MADOGUCHI_PKCS11_PIN");
                let pin = std::env::var(pin_env).map_err(|_| {
                    anyhow::anyhow!("the token's PIN is read from {pin_env}, which is not set")
                })?;
                // The certificate and its chain are read from the token.
                signatures::Credentials::from_pkcs11(
                    module,
                    config.pkcs11_token.as_deref().unwrap_or_default(),
                    &pin,
                    config.pkcs11_key_label.as_deref().unwrap_or_default(),
                )?
            }
            _ => anyhow::bail!(
                "set notices.certificate, notices.chain and notices.key, or notices.pkcs11_module"
            ),
        };
        let tsa = config.tsa_url.as_ref().map(signatures::TsaClient::new);
        let level = match config.level.as_deref() {
            Some(code) => Level::parse(code).ok_or_else(|| {
                anyhow::anyhow!("notices.level is B-B, B-T or B-LT, not {code:?}")
            })?,
            None if tsa.is_some() => Level::BLT,
            None => Level::BB,
        };
        if level != Level::BB && tsa.is_none() {
            anyhow::bail!("notices.level {} needs notices.tsa_url", level.code());
        }
        let mut validation_certificates = credentials.chain.clone();
        if let Some(path) = &config.tsa_chain {
            validation_certificates.extend(certificates_pem(path)?);
        }
        let crls = config
            .crls
            .iter()
            .map(|p| crl_der(p))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let signer_name = subject_name(&credentials.certificate);
        Ok(Some(Signing {
            credentials,
            level,
            tsa,
            validation_certificates,
            crls,
            signer_name,
        }))
    }

    /// The same credentials and authority at another level.
    pub fn at_level(&self, level: Level) -> Signing {
        Signing {
            credentials: self.credentials.clone(),
            level,
            tsa: self.tsa.clone(),
            validation_certificates: self.validation_certificates.clone(),
            crls: self.crls.clone(),
            signer_name: self.signer_name.clone(),
        }
    }

    /// Signs an unsigned notice at the configured level.
    pub async fn sign(
        &self,
        unsigned: Vec<u8>,
        content: &Content,
        now: time::OffsetDateTime,
    ) -> anyhow::Result<Vec<u8>> {
        let options = signatures::SignOptions {
            reason: Some(format!("{} {}", content.kind, content.number)),
            location: Some(content.issuer.clone()),
            name: Some(self.signer_name.clone()),
            signing_time: now,
            ..Default::default()
        };
        let signed = match (&self.tsa, self.level) {
            (Some(tsa), Level::BT | Level::BLT) => {
                signatures::sign_with_timestamp(&unsigned, &self.credentials, &options, tsa).await?
            }
            _ => {
                let credentials = self.credentials.clone();
                tokio::task::spawn_blocking(move || {
                    signatures::sign(&unsigned, &credentials, &options)
                })
                .await
                .map_err(|e| anyhow::anyhow!("signing stopped: {e}"))??
            }
        };
        if self.level == Level::BLT {
            return Ok(signatures::add_validation_data(
                &signed,
                &self.validation_certificates,
                &self.crls,
                &[],
            )?);
        }
        Ok(signed)
    }
}
