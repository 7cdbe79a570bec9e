//! A payment receipt (領収書) on A4, set like notices: the same embedded
//! font, line breaking and pages. Amounts are integer yen throughout; only
//! positions on the page are points.

use krilla::Document;
use serde::{Deserialize, Serialize};

use crate::pdf::{BODY, BOTTOM, LEFT, Measure, NoticeFont, RIGHT, SMALL, Writer, creation_date};

/// What a receipt says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptContent {
    /// 領収番号, e.g. `R-R8-000042`.
    pub number: String,
    /// 和暦, e.g. 令和8年12月6日.
    pub issued_on: String,
    /// The payer's name (without 様).
    pub payer: String,
    /// e.g. 名古屋市長.
    pub issuer: String,
    /// The procedure's name.
    pub procedure: String,
    /// The application's 受付番号.
    pub receipt_number: String,
    pub lines: Vec<ReceiptLine>,
    /// 減免: label and the yen taken off.
    pub reductions: Vec<(String, i64)>,
    pub total_yen: i64,
    /// The consumption tax within the total, for taxed fees.
    pub tax_included_yen: Option<i64>,
    /// e.g. クレジットカード.
    pub method: String,
    /// e.g. 令和8年12月6日 10:42.
    pub paid_at: String,
    /// Date text and yen refunded.
    pub refunds: Vec<(String, i64)>,
    /// Closing lines, e.g. この領収書は電子的に交付したものです。
    pub note: Vec<String>,
}

/// One line of the fee: label, unit price, quantity and amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    pub label: String,
    pub unit_yen: i64,
    pub quantity: i64,
    pub yen: i64,
}

/// `1,200` (with `−` before a negative amount).
pub fn grouped(yen: i64) -> String {
    let digits = yen.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 3);
    if yen < 0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const TITLE: f32 = 22.0;
const AMOUNT: f32 = 20.0;
const NAME: f32 = 14.0;
const ISSUER: f32 = 12.0;

/// The receipt as a PDF. `created` is the issue time (the PDF's date).
pub fn render_receipt(
    content: &ReceiptContent,
    font: &NoticeFont,
    created: time::OffsetDateTime,
) -> anyhow::Result<Vec<u8>> {
    let measure = Measure::new(font)?;
    let mut document = Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title("領収書".to_string())
            .description(format!("領収書 {}", content.number))
            .keywords(vec![format!("receipt:{}", content.number)])
            .language("ja".to_string())
            .creator("madoguchi".to_string())
            .authors(vec![content.issuer.clone()])
            .creation_date(creation_date(created)),
    );
    let width = RIGHT - LEFT;
    let right = |text: &str, size: f32| RIGHT - measure.width(text, size);
    let centre = |text: &str, size: f32| LEFT + (width - measure.width(text, size)) / 2.0;
    let mut w = Writer::new(&mut document, font, BODY);

    let number = format!("領収番号 {}", content.number);
    w.line(right(&number, BODY), BODY, &number);
    w.line(right(&content.issued_on, BODY), BODY, &content.issued_on);
    w.gap(18.0);
    for line in measure.wrap(&format!("{}　様", content.payer), NAME, width * 0.6) {
        w.line(LEFT, NAME, &line);
    }
    w.rule(LEFT, LEFT + width * 0.6);
    w.gap(20.0);
    w.line(centre("領収書", TITLE), TITLE, "領収書");
    w.gap(18.0);
    let amount = format!("金　{}　円", grouped(content.total_yen));
    let amount_x = centre(&amount, AMOUNT);
    w.line(amount_x, AMOUNT, &amount);
    w.rule(amount_x - 24.0, RIGHT - (amount_x - LEFT) + 24.0);
    w.gap(6.0);
    let received = "上記の金額を領収しました。";
    w.line(centre(received, BODY), BODY, received);
    w.gap(20.0);

    // The table: label left, 単価 × 数量 right-aligned in the middle, the
    // amount right-aligned at the margin.
    let at_middle = |text: &str| MIDDLE - measure.width(text, BODY);
    let lines = Table {
        measure: &measure,
        title: "内訳",
        columns: true,
    };
    lines.header(&mut w, false);
    for line in &content.lines {
        let each = format!("{}円 × {}", grouped(line.unit_yen), grouped(line.quantity));
        let yen = format!("{}円", grouped(line.yen));
        lines.row(
            &mut w,
            &line.label,
            &[(at_middle(&each), &each), (right(&yen, BODY), &yen)],
        );
    }
    for (label, off) in &content.reductions {
        // Taken off, so shown as a minus whatever sign it was given.
        let yen = format!("{}円", grouped(-off.abs()));
        lines.row(
            &mut w,
            &format!("減免　{label}"),
            &[(right(&yen, BODY), &yen)],
        );
    }
    w.rule(LEFT, RIGHT);
    w.gap(4.0);
    let total = format!("{}円", grouped(content.total_yen));
    w.row(BODY, &[(LEFT, "合計"), (right(&total, BODY), &total)]);
    if let Some(tax) = content.tax_included_yen {
        let tax = format!("（うち消費税 {}円）", grouped(tax));
        w.line(right(&tax, SMALL), SMALL, &tax);
    }
    w.gap(16.0);

    // The four facts of the payment stay on one page.
    if w.y + BODY * 1.75 * 4.0 > BOTTOM {
        w.new_page();
    }
    for (label, value) in [
        ("支払方法", &content.method),
        ("決済日時", &content.paid_at),
        ("手続", &content.procedure),
        ("受付番号", &content.receipt_number),
    ] {
        let value_x = LEFT + BODY * 6.0;
        for (i, line) in measure
            .wrap(value, BODY, RIGHT - value_x)
            .iter()
            .enumerate()
        {
            if i == 0 {
                w.row(BODY, &[(LEFT, label), (value_x, line)]);
            } else {
                w.line(value_x, BODY, line);
            }
        }
    }

    if !content.refunds.is_empty() {
        w.gap(14.0);
        let refunds = Table {
            measure: &measure,
            title: "返金",
            columns: false,
        };
        refunds.header(&mut w, false);
        for (on, yen) in &content.refunds {
            let yen = format!("{}円", grouped(yen.abs()));
            refunds.row(&mut w, on, &[(right(&yen, BODY), &yen)]);
        }
        let refunded: i64 = content
            .refunds
            .iter()
            .fold(0i64, |sum, (_, yen)| sum.saturating_add(yen.abs()));
        let refunded = format!("{}円", grouped(refunded));
        w.rule(LEFT, RIGHT);
        w.gap(4.0);
        w.row(
            BODY,
            &[(LEFT, "返金額計"), (right(&refunded, BODY), &refunded)],
        );
    }

    if !content.note.is_empty() {
        w.gap(16.0);
        for paragraph in &content.note {
            for line in measure.wrap(paragraph, SMALL, width) {
                w.line(LEFT, SMALL, &line);
            }
        }
    }

    // The issuer at the foot of the last page when there is room; otherwise
    // after the notes (on a new page if need be).
    w.gap(24.0);
    let foot = BOTTOM - 12.0 - ISSUER * 1.75;
    if w.y < foot {
        w.y = foot;
    }
    w.line(
        right(&content.issuer, ISSUER) - 12.0,
        ISSUER,
        &content.issuer,
    );
    w.finish(None)?;
    document
        .finish()
        .map_err(|e| anyhow::anyhow!("the receipt PDF could not be written: {e:?}"))
}

/// Where the 単価 × 数量 column ends.
const MIDDLE: f32 = LEFT + (RIGHT - LEFT) * 0.78;

/// A list with a heading that is repeated when the list runs onto another
/// page, so a continued page still says what its numbers are.
struct Table<'m, 'f> {
    measure: &'m Measure<'f>,
    title: &'static str,
    /// Whether the heading names the 単価 × 数量 and 金額 columns.
    columns: bool,
}

impl Table<'_, '_> {
    fn header(&self, w: &mut Writer<'_>, continued: bool) {
        let title = if continued {
            format!("{}（続き）", self.title)
        } else {
            self.title.to_string()
        };
        let each = "単価 × 数量";
        let yen = "金額";
        if self.columns {
            w.row(
                BODY,
                &[
                    (LEFT, &title),
                    (MIDDLE - self.measure.width(each, BODY), each),
                    (RIGHT - self.measure.width(yen, BODY), yen),
                ],
            );
        } else {
            w.line(LEFT, BODY, &title);
        }
        w.rule(LEFT, RIGHT);
        w.gap(4.0);
    }

    /// A row whose label may wrap within half the width; the other cells go
    /// on its first line.
    fn row(&self, w: &mut Writer<'_>, label: &str, cells: &[(f32, &str)]) {
        let wrapped = self.measure.wrap(label, BODY, (RIGHT - LEFT) * 0.5);
        for (i, line) in wrapped.iter().enumerate() {
            if w.y + BODY > BOTTOM {
                w.new_page();
                self.header(w, true);
            }
            if i == 0 {
                let mut row = vec![(LEFT, line.as_str())];
                row.extend_from_slice(cells);
                w.row(BODY, &row);
            } else {
                w.line(LEFT + BODY, BODY, line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_200), "1,200");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(-300), "−300");
        assert_eq!(grouped(i64::MIN), "−9,223,372,036,854,775,808");
    }
}
