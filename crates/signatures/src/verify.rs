//! Verifying the signatures of an uploaded PDF: the byte ranges, the CMS, the
//! chain to a trust anchor, revocation (CRLs given or embedded in the DSS),
//! timestamps, and whether anything but validation data was added after the
//! last signature. The file is untrusted: bounded in size and work, and read
//! without recursion (see `scan`).

use std::ops::Range;

use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use crate::scan::{self, Tok};
use crate::{cms_verify, crypto, oids, tsa};

/// Files larger than this are refused.
pub const MAX_PDF_SIZE: usize = 64 * 1024 * 1024;
/// Signatures beyond this many are not examined.
pub const MAX_SIGNATURES: usize = 32;
/// Certificate chains longer than this are not followed.
const MAX_CHAIN: usize = 8;
/// At most this many embedded streams are looked at for certificates and CRLs.
const MAX_STREAMS: usize = 4096;

/// Why a file could not be verified at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("this file is not a PDF")]
    NotPdf,
    #[error("this PDF has no signature")]
    NoSignature,
    #[error("this file is larger than the {} MB accepted", MAX_PDF_SIZE / 1024 / 1024)]
    TooLarge,
}

/// What is trusted: root certificates, and CRLs known besides those in the file.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    pub anchors: Vec<Certificate>,
    /// DER CertificateLists.
    pub crls: Vec<Vec<u8>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A signature (/Type /Sig).
    Signature,
    /// A document timestamp (/Type /DocTimeStamp, RFC 3161).
    DocumentTimestamp,
}

/// The findings for one signature or document timestamp.
#[derive(Debug, Clone)]
pub struct SignatureReport {
    pub kind: Kind,
    /// The signed bytes' digest is the signed one and the signature verifies
    /// with the certificate's key (for a document timestamp: the token's
    /// imprint is the digest and the token's signature verifies).
    pub intact: bool,
    /// The signed range ends at the end of a revision (%%EOF).
    pub covers_whole_revision: bool,
    /// The signed range ends at the end of the file.
    pub covers_whole_document: bool,
    /// The signer's name, readable: "名古屋市長, 名古屋市" (CN, OU, O).
    pub signer_subject: String,
    /// The signer certificate's serial number, hex.
    pub signer_serial: String,
    /// /M, the time the signer claims.
    pub claimed_time: Option<OffsetDateTime>,
    /// The time of a verified timestamp from a trusted TSA (the signature
    /// timestamp), or of the document timestamp itself (see `timestamp_trusted`).
    pub timestamp_time: Option<OffsetDateTime>,
    /// The timestamp's TSA certificate chains to a trust anchor.
    pub timestamp_trusted: bool,
    /// When the timestamp's TSA certificate expires (for archive timestamps).
    pub timestamp_certificate_expires: Option<OffsetDateTime>,
    /// The signer's certificate chains to a trust anchor, each certificate
    /// valid at the timestamp's time (or now, without one).
    pub chain_trusted: bool,
    /// A CRL (from [`Trust`] or the document's DSS) signed by the issuer lists the certificate.
    pub certificate_revoked: bool,
    /// When it was revoked, if it was.
    pub revoked_at: Option<OffsetDateTime>,
    /// "B-B", "B-T", "B-LT" or "B-LTA" for signatures; "DocTimeStamp" for document timestamps.
    pub level: &'static str,
    /// The bytes of the document as signed: `pdf[signed_revision]`.
    pub signed_revision: Range<usize>,
    /// Problems found, in words.
    pub problems: Vec<String>,
}

impl SignatureReport {
    /// Intact, covering a whole revision, trusted, and not revoked before a
    /// timestamp proves it existed.
    pub fn valid(&self) -> bool {
        let revoked_in_time = match (self.revoked_at, self.timestamp_time) {
            (Some(revoked), Some(ts)) => self.certificate_revoked && revoked <= ts,
            _ => self.certificate_revoked,
        };
        self.intact && self.covers_whole_revision && self.chain_trusted && !revoked_in_time
    }
}

/// The findings for a file.
#[derive(Debug, Clone)]
pub struct Report {
    /// In the order they were applied.
    pub signatures: Vec<SignatureReport>,
    /// Something other than validation data (DSS) was added after the last
    /// signature or document timestamp.
    pub document_modified_after_last_signature: bool,
}

impl Report {
    /// Every signature valid and nothing changed after the last one.
    pub fn valid(&self) -> bool {
        !self.signatures.is_empty()
            && self.signatures.iter().all(SignatureReport::valid)
            && !self.document_modified_after_last_signature
    }
}

/// The document as it was when `signature` was made.
pub fn signed_revision<'a>(pdf: &'a [u8], signature: &SignatureReport) -> &'a [u8] {
    pdf.get(signature.signed_revision.clone())
        .unwrap_or_default()
}

/// The certificates carried by the signatures and timestamp tokens of `pdf`
/// (signers, TSAs and the chains they include), without duplicates: what
/// [`crate::add_validation_data`] should put in the DSS, with the CAs' CRLs.
pub fn embedded_certificates(pdf: &[u8]) -> Vec<Certificate> {
    if pdf.len() > MAX_PDF_SIZE {
        return Vec::new();
    }
    let mut out: Vec<Certificate> = Vec::new();
    for f in find_signatures(pdf) {
        let Some(sd) = cms_verify::parse_signed_data(&f.contents) else {
            continue;
        };
        let mut certs = cms_verify::certificates(&sd);
        let tokens = sd
            .signer_infos
            .0
            .iter()
            .flat_map(|si| si.unsigned_attrs.iter().flat_map(|a| a.iter()))
            .filter(|a| a.oid == oids::ID_AA_SIGNATURE_TIMESTAMP_TOKEN)
            .filter_map(|a| a.values.iter().next().and_then(|v| v.to_der().ok()));
        for token in tokens {
            if let Some(t) = cms_verify::parse_signed_data(&token) {
                certs.extend(cms_verify::certificates(&t));
            }
        }
        for c in certs {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Verifies `pdf` now.
pub fn verify(pdf: &[u8], trust: &Trust) -> Result<Report, VerifyError> {
    verify_at(pdf, trust, OffsetDateTime::now_utc())
}

/// One /ByteRange found in the file.
struct Found {
    byte_range: [usize; 4],
    contents: Vec<u8>,
    kind: Kind,
    sub_filter: Vec<u8>,
    claimed_time: Option<OffsetDateTime>,
}

/// Verifies `pdf` as of `now` (the time used for certificates without a timestamp).
pub fn verify_at(pdf: &[u8], trust: &Trust, now: OffsetDateTime) -> Result<Report, VerifyError> {
    if pdf.len() > MAX_PDF_SIZE {
        return Err(VerifyError::TooLarge);
    }
    if scan::find(
        pdf.get(..1024.min(pdf.len())).unwrap_or_default(),
        b"%PDF-",
        0,
    )
    .is_none()
    {
        return Err(VerifyError::NotPdf);
    }
    let found = find_signatures(pdf);
    if found.is_empty() {
        return Err(VerifyError::NoSignature);
    }

    // Certificates and CRLs embedded in the file (the DSS keeps them as plain streams).
    let mut embedded_certs = Vec::new();
    let mut crls: Vec<CertificateList> = trust
        .crls
        .iter()
        .filter_map(|c| CertificateList::from_der(c).ok())
        .collect();
    let mut has_revocation_data = false;
    for range in scan::plain_streams(pdf, MAX_STREAMS) {
        // DER carries its own length: bytes after it (an end-of-line) are not part of it.
        let Some(data) = pdf.get(range).and_then(cms_verify::der_prefix) else {
            continue;
        };
        if data.first() != Some(&0x30) || data.len() > cms_verify::MAX_CMS {
            continue;
        }
        if let Ok(crl) = CertificateList::from_der(data) {
            crls.push(crl);
            has_revocation_data = true;
        } else if let Ok(cert) = Certificate::from_der(data) {
            embedded_certs.push(cert);
        } else if data.len() > 16 {
            // An OCSP response also counts as revocation data for the level.
            has_revocation_data |= data
                .windows(9)
                .any(|w| w == [0x06, 0x09, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30]);
        }
    }
    let dss_at = scan::rfind(pdf, b"/DSS", pdf.len());

    let mut reports: Vec<SignatureReport> = found
        .iter()
        .map(|f| check_one(pdf, f, trust, &embedded_certs, &crls, now))
        .collect();
    reports.sort_by_key(|r| r.signed_revision.end);

    // Levels: B-LT when validation data was added after the signature, B-LTA
    // when a document timestamp covers it too.
    let doc_ts_ends: Vec<usize> = reports
        .iter()
        .filter(|r| r.kind == Kind::DocumentTimestamp && r.intact && r.chain_trusted)
        .map(|r| r.signed_revision.end)
        .collect();
    for r in reports.iter_mut().filter(|r| r.kind == Kind::Signature) {
        if r.level != "B-T" {
            continue;
        }
        let dss_after = dss_at.is_some_and(|at| at >= r.signed_revision.end) && has_revocation_data;
        if dss_after {
            r.level = "B-LT";
            let dss_end = dss_at.unwrap_or(usize::MAX);
            if doc_ts_ends.iter().any(|&end| end > dss_end) {
                r.level = "B-LTA";
            }
        }
    }

    let last_end = reports
        .iter()
        .filter(|r| r.intact)
        .map(|r| r.signed_revision.end)
        .max()
        .unwrap_or(0);
    let document_modified_after_last_signature =
        last_end == 0 || !only_validation_data_after(pdf, last_end);
    Ok(Report {
        signatures: reports,
        document_modified_after_last_signature,
    })
}

/// Every /ByteRange whose gap is exactly a hex string (the /Contents), at most MAX_SIGNATURES.
fn find_signatures(pdf: &[u8]) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut from = 0;
    let mut looked = 0;
    while found.len() < MAX_SIGNATURES && looked < MAX_SIGNATURES * 8 {
        let Some(at) = scan::find(pdf, b"/ByteRange", from) else {
            break;
        };
        from = at + 10;
        looked += 1;
        let Some(br) = parse_byte_range(pdf, from) else {
            continue;
        };
        let [a, b, c, d] = br;
        let Some(end) = c.checked_add(d) else {
            continue;
        };
        if a != 0 || b >= c || c - b < 2 || end > pdf.len() || b > at && at > c {
            continue;
        }
        if pdf.get(b) != Some(&b'<')
            || pdf.get(c - 1) != Some(&b'>')
            || c - b > 4 * cms_verify::MAX_CMS
        {
            continue;
        }
        if found.iter().any(|f| f.byte_range == br) {
            continue;
        }
        let hex_digits: Vec<u8> = pdf
            .get(b + 1..c - 1)
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|x| !scan_white(*x))
            .collect();
        if hex_digits.len() > 2 * cms_verify::MAX_CMS {
            continue;
        }
        let Ok(contents) = hex::decode(&hex_digits) else {
            continue;
        };
        let (kind, sub_filter, claimed_time) = read_signature_dictionary(pdf, at, b, c);
        found.push(Found {
            byte_range: br,
            contents,
            kind,
            sub_filter,
            claimed_time,
        });
    }
    found
}

fn scan_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0c)
}

/// "[a b c d]" after `from`.
fn parse_byte_range(pdf: &[u8], from: usize) -> Option<[usize; 4]> {
    let window = pdf.get(from..(from + 128).min(pdf.len()))?;
    let open = window.iter().position(|&c| !scan_white(c))?;
    if window.get(open) != Some(&b'[') {
        return None;
    }
    let close = window.iter().position(|&c| c == b']')?;
    let inner = std::str::from_utf8(window.get(open + 1..close)?).ok()?;
    let numbers: Vec<usize> = inner
        .split_ascii_whitespace()
        .map(|n| n.parse().ok())
        .collect::<Option<_>>()?;
    numbers.try_into().ok()
}

/// /Type, /SubFilter and /M of the dictionary holding the /ByteRange at `at`
/// (the /Contents gap `gap_start..gap_end` is skipped).
fn read_signature_dictionary(
    pdf: &[u8],
    at: usize,
    gap_start: usize,
    gap_end: usize,
) -> (Kind, Vec<u8>, Option<OffsetDateTime>) {
    // The dictionary starts after "obj" shortly before /ByteRange (keys
    // before it are few) and ends at "endobj" shortly after the gap.
    let begin = scan::rfind_near(pdf, b"<<", at, 16 * 1024).unwrap_or(at);
    let begin = scan::rfind_near(pdf, b"obj", begin, 4096)
        .map(|o| o + 3)
        .unwrap_or(begin);
    let after = at.max(gap_end);
    let end = scan::find_near(pdf, b"endobj", after, 64 * 1024).unwrap_or(at);
    let mut region = Vec::new();
    if begin < gap_start && gap_start <= end {
        region.extend_from_slice(pdf.get(begin..gap_start).unwrap_or_default());
        region.extend_from_slice(b"<>");
        region.extend_from_slice(pdf.get(gap_end..end).unwrap_or_default());
    } else {
        region.extend_from_slice(pdf.get(begin..end).unwrap_or_default());
    }
    let toks = scan::tokens(&region);
    let start = toks.iter().position(|t| t.1 == Tok::DictOpen).unwrap_or(0);
    let toks = toks.get(start..).unwrap_or_default();
    let entries = scan::dict_entries(toks).unwrap_or_default();
    let name = |key: &[u8]| match scan::dict_get(toks, &entries, key) {
        Some(Tok::Name(n)) => n.clone(),
        _ => Vec::new(),
    };
    let sub_filter = name(b"SubFilter");
    let kind = if name(b"Type") == b"DocTimeStamp" || sub_filter == b"ETSI.RFC3161" {
        Kind::DocumentTimestamp
    } else {
        Kind::Signature
    };
    let claimed_time = match scan::dict_get(toks, &entries, b"M") {
        Some(Tok::Str(s)) => parse_pdf_date(&text_from_pdf(s)),
        _ => None,
    };
    (kind, sub_filter, claimed_time)
}

/// A PDF text string as Rust text (UTF-16BE with BOM, or bytes as Latin-1).
fn text_from_pdf(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xfe, 0xff]) {
        Some(rest) => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| {
                    u16::from_be_bytes([
                        c.first().copied().unwrap_or(0),
                        c.get(1).copied().unwrap_or(0),
                    ])
                })
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// D:YYYYMMDDHHmmSS+HH'mm' (later parts optional).
pub(crate) fn parse_pdf_date(s: &str) -> Option<OffsetDateTime> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let num = |r: Range<usize>, default: u32| -> Option<u32> {
        match s.get(r) {
            Some(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => t.parse().ok(),
            Some(_) => None,
            None => Some(default),
        }
    };
    let year = i32::try_from(num(0..4, 0)?).ok()?;
    let month = time::Month::try_from(u8::try_from(num(4..6, 1)?).ok()?).ok()?;
    let day = u8::try_from(num(6..8, 1)?).ok()?;
    let hour = u8::try_from(num(8..10, 0)?).ok()?;
    let minute = u8::try_from(num(10..12, 0)?).ok()?;
    let second = u8::try_from(num(12..14, 0)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let t = time::Time::from_hms(hour, minute, second).ok()?;
    let rest = s.get(14..).unwrap_or("");
    let offset = match rest.as_bytes().first() {
        Some(b'+') | Some(b'-') => {
            let sign: i8 = if rest.starts_with('-') { -1 } else { 1 };
            let digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
            let h: i8 = digits.get(0..2).and_then(|d| d.parse().ok()).unwrap_or(0);
            let m: i8 = digits.get(2..4).and_then(|d| d.parse().ok()).unwrap_or(0);
            time::UtcOffset::from_hms(sign * h, sign * m, 0).ok()?
        }
        _ => time::UtcOffset::UTC,
    };
    Some(time::PrimitiveDateTime::new(date, t).assume_offset(offset))
}

fn check_one(
    pdf: &[u8],
    f: &Found,
    trust: &Trust,
    embedded: &[Certificate],
    crls: &[CertificateList],
    now: OffsetDateTime,
) -> SignatureReport {
    let [_, b, c, d] = f.byte_range;
    let end = c + d;
    let mut h = Sha256::new();
    h.update(pdf.get(..b).unwrap_or_default());
    h.update(pdf.get(c..end).unwrap_or_default());
    let digest: [u8; 32] = h.finalize().into();
    let revision_text = pdf.get(..end).unwrap_or_default();
    let trimmed_len = revision_text.len()
        - revision_text
            .iter()
            .rev()
            .take_while(|&&x| scan_white(x))
            .count();
    let covers_whole_revision = revision_text
        .get(..trimmed_len)
        .is_some_and(|t| t.ends_with(b"%%EOF"));
    let tail = pdf.get(end..).unwrap_or_default();
    let covers_whole_document = tail.iter().all(|&x| scan_white(x));

    let mut report = SignatureReport {
        kind: f.kind,
        intact: false,
        covers_whole_revision,
        covers_whole_document,
        signer_subject: String::new(),
        signer_serial: String::new(),
        claimed_time: f.claimed_time,
        timestamp_time: None,
        timestamp_trusted: false,
        timestamp_certificate_expires: None,
        chain_trusted: false,
        certificate_revoked: false,
        revoked_at: None,
        level: if f.kind == Kind::Signature {
            "B-B"
        } else {
            "DocTimeStamp"
        },
        signed_revision: 0..end,
        problems: Vec::new(),
    };

    let signer;
    let mut pool: Vec<Certificate> = embedded.to_vec();
    match f.kind {
        Kind::DocumentTimestamp => {
            let Some(token) = tsa::read_token(&f.contents) else {
                report
                    .problems
                    .push("the document timestamp is not a readable RFC 3161 token".into());
                return report;
            };
            let imprint_ok = token.tst.message_imprint.hash_algorithm.oid == oids::ID_SHA256
                && token.tst.message_imprint.hashed_message.as_bytes() == digest;
            report.intact = token.intact && imprint_ok;
            if !imprint_ok {
                report
                    .problems
                    .push("the document timestamp is not over these bytes".into());
            }
            report.timestamp_time = token.time().filter(|_| report.intact);
            pool.extend(token.certificates.iter().cloned());
            signer = token.signer.clone();
            if let Some(cert) = &signer {
                report.timestamp_certificate_expires = Some(not_after(cert));
            }
        }
        Kind::Signature => {
            if !matches!(
                f.sub_filter.as_slice(),
                b"ETSI.CAdES.detached" | b"adbe.pkcs7.detached"
            ) {
                report.problems.push(format!(
                    "unsupported signature format {}",
                    String::from_utf8_lossy(&f.sub_filter)
                ));
            }
            let Some(sd) = cms_verify::parse_signed_data(&f.contents) else {
                report
                    .problems
                    .push("the signature is not a readable CMS SignedData".into());
                return report;
            };
            let checked = cms_verify::check(&sd, &digest);
            report.intact = checked.intact && f.problems_free();
            if !checked.intact {
                report
                    .problems
                    .push("the signed bytes or the signature do not verify".into());
            }
            pool.extend(checked.certificates.iter().cloned());
            signer = checked.signer;
            // The signature timestamp: a token over the signature value.
            if let Some(si) = sd.signer_infos.0.iter().next() {
                let token_der = si
                    .unsigned_attrs
                    .iter()
                    .flat_map(|attrs| attrs.iter())
                    .find(|a| a.oid == oids::ID_AA_SIGNATURE_TIMESTAMP_TOKEN)
                    .and_then(|a| a.values.iter().next())
                    .and_then(|v| v.to_der().ok());
                if let Some(token) = token_der.as_deref().and_then(tsa::read_token) {
                    let imprint: [u8; 32] = Sha256::digest(si.signature.as_bytes()).into();
                    if token.intact
                        && token.tst.message_imprint.hashed_message.as_bytes() == imprint
                    {
                        pool.extend(token.certificates.iter().cloned());
                        let time = token.time();
                        let trusted = token.signer.as_ref().is_some_and(|tsa_cert| {
                            chain(tsa_cert, &pool, &trust.anchors, time.unwrap_or(now)).is_some()
                        });
                        // The time of a token from an unknown TSA is only a
                        // claim: it must not vouch for the signer's certificate.
                        if trusted {
                            report.timestamp_time = time;
                            report.timestamp_trusted = true;
                            report.level = "B-T";
                            report.timestamp_certificate_expires =
                                token.signer.as_ref().map(not_after);
                        } else {
                            report.problems.push(
                                "the signature timestamp is not from a trusted authority".into(),
                            );
                        }
                    } else {
                        report
                            .problems
                            .push("the signature timestamp does not verify".into());
                    }
                }
            }
        }
    }

    let Some(signer) = signer else {
        report
            .problems
            .push("the signer's certificate is not in the signature".into());
        return report;
    };
    report.signer_subject = readable_name(&signer.tbs_certificate.subject);
    report.signer_serial = hex::encode_upper(signer.tbs_certificate.serial_number.as_bytes());
    let at = report.timestamp_time.unwrap_or(now);
    if f.kind == Kind::Signature && !may_sign_documents(&signer) {
        report
            .problems
            .push("the certificate's key usage does not allow signing documents".into());
        return report;
    }
    match chain(&signer, &pool, &trust.anchors, at) {
        Some(path) => {
            report.chain_trusted = true;
            if f.kind == Kind::DocumentTimestamp {
                report.timestamp_trusted = true;
            }
            // Revocation of each certificate below the anchor.
            for pair in path.windows(2) {
                if let [cert, issuer] = pair
                    && let Some(when) = revoked(cert, issuer, crls)
                {
                    report.certificate_revoked = true;
                    report.revoked_at = Some(
                        report
                            .revoked_at
                            .map_or(when, |w: OffsetDateTime| w.min(when)),
                    );
                }
            }
            if report.certificate_revoked {
                report
                    .problems
                    .push("a certificate of the chain is revoked".into());
            }
        }
        None => report.problems.push(
            "the certificate does not chain to a trusted root (or was not valid then)".into(),
        ),
    }
    report
}

impl Found {
    /// Signatures in formats not checked here are never called intact.
    fn problems_free(&self) -> bool {
        self.kind == Kind::DocumentTimestamp
            || matches!(
                self.sub_filter.as_slice(),
                b"ETSI.CAdES.detached" | b"adbe.pkcs7.detached"
            )
    }
}

fn not_after(cert: &Certificate) -> OffsetDateTime {
    let secs = cert
        .tbs_certificate
        .validity
        .not_after
        .to_unix_duration()
        .as_secs();
    OffsetDateTime::from_unix_timestamp(i64::try_from(secs).unwrap_or(i64::MAX))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn valid_at(cert: &Certificate, at: OffsetDateTime) -> bool {
    let v = &cert.tbs_certificate.validity;
    let Ok(t) = u64::try_from(at.unix_timestamp()) else {
        return false;
    };
    let t = std::time::Duration::from_secs(t);
    v.not_before.to_unix_duration() <= t && t <= v.not_after.to_unix_duration()
}

/// A certificate without a key usage extension, or one allowing
/// digitalSignature or nonRepudiation (contentCommitment), may sign documents.
fn may_sign_documents(cert: &Certificate) -> bool {
    use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
    let oid = der::oid::ObjectIdentifier::new_unwrap("2.5.29.15");
    let Some(ext) = cert
        .tbs_certificate
        .extensions
        .as_ref()
        .and_then(|e| e.iter().find(|x| x.extn_id == oid))
    else {
        return true;
    };
    KeyUsage::from_der(ext.extn_value.as_bytes()).is_ok_and(|ku| {
        ku.0.contains(KeyUsages::DigitalSignature) || ku.0.contains(KeyUsages::NonRepudiation)
    })
}

fn is_ca(cert: &Certificate) -> bool {
    use x509_cert::ext::pkix::BasicConstraints;
    let oid = der::oid::ObjectIdentifier::new_unwrap("2.5.29.19");
    cert.tbs_certificate
        .extensions
        .as_ref()
        .and_then(|e| e.iter().find(|x| x.extn_id == oid))
        .and_then(|x| BasicConstraints::from_der(x.extn_value.as_bytes()).ok())
        .is_some_and(|bc| bc.ca)
}

/// The path from `leaf` up to a trust anchor (leaf first, anchor last), each
/// certificate valid at `at` and signed by the next; None if there is none.
fn chain(
    leaf: &Certificate,
    pool: &[Certificate],
    anchors: &[Certificate],
    at: OffsetDateTime,
) -> Option<Vec<Certificate>> {
    let mut path = vec![leaf.clone()];
    let mut current = leaf.clone();
    for _ in 0..MAX_CHAIN {
        if !valid_at(&current, at) {
            return None;
        }
        if anchors.contains(&current) {
            return Some(path);
        }
        let issuer_name = &current.tbs_certificate.issuer;
        if let Some(anchor) = anchors.iter().find(|a| {
            &a.tbs_certificate.subject == issuer_name && crypto::certificate_signed_by(&current, a)
        }) {
            if !valid_at(anchor, at) {
                return None;
            }
            path.push(anchor.clone());
            return Some(path);
        }
        let next = pool.iter().find(|p| {
            &p.tbs_certificate.subject == issuer_name
                && *p != &current
                && is_ca(p)
                && crypto::certificate_signed_by(&current, p)
        })?;
        path.push(next.clone());
        current = next.clone();
    }
    None
}

/// When `cert` was revoked, if a CRL signed by `issuer` lists it.
fn revoked(
    cert: &Certificate,
    issuer: &Certificate,
    crls: &[CertificateList],
) -> Option<OffsetDateTime> {
    for crl in crls {
        if crl.tbs_cert_list.issuer != issuer.tbs_certificate.subject {
            continue;
        }
        let Ok(tbs) = crl.tbs_cert_list.to_der() else {
            continue;
        };
        let Some(sig) = crl.signature.as_bytes() else {
            continue;
        };
        if !crypto::verify_signature(issuer, &crl.signature_algorithm, &tbs, sig) {
            continue;
        }
        for entry in crl.tbs_cert_list.revoked_certificates.iter().flatten() {
            if entry.serial_number == cert.tbs_certificate.serial_number {
                let secs = entry.revocation_date.to_unix_duration().as_secs();
                return OffsetDateTime::from_unix_timestamp(i64::try_from(secs).unwrap_or(0)).ok();
            }
        }
    }
    None
}

/// "CN, OU, O" of a name, decoded (UTF8String, PrintableString, ...).
pub fn readable_name(name: &x509_cert::name::Name) -> String {
    let wanted = ["2.5.4.3", "2.5.4.11", "2.5.4.10"];
    let mut parts = Vec::new();
    for oid in wanted {
        let Ok(oid) = der::oid::ObjectIdentifier::new(oid) else {
            continue;
        };
        for rdn in name.0.iter() {
            for atv in rdn.0.iter() {
                if atv.oid == oid
                    && let Some(text) = any_text(&atv.value)
                {
                    parts.push(text);
                }
            }
        }
    }
    if parts.is_empty() {
        name.to_string()
    } else {
        parts.join(", ")
    }
}

fn any_text(value: &der::Any) -> Option<String> {
    if let Ok(s) = value.decode_as::<der::asn1::Utf8StringRef<'_>>() {
        return Some(s.to_string());
    }
    if let Ok(s) = value.decode_as::<der::asn1::PrintableStringRef<'_>>() {
        return Some(s.to_string());
    }
    if let Ok(s) = value.decode_as::<der::asn1::Ia5StringRef<'_>>() {
        return Some(s.to_string());
    }
    if let Ok(s) = value.decode_as::<der::asn1::BmpString>() {
        return Some(s.to_string());
    }
    None
}

/// True when everything after `from` is incremental updates that only add
/// validation data: untyped streams (DSS certificates, CRLs, OCSP
/// responses), the DSS and VRI dictionaries, xref streams, and the catalog
/// changed in no other entry than /DSS (and /Extensions).
fn only_validation_data_after(pdf: &[u8], from: usize) -> bool {
    let Some(tail) = pdf.get(from..) else {
        return false;
    };
    if tail.iter().all(|&b| scan_white(b)) {
        return true;
    }
    // Objects numbered below the signed revision's /Size already existed:
    // validation data must be new objects, or it could replace page content.
    let Some(size) = revision_size(pdf, from) else {
        return false;
    };
    let toks = scan::tokens(tail);
    let obj = Tok::Keyword(b"obj".to_vec());
    let endobj = Tok::Keyword(b"endobj".to_vec());
    let mut i = 0;
    let mut objects = 0;
    let mut catalogs = 0;
    while let Some((_, t)) = toks.get(i) {
        if *t != obj {
            i += 1;
            continue;
        }
        let (Some((_, Tok::Int(num))), Some((_, Tok::Int(generation)))) =
            (toks.get(i.wrapping_sub(2)), toks.get(i.wrapping_sub(1)))
        else {
            return false;
        };
        let Some(close) = toks
            .get(i + 1..)
            .and_then(|rest| rest.iter().position(|t| t.1 == endobj))
        else {
            return false;
        };
        let body = toks.get(i + 1..i + 1 + close).unwrap_or_default();
        // Validation data is a few objects per certificate and CRL; each
        // catalog compared costs a backward search, so their number is capped.
        objects += 1;
        if objects > 10_000
            || !allowed_object(pdf, from, size, (*num, *generation), body, &mut catalogs)
        {
            return false;
        }
        i += close + 2;
    }
    true
}

fn allowed_object(
    pdf: &[u8],
    before: usize,
    size: i64,
    (num, generation): (i64, i64),
    body: &[(usize, Tok)],
    catalogs: &mut usize,
) -> bool {
    let is_new = num >= size;
    let is_stream = body.iter().any(|t| t.1 == Tok::Keyword(b"stream".to_vec()));
    let Some(entries) = scan::dict_entries(body) else {
        // Not a dictionary (an array, a number...): nothing validation data needs.
        return false;
    };
    let get_name = |key: &[u8]| match scan::dict_get(body, &entries, key) {
        Some(Tok::Name(n)) => Some(n.clone()),
        _ => None,
    };
    let type_name = get_name(b"Type");
    if is_stream {
        return is_new && matches!(type_name.as_deref(), None | Some(b"XRef"));
    }
    match type_name.as_deref() {
        // A DSS is new, or replaces the DSS of an earlier update.
        Some(b"DSS") => {
            is_new || {
                *catalogs += 1;
                *catalogs <= 16
                    && previous_definition(pdf, before, num, generation).is_some_and(|old| {
                        let old_entries = scan::dict_entries(&old).unwrap_or_default();
                        scan::dict_get(&old, &old_entries, b"Type")
                            == Some(&Tok::Name(b"DSS".to_vec()))
                    })
            }
        }
        Some(b"Catalog") => {
            // One catalog per update; a few updates of validation data at most.
            *catalogs += 1;
            *catalogs <= 16 && catalog_unchanged(pdf, before, num, generation, body, &entries)
        }
        None if !is_new => false,
        None => {
            // A VRI dictionary (keys Cert, CRL, OCSP, TU, TS) or the VRI map (keys: hashes).
            let vri_keys = [&b"Cert"[..], b"CRL", b"OCSP", b"TU", b"TS", b"Type"];
            entries
                .iter()
                .all(|(k, _)| vri_keys.contains(&k.as_slice()))
                || entries
                    .iter()
                    .all(|(k, _)| k.len() == 64 && k.iter().all(u8::is_ascii_hexdigit))
        }
        _ => false,
    }
}

/// The `/Size` of the revision ending at `end` (its trailer or xref stream dictionary).
fn revision_size(pdf: &[u8], end: usize) -> Option<i64> {
    let at = scan::rfind_near(pdf, b"/Size", end, 64 * 1024)?;
    let toks = scan::tokens(pdf.get(at..(at + 64).min(end))?);
    match toks.get(1).map(|t| &t.1) {
        Some(Tok::Int(n)) if *n > 0 => Some(*n),
        _ => None,
    }
}

/// The tokens of the last plain-text definition of object `num generation` before `before`.
fn previous_definition(
    pdf: &[u8],
    before: usize,
    num: i64,
    generation: i64,
) -> Option<Vec<(usize, Tok)>> {
    let header = format!("{num} {generation} obj");
    let mut search_end = before;
    let old_at = loop {
        let at = scan::rfind(pdf, header.as_bytes(), search_end)?;
        // At the start of a token (not the tail of "11 0 obj").
        if at == 0 || pdf.get(at - 1).is_some_and(|&b| scan_white(b)) {
            break at;
        }
        search_end = at;
    };
    let old_end = scan::find_near(pdf, b"endobj", old_at, 1024 * 1024)?;
    Some(scan::tokens(pdf.get(old_at + header.len()..old_end)?))
}

/// The catalog `num generation` equals its previous version (the last one before
/// `before`) but for /DSS and /Extensions.
fn catalog_unchanged(
    pdf: &[u8],
    before: usize,
    num: i64,
    generation: i64,
    body: &[(usize, Tok)],
    entries: &[(Vec<u8>, Range<usize>)],
) -> bool {
    let Some(old) = previous_definition(pdf, before, num, generation) else {
        return false;
    };
    let Some(old_entries) = scan::dict_entries(&old) else {
        return false;
    };
    let strip =
        |toks: &[(usize, Tok)], es: &[(Vec<u8>, Range<usize>)]| -> Vec<(Vec<u8>, Vec<Tok>)> {
            let mut v: Vec<(Vec<u8>, Vec<Tok>)> = es
                .iter()
                .filter(|(k, _)| k != b"DSS" && k != b"Extensions")
                .map(|(k, r)| {
                    (
                        k.clone(),
                        toks.get(r.clone())
                            .unwrap_or_default()
                            .iter()
                            .map(|t| t.1.clone())
                            .collect(),
                    )
                })
                .collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
    strip(body, entries) == strip(&old, &old_entries)
}

/// True when the latest verified timestamp in `pdf` (signature or document
/// timestamp) has a TSA certificate that expires within `margin` of `now`, or
/// when a signed document has no timestamp at all: time for a new document
/// timestamp (B-LTA). False for files that cannot be verified.
pub fn archive_timestamp_due(
    pdf: &[u8],
    trust: &Trust,
    now: OffsetDateTime,
    margin: Duration,
) -> bool {
    let Ok(report) = verify_at(pdf, trust, now) else {
        return false;
    };
    let latest = report
        .signatures
        .iter()
        .filter(|s| s.timestamp_trusted)
        .filter_map(|s| Some((s.timestamp_time?, s.timestamp_certificate_expires?)))
        .max_by_key(|(time, _)| *time);
    match latest {
        Some((_, expires)) => expires - now <= margin,
        None => true,
    }
}
