//! PAdES baseline signatures: B-B and B-T signatures, validation data
//! (B-LT) and document timestamps (B-LTA), each an incremental update.

use lopdf::{Dictionary, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_cert::Certificate;

use crate::error::{Error, Result};
use crate::key::Credentials;
use crate::pdf::{Update, pdf_date, text_string};
use crate::tsa::TsaClient;
use crate::{cms_build, oids};

/// What the signature dictionary says besides the signature itself.
#[derive(Debug, Clone)]
pub struct SignOptions {
    /// /Reason, e.g. "通知書の発行".
    pub reason: Option<String>,
    /// /Location, e.g. "名古屋市".
    pub location: Option<String>,
    /// /ContactInfo.
    pub contact_info: Option<String>,
    /// /Name: the signer's name as shown by viewers.
    pub name: Option<String>,
    /// /M: the claimed signing time (PAdES has no signing-time attribute in the CMS).
    pub signing_time: OffsetDateTime,
    /// Bytes reserved for the CMS (written as twice as many hex digits).
    pub contents_reserve: usize,
}

/// Room for a CMS with an RSA signature, three certificates and a timestamp token.
pub const DEFAULT_CONTENTS_RESERVE: usize = 24 * 1024;

impl Default for SignOptions {
    fn default() -> Self {
        Self {
            reason: None,
            location: None,
            contact_info: None,
            name: None,
            signing_time: OffsetDateTime::now_utc(),
            contents_reserve: DEFAULT_CONTENTS_RESERVE,
        }
    }
}

/// The largest reserve accepted (a /Contents of 2 MB of hex).
const MAX_RESERVE: usize = 1024 * 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Signature,
    DocTimeStamp,
}

/// The updated file with a zero-filled /Contents and its /ByteRange set.
struct Prepared {
    bytes: Vec<u8>,
    /// Offset of the '<' of /Contents.
    start: usize,
    /// Offset after its '>'.
    end: usize,
}

impl Prepared {
    /// SHA-256 over the byte ranges: everything but the /Contents string.
    fn digest(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.bytes.get(..self.start).unwrap_or_default());
        h.update(self.bytes.get(self.end..).unwrap_or_default());
        h.finalize().into()
    }

    fn fill(mut self, cms: &[u8]) -> Result<Vec<u8>> {
        let reserved = (self.end - self.start - 2) / 2;
        if cms.len() > reserved {
            return Err(Error::ContentsTooSmall {
                needed: cms.len(),
                reserved,
            });
        }
        let hex = hex::encode_upper(cms);
        let slot = self
            .bytes
            .get_mut(self.start + 1..self.start + 1 + hex.len())
            .ok_or_else(|| Error::Pdf("contents slot out of range".into()))?;
        slot.copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

const BYTE_RANGE_PLACEHOLDER: &str = "[0 0000000000 0000000000 0000000000]";

/// Appends an update with an invisible signature field on the first page,
/// the catalog's /AcroForm (/SigFlags 3) naming it, and a signature
/// dictionary with `entries` and a /Contents of `reserve` zero bytes.
fn prepare(pdf: &[u8], kind: Kind, entries: Dictionary, reserve: usize) -> Result<Prepared> {
    if reserve == 0 || reserve > MAX_RESERVE {
        return Err(Error::Pdf(format!(
            "contents_reserve must be 1..={MAX_RESERVE}"
        )));
    }
    let mut up = Update::new(pdf)?;
    let root = up.root_id()?;
    let mut catalog = up.dictionary(root)?;
    let page_id = up.first_page()?;
    let mut page = up.dictionary(page_id)?;
    let sig_id = up.new_id();
    let field_id = up.new_id();

    // The form: an indirect /AcroForm is replaced, an inline one (or none) goes into the catalog.
    let (acro_id, mut acro) = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(id)) => (Some(*id), up.dictionary(*id)?),
        Ok(Object::Dictionary(d)) => (None, d.clone()),
        _ => (None, Dictionary::new()),
    };
    let field_count = add_to_array(&mut up, &mut acro, b"Fields", field_id)?;
    acro.set("SigFlags", Object::Integer(3));
    match acro_id {
        Some(id) => up.put(id, &Object::Dictionary(acro)),
        None => {
            catalog.set("AcroForm", Object::Dictionary(acro));
            up.put(root, &Object::Dictionary(catalog));
        }
    }
    add_to_array(&mut up, &mut page, b"Annots", field_id)?;
    up.put(page_id, &Object::Dictionary(page));

    let name = match kind {
        Kind::Signature => format!("Signature{field_count}"),
        Kind::DocTimeStamp => format!("DocumentTimestamp{field_count}"),
    };
    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", text_string(&name));
    field.set("V", Object::Reference(sig_id));
    field.set(
        "Rect",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(0),
            Object::Integer(0),
            Object::Integer(0),
        ]),
    );
    // Print + Locked: invisible, printed as nothing, not movable.
    field.set("F", Object::Integer(132));
    field.set("P", Object::Reference(page_id));
    up.put(field_id, &Object::Dictionary(field));

    let (type_name, sub_filter) = match kind {
        Kind::Signature => ("Sig", "ETSI.CAdES.detached"),
        Kind::DocTimeStamp => ("DocTimeStamp", "ETSI.RFC3161"),
    };
    let mut body = format!(
        "<< /Type /{type_name} /Filter /Adobe.PPKLite /SubFilter /{sub_filter} /ByteRange {BYTE_RANGE_PLACEHOLDER} /Contents <"
    )
    .into_bytes();
    let byte_range_rel = body.len() - " /Contents <".len() - BYTE_RANGE_PLACEHOLDER.len();
    let contents_rel = body.len() - 1;
    body.resize(body.len() + 2 * reserve, b'0');
    body.push(b'>');
    for (key, value) in entries.iter() {
        body.push(b' ');
        crate::pdf::write_object(&Object::Name(key.clone()), &mut body);
        body.push(b' ');
        crate::pdf::write_object(value, &mut body);
    }
    body.extend_from_slice(b" >>");
    up.put_raw(sig_id, body);

    let (mut bytes, offsets) = up.finish()?;
    let sig_at = *offsets
        .get(&sig_id.0)
        .ok_or_else(|| Error::Pdf("the signature object was not written".into()))?;
    let start = sig_at + contents_rel;
    let end = start + 2 * reserve + 2;
    let byte_range = format!("[0 {start:<10} {end:<10} {:<10}]", bytes.len() - end);
    if byte_range.len() != BYTE_RANGE_PLACEHOLDER.len() {
        return Err(Error::Pdf("the document is too large to sign".into()));
    }
    let at = sig_at + byte_range_rel;
    bytes
        .get_mut(at..at + byte_range.len())
        .ok_or_else(|| Error::Pdf("byte range out of place".into()))?
        .copy_from_slice(byte_range.as_bytes());
    Ok(Prepared { bytes, start, end })
}

/// Adds a reference to `id` to the array `key` of `dict` (inline or indirect;
/// an indirect one is replaced in the update). Answers the array's new length.
fn add_to_array(
    up: &mut Update<'_>,
    dict: &mut Dictionary,
    key: &[u8],
    id: ObjectId,
) -> Result<usize> {
    match dict.get(key) {
        Ok(Object::Reference(array_id)) => {
            let array_id = *array_id;
            let reference = Object::Reference(array_id);
            let (_, array) = up.resolve(&reference)?;
            let mut items = array
                .as_array()
                .map_err(|e| Error::Pdf(e.to_string()))?
                .clone();
            items.push(Object::Reference(id));
            let len = items.len();
            up.put(array_id, &Object::Array(items));
            Ok(len)
        }
        Ok(Object::Array(items)) => {
            let mut items = items.clone();
            items.push(Object::Reference(id));
            let len = items.len();
            dict.set(key.to_vec(), Object::Array(items));
            Ok(len)
        }
        _ => {
            dict.set(key.to_vec(), Object::Array(vec![Object::Reference(id)]));
            Ok(1)
        }
    }
}

fn signature_entries(options: &SignOptions) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("M", text_string(&pdf_date(options.signing_time)));
    for (key, value) in [
        ("Name", &options.name),
        ("Reason", &options.reason),
        ("Location", &options.location),
        ("ContactInfo", &options.contact_info),
    ] {
        if let Some(v) = value {
            d.set(key, text_string(v));
        }
    }
    d
}

fn signed_data(
    digest: &[u8; 32],
    credentials: &Credentials,
) -> Result<cms::signed_data::SignedData> {
    cms_build::signed_data(
        oids::ID_DATA,
        None,
        digest,
        credentials.signer.as_ref(),
        &credentials.certificate,
        &credentials.chain,
    )
}

/// Signs `pdf` (PAdES B-B): an incremental update with an invisible signature
/// field and a detached CMS (content-type, message-digest, signing-certificate-v2).
pub fn sign(pdf: &[u8], credentials: &Credentials, options: &SignOptions) -> Result<Vec<u8>> {
    let prepared = prepare(
        pdf,
        Kind::Signature,
        signature_entries(options),
        options.contents_reserve,
    )?;
    let sd = signed_data(&prepared.digest(), credentials)?;
    prepared.fill(&cms_build::content_info_der(&sd)?)
}

/// Signs `pdf` with a signature timestamp from `tsa` (PAdES B-T).
pub async fn sign_with_timestamp(
    pdf: &[u8],
    credentials: &Credentials,
    options: &SignOptions,
    tsa: &TsaClient,
) -> Result<Vec<u8>> {
    let prepared = prepare(
        pdf,
        Kind::Signature,
        signature_entries(options),
        options.contents_reserve,
    )?;
    let mut sd = signed_data(&prepared.digest(), credentials)?;
    let signature =
        cms_build::first_signature(&sd).ok_or_else(|| Error::Pdf("no signature value".into()))?;
    let imprint: [u8; 32] = Sha256::digest(signature).into();
    let token = tsa.timestamp(&imprint).await?;
    cms_build::add_signature_timestamp(&mut sd, &token)?;
    prepared.fill(&cms_build::content_info_der(&sd)?)
}

/// Adds validation data (PAdES B-LT): the catalog's /DSS with /Certs, /CRLs
/// and /OCSPs streams (DER), merged with a DSS already there.
pub fn add_validation_data(
    pdf: &[u8],
    certificates: &[Certificate],
    crls: &[Vec<u8>],
    ocsps: &[Vec<u8>],
) -> Result<Vec<u8>> {
    use der::Encode;
    let mut up = Update::new(pdf)?;
    let root = up.root_id()?;
    let mut catalog = up.dictionary(root)?;
    let (dss_id, mut dss) = match catalog.get(b"DSS") {
        Ok(Object::Reference(id)) => (*id, up.dictionary(*id)?),
        Ok(Object::Dictionary(d)) => {
            let d = d.clone();
            (up.new_id(), d)
        }
        _ => (up.new_id(), Dictionary::new()),
    };
    dss.set("Type", Object::Name(b"DSS".to_vec()));
    let certs: Vec<Vec<u8>> = certificates
        .iter()
        .map(|c| c.to_der())
        .collect::<std::result::Result<_, _>>()?;
    for (key, items) in [
        (&b"Certs"[..], &certs[..]),
        (b"CRLs", crls),
        (b"OCSPs", ocsps),
    ] {
        if items.is_empty() {
            continue;
        }
        let mut array = match dss.get(key) {
            Ok(existing) => up
                .resolve(existing)?
                .1
                .as_array()
                .map_err(|e| Error::Pdf(e.to_string()))?
                .clone(),
            Err(_) => Vec::new(),
        };
        for item in items {
            let id = up.new_id();
            up.put(
                id,
                &Object::Stream(Stream::new(Dictionary::new(), item.clone())),
            );
            array.push(Object::Reference(id));
        }
        dss.set(key.to_vec(), Object::Array(array));
    }
    up.put(dss_id, &Object::Dictionary(dss));
    catalog.set("DSS", Object::Reference(dss_id));
    up.put(root, &Object::Dictionary(catalog));
    Ok(up.finish()?.0)
}

/// Adds a document timestamp (PAdES B-LTA): a /DocTimeStamp signature whose
/// /Contents is an RFC 3161 token over the byte ranges.
pub async fn add_document_timestamp(pdf: &[u8], tsa: &TsaClient) -> Result<Vec<u8>> {
    let prepared = prepare(pdf, Kind::DocTimeStamp, Dictionary::new(), 16 * 1024)?;
    let token = tsa.timestamp(&prepared.digest()).await?;
    prepared.fill(&token)
}
