//! Public verification: anyone holding a notice uploads the PDF, or types
//! its number and check code, and is told whether it is valid (who signed,
//! when, for which procedure — no personal data), altered, signed by
//! someone the city does not know, or revoked.

use serde::Serialize;
use signatures::verify::{Report, Trust, VerifyError};

use crate::content;
use crate::store::{self, NoticeRow};

/// Largest upload the verification page reads.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// The answer, as the page and the API give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Verdict {
    /// Signed by the city, unchanged, and not revoked.
    Valid(Facts),
    /// The bytes differ from what was signed.
    Altered,
    /// Intact, but not signed with a certificate the city trusts (or not a
    /// notice the city issued).
    UnknownSigner,
    /// The section revoked the notice, or the signing certificate was revoked.
    Revoked(Revocation),
    /// No notice has this number and check code.
    NotFound,
}

/// What a valid notice's check says: nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Facts {
    pub number: String,
    pub kind: String,
    pub procedure: String,
    /// The signer as the certificate names it.
    pub signer: String,
    /// When it was issued (stored time, UTC).
    pub issued_at: String,
    /// PAdES level.
    pub level: String,
    /// A timestamp authority's time, when the PDF was checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Revocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
    /// The corrected notice that replaces it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// The signing certificate itself was revoked.
    pub certificate: bool,
}

impl Verdict {
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::Valid(_) => "valid",
            Verdict::Altered => "altered",
            Verdict::UnknownSigner => "unknown_signer",
            Verdict::Revoked(_) => "revoked",
            Verdict::NotFound => "not_found",
        }
    }
}

fn facts_of(notice: &NoticeRow, timestamp: Option<String>) -> Facts {
    Facts {
        number: notice.number.clone(),
        kind: notice.kind.clone(),
        procedure: notice.procedure_name.clone(),
        signer: notice.signer.clone(),
        issued_at: notice.issued_at.clone(),
        level: notice.level.clone(),
        timestamp,
    }
}

fn revoked(notice: &NoticeRow) -> Option<Verdict> {
    notice.revoked_at.as_ref().map(|at| {
        Verdict::Revoked(Revocation {
            number: Some(notice.number.clone()),
            revoked_at: Some(at.clone()),
            replaced_by: notice.replaced_by.clone(),
            certificate: false,
        })
    })
}

/// The notice number a PDF carries in its metadata (`notice:N-R8-000123`),
/// read from the bytes the signature covers.
pub fn number_in(signed: &[u8]) -> Option<String> {
    let marker = b"notice:N-";
    let start = signed.windows(marker.len()).position(|w| w == marker)? + "notice:".len();
    let tail = signed.get(start..)?;
    let end = tail
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
        .unwrap_or(tail.len())
        .min(32);
    std::str::from_utf8(tail.get(..end)?)
        .ok()
        .map(str::to_owned)
}

/// The verdict on a checked file, before the register is asked: `Err` with
/// the verdict when the file alone settles it, `Ok` with the number to look
/// up otherwise.
pub fn judge(pdf: &[u8], report: &Report) -> Result<(String, Option<String>), Box<Verdict>> {
    let intact = report.signatures.iter().all(|s| s.intact)
        && !report.document_modified_after_last_signature;
    if !intact {
        return Err(Box::new(Verdict::Altered));
    }
    let Some(first) = report
        .signatures
        .iter()
        .find(|s| s.kind == signatures::verify::Kind::Signature)
    else {
        return Err(Box::new(Verdict::UnknownSigner));
    };
    if !first.chain_trusted {
        return Err(Box::new(Verdict::UnknownSigner));
    }
    if !first.valid() {
        // Intact and trusted, yet not valid: its certificate was revoked.
        return Err(Box::new(Verdict::Revoked(Revocation {
            number: None,
            revoked_at: first.revoked_at.and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            }),
            replaced_by: None,
            certificate: true,
        })));
    }
    let signed = signatures::verify::signed_revision(pdf, first);
    let number = number_in(signed).ok_or_else(|| Box::new(Verdict::UnknownSigner))?;
    let timestamp = first.timestamp_time.and_then(|t| {
        t.format(&time::format_description::well_known::Rfc3339)
            .ok()
    });
    Ok((number, timestamp))
}

/// Why an upload cannot be checked at all, for the resident.
pub fn refusal(error: &VerifyError) -> (&'static str, &'static str) {
    match error {
        VerifyError::NotPdf => (
            "PDF ファイルではありません。市から届いた通知書の PDF を選んでください。",
            "This is not a PDF file. Choose the notice PDF the city sent you.",
        ),
        VerifyError::NoSignature => (
            "この PDF には電子署名がありません。市が発行した通知書ではないか、署名のない写しです。",
            "This PDF has no electronic signature: it is not a notice issued by the city, or a copy without its signature.",
        ),
        VerifyError::TooLarge => (
            "ファイルが大きすぎます（10 MB まで）。",
            "The file is too large (up to 10 MB).",
        ),
    }
}

/// Checks an uploaded PDF; `Err` when it cannot be checked at all.
pub async fn check_pdf(
    db: &kernel::Db,
    trust: &Trust,
    pdf: &[u8],
) -> anyhow::Result<Result<Verdict, VerifyError>> {
    if pdf.len() > MAX_UPLOAD_BYTES {
        return Ok(Err(VerifyError::TooLarge));
    }
    let report = {
        let pdf = pdf.to_vec();
        let trust = trust.clone();
        tokio::task::spawn_blocking(move || signatures::verify::verify(&pdf, &trust)).await?
    };
    let report = match report {
        Ok(report) => report,
        Err(error) => return Ok(Err(error)),
    };
    let (number, timestamp) = match judge(pdf, &report) {
        Ok(found) => found,
        Err(verdict) => return Ok(Ok(*verdict)),
    };
    let Some(notice) = store::by_number(db, &number).await? else {
        return Ok(Ok(Verdict::UnknownSigner));
    };
    Ok(Ok(revoked(&notice).unwrap_or_else(|| {
        Verdict::Valid(facts_of(&notice, timestamp))
    })))
}

/// Checks a number and check code as typed.
pub async fn check_code(db: &kernel::Db, number: &str, code: &str) -> anyhow::Result<Verdict> {
    let number = content::normalize_number(number);
    let code = content::normalize_code(code);
    let Some(notice) = store::by_number(db, &number).await? else {
        return Ok(Verdict::NotFound);
    };
    if notice.code_hash != content::code_hash(&notice.number, &code) {
        return Ok(Verdict::NotFound);
    }
    Ok(revoked(&notice).unwrap_or_else(|| Verdict::Valid(facts_of(&notice, None))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_is_read_from_the_metadata() {
        assert_eq!(
            number_in(b"<< /Keywords (notice:N-R8-000123) >>").as_deref(),
            Some("N-R8-000123")
        );
        assert_eq!(number_in(b"no number here"), None);
        assert_eq!(
            number_in(b"notice:N-R8-0001\x00").as_deref(),
            Some("N-R8-0001")
        );
    }
}
