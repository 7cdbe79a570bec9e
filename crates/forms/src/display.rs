//! Answers as a person reads them: labels from the form version they were
//! given against, 和暦 dates, option labels, furigana beside names. Used by
//! the case page, the confirm page and exports.

use kernel::i18n::Lang;
use serde_json::{Map, Value};

use crate::definition::{Choice, Field, FieldKind, FormDefinition};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    /// The label is the Japanese original, for want of a translation.
    pub label_in_japanese: bool,
    pub value: String,
    /// For a file answer: the attachment it names, so pages can link it.
    pub attachment_id: Option<String>,
}

fn choice_label(options: &[Choice], value: &str, lang: Lang) -> String {
    options
        .iter()
        .find(|o| o.value == value)
        .map(|o| o.label.get(lang).plain())
        .unwrap_or_else(|| value.to_string())
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn part(value: &Value, key: &str) -> String {
    value.get(key).map(text).unwrap_or_default()
}

fn display(field: &Field, value: &Value, lang: Lang) -> String {
    match &field.kind {
        FieldKind::Date { .. } => time::Date::parse(
            &text(value),
            &time::format_description::well_known::Iso8601::DATE,
        )
        .map(|d| {
            if !lang.reads_japanese() {
                d.to_string()
            } else {
                format!("{}（{d}）", kernel::wareki::wareki_date(d))
            }
        })
        .unwrap_or_else(|_| text(value)),
        FieldKind::Select { options } | FieldKind::Radio { options } => {
            choice_label(options, &text(value), lang)
        }
        FieldKind::Checkbox { options } if options.is_empty() => {
            if value.as_bool() == Some(true) {
                kernel::i18n::text(lang, "form-answer-yes")
            } else {
                String::new()
            }
        }
        FieldKind::Checkbox { options } => value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|v| choice_label(options, &text(v), lang))
                    .collect::<Vec<_>>()
                    .join("、")
            })
            .unwrap_or_default(),
        FieldKind::PostalCode => {
            let digits = text(value);
            match (digits.get(..3), digits.get(3..)) {
                (Some(head), Some(tail)) if digits.len() == 7 => format!("〒{head}-{tail}"),
                _ => digits,
            }
        }
        FieldKind::NameWithFurigana => format!(
            "{} {}（{} {}）",
            part(value, "family_name"),
            part(value, "given_name"),
            part(value, "family_name_kana"),
            part(value, "given_name_kana")
        ),
        FieldKind::BankAccount => bank_account(value, None, None),
        FieldKind::File { .. } => {
            let size = value.get("size").and_then(Value::as_u64).unwrap_or(0);
            let kind = match part(value, "content_type").as_str() {
                "application/pdf" => "PDF".to_string(),
                other => other.trim_start_matches("image/").to_uppercase(),
            };
            let name = part(value, "file_name");
            let name = if name.is_empty() {
                kernel::i18n::text(lang, "form-answer-file")
            } else {
                name
            };
            format!("{name}（{kind}、{} KB）", size.div_ceil(1024))
        }
        _ => text(value),
    }
}

/// A bank account as read: the codes, with the bank's and branch's names
/// when the bank list has them (名古屋（0543） 今池（109） 普通 1234567 ナゴヤ ハナコ).
pub fn bank_account(value: &Value, bank: Option<&str>, branch: Option<&str>) -> String {
    let named = |name: Option<&str>, code: String| match name {
        Some(name) => format!("{name}（{code}）"),
        None => code,
    };
    format!(
        "{} {} {} {} {}",
        named(bank, part(value, "bank_code")),
        named(branch, part(value, "branch_code")),
        part(value, "account_type"),
        part(value, "account_number"),
        part(value, "account_holder")
    )
}

fn walk(
    fields: &[Field],
    answers: &Map<String, Value>,
    prefix: &str,
    lang: Lang,
    rows: &mut Vec<Row>,
) {
    for field in fields {
        let Some(value) = answers.get(&field.id) else {
            continue;
        };
        let shown = field.label.get(lang);
        let label = format!("{prefix}{}", shown.plain());
        if let FieldKind::Group { fields, .. } = &field.kind {
            for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                if let Some(item) = item.as_object() {
                    // Entries are named for readers ("Child 1"), never by
                    // the group's id.
                    let (entry, _) = crate::html::entry_label(field, i + 1, lang);
                    walk(fields, item, &format!("{prefix}{entry} — "), lang, rows);
                }
            }
        } else {
            let attachment_id = match field.kind {
                FieldKind::File { .. } => value
                    .get("attachment_id")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                _ => None,
            };
            rows.push(Row {
                label,
                label_in_japanese: shown.fallback,
                value: display(field, value, lang),
                attachment_id,
            });
        }
    }
}

/// The attachment ids that file answers name, anywhere in the answers.
pub fn attachment_ids(definition: &FormDefinition, answers: &Value) -> Vec<String> {
    rows(definition, answers, Lang::Ja)
        .into_iter()
        .filter_map(|row| row.attachment_id)
        .collect()
}

/// Answers as read, by field id (fields outside repeatable groups): what a
/// notice template names as `answer.<id>`.
pub fn by_id(
    definition: &FormDefinition,
    answers: &Value,
    lang: Lang,
) -> std::collections::BTreeMap<String, String> {
    let mut found = std::collections::BTreeMap::new();
    let Some(answers) = answers.as_object() else {
        return found;
    };
    for field in definition.sections.iter().flat_map(|s| &s.fields) {
        if matches!(field.kind, FieldKind::Group { .. } | FieldKind::File { .. }) {
            continue;
        }
        if let Some(value) = answers.get(&field.id) {
            found.insert(field.id.clone(), display(field, value, lang));
        }
    }
    found
}

/// The applicant's name as a notice is addressed: the first name field,
/// without its furigana.
pub fn applicant_name(definition: &FormDefinition, answers: &Value) -> Option<String> {
    let field = definition
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .find(|f| matches!(f.kind, FieldKind::NameWithFurigana))?;
    let value = answers.get(&field.id)?;
    let name = format!(
        "{} {}",
        part(value, "family_name"),
        part(value, "given_name")
    );
    let name = name.trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// The answers in form order, one row per answered field.
pub fn rows(definition: &FormDefinition, answers: &Value, lang: Lang) -> Vec<Row> {
    let mut rows = Vec::new();
    if let Some(answers) = answers.as_object() {
        for section in &definition.sections {
            walk(&section.fields, answers, "", lang, &mut rows);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_read_as_a_clerk_expects() {
        let definition = FormDefinition::from_json(
            &json!({"procedure_id": "p", "title": {"ja": "t"}, "sections": [{"id": "s", "title": {"ja": "s"}, "fields": [
                {"id": "name", "type": "name_with_furigana", "label": {"ja": "氏名"}},
                {"id": "born", "type": "date", "label": {"ja": "生年月日"}},
                {"id": "zip", "type": "postal_code", "label": {"ja": "郵便番号"}},
                {"id": "kind", "type": "radio", "label": {"ja": "区分"}, "options": [{"value": "new", "label": {"ja": "新規"}}]},
                {"id": "kids", "type": "group", "label": {"ja": "児童"}, "max": 3, "fields": [
                    {"id": "n", "type": "text", "label": {"ja": "氏名"}}]}
            ]}]})
            .to_string(),
        )
        .expect("definition");
        let answers = json!({
            "name": {"family_name": "名古屋", "given_name": "太郎", "family_name_kana": "ナゴヤ", "given_name_kana": "タロウ"},
            "born": "2023-04-01", "zip": "4608508", "kind": "new", "kids": [{"n": "一郎"}, {"n": "二郎"}]
        });
        let rows = rows(&definition, &answers, Lang::Ja);
        let shown: Vec<(String, String)> = rows.into_iter().map(|r| (r.label, r.value)).collect();
        assert_eq!(shown[0].1, "名古屋 太郎（ナゴヤ タロウ）");
        assert_eq!(shown[1].1, "令和5年4月1日（2023-04-01）");
        assert_eq!(shown[2].1, "〒460-8508");
        assert_eq!(shown[3].1, "新規");
        assert_eq!(shown[4], ("児童 1 — 氏名".to_string(), "一郎".to_string()));
        assert_eq!(shown[5], ("児童 2 — 氏名".to_string(), "二郎".to_string()));
        let named = by_id(&definition, &answers, Lang::Ja);
        assert_eq!(named["born"], "令和5年4月1日（2023-04-01）");
        assert_eq!(named["kind"], "新規");
        assert!(!named.contains_key("kids"), "groups are not named by id");
        assert_eq!(
            applicant_name(&definition, &answers).as_deref(),
            Some("名古屋 太郎")
        );
    }
}
