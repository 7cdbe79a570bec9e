//! PDF signatures for madoguchi's notices: PAdES baseline signatures (B-B,
//! B-T, B-LT, B-LTA) made with RustCrypto crates, a demo PKI shaped like
//! Japan's LGPKI, an RFC 3161 timestamp authority, and verification.

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
