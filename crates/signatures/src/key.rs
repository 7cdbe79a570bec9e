//! Signing keys and the credentials (key + certificate + chain) a signature is made with.

use std::path::Path;
use std::sync::{Arc, Mutex};

use der::{Decode, DecodePem};
use pkcs8::DecodePrivateKey;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

use crate::error::{Error, Result};
use crate::oids;

/// The key algorithms the crate signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// RSA-2048, PKCS#1 v1.5 with SHA-256, as LGPKI uses.
    Rsa2048,
    /// ECDSA P-256 with SHA-256: much faster to generate, for tests.
    P256,
}

impl Algorithm {
    /// The CMS signatureAlgorithm for signatures made with this key.
    pub(crate) fn signature_algorithm(self) -> AlgorithmIdentifierOwned {
        match self {
            Algorithm::Rsa2048 => AlgorithmIdentifierOwned {
                oid: oids::SHA256_WITH_RSA,
                parameters: Some(der::asn1::Null.into()),
            },
            Algorithm::P256 => AlgorithmIdentifierOwned {
                oid: oids::ECDSA_WITH_SHA256,
                parameters: None,
            },
        }
    }
}

/// Something that signs with a private key: a key in memory or one in a token.
pub trait Signer: Send + Sync {
    fn algorithm(&self) -> Algorithm;
    /// Signs `message` (the DER of the signed attributes) with SHA-256: an RSA
    /// PKCS#1 v1.5 signature, or a DER-encoded ECDSA signature.
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>>;
}

/// A private key held in memory.
pub struct SoftwareSigner {
    key: SoftwareKey,
}

enum SoftwareKey {
    // ring's RSA: constant-time, in assembly (a 2048-bit signature takes a
    // fraction of the time the rsa crate takes), so notices are signed at
    // the rate the SPEC asks and without the rsa crate's timing leak.
    Rsa(Box<ring::signature::RsaKeyPair>),
    P256(p256::ecdsa::SigningKey),
}

impl SoftwareSigner {
    /// Reads a PKCS#8 private key (RSA or P-256) from DER.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        let info = pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| Error::Key(e.to_string()))?;
        if info.algorithm.oid == oids::RSA_ENCRYPTION {
            let key = ring::signature::RsaKeyPair::from_pkcs8(der)
                .map_err(|e| Error::Key(format!("the RSA key cannot be used: {e}")))?;
            Ok(Self {
                key: SoftwareKey::Rsa(Box::new(key)),
            })
        } else if info.algorithm.oid == oids::ID_EC_PUBLIC_KEY {
            let key =
                p256::SecretKey::from_pkcs8_der(der).map_err(|e| Error::Key(e.to_string()))?;
            Ok(Self {
                key: SoftwareKey::P256(key.into()),
            })
        } else {
            Err(Error::Key(format!(
                "unsupported key algorithm {}",
                info.algorithm.oid
            )))
        }
    }

    /// Reads a private key from PEM: PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY").
    pub fn from_pem(pem: &str) -> Result<Self> {
        let (label, der) = pem_decode(pem)?;
        match label.as_str() {
            "PRIVATE KEY" => Self::from_pkcs8_der(&der),
            "RSA PRIVATE KEY" => {
                let key = ring::signature::RsaKeyPair::from_der(&der)
                    .map_err(|e| Error::Key(format!("the RSA key cannot be used: {e}")))?;
                Ok(Self {
                    key: SoftwareKey::Rsa(Box::new(key)),
                })
            }
            other => Err(Error::Key(format!("unsupported PEM block {other:?}"))),
        }
    }
}

impl Signer for SoftwareSigner {
    fn algorithm(&self) -> Algorithm {
        match self.key {
            SoftwareKey::Rsa(_) => Algorithm::Rsa2048,
            SoftwareKey::P256(_) => Algorithm::P256,
        }
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        use rsa::signature::Signer as _;
        match &self.key {
            SoftwareKey::Rsa(key) => {
                let mut sig = vec![0; key.public().modulus_len()];
                key.sign(
                    &ring::signature::RSA_PKCS1_SHA256,
                    &ring::rand::SystemRandom::new(),
                    message,
                    &mut sig,
                )
                .map_err(|e| Error::Key(format!("RSA signing failed: {e}")))?;
                Ok(sig)
            }
            SoftwareKey::P256(key) => {
                // RFC 6979 nonces; p256's arithmetic is constant-time.
                let sig: p256::ecdsa::Signature = key
                    .try_sign(message)
                    .map_err(|e| Error::Key(e.to_string()))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}

/// A private key inside a PKCS#11 token: it is used there and never read out.
pub struct Pkcs11Signer {
    // The context must outlive the session; kept here for that.
    _context: cryptoki::context::Pkcs11,
    session: Mutex<cryptoki::session::Session>,
    key: cryptoki::object::ObjectHandle,
    algorithm: Algorithm,
}

impl Pkcs11Signer {
    /// Opens the token labelled `token_label` in the PKCS#11 module at
    /// `module_path`, logs in with `pin` and finds the private key labelled
    /// `key_label`. Also returns the certificates stored on the token: the one
    /// labelled like the key first, then the others.
    pub fn open(
        module_path: &Path,
        token_label: &str,
        pin: &str,
        key_label: &str,
    ) -> Result<(Self, Vec<Certificate>)> {
        use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
        use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass};
        use cryptoki::session::UserType;
        use cryptoki::types::AuthPin;

        let context = Pkcs11::new(module_path)?;
        context.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))?;
        let mut slot = None;
        for s in context.get_slots_with_token()? {
            if context.get_token_info(s)?.label().trim_end() == token_label {
                slot = Some(s);
                break;
            }
        }
        let slot =
            slot.ok_or_else(|| Error::Pkcs11(format!("no token labelled {token_label:?}")))?;
        let session = context.open_ro_session(slot)?;
        session.login(UserType::User, Some(&AuthPin::new(pin.into())))?;
        let keys = session.find_objects(&[
            Attribute::Class(ObjectClass::PRIVATE_KEY),
            Attribute::Label(key_label.as_bytes().to_vec()),
        ])?;
        let key = *keys
            .first()
            .ok_or_else(|| Error::Pkcs11(format!("no private key labelled {key_label:?}")))?;
        let algorithm = match session
            .get_attributes(key, &[AttributeType::KeyType])?
            .first()
        {
            Some(Attribute::KeyType(t)) if *t == KeyType::RSA => Algorithm::Rsa2048,
            Some(Attribute::KeyType(t)) if *t == KeyType::EC => Algorithm::P256,
            _ => return Err(Error::Pkcs11("the key is neither RSA nor EC".into())),
        };
        let mut certificates = Vec::new();
        for handle in session.find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])? {
            let attrs =
                session.get_attributes(handle, &[AttributeType::Label, AttributeType::Value])?;
            let mut label = Vec::new();
            let mut value = Vec::new();
            for a in attrs {
                match a {
                    Attribute::Label(l) => label = l,
                    Attribute::Value(v) => value = v,
                    _ => {}
                }
            }
            let cert = Certificate::from_der(&value)?;
            if label == key_label.as_bytes() {
                certificates.insert(0, cert);
            } else {
                certificates.push(cert);
            }
        }
        Ok((
            Self {
                _context: context,
                session: Mutex::new(session),
                key,
                algorithm,
            },
            certificates,
        ))
    }
}

impl Signer for Pkcs11Signer {
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        use cryptoki::mechanism::Mechanism;
        let session = self
            .session
            .lock()
            .map_err(|_| Error::Pkcs11("the token session was poisoned".into()))?;
        match self.algorithm {
            Algorithm::Rsa2048 => Ok(session.sign(&Mechanism::Sha256RsaPkcs, self.key, message)?),
            Algorithm::P256 => {
                // CKM_ECDSA signs a hash and answers r || s; CMS wants DER.
                let digest = Sha256::digest(message);
                let raw = session.sign(&Mechanism::Ecdsa, self.key, &digest)?;
                let sig = p256::ecdsa::Signature::from_slice(&raw)
                    .map_err(|e| Error::Pkcs11(e.to_string()))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}

/// What a signature is made with: the signer, its certificate and the
/// certificates up to (and usually including) the root.
#[derive(Clone)]
pub struct Credentials {
    pub signer: Arc<dyn Signer>,
    pub certificate: Certificate,
    pub chain: Vec<Certificate>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field(
                "subject",
                &self.certificate.tbs_certificate.subject.to_string(),
            )
            .field("chain", &self.chain.len())
            .finish_non_exhaustive()
    }
}

impl Credentials {
    pub fn new(signer: Arc<dyn Signer>, certificate: Certificate, chain: Vec<Certificate>) -> Self {
        Self {
            signer,
            certificate,
            chain,
        }
    }

    /// From PEM text: the certificate, its private key and the chain (any number of certificates).
    pub fn from_pem(cert_pem: &str, key_pem: &str, chain_pem: &str) -> Result<Self> {
        let certificate = Certificate::from_pem(cert_pem.as_bytes())?;
        let chain = if chain_pem.trim().is_empty() {
            Vec::new()
        } else {
            Certificate::load_pem_chain(chain_pem.as_bytes())?
        };
        let signer = SoftwareSigner::from_pem(key_pem)?;
        Ok(Self::new(Arc::new(signer), certificate, chain))
    }

    /// From PEM files (see [`Credentials::from_pem`]).
    pub fn from_pem_files(cert: &Path, key: &Path, chain: &Path) -> Result<Self> {
        Self::from_pem(
            &std::fs::read_to_string(cert)?,
            &std::fs::read_to_string(key)?,
            &std::fs::read_to_string(chain)?,
        )
    }

    /// From a PKCS#12 file (.p12/.pfx): its private key and certificates. The
    /// certificate whose key is the private key's is the signer's; the others
    /// are the chain.
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> Result<Self> {
        use p12_keystore::{KeyStore, Pkcs12ImportPolicy};
        // A .p12 with a signing key is some kilobytes; refuse anything absurd.
        if bytes.len() > 1024 * 1024 {
            return Err(Error::Pkcs12("the file is too large".into()));
        }
        let store = KeyStore::from_pkcs12(bytes, password, Pkcs12ImportPolicy::Relaxed)
            .map_err(|e| Error::Pkcs12(e.to_string()))?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| Error::Pkcs12("no private key in the file".into()))?;
        let signer: Arc<dyn Signer> =
            Arc::new(SoftwareSigner::from_pkcs8_der(chain.key().as_der())?);
        let mut certs = chain
            .certs()
            .iter()
            .map(|c| Certificate::from_der(c.as_der()))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        // Files differ in order: find the certificate that matches the key.
        for i in 0..certs.len() {
            let certificate = certs.remove(i);
            let candidate = Self::new(signer.clone(), certificate, Vec::new());
            if candidate.check().is_ok() {
                return Ok(Self::new(signer, candidate.certificate, certs));
            }
            certs.insert(i, candidate.certificate);
        }
        Err(Error::Pkcs12(
            "no certificate in the file matches its private key".into(),
        ))
    }

    /// A key inside a PKCS#11 token (an HSM or an IC card): the key stays there.
    /// The certificate is read from the token (the certificate object labelled
    /// like the key); the token's other certificates become the chain.
    pub fn from_pkcs11(
        module_path: &Path,
        token_label: &str,
        pin: &str,
        key_label: &str,
    ) -> Result<Self> {
        let (signer, mut certificates) =
            Pkcs11Signer::open(module_path, token_label, pin, key_label)?;
        if certificates.is_empty() {
            return Err(Error::Pkcs11(format!(
                "no certificate on the token for {key_label:?}"
            )));
        }
        let certificate = certificates.remove(0);
        Ok(Self::new(Arc::new(signer), certificate, certificates))
    }

    /// Checks that the certificate's public key is the signer's: signs a test
    /// message and verifies it with the certificate.
    pub fn check(&self) -> Result<()> {
        let message = b"madoguchi signatures: key and certificate check";
        let signature = self.signer.sign(message)?;
        if crate::crypto::verify_signature(
            &self.certificate,
            &self.signer.algorithm().signature_algorithm(),
            message,
            &signature,
        ) {
            Ok(())
        } else {
            Err(Error::Key(
                "the private key does not match the certificate".into(),
            ))
        }
    }
}

/// Decodes one PEM block, answering its label and contents.
pub(crate) fn pem_decode(pem: &str) -> Result<(String, Vec<u8>)> {
    let (label, der) =
        der::pem::decode_vec(pem.trim().as_bytes()).map_err(|e| Error::Key(e.to_string()))?;
    Ok((label.to_string(), der))
}
