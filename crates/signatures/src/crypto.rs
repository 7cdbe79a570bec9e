//! Signature checks with the RustCrypto crates (RSA PKCS#1 v1.5 and ECDSA P-256, SHA-256).

use der::Encode;
use spki::{AlgorithmIdentifierOwned, DecodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;

use crate::oids;

/// True when `signature` over `message` verifies with the certificate's public key.
pub(crate) fn verify_signature(
    cert: &Certificate,
    algorithm: &AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> bool {
    verify_with_spki(
        &cert.tbs_certificate.subject_public_key_info,
        algorithm,
        message,
        signature,
    )
}

pub(crate) fn verify_with_spki(
    spki: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let Ok(spki_der) = spki.to_der() else {
        return false;
    };
    if algorithm.oid == oids::SHA256_WITH_RSA || algorithm.oid == oids::RSA_ENCRYPTION {
        use rsa::signature::Verifier;
        let Ok(key) = rsa::RsaPublicKey::from_public_key_der(&spki_der) else {
            return false;
        };
        let Ok(sig) = rsa::pkcs1v15::Signature::try_from(signature) else {
            return false;
        };
        rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key)
            .verify(message, &sig)
            .is_ok()
    } else if algorithm.oid == oids::ECDSA_WITH_SHA256 {
        use p256::ecdsa::signature::Verifier;
        let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der) else {
            return false;
        };
        let Ok(sig) = p256::ecdsa::Signature::from_der(signature) else {
            return false;
        };
        key.verify(message, &sig).is_ok()
    } else {
        false
    }
}

/// True when `cert` was signed by `issuer`'s key (names are checked by the caller).
pub(crate) fn certificate_signed_by(cert: &Certificate, issuer: &Certificate) -> bool {
    let Ok(tbs) = cert.tbs_certificate.to_der() else {
        return false;
    };
    let Some(sig) = cert.signature.as_bytes() else {
        return false;
    };
    verify_signature(issuer, &cert.signature_algorithm, &tbs, sig)
}
