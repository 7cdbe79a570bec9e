//! Checking a CMS SignedData: the message digest, the signature over the
//! signed attributes, and which certificate signed.

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::{Decode, Encode, Tagged};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::cms_build::SigningCertificateV2;
use crate::oids;

/// The largest CMS blob accepted (a signature with a few certificates and a
/// timestamp token is some kilobytes).
pub(crate) const MAX_CMS: usize = 1024 * 1024;

/// A SignedData from a DER ContentInfo, if that is what it is.
pub(crate) fn parse_signed_data(der: &[u8]) -> Option<SignedData> {
    if der.len() > MAX_CMS {
        return None;
    }
    // Padding after the DER (a PDF's /Contents is zero-filled) is not part of it.
    let ci = ContentInfo::from_der(der_prefix(der)?).ok()?;
    if ci.content_type != oids::ID_SIGNED_DATA {
        return None;
    }
    SignedData::from_der(&ci.content.to_der().ok()?).ok()
}

/// The bytes of the first DER element in `bytes` (its header says how long it is).
pub(crate) fn der_prefix(bytes: &[u8]) -> Option<&[u8]> {
    let mut reader = der::SliceReader::new(bytes).ok()?;
    let header = der::Header::decode(&mut reader).ok()?;
    let header_len = usize::try_from(header.encoded_len().ok()?).ok()?;
    let body_len = usize::try_from(header.length).ok()?;
    bytes.get(..header_len.checked_add(body_len)?)
}

/// The certificates carried in a SignedData.
pub(crate) fn certificates(sd: &SignedData) -> Vec<Certificate> {
    sd.certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    CertificateChoices::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What checking the first SignerInfo found.
pub(crate) struct Checked {
    /// The digest matched and the signature verified with `signer`'s key.
    pub intact: bool,
    pub signer: Option<Certificate>,
    pub certificates: Vec<Certificate>,
}

fn find_signer<'a>(sid: &SignerIdentifier, certs: &'a [Certificate]) -> Option<&'a Certificate> {
    certs.iter().find(|c| match sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            c.tbs_certificate.issuer == isn.issuer
                && c.tbs_certificate.serial_number == isn.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            subject_key_identifier(c).is_some_and(|id| id == ski.0.as_bytes())
        }
    })
}

pub(crate) fn subject_key_identifier(cert: &Certificate) -> Option<Vec<u8>> {
    use x509_cert::ext::pkix::SubjectKeyIdentifier;
    let oid = der::oid::ObjectIdentifier::new_unwrap("2.5.29.14");
    let ext = cert
        .tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == oid)?;
    let ski = SubjectKeyIdentifier::from_der(ext.extn_value.as_bytes()).ok()?;
    Some(ski.0.as_bytes().to_vec())
}

/// Checks the first SignerInfo of `sd` against `content_digest` (SHA-256 of
/// the signed content: the PDF's byte ranges, or the eContent).
pub(crate) fn check(sd: &SignedData, content_digest: &[u8]) -> Checked {
    let certs = certificates(sd);
    let Some(si) = sd.signer_infos.0.iter().next() else {
        return Checked {
            intact: false,
            signer: None,
            certificates: certs,
        };
    };
    let signer = find_signer(&si.sid, &certs).cloned();
    let intact = signer
        .as_ref()
        .is_some_and(|cert| signer_info_ok(sd, si, cert, content_digest));
    Checked {
        intact,
        signer,
        certificates: certs,
    }
}

fn signer_info_ok(
    sd: &SignedData,
    si: &SignerInfo,
    cert: &Certificate,
    content_digest: &[u8],
) -> bool {
    if si.digest_alg.oid != oids::ID_SHA256 {
        return false;
    }
    let Some(attrs) = &si.signed_attrs else {
        return false;
    };
    let mut digest_ok = false;
    let mut type_ok = false;
    let mut cert_ok = true;
    for attr in attrs.iter() {
        let Some(value) = attr.values.iter().next() else {
            return false;
        };
        if attr.oid == oids::ID_MESSAGE_DIGEST {
            digest_ok = value.value() == content_digest && value.tag() == der::Tag::OctetString;
        } else if attr.oid == oids::ID_CONTENT_TYPE {
            type_ok = value.decode_as::<der::oid::ObjectIdentifier>().ok()
                == Some(sd.encap_content_info.econtent_type);
        } else if attr.oid == oids::ID_AA_SIGNING_CERTIFICATE_V2 {
            // The attribute binds the signature to this certificate: a
            // different certificate named there means a substituted one.
            let hash: Option<[u8; 32]> = cert.to_der().ok().map(|d| Sha256::digest(d).into());
            cert_ok = value
                .to_der()
                .ok()
                .and_then(|d| SigningCertificateV2::from_der(&d).ok())
                .and_then(|s| s.certs.into_iter().next())
                .is_some_and(|id| {
                    id.hash_algorithm
                        .as_ref()
                        .is_none_or(|a| a.oid == oids::ID_SHA256)
                        && Some(id.cert_hash.as_bytes()) == hash.as_ref().map(|h| h.as_slice())
                });
        }
    }
    let Ok(message) = attrs.to_der() else {
        return false;
    };
    digest_ok
        && type_ok
        && cert_ok
        && crate::crypto::verify_signature(
            cert,
            &si.signature_algorithm,
            &message,
            si.signature.as_bytes(),
        )
}
