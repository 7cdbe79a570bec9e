//! Fee schedules (手数料) and the amount an application owes, computed from
//! its answers. Pure functions, no I/O.
//!
//! Amounts are yen as integers, never floats. Rounding, written down once:
//! - a reduction by a percentage leaves the fee `floor(subtotal × (100 − p) / 100)`:
//!   the resident pays the remainder rounded down to the yen, as amounts owed
//!   to a city are rounded (国等の債権債務等の金額の端数計算に関する法律 §2);
//! - a fixed reduction never takes the fee below zero;
//! - for a taxed fee (使用料 of a facility, not an administrative 手数料) the
//!   schedule's prices include consumption tax (総額表示), and the tax it
//!   contains is `floor(total × r / (100 + r))`.

use forms::Localized;
use kernel::i18n::Lang;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The most a single fee may be (a guard against a mistyped schedule).
pub const MAX_YEN: i64 = 10_000_000;
/// The most copies or items counted from one answer.
pub const MAX_QUANTITY: i64 = 1_000;
/// The most lines and reductions a schedule may have.
pub const MAX_LINES: usize = 50;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Schedule {
    pub lines: Vec<FeeLine>,
    #[serde(default)]
    pub reductions: Vec<Reduction>,
    #[serde(default)]
    pub tax: Tax,
    pub timing: Timing,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeeLine {
    /// One amount per application.
    Fixed { label: Localized, yen: i64 },
    /// A price per copy, the number of copies answered in `field`.
    PerCopy {
        label: Localized,
        unit_yen: i64,
        field: String,
    },
    /// A price per item by class (粗大ごみ: a sofa, a bed …): each entry of
    /// the repeatable `group` names its class in `class_field` and, where
    /// given, how many in `count_field`.
    PerItem {
        label: Localized,
        group: String,
        class_field: String,
        #[serde(default)]
        count_field: Option<String>,
        classes: Vec<ItemClass>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ItemClass {
    pub value: String,
    pub label: Localized,
    pub yen: i64,
}

/// 減免: when the answer in `field` is `equals` (or, for a checkbox, includes it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Reduction {
    pub label: Localized,
    pub field: String,
    pub equals: String,
    #[serde(flatten)]
    pub by: ReductionKind,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "reduction", rename_all = "snake_case")]
pub enum ReductionKind {
    /// 免除: nothing to pay.
    Exempt,
    /// 減額 by a percentage (1–99).
    Percent { percent: i64 },
    /// 減額 by an amount.
    Amount { yen: i64 },
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(tag = "tax", rename_all = "snake_case")]
pub enum Tax {
    /// Administrative fees (行政手数料) are outside consumption tax (不課税).
    #[default]
    NonTaxable,
    /// Prices include consumption tax at `rate_percent`.
    Taxable { rate_percent: i64 },
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "when", rename_all = "snake_case")]
pub enum Timing {
    /// Paid with the application; the section takes it up once paid (証明書).
    BeforeAcceptance {
        /// Unpaid this long after submitting, the request expires.
        #[serde(default = "default_before_hours")]
        expires_after_hours: i64,
    },
    /// Requested by the section after its review (許可手数料), due in `due_days`.
    AfterReview { due_days: i64 },
}

fn default_before_hours() -> i64 {
    72
}

impl Timing {
    pub fn code(self) -> &'static str {
        match self {
            Timing::BeforeAcceptance { .. } => "before_acceptance",
            Timing::AfterReview { .. } => "after_review",
        }
    }
}

/// One line of the amount as the confirm page, the payment page and the
/// receipt show it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct QuoteLine {
    pub label: String,
    pub unit_yen: i64,
    pub quantity: i64,
    pub yen: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Quote {
    pub lines: Vec<QuoteLine>,
    pub subtotal_yen: i64,
    /// Each reduction applied, with the yen it took off.
    pub reductions: Vec<(String, i64)>,
    pub total_yen: i64,
    pub tax: Tax,
    /// The consumption tax the total includes (0 when not taxed).
    pub tax_included_yen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeeError {
    #[error("the amount is too large to be a fee")]
    TooLarge,
    #[error("「{0}」は手数料の表にない品目です")]
    UnknownClass(String),
}

/// 1,200円.
pub fn yen(amount: impl std::borrow::Borrow<i64>) -> String {
    let amount = *amount.borrow();
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}{out}円", if amount < 0 { "−" } else { "" })
}

/// A whole number from an answer (a number, or digits as text), bounded.
fn quantity(value: Option<&Value>) -> i64 {
    let n = match value {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        Some(Value::String(s)) => kernel::text::nfkc(s.trim()).parse::<i64>().unwrap_or(0),
        _ => 0,
    };
    n.clamp(0, MAX_QUANTITY)
}

fn answer_is(value: Option<&Value>, expected: &str) -> bool {
    match value {
        Some(Value::String(s)) => s == expected,
        Some(Value::Bool(b)) => (if *b { "true" } else { "false" }) == expected,
        Some(Value::Number(n)) => n.to_string() == expected,
        Some(Value::Array(items)) => items.iter().any(|v| v.as_str() == Some(expected)),
        _ => false,
    }
}

fn checked(amount: Option<i64>) -> Result<i64, FeeError> {
    amount
        .filter(|a| (0..=MAX_YEN).contains(a))
        .ok_or(FeeError::TooLarge)
}

/// What the answers owe under the schedule, in the page's language.
pub fn quote(
    schedule: &Schedule,
    answers: &Map<String, Value>,
    lang: Lang,
) -> Result<Quote, FeeError> {
    let mut lines = Vec::new();
    for line in &schedule.lines {
        match line {
            FeeLine::Fixed { label, yen } => lines.push(QuoteLine {
                label: label.get(lang).text.to_string(),
                unit_yen: *yen,
                quantity: 1,
                yen: *yen,
            }),
            FeeLine::PerCopy {
                label,
                unit_yen,
                field,
            } => {
                let copies = quantity(answers.get(field));
                if copies > 0 {
                    lines.push(QuoteLine {
                        label: label.get(lang).text.to_string(),
                        unit_yen: *unit_yen,
                        quantity: copies,
                        yen: checked(unit_yen.checked_mul(copies))?,
                    });
                }
            }
            FeeLine::PerItem {
                label,
                group,
                class_field,
                count_field,
                classes,
            } => {
                let entries = answers
                    .get(group)
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                // One line per class, in the schedule's order.
                for class in classes {
                    let count: i64 = entries
                        .iter()
                        .filter(|e| answer_is(e.get(class_field), &class.value))
                        .map(|e| match count_field {
                            Some(f) => quantity(e.get(f)).max(1),
                            None => 1,
                        })
                        .sum::<i64>()
                        .min(MAX_QUANTITY);
                    if count > 0 {
                        lines.push(QuoteLine {
                            label: format!(
                                "{}（{}）",
                                label.get(lang).text,
                                class.label.get(lang).text
                            ),
                            unit_yen: class.yen,
                            quantity: count,
                            yen: checked(class.yen.checked_mul(count))?,
                        });
                    }
                }
                if let Some(unknown) = entries
                    .iter()
                    .filter_map(|e| e.get(class_field).and_then(Value::as_str))
                    .find(|v| !classes.iter().any(|c| c.value == *v))
                {
                    return Err(FeeError::UnknownClass(unknown.to_string()));
                }
            }
        }
    }
    let subtotal = checked(
        lines
            .iter()
            .try_fold(0i64, |sum, line| sum.checked_add(line.yen)),
    )?;
    let mut total = subtotal;
    let mut reductions = Vec::new();
    for reduction in &schedule.reductions {
        if total == 0 || !answer_is(answers.get(&reduction.field), &reduction.equals) {
            continue;
        }
        let after = match reduction.by {
            ReductionKind::Exempt => 0,
            ReductionKind::Percent { percent } => {
                let percent = percent.clamp(0, 100);
                total * (100 - percent) / 100
            }
            ReductionKind::Amount { yen } => (total - yen.max(0)).max(0),
        };
        reductions.push((reduction.label.get(lang).text.to_string(), total - after));
        total = after;
    }
    let tax_included_yen = match schedule.tax {
        Tax::NonTaxable => 0,
        Tax::Taxable { rate_percent } => total * rate_percent / (100 + rate_percent),
    };
    Ok(Quote {
        lines,
        subtotal_yen: subtotal,
        reductions,
        total_yen: total,
        tax: schedule.tax,
        tax_included_yen,
    })
}

/// What is wrong with a schedule, in Japanese, for the one editing it; the
/// form (when given) is checked to have the fields the schedule reads.
pub fn problems(schedule: &Schedule, form: Option<&forms::FormDefinition>) -> Vec<String> {
    let mut out = Vec::new();
    if schedule.lines.is_empty() {
        out.push("手数料の行が一つもありません。".to_string());
    }
    if schedule.lines.len() > MAX_LINES || schedule.reductions.len() > MAX_LINES {
        out.push(format!("行と減免はそれぞれ {MAX_LINES} までです。"));
    }
    let bad_amount = |yen: i64| !(0..=MAX_YEN).contains(&yen);
    let has_field =
        |id: &str| form.is_none_or(|f| f.all_fields().iter().any(|(path, _)| path == id));
    for line in &schedule.lines {
        let label = match line {
            FeeLine::Fixed { label, .. }
            | FeeLine::PerCopy { label, .. }
            | FeeLine::PerItem { label, .. } => label,
        };
        if label.ja.trim().is_empty() {
            out.push("名称のない行があります。".to_string());
        }
        match line {
            FeeLine::Fixed { yen, .. } if bad_amount(*yen) => {
                out.push(format!(
                    "「{}」の金額は 0〜10,000,000 円にしてください。",
                    label.ja
                ));
            }
            FeeLine::PerCopy {
                unit_yen, field, ..
            } => {
                if bad_amount(*unit_yen) {
                    out.push(format!(
                        "「{}」の単価は 0〜10,000,000 円にしてください。",
                        label.ja
                    ));
                }
                if !has_field(field) {
                    out.push(format!("通数の項目「{field}」が様式にありません。"));
                }
            }
            FeeLine::PerItem { group, classes, .. } => {
                if classes.is_empty() {
                    out.push(format!("「{}」に品目がありません。", label.ja));
                }
                if classes.iter().any(|c| bad_amount(c.yen)) {
                    out.push(format!(
                        "「{}」に 0〜10,000,000 円を外れた金額の品目があります。",
                        label.ja
                    ));
                }
                if !has_field(group) {
                    out.push(format!("品目の項目「{group}」が様式にありません。"));
                }
            }
            FeeLine::Fixed { .. } => {}
        }
    }
    for reduction in &schedule.reductions {
        if reduction.label.ja.trim().is_empty() {
            out.push("名称のない減免があります。".to_string());
        }
        if !has_field(&reduction.field) {
            out.push(format!(
                "減免の条件の項目「{}」が様式にありません。",
                reduction.field
            ));
        }
        if let ReductionKind::Percent { percent } = reduction.by
            && !(1..=99).contains(&percent)
        {
            out.push("減額の割合は 1〜99% にしてください（全額は免除）。".to_string());
        }
    }
    if let Tax::Taxable { rate_percent } = schedule.tax
        && !(1..=30).contains(&rate_percent)
    {
        out.push("消費税率が範囲外です。".to_string());
    }
    match schedule.timing {
        Timing::BeforeAcceptance {
            expires_after_hours,
        } if !(1..=24 * 31).contains(&expires_after_hours) => {
            out.push("支払期限（時間）は 1〜744 にしてください。".to_string());
        }
        Timing::AfterReview { due_days } if !(1..=365).contains(&due_days) => {
            out.push("納期限（日数）は 1〜365 にしてください。".to_string());
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn juminhyo() -> Schedule {
        serde_json::from_value(json!({
            "lines": [{"kind": "per_copy", "label": {"ja": "住民票の写し", "en": "Copy"},
                       "unit_yen": 300, "field": "copies"}],
            "reductions": [{"label": {"ja": "年金の手続（免除）"}, "field": "purpose",
                            "equals": "pension", "reduction": "exempt"}],
            "timing": {"when": "before_acceptance"}
        }))
        .unwrap()
    }

    fn answers(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn two_copies_of_the_residence_record_cost_600_yen() {
        let quote = quote(&juminhyo(), &answers(json!({"copies": 2})), Lang::Ja).unwrap();
        assert_eq!(quote.total_yen, 600);
        assert_eq!(quote.lines.len(), 1);
        assert_eq!(quote.lines[0].quantity, 2);
        assert_eq!(quote.tax_included_yen, 0);
        // Copies typed in full-width digits count the same.
        let typed = super::quote(&juminhyo(), &answers(json!({"copies": "２"})), Lang::Ja).unwrap();
        assert_eq!(typed.total_yen, 600);
    }

    #[test]
    fn an_exemption_takes_the_fee_to_zero_and_says_which() {
        let quote = quote(
            &juminhyo(),
            &answers(json!({"copies": 3, "purpose": "pension"})),
            Lang::Ja,
        )
        .unwrap();
        assert_eq!(quote.subtotal_yen, 900);
        assert_eq!(quote.total_yen, 0);
        assert_eq!(
            quote.reductions,
            vec![("年金の手続（免除）".to_string(), 900)]
        );
    }

    #[test]
    fn a_percentage_reduction_leaves_the_fee_rounded_down_to_the_yen() {
        let mut schedule = juminhyo();
        schedule.lines = vec![FeeLine::Fixed {
            label: Localized::ja("使用料"),
            yen: 1_001,
        }];
        schedule.reductions[0].by = ReductionKind::Percent { percent: 50 };
        let quote = quote(&schedule, &answers(json!({"purpose": "pension"})), Lang::Ja).unwrap();
        // 1,001 × 50 / 100 = 500.5 → 500 to pay, 501 taken off.
        assert_eq!(quote.total_yen, 500);
        assert_eq!(quote.reductions[0].1, 501);
    }

    #[test]
    fn a_taxed_fee_shows_the_tax_it_includes_rounded_down() {
        let mut schedule = juminhyo();
        schedule.tax = Tax::Taxable { rate_percent: 10 };
        schedule.lines = vec![FeeLine::Fixed {
            label: Localized::ja("施設使用料"),
            yen: 1_000,
        }];
        let quote = quote(&schedule, &Map::new(), Lang::Ja).unwrap();
        // 1,000 × 10 / 110 = 90.9… → 90.
        assert_eq!(quote.tax_included_yen, 90);
        assert_eq!(quote.total_yen, 1_000);
    }

    #[test]
    fn large_waste_is_priced_per_item_class_and_count() {
        let schedule: Schedule = serde_json::from_value(json!({
            "lines": [{"kind": "per_item", "label": {"ja": "粗大ごみ処理手数料"}, "group": "items",
                       "class_field": "item", "count_field": "count",
                       "classes": [{"value": "sofa", "label": {"ja": "ソファー"}, "yen": 1000},
                                   {"value": "bicycle", "label": {"ja": "自転車"}, "yen": 500}]}],
            "timing": {"when": "before_acceptance", "expires_after_hours": 24}
        }))
        .unwrap();
        let items = answers(json!({"items": [
            {"item": "sofa", "count": 2}, {"item": "bicycle"}, {"item": "sofa", "count": "1"}
        ]}));
        let quote = quote(&schedule, &items, Lang::Ja).unwrap();
        assert_eq!(quote.total_yen, 3_500);
        assert_eq!(quote.lines[0].label, "粗大ごみ処理手数料（ソファー）");
        assert_eq!(quote.lines[0].quantity, 3);
        let unknown = answers(json!({"items": [{"item": "piano"}]}));
        assert_eq!(
            super::quote(&schedule, &unknown, Lang::Ja),
            Err(FeeError::UnknownClass("piano".into()))
        );
    }

    #[test]
    fn huge_quantities_are_bounded_and_never_overflow() {
        let quote = quote(&juminhyo(), &answers(json!({"copies": i64::MAX})), Lang::Ja).unwrap();
        assert_eq!(quote.total_yen, 300 * MAX_QUANTITY);
        let mut schedule = juminhyo();
        schedule.lines[0] = FeeLine::PerCopy {
            label: Localized::ja("x"),
            unit_yen: i64::MAX,
            field: "copies".into(),
        };
        assert_eq!(
            super::quote(&schedule, &answers(json!({"copies": 2})), Lang::Ja),
            Err(FeeError::TooLarge)
        );
    }

    #[test]
    fn yen_is_written_with_thousands_separators() {
        assert_eq!(yen(0), "0円");
        assert_eq!(yen(300), "300円");
        assert_eq!(yen(1_200), "1,200円");
        assert_eq!(yen(1_234_567), "1,234,567円");
        assert_eq!(yen(-450), "−450円");
    }

    #[test]
    fn a_schedule_that_reads_a_missing_field_is_refused() {
        let mut schedule = juminhyo();
        schedule.reductions[0].by = ReductionKind::Percent { percent: 100 };
        let problems = problems(&schedule, None);
        assert!(
            problems.iter().any(|p| p.contains("1〜99%")),
            "{problems:?}"
        );
    }
}
