//! CMS SignedData for PAdES signatures and RFC 3161 tokens, assembled from
//! the `cms` crate's types and encoded with `der`.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{OctetString, SetOfVec};
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode, Sequence, Tag};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use crate::error::Result;
use crate::key::Signer;
use crate::oids;

/// ESS signing-certificate-v2 (RFC 5035).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
}

/// ESSCertIDv2; hashAlgorithm is omitted when it is the default, SHA-256.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct EssCertIdV2 {
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct IssuerSerial {
    pub issuer: Vec<GeneralName>,
    pub serial_number: SerialNumber,
}

pub(crate) fn sha256_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: oids::ID_SHA256,
        parameters: None,
    }
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value])?,
    })
}

/// The signing-certificate-v2 attribute naming `cert`.
fn signing_certificate_v2(cert: &Certificate) -> Result<Attribute> {
    let hash: [u8; 32] = Sha256::digest(cert.to_der()?).into();
    let value = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: OctetString::new(hash.to_vec())?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(
                    cert.tbs_certificate.issuer.clone(),
                )],
                serial_number: cert.tbs_certificate.serial_number.clone(),
            }),
        }],
    };
    attribute(
        oids::ID_AA_SIGNING_CERTIFICATE_V2,
        Any::from_der(&value.to_der()?)?,
    )
}

/// A SignedData with one SignerInfo over `digest` (the SHA-256 of the content,
/// detached when `econtent` is None), signed attributes content-type,
/// message-digest and signing-certificate-v2, and the
/// signer's certificate and `chain`. Answers the DER ContentInfo.
pub(crate) fn signed_data(
    econtent_type: ObjectIdentifier,
    econtent: Option<&[u8]>,
    digest: &[u8; 32],
    signer: &dyn Signer,
    certificate: &Certificate,
    chain: &[Certificate],
) -> Result<SignedData> {
    let attrs = vec![
        attribute(oids::ID_CONTENT_TYPE, Any::encode_from(&econtent_type)?)?,
        attribute(
            oids::ID_MESSAGE_DIGEST,
            Any::new(Tag::OctetString, digest.to_vec())?,
        )?,
        signing_certificate_v2(certificate)?,
    ];
    let signed_attrs = SetOfVec::try_from(attrs)?;
    // The signature is over the DER of the attributes as a SET OF (RFC 5652 §5.4).
    let signature = signer.sign(&signed_attrs.to_der()?)?;

    let mut certs = vec![CertificateChoices::Certificate(certificate.clone())];
    for c in chain {
        if c != certificate {
            certs.push(CertificateChoices::Certificate(c.clone()));
        }
    }
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: certificate.tbs_certificate.issuer.clone(),
            serial_number: certificate.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256_algorithm(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: signer.algorithm().signature_algorithm(),
        signature: OctetString::new(signature)?,
        unsigned_attrs: None,
    };
    Ok(SignedData {
        // RFC 5652 §5.1: version 3 when the content is not id-data.
        version: if econtent_type == oids::ID_DATA {
            CmsVersion::V1
        } else {
            CmsVersion::V3
        },
        digest_algorithms: SetOfVec::try_from(vec![sha256_algorithm()])?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type,
            econtent: match econtent {
                Some(bytes) => Some(Any::new(Tag::OctetString, bytes.to_vec())?),
                None => None,
            },
        },
        certificates: Some(cms::signed_data::CertificateSet(SetOfVec::try_from(certs)?)),
        crls: None,
        signer_infos: cms::signed_data::SignerInfos(SetOfVec::try_from(vec![signer_info])?),
    })
}

/// The DER ContentInfo wrapping `sd`.
pub(crate) fn content_info_der(sd: &SignedData) -> Result<Vec<u8>> {
    let ci = ContentInfo {
        content_type: oids::ID_SIGNED_DATA,
        content: Any::encode_from(sd)?,
    };
    Ok(ci.to_der()?)
}

/// Adds the signature-time-stamp attribute (holding `token`, a DER ContentInfo) to the
/// first SignerInfo.
pub(crate) fn add_signature_timestamp(sd: &mut SignedData, token: &[u8]) -> Result<()> {
    let attr = attribute(oids::ID_AA_SIGNATURE_TIMESTAMP_TOKEN, Any::from_der(token)?)?;
    let mut infos: Vec<SignerInfo> = sd.signer_infos.0.clone().into_vec();
    if let Some(first) = infos.first_mut() {
        let mut unsigned = first
            .unsigned_attrs
            .take()
            .map(|s| s.into_vec())
            .unwrap_or_default();
        unsigned.push(attr);
        first.unsigned_attrs = Some(SetOfVec::try_from(unsigned)?);
    }
    sd.signer_infos = cms::signed_data::SignerInfos(SetOfVec::try_from(infos)?);
    Ok(())
}

/// The signature value of the first SignerInfo.
pub(crate) fn first_signature(sd: &SignedData) -> Option<&[u8]> {
    sd.signer_infos
        .0
        .iter()
        .next()
        .map(|si| si.signature.as_bytes())
}
