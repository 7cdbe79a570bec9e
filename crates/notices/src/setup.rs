//! Getting notices ready at start: the font, the signing credentials and
//! the timestamp authority from configuration — or, for the demo and tests,
//! a demo PKI shaped like LGPKI's organisation CA kept in the data directory
//! and a local RFC 3161 authority on a loopback port.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use signatures::verify::Trust;

use crate::pdf::NoticeFont;
use crate::signing::{self, Level, Signing, SigningConfig};

/// Where the demo's certificates come from when none is configured.
#[derive(Debug, Clone)]
pub struct DemoPki {
    pub dir: PathBuf,
    /// RSA-2048 as LGPKI (the demo); P-256 for tests, which make many.
    pub algorithm: signatures::Algorithm,
}

/// What the platform holds for notices.
pub struct Ready {
    pub font: Option<NoticeFont>,
    pub signing: Option<Signing>,
    pub trust: Trust,
}

/// The city's name as the demo certificates carry it.
pub const DEMO_CITY: &str = "名古屋市";

/// The demo PKI in `dir`, made on first use.
pub fn demo_pki(
    dir: &Path,
    algorithm: signatures::Algorithm,
) -> anyhow::Result<signatures::DemoPki> {
    if dir.join("ca.pem").exists() {
        return Ok(signatures::DemoPki::read(dir)?);
    }
    let pki = signatures::DemoPki::generate_with(DEMO_CITY, &format!("{DEMO_CITY}長"), algorithm)?;
    pki.write(dir)?;
    Ok(pki)
}

/// Starts the demo's timestamp authority on a loopback port; its address.
async fn start_demo_tsa(pki: &signatures::DemoPki) -> anyhow::Result<String> {
    let authority = Arc::new(pki.tsa_authority()?);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, signatures::tsa::router(authority)).await {
            tracing::error!("the demo timestamp authority stopped: {error}");
        }
    });
    Ok(format!("http://{address}/"))
}

pub async fn prepare(config: &SigningConfig, demo: Option<&DemoPki>) -> anyhow::Result<Ready> {
    let font = match NoticeFont::find(config.font.as_deref()) {
        Ok(font) => Some(font),
        Err(error) => {
            tracing::warn!("notices cannot be issued: {error:#}");
            None
        }
    };
    let mut trust = Trust::default();
    for path in &config.trust {
        trust.anchors.extend(signing::certificates_pem(path)?);
    }
    for path in &config.crls {
        trust.crls.push(signing::crl_der(path)?);
    }
    let configured = Signing::from_config(config)?;
    let signing = match (configured, demo) {
        (Some(signing), _) => {
            if trust.anchors.is_empty() {
                // The root of the signer's own chain.
                trust
                    .anchors
                    .extend(signing.credentials.chain.last().cloned());
            }
            Some(signing)
        }
        (None, Some(demo)) => {
            let pki = demo_pki(&demo.dir, demo.algorithm)?;
            let tsa_url = start_demo_tsa(&pki).await?;
            trust.anchors.push(pki.ca_certificate.clone());
            trust.crls.push(pki.crl.clone());
            let credentials = pki.signer_credentials()?;
            Some(Signing {
                signer_name: signing::subject_name(&credentials.certificate),
                validation_certificates: vec![
                    pki.ca_certificate.clone(),
                    pki.tsa_certificate.clone(),
                ],
                crls: vec![pki.crl.clone()],
                credentials,
                level: Level::BLT,
                tsa: Some(signatures::TsaClient::new(tsa_url)),
            })
        }
        (None, None) => {
            tracing::warn!(
                "notices cannot be issued: no signing certificate configured (see docs/notices.md)"
            );
            None
        }
    };
    Ok(Ready {
        font,
        signing,
        trust,
    })
}
