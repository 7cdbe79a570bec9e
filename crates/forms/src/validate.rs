//! Validation of a resident's answers against a definition. Pure: the only
//! outside fact it needs, today's date, is passed in.

use kernel::FieldError;
use kernel::i18n::{Arg, Message};
use kernel::text::{is_katakana, to_katakana};
use regex::Regex;
use serde_json::{Map, Value};
use time::Date;

use crate::definition::{Choice, Field, FieldKind, FormDefinition};

const DEFAULT_TEXT_MAX: usize = 200;
const DEFAULT_LONG_TEXT_MAX: usize = 4_000;
const NAME_MAX: usize = 50;

/// What `validate` needs besides the definition and the answers.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub today: Date,
}

struct Checker {
    context: Context,
    errors: Vec<FieldError>,
}

/// Full-width digits and letters to ASCII, half-width katakana to full-width.
fn nfkc_trim(text: &str) -> String {
    kernel::text::nfkc(text).trim().to_string()
}

/// Validates `input` (a JSON object of answers) and returns the normalized
/// answers, or every problem with the path of its field.
pub fn validate(
    definition: &FormDefinition,
    input: &Value,
    context: Context,
) -> Result<Map<String, Value>, Vec<FieldError>> {
    let mut checker = Checker {
        context,
        errors: Vec::new(),
    };
    let Some(object) = input.as_object() else {
        return Err(vec![FieldError::localized(
            "",
            Message::new("validate-send-answers-as-json"),
        )]);
    };
    let fields: Vec<&Field> = definition
        .sections
        .iter()
        .flat_map(|s| s.fields.iter())
        .collect();
    let output = checker.fields(&fields, object, "", &Map::new());
    if checker.errors.is_empty() {
        Ok(output)
    } else {
        Err(checker.errors)
    }
}

fn is_blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(items)) => items.is_empty(),
        Some(Value::Object(map)) => map.values().all(|v| is_blank(Some(v))),
        Some(Value::Bool(false)) => true,
        _ => false,
    }
}

impl Checker {
    fn error(&mut self, path: &str, message: Message) {
        self.errors.push(FieldError::localized(path, message));
    }

    /// Checks `fields` against `input`; `outer` holds answers of enclosing
    /// scopes for conditions that look outward from a group.
    fn fields(
        &mut self,
        fields: &[&Field],
        input: &Map<String, Value>,
        prefix: &str,
        outer: &Map<String, Value>,
    ) -> Map<String, Value> {
        let mut output = Map::new();
        let known: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
        for key in input.keys() {
            if !known.contains(&key.as_str()) {
                self.error(
                    &format!("{prefix}{key}"),
                    Message::new("form-form-has-no-field").with("key", key.to_string()),
                );
            }
        }
        for field in fields {
            let path = format!("{prefix}{}", field.id);
            if let Some(condition) = &field.visible_when {
                let seen = output
                    .get(&condition.field)
                    .or_else(|| outer.get(&condition.field));
                if !condition.holds(seen) {
                    // Answers to hidden questions are not kept.
                    continue;
                }
            }
            let value = input.get(&field.id);
            if is_blank(value) {
                if field.required {
                    let id = match field.kind {
                        FieldKind::Select { .. }
                        | FieldKind::Radio { .. }
                        | FieldKind::Checkbox { .. } => "form-choose",
                        FieldKind::File { .. } => "form-attach",
                        _ => "form-required",
                    };
                    self.error(&path, Message::new(id).with("label", &field.label));
                } else if let FieldKind::Group { min, .. } = field.kind
                    && min > 0
                {
                    self.error(
                        &path,
                        Message::new("form-enter-at-least")
                            .with("label", &field.label)
                            .with("min", min.to_string()),
                    );
                }
                continue;
            }
            let Some(value) = value else { continue };
            let mut scope = outer.clone();
            scope.extend(output.clone());
            if let Some(normalized) = self.field(field, value, &path, &scope) {
                output.insert(field.id.clone(), normalized);
            }
        }
        output
    }

    fn text_of(&mut self, field: &Field, value: &Value, path: &str) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => {
                self.error(path, Message::new("form-text").with("label", &field.label));
                None
            }
        }
    }

    fn field(
        &mut self,
        field: &Field,
        value: &Value,
        path: &str,
        scope: &Map<String, Value>,
    ) -> Option<Value> {
        match &field.kind {
            FieldKind::Text {
                min_length,
                max_length,
                pattern,
            } => {
                let text = self.text_of(field, value, path)?.trim().to_string();
                let length = text.chars().count();
                let max = max_length.unwrap_or(DEFAULT_TEXT_MAX);
                if length > max {
                    self.error(
                        path,
                        Message::new("form-at-most-characters")
                            .with("label", &field.label)
                            .with("max", max.to_string()),
                    );
                    return None;
                }
                if let Some(min) = min_length
                    && length < *min
                {
                    self.error(
                        path,
                        Message::new("form-at-least-characters")
                            .with("label", &field.label)
                            .with("min", min.to_string()),
                    );
                    return None;
                }
                if text.contains(|c: char| c.is_control() || kernel::text::is_hidden_format(c)) {
                    self.error(
                        path,
                        Message::new("form-contains-characters-that-cannot")
                            .with("label", &field.label),
                    );
                    return None;
                }
                if let Some(pattern) = pattern
                    && let Ok(regex) = Regex::new(&format!("^(?:{pattern})$"))
                    && !regex.is_match(&kernel::text::nfkc(&text))
                {
                    self.error(
                        path,
                        Message::new("form-not-expected-format").with("label", &field.label),
                    );
                    return None;
                }
                Some(Value::String(text))
            }
            FieldKind::LongText { max_length } => {
                let text = self.text_of(field, value, path)?.trim().to_string();
                let max = max_length.unwrap_or(DEFAULT_LONG_TEXT_MAX);
                if text.chars().count() > max {
                    self.error(
                        path,
                        Message::new("form-at-most-characters")
                            .with("label", &field.label)
                            .with("max", max.to_string()),
                    );
                    return None;
                }
                if text.contains(|c: char| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
                    self.error(
                        path,
                        Message::new("form-contains-characters-that-cannot")
                            .with("label", &field.label),
                    );
                    return None;
                }
                Some(Value::String(text))
            }
            FieldKind::Number { min, max, integer } => {
                let number = match value {
                    Value::Number(n) => n.as_f64(),
                    Value::String(s) => nfkc_trim(s).replace([',', '，'], "").parse::<f64>().ok(),
                    _ => None,
                }
                .filter(|n| n.is_finite());
                let Some(number) = number else {
                    self.error(
                        path,
                        Message::new("form-number").with("label", &field.label),
                    );
                    return None;
                };
                if *integer && number.fract() != 0.0 {
                    self.error(
                        path,
                        Message::new("form-whole-number").with("label", &field.label),
                    );
                    return None;
                }
                if let Some(min) = min
                    && number < *min
                {
                    self.error(
                        path,
                        Message::new("form-at-least")
                            .with("label", &field.label)
                            .with("min", min.to_string()),
                    );
                    return None;
                }
                if let Some(max) = max
                    && number > *max
                {
                    self.error(
                        path,
                        Message::new("form-at-most")
                            .with("label", &field.label)
                            .with("max", max.to_string()),
                    );
                    return None;
                }
                if *integer && number.abs() < 9.0e15 {
                    Some(Value::from(number as i64))
                } else {
                    serde_json::Number::from_f64(number).map(Value::Number)
                }
            }
            FieldKind::Date { min, max } => {
                let text = self.text_of(field, value, path)?;
                let date = match kernel::wareki::parse_date(&text) {
                    Ok(date) => date,
                    Err(_) => {
                        self.error(
                            path,
                            Message::new("form-date-such-as-2023").with("label", &field.label),
                        );
                        return None;
                    }
                };
                let bound = |b: &Option<String>| -> Option<Date> {
                    b.as_deref().and_then(|b| {
                        if b == "today" {
                            Some(self.context.today)
                        } else {
                            kernel::wareki::parse_date(b).ok()
                        }
                    })
                };
                if let Some(min) = bound(min)
                    && date < min
                {
                    self.error(
                        path,
                        Message::new("form-after").with("label", &field.label).with(
                            "date",
                            Arg::pair(kernel::wareki::wareki_date(min), min.to_string()),
                        ),
                    );
                    return None;
                }
                if let Some(max) = bound(max)
                    && date > max
                {
                    self.error(
                        path,
                        Message::new("form-before")
                            .with("label", &field.label)
                            .with(
                                "date",
                                Arg::pair(kernel::wareki::wareki_date(max), max.to_string()),
                            ),
                    );
                    return None;
                }
                Some(Value::String(date.to_string()))
            }
            FieldKind::Select { options } | FieldKind::Radio { options } => {
                let text = self.text_of(field, value, path)?;
                if options.iter().any(|o| o.value == text) {
                    Some(Value::String(text))
                } else {
                    self.error(
                        path,
                        Message::new("form-choose-from-list").with("label", &field.label),
                    );
                    None
                }
            }
            FieldKind::Checkbox { options } if options.is_empty() => match value {
                Value::Bool(b) => Some(Value::Bool(*b)),
                Value::String(s) if ["on", "true", "1", "yes"].contains(&s.as_str()) => {
                    Some(Value::Bool(true))
                }
                _ => {
                    self.error(
                        path,
                        Message::new("form-true-false").with("label", &field.label),
                    );
                    None
                }
            },
            FieldKind::Checkbox { options } => self.choices(field, options, value, path),
            FieldKind::Email => {
                let text = nfkc_trim(&self.text_of(field, value, path)?);
                let valid = text.len() <= 254
                    && text.split_once('@').is_some_and(|(local, domain)| {
                        !local.is_empty()
                            && domain.contains('.')
                            && !domain.starts_with('.')
                            && !domain.ends_with('.')
                            && !text.contains(|c: char| {
                                c.is_whitespace()
                                    || c.is_control()
                                    || kernel::text::is_hidden_format(c)
                            })
                            && text.matches('@').count() == 1
                    });
                if !valid {
                    self.error(
                        path,
                        Message::new("form-not-valid-e-mail").with("label", &field.label),
                    );
                    return None;
                }
                let (local, domain) = text.split_once('@').unwrap_or_default();
                Some(Value::String(format!("{local}@{}", domain.to_lowercase())))
            }
            FieldKind::Phone => {
                let text = nfkc_trim(&self.text_of(field, value, path)?);
                let digits: String = text
                    .chars()
                    .filter(|c| !matches!(c, '-' | ' ' | '(' | ')' | '−' | 'ー'))
                    .collect();
                let digits = match digits.strip_prefix("+81") {
                    Some(rest) => format!("0{rest}"),
                    None => digits,
                };
                if !(digits.starts_with('0')
                    && (10..=11).contains(&digits.len())
                    && digits.chars().all(|c| c.is_ascii_digit()))
                {
                    self.error(
                        path,
                        Message::new("form-10-11-digit-number").with("label", &field.label),
                    );
                    return None;
                }
                Some(Value::String(digits))
            }
            FieldKind::PostalCode => {
                let text = nfkc_trim(&self.text_of(field, value, path)?);
                let digits: String = text
                    .trim_start_matches('〒')
                    .chars()
                    .filter(|c| !matches!(c, '-' | ' ' | '−' | 'ー' | '‐'))
                    .collect();
                if digits.len() != 7 || !digits.chars().all(|c| c.is_ascii_digit()) {
                    self.error(
                        path,
                        Message::new("form-7-digits-e-g").with("label", &field.label),
                    );
                    return None;
                }
                Some(Value::String(digits))
            }
            FieldKind::NameWithFurigana => self.name(field, value, path),
            FieldKind::BankAccount => self.bank_account(field, value, path),
            FieldKind::File { accept, max_bytes } => {
                self.file(field, accept, *max_bytes, value, path)
            }
            FieldKind::Group {
                fields, min, max, ..
            } => {
                let Some(items) = value.as_array() else {
                    self.error(path, Message::new("form-list").with("label", &field.label));
                    return None;
                };
                if items.len() < *min || items.len() > *max {
                    self.error(
                        path,
                        Message::new("form-takes-between-entries")
                            .with("label", &field.label)
                            .with("min", min.to_string())
                            .with("max", max.to_string()),
                    );
                    return None;
                }
                let fields: Vec<&Field> = fields.iter().collect();
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let item_path = format!("{path}[{i}].");
                    match item.as_object() {
                        Some(object) => out.push(Value::Object(
                            self.fields(&fields, object, &item_path, scope),
                        )),
                        None => self.error(
                            &format!("{path}[{i}]"),
                            Message::new("form-entry-malformed")
                                .with("label", &field.label)
                                .with("n", i + 1),
                        ),
                    }
                }
                Some(Value::Array(out))
            }
        }
    }

    fn choices(
        &mut self,
        field: &Field,
        options: &[Choice],
        value: &Value,
        path: &str,
    ) -> Option<Value> {
        let chosen: Vec<String> = match value {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        let all_known =
            !chosen.is_empty() && chosen.iter().all(|c| options.iter().any(|o| o.value == *c));
        if !all_known || matches!(value, Value::Array(items) if items.len() != chosen.len()) {
            self.error(
                path,
                Message::new("form-choose-from-list").with("label", &field.label),
            );
            return None;
        }
        let mut ordered: Vec<Value> = options
            .iter()
            .filter(|o| chosen.contains(&o.value))
            .map(|o| Value::String(o.value.clone()))
            .collect();
        ordered.dedup();
        Some(Value::Array(ordered))
    }

    fn part<'v>(&mut self, object: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
        object
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn name(&mut self, field: &Field, value: &Value, path: &str) -> Option<Value> {
        let Some(object) = value.as_object() else {
            self.error(
                path,
                Message::new("form-malformed").with("label", &field.label),
            );
            return None;
        };
        let mut out = Map::new();
        let parts = [
            ("family_name", "part-family-name", false),
            ("given_name", "part-given-name", false),
            ("family_name_kana", "part-family-name-kana", true),
            ("given_name_kana", "part-given-name-kana", true),
        ];
        let mut ok = true;
        for (key, part, kana) in parts {
            let sub_path = format!("{path}.{key}");
            let Some(text) = self.part(object, key) else {
                self.error(
                    &sub_path,
                    Message::new("form-enter")
                        .with("label", &field.label)
                        .with("part", Arg::Key(part)),
                );
                ok = false;
                continue;
            };
            let latin = kana && field.latin_allowed && {
                let folded = kernel::text::nfkc(text).replace('　', " ");
                is_latin_name(folded.trim())
            };
            let text = if latin {
                kernel::text::nfkc(text)
                    .replace('　', " ")
                    .trim()
                    .to_uppercase()
            } else if kana {
                to_katakana(text).replace('　', " ")
            } else {
                text.to_string()
            };
            if text.contains(|c: char| c.is_control() || kernel::text::is_hidden_format(c)) {
                self.error(
                    &sub_path,
                    Message::new("form-contains-characters-that-cannot")
                        .with("label", &field.label),
                );
                ok = false;
            } else if text.chars().count() > NAME_MAX {
                self.error(
                    &sub_path,
                    Message::new("form-at-most-characters-2")
                        .with("label", &field.label)
                        .with("part", Arg::Key(part))
                        .with("max", NAME_MAX),
                );
                ok = false;
            } else if kana && !latin && !is_katakana(&text) {
                self.error(
                    &sub_path,
                    Message::new(if field.latin_allowed {
                        "form-write-katakana-or-latin"
                    } else {
                        "form-write-katakana"
                    })
                    .with("label", &field.label)
                    .with("part", Arg::Key(part)),
                );
                ok = false;
            } else {
                out.insert(key.to_string(), Value::String(text));
            }
        }
        ok.then_some(Value::Object(out))
    }

    fn bank_account(&mut self, field: &Field, value: &Value, path: &str) -> Option<Value> {
        let Some(object) = value.as_object() else {
            self.error(
                path,
                Message::new("form-malformed").with("label", &field.label),
            );
            return None;
        };
        let mut out = Map::new();
        let mut ok = true;
        let digits = |checker: &mut Self,
                      key: &str,
                      name: &'static str,
                      min: usize,
                      max: usize|
         -> Option<String> {
            let sub_path = format!("{path}.{key}");
            let text = checker
                .part(object, key)
                .map(kernel::text::nfkc)
                .unwrap_or_default();
            if text.is_empty()
                || !text.chars().all(|c| c.is_ascii_digit())
                || text.len() < min
                || text.len() > max
            {
                let id = if min == max {
                    "form-exact-digits"
                } else {
                    "form-up-digits"
                };
                checker.error(
                    &sub_path,
                    Message::new(id)
                        .with("name", Arg::Key(name))
                        .with("max", max),
                );
                return None;
            }
            Some(format!("{text:0>max$}"))
        };
        for (key, name, min, max) in [
            ("bank_code", "part-bank-code", 4, 4),
            ("branch_code", "part-branch-code", 3, 3),
            ("account_number", "part-account-number", 1, 7),
        ] {
            match digits(self, key, name, min, max) {
                Some(v) => {
                    out.insert(key.to_string(), Value::String(v));
                }
                None => ok = false,
            }
        }
        let chosen = self
            .part(object, "account_type")
            .map(str::to_owned)
            .unwrap_or_default();
        match account_type(&chosen) {
            Some(t) => {
                out.insert("account_type".into(), Value::String(t.into()));
            }
            None => {
                self.error(
                    &format!("{path}.account_type"),
                    Message::new("form-choose-account-type"),
                );
                ok = false;
            }
        }
        match self.part(object, "account_holder").map(account_holder_kana) {
            Some(Ok(holder)) => {
                out.insert("account_holder".into(), Value::String(holder));
            }
            Some(Err(bad)) => {
                self.error(
                    &format!("{path}.account_holder"),
                    Message::new("form-write-account-holder-katakana").with("bad", bad.to_string()),
                );
                ok = false;
            }
            None => {
                self.error(
                    &format!("{path}.account_holder"),
                    Message::new("form-enter-account-holder"),
                );
                ok = false;
            }
        }
        ok.then_some(Value::Object(out))
    }

    fn file(
        &mut self,
        field: &Field,
        accept: &[String],
        max_bytes: u64,
        value: &Value,
        path: &str,
    ) -> Option<Value> {
        let reference = value.as_object().and_then(|o| {
            Some((
                o.get("attachment_id")?.as_str()?,
                o.get("content_type")?.as_str()?,
                o.get("size")?.as_u64()?,
            ))
        });
        let Some((id, content_type, size)) = reference else {
            self.error(
                path,
                Message::new("form-file-missing-attach-again").with("label", &field.label),
            );
            return None;
        };
        if !accept.iter().any(|a| a == content_type) {
            self.error(
                path,
                Message::new("form-one")
                    .with("label", &field.label)
                    .with("value", Arg::pair(accept.join("・"), accept.join(", "))),
            );
            return None;
        }
        if size > max_bytes {
            let mb = max_bytes as f64 / 1_048_576.0;
            self.error(
                path,
                Message::new("form-file-too-large-up")
                    .with("label", &field.label)
                    .with("mb", mb.to_string()),
            );
            return None;
        }
        let mut kept = Map::new();
        kept.insert("attachment_id".into(), Value::from(id));
        kept.insert("content_type".into(), Value::from(content_type));
        kept.insert("size".into(), Value::from(size));
        if let Some(name) = value.get("file_name").and_then(Value::as_str) {
            let name: String = name.chars().take(255).collect();
            kept.insert("file_name".into(), Value::from(name));
        }
        Some(Value::Object(kept))
    }
}

/// 預金種目 as stored (普通・当座・貯蓄) from what a form or the API sends:
/// the name, its reading, the English, or the 全銀 code.
pub fn account_type(text: &str) -> Option<&'static str> {
    let text = kernel::text::nfkc(text.trim()).to_lowercase();
    match to_katakana(&text).as_str() {
        "普通" | "普通預金" | "フツウ" | "ordinary" | "1" => Some("普通"),
        "当座" | "当座預金" | "トウザ" | "current" | "checking" | "2" => Some("当座"),
        "貯蓄" | "貯蓄預金" | "チョチク" | "savings" | "4" => Some("貯蓄"),
        _ => None,
    }
}

/// Furigana as a foreign resident may write it where the procedure allows:
/// Latin letters as a passport or residence card spells the name.
fn is_latin_name(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphabetic() || " -'.,".contains(c))
}

/// 口座名義 as banks' transfer data (全銀) allows it: katakana (small kana
/// become large, as banks print them), A–Z, 0–9, space and ( ) . - /.
/// Returns the characters that cannot be used when there are any.
pub fn account_holder_kana(text: &str) -> Result<String, String> {
    let converted: String = to_katakana(text)
        .to_uppercase()
        .chars()
        .map(|c| match c {
            'ァ' => 'ア',
            'ィ' => 'イ',
            'ゥ' => 'ウ',
            'ェ' => 'エ',
            'ォ' => 'オ',
            'ッ' => 'ツ',
            'ャ' => 'ヤ',
            'ュ' => 'ユ',
            'ョ' => 'ヨ',
            'ヮ' => 'ワ',
            '　' => ' ',
            other => other,
        })
        .collect();
    let bad: String = converted
        .chars()
        .filter(|c| {
            !(('\u{30A1}'..='\u{30F4}').contains(c)
                || *c == 'ー'
                || c.is_ascii_uppercase()
                || c.is_ascii_digit()
                || " ().-/".contains(*c))
        })
        .collect();
    if bad.is_empty() && !converted.trim().is_empty() {
        Ok(converted.trim().to_string())
    } else {
        Err(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn context() -> Context {
        Context {
            today: time::macros::date!(2026 - 12 - 05),
        }
    }

    #[test]
    fn the_account_type_is_read_from_its_name_reading_or_code() {
        for typed in ["普通", "ふつう", "フツウ", "ordinary", "1", "普通預金"] {
            assert_eq!(account_type(typed), Some("普通"), "{typed}");
        }
        assert_eq!(account_type("とうざ"), Some("当座"));
        assert_eq!(account_type("貯蓄"), Some("貯蓄"));
        assert_eq!(account_type("定期"), None);
    }

    #[test]
    fn latin_furigana_is_taken_only_where_the_form_allows_it() {
        let form = |latin: bool| {
            FormDefinition::from_json(
                &json!({"procedure_id": "p", "title": {"ja": "t"}, "sections": [{"id": "s", "title": {"ja": "s"}, "fields": [
                    {"id": "name", "type": "name_with_furigana", "label": {"ja": "氏名"}, "latin_allowed": latin}]}]})
                .to_string(),
            )
            .expect("definition")
        };
        let answers = json!({"name": {"family_name": "NGUYEN", "given_name": "VAN AN", "family_name_kana": "Nguyen", "given_name_kana": "Van An"}});
        let taken = validate(&form(true), &answers, context()).expect("latin allowed");
        assert_eq!(taken["name"]["given_name_kana"], "VAN AN");
        let refused = validate(&form(false), &answers, context()).expect_err("katakana only");
        assert_eq!(refused[0].field, "name.family_name_kana");
        let mixed = json!({"name": {"family_name": "a", "given_name": "b", "family_name_kana": "グエン1", "given_name_kana": "アン"}});
        let refused = validate(&form(true), &mixed, context()).expect_err("neither");
        assert_eq!(
            refused[0].marked_up(kernel::i18n::Lang::Ja),
            "氏名の姓（フリガナ）はカタカナかローマ字で入力してください。"
        );
    }
}
