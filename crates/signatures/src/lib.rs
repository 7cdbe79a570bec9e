//! PDF signatures for madoguchi's notices: PAdES baseline signatures (B-B,
//! B-T, B-LT, B-LTA) made with RustCrypto crates, a demo PKI shaped like
//! Japan's LGPKI, an RFC 3161 timestamp authority, and verification.
//!
//! Every step appends an incremental update; the bytes before it are kept
//! exactly, so earlier signatures stay valid.
//!
//! ```no_run
//! # async fn run(pdf: Vec<u8>) -> signatures::Result<()> {
//! use signatures::*;
//! let pki = DemoPki::generate("名古屋市")?; // or DemoPki::read(dir), Credentials::from_pkcs11(..)
//! let credentials = pki.signer_credentials()?;
//! let tsa = TsaClient::new("http://127.0.0.1:3180/"); // serve tsa::router(Arc::new(pki.tsa_authority()?))
//! let options = SignOptions { reason: Some("通知書の発行".into()), ..SignOptions::default() };
//! let signed = sign_with_timestamp(&pdf, &credentials, &options, &tsa).await?; // B-T
//! let certs = verify::embedded_certificates(&signed); // signer, TSA and CA
//! let with_dss = add_validation_data(&signed, &certs, &[pki.crl.clone()], &[])?; // B-LT
//! let archived = add_document_timestamp(&with_dss, &tsa).await?; // B-LTA
//!
//! let trust = Trust { anchors: vec![pki.ca_certificate.clone()], crls: vec![] };
//! let report = verify(&archived, &trust).map_err(|e| Error::Pdf(e.to_string()))?;
//! assert!(report.valid());
//! # Ok(()) }
//! ```

mod cms_build;
mod cms_verify;
mod crypto;
pub mod error;
pub mod key;
mod oids;
pub mod pades;
mod pdf;
pub mod pki;
mod scan;
pub mod tsa;
pub mod verify;

pub use error::{Error, Result};
pub use key::{Algorithm, Credentials, Signer};
pub use pades::{
    SignOptions, add_document_timestamp, add_validation_data, sign, sign_with_timestamp,
};
pub use pki::DemoPki;
pub use tsa::{Authority, TsaClient};
pub use verify::{Report, SignatureReport, Trust, VerifyError, archive_timestamp_due, verify};
