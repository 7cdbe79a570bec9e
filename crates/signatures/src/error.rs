//! Errors of signing, the PKI and the timestamp client.

/// What went wrong while making keys, certificates, signatures or timestamps.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("key: {0}")]
    Key(String),
    #[error("certificate: {0}")]
    Certificate(String),
    #[error("ASN.1 encoding: {0}")]
    Der(#[from] der::Error),
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    #[error("PKCS#11: {0}")]
    Pkcs11(String),
    #[error("PKCS#12: {0}")]
    Pkcs12(String),
    #[error("timestamp: {0}")]
    Timestamp(String),
    #[error(
        "the signature needs {needed} bytes but only {reserved} were reserved (raise SignOptions::contents_reserve)"
    )]
    ContentsTooSmall { needed: usize, reserved: usize },
}

pub type Result<T> = std::result::Result<T, Error>;

impl From<rcgen::Error> for Error {
    fn from(e: rcgen::Error) -> Self {
        Error::Certificate(e.to_string())
    }
}

impl From<cryptoki::error::Error> for Error {
    fn from(e: cryptoki::error::Error) -> Self {
        Error::Pkcs11(e.to_string())
    }
}
