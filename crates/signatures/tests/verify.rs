//! The verifier: what it says about signed, changed, revoked and untrusted files.

mod common;

use signatures::verify::{Kind, Trust, signed_revision, verify_at};
use signatures::{
    Algorithm, DemoPki, SignOptions, TsaClient, VerifyError, add_document_timestamp,
    add_validation_data, archive_timestamp_due, sign, sign_with_timestamp, verify,
};
use time::{Duration, OffsetDateTime};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn pki() -> Result<DemoPki, signatures::Error> {
    DemoPki::generate_with("名古屋市", "名古屋市長", Algorithm::P256)
}

fn trust(pki: &DemoPki) -> Trust {
    Trust {
        anchors: vec![pki.ca_certificate.clone()],
        crls: Vec::new(),
    }
}

fn options() -> SignOptions {
    SignOptions {
        reason: Some("通知書の発行".into()),
        signing_time: time::macros::datetime!(2026-12-01 10:00 +09:00),
        ..SignOptions::default()
    }
}

#[test]
fn a_fresh_signature_is_valid_whole_and_names_the_role() -> TestResult {
    let pki = pki()?;
    let pdf = common::sample_pdf();
    let signed = sign(&pdf, &pki.signer_credentials()?, &options())?;
    assert!(
        signed.starts_with(&pdf),
        "the original bytes are kept as they were"
    );

    let report = verify(&signed, &trust(&pki))?;
    assert!(report.valid(), "{report:?}");
    assert!(!report.document_modified_after_last_signature);
    let [sig] = report.signatures.as_slice() else {
        return Err(format!("one signature expected: {report:?}").into());
    };
    assert_eq!(sig.kind, Kind::Signature);
    assert!(sig.intact && sig.chain_trusted && !sig.certificate_revoked);
    assert!(sig.covers_whole_document && sig.covers_whole_revision);
    assert_eq!(sig.signer_subject, "名古屋市長, 名古屋市");
    assert_eq!(
        sig.signer_serial,
        hex::encode_upper(
            pki.signer_certificate
                .tbs_certificate
                .serial_number
                .as_bytes()
        )
    );
    assert_eq!(
        sig.claimed_time,
        Some(time::macros::datetime!(2026-12-01 01:00 UTC))
    );
    assert_eq!(sig.timestamp_time, None);
    assert_eq!(sig.level, "B-B");
    assert_eq!(signed_revision(&signed, sig), signed.as_slice());
    Ok(())
}

#[test]
fn a_byte_changed_in_the_signed_range_breaks_the_signature() -> TestResult {
    let pki = pki()?;
    let signed = sign(
        &common::sample_pdf(),
        &pki.signer_credentials()?,
        &options(),
    )?;
    let at = signed
        .windows(6)
        .position(|w| w == b"Notice")
        .ok_or("text not found")?;
    let mut changed = signed.clone();
    if let Some(b) = changed.get_mut(at) {
        *b = b'M';
    }
    let report = verify(&changed, &trust(&pki))?;
    let sig = report.signatures.first().ok_or("no signature")?;
    assert!(!sig.intact, "{report:?}");
    assert!(!report.valid());
    Ok(())
}

#[test]
fn another_ca_is_not_trusted() -> TestResult {
    let signer_pki = pki()?;
    let other = pki()?;
    let signed = sign(
        &common::sample_pdf(),
        &signer_pki.signer_credentials()?,
        &options(),
    )?;
    let report = verify(&signed, &trust(&other))?;
    let sig = report.signatures.first().ok_or("no signature")?;
    assert!(sig.intact && !sig.chain_trusted, "{report:?}");
    assert!(!report.valid());
    Ok(())
}

#[test]
fn a_revoked_signer_is_reported_from_given_or_embedded_crls() -> TestResult {
    let mut pki = pki()?;
    let signed = sign(
        &common::sample_pdf(),
        &pki.signer_credentials()?,
        &options(),
    )?;
    let serial = pki
        .signer_certificate
        .tbs_certificate
        .serial_number
        .as_bytes()
        .to_vec();
    pki.revoke(&serial)?;

    let mut given = trust(&pki);
    given.crls.push(pki.crl.clone());
    let report = verify(&signed, &given)?;
    let sig = report.signatures.first().ok_or("no signature")?;
    assert!(
        sig.intact && sig.certificate_revoked && !sig.valid(),
        "{report:?}"
    );

    // The same CRL embedded in the DSS.
    let with_dss = add_validation_data(
        &signed,
        std::slice::from_ref(&pki.ca_certificate),
        std::slice::from_ref(&pki.crl),
        &[],
    )?;
    let report = verify(&with_dss, &trust(&pki))?;
    let sig = report.signatures.first().ok_or("no signature")?;
    assert!(sig.certificate_revoked, "{report:?}");
    assert!(
        !report.document_modified_after_last_signature,
        "a DSS is not a change: {report:?}"
    );
    Ok(())
}

#[test]
fn a_page_added_after_signing_is_a_modification() -> TestResult {
    let pki = pki()?;
    let signed = sign(
        &common::sample_pdf(),
        &pki.signer_credentials()?,
        &options(),
    )?;
    // Another incremental update that replaces the page's content.
    let doc = lopdf::Document::load_mem(&signed)?;
    let page = *doc.get_pages().values().next().ok_or("no page")?;
    let parent = doc.get_dictionary(page)?.get(b"Parent")?.as_reference()?;
    let size = doc.trailer.get(b"Size")?.as_i64()?;
    let root = doc.trailer.get(b"Root")?.as_reference()?;
    let prev = {
        let at = signed
            .windows(9)
            .rposition(|w| w == b"startxref")
            .ok_or("no startxref")?;
        let text = String::from_utf8_lossy(signed.get(at + 9..).unwrap_or_default()).to_string();
        text.split_whitespace()
            .next()
            .ok_or("no offset")?
            .parse::<usize>()?
    };
    let mut changed = signed.clone();
    let content_at = changed.len();
    let text = b"BT /F1 24 Tf 72 720 Td (Paid in full) Tj ET";
    changed.extend_from_slice(
        format!("{size} 0 obj\n<< /Length {} >>\nstream\n", text.len()).as_bytes(),
    );
    changed.extend_from_slice(text);
    changed.extend_from_slice(b"\nendstream\nendobj\n");
    let page_at = changed.len();
    changed.extend_from_slice(
        format!(
            "{} 0 obj\n<< /Type /Page /Parent {} 0 R /Contents {size} 0 R >>\nendobj\n",
            page.0, parent.0
        )
        .as_bytes(),
    );
    let xref_at = changed.len();
    changed.extend_from_slice(
        format!(
            "xref\n{size} 1\n{content_at:010} 00000 n\r\n{} 1\n{page_at:010} 00000 n\r\ntrailer\n<< /Size {} /Root {} 0 R /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n",
            page.0,
            size + 1,
            root.0
        )
        .as_bytes(),
    );
    assert!(changed.starts_with(&signed));

    let report = verify(&changed, &trust(&pki))?;
    let sig = report.signatures.first().ok_or("no signature")?;
    assert!(sig.intact, "the signature itself still verifies");
    assert!(!sig.covers_whole_document);
    assert!(report.document_modified_after_last_signature, "{report:?}");
    assert!(!report.valid());
    assert_eq!(
        signed_revision(&changed, sig),
        signed.as_slice(),
        "the signed revision is the original"
    );
    Ok(())
}

#[tokio::test]
async fn levels_b_t_b_lt_and_b_lta_with_archive_timestamp_due() -> TestResult {
    let pki = pki()?;
    let tsa = TsaClient::new(common::serve_tsa(pki.tsa_authority()?).await?);
    let creds = pki.signer_credentials()?;
    let bt = sign_with_timestamp(&common::sample_pdf(), &creds, &options(), &tsa).await?;
    let report = verify(&bt, &trust(&pki))?;
    let sig = report.signatures.first().ok_or("no signature")?;
    assert_eq!(sig.level, "B-T", "{report:?}");
    let ts = sig.timestamp_time.ok_or("no timestamp time")?;
    assert!((OffsetDateTime::now_utc() - ts).abs() < Duration::minutes(5));
    assert!(sig.timestamp_trusted && sig.valid());

    // The signer's and the TSA's certificates, and the CA, come from the file itself.
    let certs = signatures::verify::embedded_certificates(&bt);
    for wanted in [
        &pki.signer_certificate,
        &pki.tsa_certificate,
        &pki.ca_certificate,
    ] {
        assert!(certs.contains(wanted), "{certs:?}");
    }
    let blt = add_validation_data(&bt, &certs, std::slice::from_ref(&pki.crl), &[])?;
    let report = verify(&blt, &trust(&pki))?;
    assert_eq!(
        report.signatures.first().map(|s| s.level),
        Some("B-LT"),
        "{report:?}"
    );
    assert!(report.valid(), "{report:?}");

    let blta = add_document_timestamp(&blt, &tsa).await?;
    let report = verify(&blta, &trust(&pki))?;
    assert!(report.valid(), "{report:?}");
    let [sig, doc_ts] = report.signatures.as_slice() else {
        return Err(format!("a signature and a document timestamp expected: {report:?}").into());
    };
    assert_eq!(sig.level, "B-LTA");
    assert_eq!(doc_ts.kind, Kind::DocumentTimestamp);
    assert!(doc_ts.intact && doc_ts.timestamp_trusted && doc_ts.covers_whole_document);
    assert_eq!(
        doc_ts.signer_subject,
        "Demo Time-Stamping Authority, 名古屋市"
    );
    assert_eq!(signed_revision(&blta, sig), bt.as_slice());

    // The demo TSA certificate is good for five years.
    let now = OffsetDateTime::now_utc();
    assert!(!archive_timestamp_due(
        &blta,
        &trust(&pki),
        now,
        Duration::days(365)
    ));
    assert!(archive_timestamp_due(
        &blta,
        &trust(&pki),
        now,
        Duration::days(365 * 6)
    ));
    // A signature without any timestamp needs one.
    let bb = sign(&common::sample_pdf(), &creds, &options())?;
    assert!(archive_timestamp_due(
        &bb,
        &trust(&pki),
        now,
        Duration::days(1)
    ));

    // Verified later than the signer's certificate expires: the timestamp's
    // time is what counts, so the chain still holds.
    let later = now + Duration::days(365 * 4);
    let report = verify_at(&blta, &trust(&pki), later)?;
    assert!(
        report.signatures.first().is_some_and(|s| s.chain_trusted),
        "{report:?}"
    );
    let report = verify_at(&bb, &trust(&pki), later)?;
    assert!(
        report.signatures.first().is_some_and(|s| !s.chain_trusted),
        "{report:?}"
    );
    Ok(())
}

#[test]
fn refuses_what_is_not_a_signed_pdf() -> TestResult {
    let pki = pki()?;
    assert_eq!(
        verify(b"hello", &trust(&pki)).err(),
        Some(VerifyError::NotPdf)
    );
    assert_eq!(
        verify(&common::sample_pdf(), &trust(&pki)).err(),
        Some(VerifyError::NoSignature)
    );
    let mut huge = b"%PDF-1.7\n".to_vec();
    huge.resize(signatures::verify::MAX_PDF_SIZE + 1, b' ');
    assert_eq!(
        verify(&huge, &trust(&pki)).err(),
        Some(VerifyError::TooLarge)
    );
    Ok(())
}

#[test]
fn a_second_signature_is_reported_in_order() -> TestResult {
    let pki = pki()?;
    let creds = pki.signer_credentials()?;
    let once = sign(&common::sample_pdf(), &creds, &options())?;
    let twice = sign(&once, &creds, &options())?;
    let report = verify(&twice, &trust(&pki))?;
    assert_eq!(report.signatures.len(), 2, "{report:?}");
    assert!(report.valid(), "{report:?}");
    let first = report.signatures.first().ok_or("no signature")?;
    assert!(!first.covers_whole_document && first.covers_whole_revision);
    assert_eq!(signed_revision(&twice, first), once.as_slice());
    Ok(())
}

#[test]
fn a_pdf_with_object_and_xref_streams_signs_and_verifies() -> TestResult {
    let pki = pki()?;
    let pdf = common::sample_pdf_modern();
    let signed = sign(&pdf, &pki.signer_credentials()?, &options())?;
    assert!(signed.starts_with(&pdf));
    let with_dss = add_validation_data(
        &signed,
        std::slice::from_ref(&pki.ca_certificate),
        std::slice::from_ref(&pki.crl),
        &[],
    )?;
    let report = verify(&with_dss, &trust(&pki))?;
    assert!(report.valid(), "{report:?}");
    assert_eq!(report.signatures.len(), 1);
    Ok(())
}

#[test]
fn replacing_a_content_stream_after_signing_is_a_modification() -> TestResult {
    // An untyped stream looks like DSS data; replacing the page's existing
    // content stream with one must still count as a change.
    let pki = pki()?;
    let signed = sign(
        &common::sample_pdf(),
        &pki.signer_credentials()?,
        &options(),
    )?;
    let doc = lopdf::Document::load_mem(&signed)?;
    let page = *doc.get_pages().values().next().ok_or("no page")?;
    let content = doc.get_dictionary(page)?.get(b"Contents")?.as_reference()?;
    let size = doc.trailer.get(b"Size")?.as_i64()?;
    let root = doc.trailer.get(b"Root")?.as_reference()?;
    let prev = {
        let at = signed
            .windows(9)
            .rposition(|w| w == b"startxref")
            .ok_or("no startxref")?;
        let text = String::from_utf8_lossy(signed.get(at + 9..).unwrap_or_default()).to_string();
        text.split_whitespace()
            .next()
            .ok_or("no offset")?
            .parse::<usize>()?
    };
    let mut changed = signed.clone();
    let at = changed.len();
    let text = b"BT /F1 24 Tf 72 720 Td (Paid in full) Tj ET";
    changed.extend_from_slice(
        format!(
            "{} 0 obj\n<< /Length {} >>\nstream\n",
            content.0,
            text.len()
        )
        .as_bytes(),
    );
    changed.extend_from_slice(text);
    changed.extend_from_slice(b"\nendstream\nendobj\n");
    let xref_at = changed.len();
    changed.extend_from_slice(
        format!(
            "xref\n{} 1\n{at:010} 00000 n\r\ntrailer\n<< /Size {size} /Root {} 0 R /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n",
            content.0, root.0
        )
        .as_bytes(),
    );
    let report = verify(&changed, &trust(&pki))?;
    assert!(report.document_modified_after_last_signature, "{report:?}");
    assert!(!report.valid());
    Ok(())
}

#[tokio::test]
async fn a_timestamp_from_an_unknown_authority_vouches_for_nothing() -> TestResult {
    // The signer's own PKI is trusted; the TSA belongs to another one. The
    // token's time must not rescue a revoked certificate.
    let mut pki = pki()?;
    let stranger = DemoPki::generate_with("どこか", "どこかの長", Algorithm::P256)?;
    let tsa = TsaClient::new(common::serve_tsa(stranger.tsa_authority()?).await?);
    let bt = sign_with_timestamp(
        &common::sample_pdf(),
        &pki.signer_credentials()?,
        &options(),
        &tsa,
    )
    .await?;
    let serial = pki
        .signer_certificate
        .tbs_certificate
        .serial_number
        .as_bytes()
        .to_vec();
    pki.revoke(&serial)?;
    let mut given = trust(&pki);
    given.crls.push(pki.crl.clone());
    let report = verify(&bt, &given)?;
    let sig = report.signatures.first().ok_or("no signature")?;
    assert!(sig.intact && !sig.timestamp_trusted, "{report:?}");
    assert_eq!(sig.timestamp_time, None);
    assert_eq!(sig.level, "B-B");
    assert!(sig.certificate_revoked && !sig.valid(), "{report:?}");
    Ok(())
}

#[tokio::test]
async fn revocation_after_a_trusted_timestamp_leaves_the_signature_valid() -> TestResult {
    let pki = pki()?;
    let tsa = TsaClient::new(common::serve_tsa(pki.tsa_authority()?).await?);
    let bt = sign_with_timestamp(
        &common::sample_pdf(),
        &pki.signer_credentials()?,
        &options(),
        &tsa,
    )
    .await?;
    let serial = pki
        .signer_certificate
        .tbs_certificate
        .serial_number
        .as_bytes()
        .to_vec();
    let mut given = trust(&pki);

    // Revoked a minute after the timestamp: the signature predates it.
    let later = OffsetDateTime::now_utc() + Duration::minutes(1);
    given.crls = vec![pki.issue_crl(std::slice::from_ref(&serial), later)?];
    let report = verify(&bt, &given)?;
    let sig = report.signatures.first().ok_or("no signature")?;
    assert!(sig.certificate_revoked && sig.valid(), "{report:?}");

    // Revoked an hour before it: not valid.
    let earlier = OffsetDateTime::now_utc() - Duration::hours(1);
    given.crls = vec![pki.issue_crl(std::slice::from_ref(&serial), earlier)?];
    let report = verify(&bt, &given)?;
    let sig = report.signatures.first().ok_or("no signature")?;
    assert!(sig.certificate_revoked && !sig.valid(), "{report:?}");
    Ok(())
}

#[test]
fn a_certificate_not_meant_for_signing_documents_is_not_trusted_for_it() -> TestResult {
    // The CA's own key (keyCertSign, cRLSign only) signing a document.
    let pki = pki()?;
    let dir = tempfile::tempdir()?;
    pki.write(dir.path())?;
    let ca = signatures::Credentials::from_pem(
        &std::fs::read_to_string(dir.path().join("ca.pem"))?,
        &std::fs::read_to_string(dir.path().join("ca.key"))?,
        "",
    )?;
    let signed = sign(&common::sample_pdf(), &ca, &options())?;
    let report = verify(&signed, &trust(&pki))?;
    let sig = report.signatures.first().ok_or("no signature")?;
    assert!(
        sig.intact && !sig.chain_trusted && !sig.valid(),
        "{report:?}"
    );
    Ok(())
}
