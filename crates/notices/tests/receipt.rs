//! Receipts as PDFs: one page for an ordinary fee, further pages when the
//! lines do not fit, the document's title and language. With
//! TEST_PDF_VERIFIERS=1 the text is read back with pdftotext and every word
//! is checked to lie inside the page; without it, a machine with no
//! Japanese font skips. RECEIPT_OUT=dir keeps two of the PDFs to look at.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

use notices::pdf::NoticeFont;
use notices::receipt::{ReceiptContent, ReceiptLine, render_receipt};

fn verifiers() -> bool {
    std::env::var("TEST_PDF_VERIFIERS").as_deref() == Ok("1")
}

fn font() -> Option<NoticeFont> {
    match NoticeFont::find(None) {
        Ok(font) => Some(font),
        Err(e) if !verifiers() => {
            eprintln!("skipped: {e}");
            None
        }
        Err(e) => panic!("TEST_PDF_VERIFIERS=1 needs a Japanese font: {e}"),
    }
}

fn sample() -> ReceiptContent {
    ReceiptContent {
        number: "R-R8-000042".into(),
        issued_on: "令和8年12月6日".into(),
        payer: "名古屋 太郎".into(),
        issuer: "名古屋市長".into(),
        procedure: "住民票の写しの交付請求".into(),
        receipt_number: "A-R8-001234".into(),
        lines: vec![ReceiptLine {
            label: "住民票の写し".into(),
            unit_yen: 300,
            quantity: 4,
            yen: 1_200,
        }],
        reductions: Vec::new(),
        total_yen: 1_200,
        tax_included_yen: None,
        method: "クレジットカード".into(),
        paid_at: "令和8年12月6日 10:42".into(),
        refunds: Vec::new(),
        note: vec!["この領収書は電子的に交付したものです。".into()],
    }
}

fn created() -> time::OffsetDateTime {
    time::macros::datetime!(2026-12-06 10:42 +9)
}

/// A text string of the Info dictionary (UTF-16BE with a BOM, or bytes).
fn info_text(doc: &lopdf::Document, key: &[u8]) -> String {
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let value = doc
        .get_object(info)
        .unwrap()
        .as_dict()
        .unwrap()
        .get(key)
        .unwrap()
        .as_str()
        .unwrap();
    match value.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16(
            &utf16
                .chunks(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        None => String::from_utf8_lossy(value).into_owned(),
    }
}

/// The text pdftotext reads, without white space, and the bottom edge of
/// the lowest word on any page.
fn read_back(pdf: &[u8], name: &str) -> (String, f32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    let text: String = String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect();
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let lowest = html
        .split("yMax=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().parse::<f32>().unwrap())
        .fold(0.0f32, f32::max);
    (text, lowest)
}

#[test]
fn a_receipt_is_one_page_titled_in_japanese() {
    let Some(font) = font() else { return };
    let pdf = render_receipt(&sample(), &font, created()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    assert_eq!(info_text(&doc, b"Title"), "領収書");
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"ja");

    if verifiers() {
        let (text, lowest) = read_back(&pdf, "receipt.pdf");
        assert!(text.contains("領収書"), "{text}");
        assert!(text.contains("1,200"), "the amount: {text}");
        assert!(text.contains("名古屋太郎様"), "the payer: {text}");
        assert!(text.contains("上記の金額を領収しました。"), "{text}");
        assert!(text.contains("R-R8-000042"), "{text}");
        assert!(text.contains("A-R8-001234"), "{text}");
        assert!(text.contains("クレジットカード"), "{text}");
        assert!(text.contains("名古屋市長"), "{text}");
        assert!(!text.contains("返金"), "no refunds, no section: {text}");
        assert!(!text.contains("消費税"), "untaxed: {text}");
        assert!(lowest < 842.0, "{lowest}");
    }
}

#[test]
fn reductions_tax_and_refunds_are_shown() {
    let Some(font) = font() else { return };
    let mut content = sample();
    content.lines.push(ReceiptLine {
        label: "郵送料".into(),
        unit_yen: 110,
        quantity: 1,
        yen: 110,
    });
    content.reductions = vec![("ひとり親家庭".into(), 300)];
    content.total_yen = 1_010;
    content.tax_included_yen = Some(91);
    content.refunds = vec![("令和8年12月8日".into(), 300)];
    let pdf = render_receipt(&content, &font, created()).unwrap();
    if let Ok(dir) = std::env::var("RECEIPT_OUT") {
        std::fs::write(format!("{dir}/full.pdf"), &pdf).unwrap();
    }
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 1);

    if verifiers() {
        let (text, _) = read_back(&pdf, "receipt.pdf");
        assert!(text.contains("金1,010円"), "{text}");
        assert!(text.contains("ひとり親家庭"), "{text}");
        assert!(text.contains("−300円"), "the reduction as a minus: {text}");
        assert!(text.contains("（うち消費税91円）"), "{text}");
        assert!(text.contains("返金"), "{text}");
        assert!(text.contains("令和8年12月8日"), "{text}");
    }
}

#[test]
fn sixty_lines_flow_onto_a_second_page() {
    let Some(font) = font() else { return };
    let mut content = sample();
    content.lines = (1..=60)
        .map(|i| ReceiptLine {
            label: format!("項目{i}"),
            unit_yen: 20,
            quantity: 1,
            yen: 20,
        })
        .collect();
    let pdf = render_receipt(&content, &font, created()).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages = doc.get_pages().len();
    assert!(pages >= 2, "{pages} pages");
    if let Ok(dir) = std::env::var("RECEIPT_OUT") {
        std::fs::write(format!("{dir}/long.pdf"), &pdf).unwrap();
    }

    if verifiers() {
        let (text, lowest) = read_back(&pdf, "long.pdf");
        assert!(text.contains("項目1"), "{text}");
        assert!(text.contains("項目60"), "the last line: {text}");
        assert!(text.contains("名古屋市長"), "the issuer: {text}");
        assert!(
            text.contains("内訳（続き）"),
            "the heading repeated: {text}"
        );
        assert!(
            text.contains(&format!("1/{pages}")) && text.contains(&format!("{pages}/{pages}")),
            "page numbers: {text}"
        );
        // A4 is 842 points high; nothing runs off the foot.
        assert!(lowest < 842.0 - 30.0, "{lowest}");
    }
}
