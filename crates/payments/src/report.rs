//! The daily reconciliation report for the accounting office (決済照合報告):
//! the day's payment movements as CSV (UTF-8 with a BOM, or Shift_JIS for
//! the accounting system) and as an Excel workbook, with totals per
//! provider, per section and overall. Pure functions, no database.
//!
//! Amounts are integer yen. The workbook stores numbers as doubles (the
//! format has no integers), exact up to 2^53 yen; larger amounts are
//! refused rather than rounded.

use anyhow::{Context, bail};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One payment movement of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    /// `sandbox`, `counter`, …
    pub provider: String,
    /// The method's label, e.g. クレジットカード.
    pub method: String,
    /// The 担当課's name.
    pub section: String,
    pub procedure: String,
    /// The application's 受付番号.
    pub receipt_number: String,
    pub payment_id: String,
    /// The provider's reference, or the counter slip number.
    pub provider_ref: String,
    /// `2026-12-06 10:42`, Japan time.
    pub paid_at: String,
    /// Paid (0 on a refund row).
    pub amount_yen: i64,
    /// Refunded that day.
    pub refunded_yen: i64,
}

/// The movements of one provider or section, or of the whole day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// The provider or section (合計 for the whole day).
    pub key: String,
    pub count: i64,
    pub paid_yen: i64,
    pub refunded_yen: i64,
    /// Paid less refunded.
    pub net_yen: i64,
}

impl Totals {
    fn empty(key: String) -> Totals {
        Totals {
            key,
            count: 0,
            paid_yen: 0,
            refunded_yen: 0,
            net_yen: 0,
        }
    }

    // Saturating: `check` refuses a day whose sums overflow before any file
    // is written, so the files never show a clipped total.
    fn add(&mut self, row: &ReportRow) {
        self.count = self.count.saturating_add(1);
        self.paid_yen = self.paid_yen.saturating_add(row.amount_yen);
        self.refunded_yen = self.refunded_yen.saturating_add(row.refunded_yen);
        self.net_yen = self.paid_yen.saturating_sub(self.refunded_yen);
    }
}

/// Totals per key (a provider, a section), sorted by key; nothing else (no
/// grand total, see [`total`]).
pub fn totals_by(rows: &[ReportRow], key: impl Fn(&ReportRow) -> String) -> Vec<Totals> {
    let mut groups: BTreeMap<String, Totals> = BTreeMap::new();
    for row in rows {
        let k = key(row);
        groups
            .entry(k.clone())
            .or_insert_with(|| Totals::empty(k))
            .add(row);
    }
    groups.into_values().collect()
}

/// The day's grand total (key 合計), also for a day without movements.
pub fn total(rows: &[ReportRow]) -> Totals {
    let mut all = Totals::empty("合計".to_string());
    for row in rows {
        all.add(row);
    }
    all
}

/// The largest yen a workbook cell holds exactly (2^53).
const EXACT_IN_XLSX: i64 = 1 << 53;

/// Refuses negative amounts (a refund is a positive `refunded_yen`) and a
/// day whose sums would not be exact.
fn check(rows: &[ReportRow]) -> anyhow::Result<()> {
    let (mut paid, mut refunded) = (0i64, 0i64);
    for (i, row) in rows.iter().enumerate() {
        let line = i + 1;
        if row.amount_yen < 0 || row.refunded_yen < 0 {
            bail!(
                "row {line} ({}): amounts must not be negative",
                row.payment_id
            );
        }
        paid = paid
            .checked_add(row.amount_yen)
            .filter(|sum| *sum <= EXACT_IN_XLSX)
            .with_context(|| format!("row {line}: the day's paid total is too large"))?;
        refunded = refunded
            .checked_add(row.refunded_yen)
            .filter(|sum| *sum <= EXACT_IN_XLSX)
            .with_context(|| format!("row {line}: the day's refunded total is too large"))?;
    }
    Ok(())
}

/// A text cell as a spreadsheet will not take it for a formula: one that
/// starts with = + - @, a tab or a carriage return gets a leading
/// apostrophe (OWASP's advice for CSV injection).
fn neutral(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// How the CSV is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    /// UTF-8 with a byte order mark, so Excel opens it as UTF-8.
    Utf8Bom,
    /// Shift_JIS (Windows' code page 932), for accounting systems that read
    /// nothing else.
    ShiftJis,
}

const HEADER: [&str; 10] = [
    "決済事業者",
    "支払方法",
    "担当課",
    "手続",
    "受付番号",
    "決済ID",
    "事業者側ID",
    "決済日時",
    "入金額",
    "返金額",
];

const TOTALS_HEADER: [&str; 6] = ["集計", "対象", "件数", "入金額", "返金額", "差引"];
const BY_PROVIDER: &str = "合計（決済事業者）";
const BY_SECTION: &str = "合計（担当課）";
const GRAND: &str = "総合計";

fn text_cells(row: &ReportRow) -> [&str; 8] {
    [
        &row.provider,
        &row.method,
        &row.section,
        &row.procedure,
        &row.receipt_number,
        &row.payment_id,
        &row.provider_ref,
        &row.paid_at,
    ]
}

/// The totals blocks of both formats: per provider, per section, overall.
fn summary(rows: &[ReportRow]) -> Vec<(&'static str, Totals)> {
    let mut out: Vec<(&'static str, Totals)> = Vec::new();
    out.extend(
        totals_by(rows, |r| r.provider.clone())
            .into_iter()
            .map(|t| (BY_PROVIDER, t)),
    );
    out.extend(
        totals_by(rows, |r| r.section.clone())
            .into_iter()
            .map(|t| (BY_SECTION, t)),
    );
    let mut all = total(rows);
    all.key = String::new();
    out.push((GRAND, all));
    out
}

/// The day's movements as CSV: a header, one line per movement, an empty
/// line, then the totals with their own header (per provider, per section,
/// 総合計). Lines end in CRLF, amounts are plain integers. The day is not
/// written into the file, which stays a plain table an accounting system
/// imports; it belongs in the file's name.
pub fn csv(_day: time::Date, rows: &[ReportRow], encoding: Encoding) -> anyhow::Result<Vec<u8>> {
    check(rows)?;
    if encoding == Encoding::ShiftJis {
        // Checked before writing, so the error can name the row; encoding_rs
        // would otherwise write an HTML character reference in its place.
        for (i, row) in rows.iter().enumerate() {
            for cell in text_cells(row) {
                if let Some(c) = cell.chars().find(|c| !in_shift_jis(*c)) {
                    bail!(
                        "row {} ({} {}): {c:?} (U+{:04X}) cannot be written in Shift_JIS",
                        i + 1,
                        row.receipt_number,
                        row.payment_id,
                        u32::from(c)
                    );
                }
            }
        }
    }
    let mut text = write_block(|w| {
        w.write_record(HEADER)?;
        for row in rows {
            let mut record: Vec<String> = text_cells(row).iter().map(|c| neutral(c)).collect();
            record.push(row.amount_yen.to_string());
            record.push(row.refunded_yen.to_string());
            w.write_record(&record)?;
        }
        Ok(())
    })?;
    text.push_str("\r\n");
    text.push_str(&write_block(|w| {
        w.write_record(TOTALS_HEADER)?;
        for (label, t) in summary(rows) {
            w.write_record([
                label.to_string(),
                neutral(&t.key),
                t.count.to_string(),
                t.paid_yen.to_string(),
                t.refunded_yen.to_string(),
                t.net_yen.to_string(),
            ])?;
        }
        Ok(())
    })?);
    Ok(match encoding {
        Encoding::Utf8Bom => {
            let mut out = Vec::with_capacity(text.len() + 3);
            out.extend_from_slice(b"\xEF\xBB\xBF");
            out.extend_from_slice(text.as_bytes());
            out
        }
        Encoding::ShiftJis => {
            let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
            if unmappable {
                // The labels are ours and the rows were checked above.
                bail!("the report cannot be written in Shift_JIS");
            }
            bytes.into_owned()
        }
    })
}

fn in_shift_jis(c: char) -> bool {
    let mut buf = [0u8; 4];
    let (_, _, unmappable) = encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buf));
    !unmappable
}

/// CSV records written by `fill`, as text with CRLF line ends.
fn write_block(
    fill: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>,
) -> anyhow::Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    fill(&mut w)?;
    let bytes = w
        .into_inner()
        .map_err(|e| anyhow::anyhow!("the CSV could not be written: {e}"))?;
    Ok(String::from_utf8(bytes)?)
}

/// `2026-12-06（令和8年12月6日）`.
fn day_label(day: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}（{}）",
        day.year(),
        u8::from(day.month()),
        day.day(),
        kernel::wareki::wareki_date(day)
    )
}

/// Yen or a count as a workbook number; `check` has bounded every sum.
fn number(value: i64) -> anyhow::Result<f64> {
    if value.unsigned_abs() > EXACT_IN_XLSX.unsigned_abs() {
        bail!("{value} cannot be stored exactly in a workbook");
    }
    // Exact: |value| ≤ 2^53.
    Ok(value as f64)
}

/// The day's movements as an Excel workbook: sheet 明細 with every movement,
/// sheet 集計 with the totals per provider, per section and overall. Amounts
/// are numbers shown as `#,##0`; totals are written as values, not
/// formulas, so they read the same in any program.
pub fn xlsx(day: time::Date, rows: &[ReportRow]) -> anyhow::Result<Vec<u8>> {
    check(rows)?;
    let title = format!("決済照合報告 {}", day_label(day));
    let bold = Format::new().set_bold();
    let heading = Format::new().set_bold().set_font_size(14u8);
    let yen = Format::new().set_num_format("#,##0");
    let yen_bold = Format::new().set_num_format("#,##0").set_bold();
    let plain = Format::new();

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("明細")?;
    sheet.write_string_with_format(0, 0, &title, &heading)?;
    for (col, name) in (0u16..).zip(HEADER) {
        sheet.write_string_with_format(2, col, name, &bold)?;
    }
    for (row_at, row) in (3u32..).zip(rows) {
        // Strings are stored as text, never evaluated, so no apostrophe.
        for (col, cell) in (0u16..).zip(text_cells(row)) {
            sheet.write_string(row_at, col, cell)?;
        }
        sheet.write_number_with_format(row_at, 8, number(row.amount_yen)?, &yen)?;
        sheet.write_number_with_format(row_at, 9, number(row.refunded_yen)?, &yen)?;
    }
    widths(sheet, &[10, 16, 16, 28, 16, 20, 20, 18, 12, 12])?;
    sheet.set_freeze_panes(3, 0)?;

    let sheet = book.add_worksheet();
    sheet.set_name("集計")?;
    sheet.write_string_with_format(0, 0, &title, &heading)?;
    for (col, name) in (0u16..).zip(TOTALS_HEADER) {
        sheet.write_string_with_format(2, col, name, &bold)?;
    }
    let mut at = 3u32;
    let mut last = BY_PROVIDER;
    for (label, t) in summary(rows) {
        if label != last {
            // A blank row between the blocks.
            at += 1;
            last = label;
        }
        let (text, amount) = if label == GRAND {
            (&bold, &yen_bold)
        } else {
            (&plain, &yen)
        };
        sheet.write_string_with_format(at, 0, label, text)?;
        sheet.write_string_with_format(at, 1, &t.key, text)?;
        sheet.write_number_with_format(at, 2, number(t.count)?, amount)?;
        sheet.write_number_with_format(at, 3, number(t.paid_yen)?, amount)?;
        sheet.write_number_with_format(at, 4, number(t.refunded_yen)?, amount)?;
        sheet.write_number_with_format(at, 5, number(t.net_yen)?, amount)?;
        at += 1;
    }
    widths(sheet, &[20, 24, 8, 14, 14, 14])?;

    Ok(book.save_to_buffer()?)
}

fn widths(sheet: &mut Worksheet, widths: &[u16]) -> anyhow::Result<()> {
    for (col, width) in (0u16..).zip(widths) {
        sheet.set_column_width(col, *width)?;
    }
    Ok(())
}
