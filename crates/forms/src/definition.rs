//! A form definition: sections of fields, each with a type, rules, labels and
//! help in Japanese and English, and optional conditions for showing it.

use std::collections::HashSet;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// Texts of a form in Japanese, English and further languages.
pub use kernel::i18n::Localized;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FormDefinition {
    /// Empty in a template (see [`crate::template`]); required otherwise.
    #[serde(default)]
    pub procedure_id: String,
    /// Assigned when the definition is stored; a submission records it.
    #[serde(default)]
    pub version: i64,
    pub title: Localized,
    #[serde(default)]
    pub description: Option<Localized>,
    pub sections: Vec<Section>,
    #[serde(default)]
    pub duplicate_rule: Option<DuplicateRule>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: Localized,
    #[serde(default)]
    pub help: Option<Localized>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Field {
    pub id: String,
    pub label: Localized,
    #[serde(default)]
    pub help: Option<Localized>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub visible_when: Option<Condition>,
    /// For a text or date field asking for the applicant's own data: which
    /// value of a signed-in resident's profile fills it on a new application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<Prefill>,
    /// For a name: foreign residents may write the furigana in Latin letters
    /// (the procedure takes a name as the residence card spells it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub latin_allowed: bool,
    #[serde(flatten)]
    pub kind: FieldKind,
}

/// A value of the resident's profile that may fill a text or date field.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    /// The name and its furigana (a name_with_furigana field).
    Name,
    Email,
    Phone,
    PostalCode,
    /// The address (without the postal code).
    Address,
    /// The birth date (a date field).
    BirthDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    Text {
        #[serde(default)]
        min_length: Option<usize>,
        #[serde(default)]
        max_length: Option<usize>,
        /// A regular expression the whole answer must match.
        #[serde(default)]
        pattern: Option<String>,
    },
    LongText {
        #[serde(default)]
        max_length: Option<usize>,
    },
    Number {
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
        #[serde(default)]
        integer: bool,
    },
    /// Entered and shown in 和暦 or western years; stored as ISO dates.
    /// `min`/`max` are ISO dates or `today`.
    Date {
        #[serde(default)]
        min: Option<String>,
        #[serde(default)]
        max: Option<String>,
    },
    Select {
        options: Vec<Choice>,
    },
    Radio {
        options: Vec<Choice>,
    },
    /// With options: any number of them; without: one yes/no box (consent).
    Checkbox {
        #[serde(default)]
        options: Vec<Choice>,
    },
    Email,
    Phone,
    /// Seven digits, hyphen optional.
    PostalCode,
    /// Family and given name with their furigana in katakana.
    NameWithFurigana,
    /// 金融機関コード, 支店コード, 種目, 口座番号, 口座名義 (katakana).
    BankAccount,
    File {
        /// Content types accepted, judged from the file's content.
        accept: Vec<String>,
        max_bytes: u64,
    },
    /// A repeatable group of fields (e.g. the children of a household).
    Group {
        fields: Vec<Field>,
        #[serde(default)]
        min: usize,
        max: usize,
        /// What one entry is called ("Child" / 「お子さん」): entries are
        /// shown as "Child 1"; without it, as the group's label and a number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        item_label: Option<Localized>,
    },
}

impl FieldKind {
    /// The named parts a posted answer of this kind carries (`name.family_name`);
    /// empty for a field posted as one value.
    pub fn parts(&self) -> &'static [&'static str] {
        match self {
            FieldKind::NameWithFurigana => &[
                "family_name",
                "given_name",
                "family_name_kana",
                "given_name_kana",
            ],
            FieldKind::BankAccount => &[
                "bank_code",
                "branch_code",
                "account_type",
                "account_number",
                "account_holder",
            ],
            FieldKind::File { .. } => &["attachment_id"],
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: Localized,
}

/// Show a field only when an earlier field has one of these values.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: String,
    #[serde(default)]
    pub equals: Option<String>,
    #[serde(default)]
    pub one_of: Vec<String>,
}

impl Condition {
    pub fn holds(&self, value: Option<&serde_json::Value>) -> bool {
        let text = match value {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Bool(b)) => b.to_string(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(serde_json::Value::Array(items)) => {
                return items.iter().any(|item| self.holds(Some(item)));
            }
            _ => return false,
        };
        self.equals.as_deref() == Some(text.as_str()) || self.one_of.contains(&text)
    }
}

/// Who may apply once, and for how long (the 2020 cash-benefit lesson).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DuplicateRule {
    /// Fields whose normalized values identify the person or household.
    pub key_fields: Vec<String>,
    /// `fiscal_year` (once per 年度) or `ever`.
    pub period: DuplicatePeriod,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DuplicatePeriod {
    FiscalYear,
    Ever,
}

/// One problem in a definition: where (a JSON path) and why, in Japanese
/// for the city's staff and in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DefinitionError {
    pub path: String,
    pub message_ja: String,
    pub message: String,
}

impl DefinitionError {
    pub fn new(path: impl Into<String>, ja: impl Into<String>, en: impl Into<String>) -> Self {
        DefinitionError {
            path: path.into(),
            message_ja: ja.into(),
            message: en.into(),
        }
    }
}

impl std::fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{} / {}", self.message_ja, self.message)
    }
}

pub const KNOWN_CONTENT_TYPES: [&str; 6] = [
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/heic",
    "image/gif",
    "image/webp",
];

/// What a file picker offers for a content type the server accepts: the
/// type, its other names and the file name endings phones and PCs use.
fn picker_names(content_type: &str) -> &'static [&'static str] {
    match content_type {
        "application/pdf" => &[".pdf", "application/pdf"],
        "image/jpeg" => &[".jpg", ".jpeg", "image/jpeg"],
        "image/png" => &[".png", "image/png"],
        // The server reads HEIF containers as HEIC (phones' photos).
        "image/heic" => &[".heic", ".heif", "image/heic", "image/heif"],
        "image/gif" => &[".gif", "image/gif"],
        "image/webp" => &[".webp", "image/webp"],
        _ => &[],
    }
}

/// The `accept` attribute of a file input from the content types the field
/// accepts (the list the server checks uploads against).
pub fn accept_attribute(accept: &[String]) -> String {
    accept
        .iter()
        .flat_map(|content_type| picker_names(content_type).iter().copied())
        .collect::<Vec<_>>()
        .join(",")
}

fn is_identifier(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl FormDefinition {
    /// Parses and checks a definition; every problem is reported, not only the first.
    pub fn from_json(text: &str) -> Result<Self, Vec<DefinitionError>> {
        let definition: FormDefinition = serde_json::from_str(text).map_err(|e| {
            vec![DefinitionError::new(
                format!("line {}, column {}", e.line(), e.column()),
                format!("{}行{}列目が JSON として読めません", e.line(), e.column()),
                e.to_string(),
            )]
        })?;
        let errors = definition.check();
        if errors.is_empty() {
            Ok(definition)
        } else {
            Err(errors)
        }
    }

    /// Every field, groups included, with its path (`children[].name`).
    /// Whether any field, in a group or not, takes a file.
    pub fn has_files(&self) -> bool {
        fn any_file(fields: &[Field]) -> bool {
            fields.iter().any(|field| match &field.kind {
                FieldKind::File { .. } => true,
                FieldKind::Group { fields, .. } => any_file(fields),
                _ => false,
            })
        }
        self.sections
            .iter()
            .any(|section| any_file(&section.fields))
    }

    pub fn all_fields(&self) -> Vec<(String, &Field)> {
        fn walk<'a>(prefix: &str, fields: &'a [Field], out: &mut Vec<(String, &'a Field)>) {
            for field in fields {
                let path = format!("{prefix}{}", field.id);
                out.push((path.clone(), field));
                if let FieldKind::Group { fields, .. } = &field.kind {
                    walk(&format!("{path}[]."), fields, out);
                }
            }
        }
        let mut out = Vec::new();
        for section in &self.sections {
            walk("", &section.fields, &mut out);
        }
        out
    }

    /// Every text residents read, with its path (`sections[0].fields[2].label`).
    pub fn texts(&self) -> Vec<(String, &Localized)> {
        fn field_texts<'a>(
            prefix: &str,
            fields: &'a [Field],
            out: &mut Vec<(String, &'a Localized)>,
        ) {
            for (i, field) in fields.iter().enumerate() {
                let here = format!("{prefix}[{i}]");
                out.push((format!("{here}.label"), &field.label));
                if let Some(help) = &field.help {
                    out.push((format!("{here}.help"), help));
                }
                match &field.kind {
                    FieldKind::Select { options }
                    | FieldKind::Radio { options }
                    | FieldKind::Checkbox { options } => {
                        for (o, option) in options.iter().enumerate() {
                            out.push((format!("{here}.options[{o}].label"), &option.label));
                        }
                    }
                    FieldKind::Group {
                        fields, item_label, ..
                    } => {
                        if let Some(item_label) = item_label {
                            out.push((format!("{here}.item_label"), item_label));
                        }
                        field_texts(&format!("{here}.fields"), fields, out)
                    }
                    _ => {}
                }
            }
        }
        let mut out = vec![("title".to_string(), &self.title)];
        for (s, section) in self.sections.iter().enumerate() {
            out.push((format!("sections[{s}].title"), &section.title));
            if let Some(help) = &section.help {
                out.push((format!("sections[{s}].help"), help));
            }
            field_texts(&format!("sections[{s}].fields"), &section.fields, &mut out);
        }
        out
    }

    /// Whether every text of the form is translated into `lang`.
    pub fn translated_into(&self, lang: kernel::i18n::Lang) -> bool {
        self.texts()
            .iter()
            .all(|(_, text)| !text.get(lang).fallback)
    }

    /// Every problem of the definition, each with where and why; empty when
    /// it can be published.
    pub fn problems(&self) -> Vec<DefinitionError> {
        self.check()
    }

    pub(crate) fn check(&self) -> Vec<DefinitionError> {
        let mut errors = Vec::new();
        let mut error =
            |path: String, ja: String, en: String| errors.push(DefinitionError::new(path, ja, en));
        for (path, text) in self.texts() {
            for code in text.unknown_languages() {
                error(
                    format!("{path}.{code}"),
                    format!(
                        "言語 {code:?} は使えません（ja, en, ja-x-easy, zh-Hans, ko, pt-BR, vi, tl のいずれか）"
                    ),
                    format!(
                        "unknown language {code:?}: translations go under ja, en, ja-x-easy, zh-Hans, ko, pt-BR, vi or tl"
                    ),
                );
            }
        }
        if self.procedure_id.trim().is_empty() {
            error(
                "procedure_id".into(),
                "手続が指定されていません".into(),
                "must not be empty".into(),
            );
        }
        if self.title.ja.trim().is_empty() {
            error(
                "title.ja".into(),
                "申請書の題名（日本語）を入れてください".into(),
                "a Japanese title is required".into(),
            );
        }
        if self.sections.is_empty() {
            error(
                "sections".into(),
                "区分（セクション）が一つもありません".into(),
                "a form needs at least one section".into(),
            );
        }
        let mut section_ids = HashSet::new();
        let mut seen_top: Vec<String> = Vec::new();
        // Top-level answers share one object across sections; a group's
        // fields have their own.
        let mut top_ids = HashSet::new();
        for (s, section) in self.sections.iter().enumerate() {
            let here = format!("sections[{s}]");
            if !is_identifier(&section.id) || !section_ids.insert(section.id.clone()) {
                error(
                    format!("{here}.id"),
                    format!(
                        "区分の識別子 {:?} は英数字と _ で、重複しないものにしてください",
                        section.id
                    ),
                    format!("{:?} must be a unique identifier (a-z, 0-9, _)", section.id),
                );
            }
            if section.title.ja.trim().is_empty() {
                error(
                    format!("{here}.title.ja"),
                    "区分の見出し（日本語）を入れてください".into(),
                    "a Japanese section title is required".into(),
                );
            }
            if section.fields.is_empty() {
                error(
                    format!("{here}.fields"),
                    "この区分には質問がありません".into(),
                    "a section needs at least one field".into(),
                );
            }
            check_fields(
                &section.fields,
                &format!("{here}.fields"),
                &mut seen_top,
                &mut top_ids,
                &mut error,
            );
        }
        if let Some(rule) = &self.duplicate_rule {
            let known: HashSet<String> = self
                .all_fields()
                .into_iter()
                .map(|(path, _)| path)
                .collect();
            for key in &rule.key_fields {
                if !known.contains(key) {
                    error(
                        "duplicate_rule.key_fields".into(),
                        format!("重複申請の判定に使う質問 {key:?} がありません"),
                        format!("no field {key:?}"),
                    );
                }
            }
            if rule.key_fields.is_empty() {
                error(
                    "duplicate_rule.key_fields".into(),
                    "重複申請の判定に使う質問を一つ以上選んでください".into(),
                    "name at least one field".into(),
                );
            }
        }
        errors
    }
}

/// `seen`: fields a condition may refer to; `ids`: the names already taken
/// in this answer object.
fn check_fields(
    fields: &[Field],
    here: &str,
    seen: &mut Vec<String>,
    ids: &mut HashSet<String>,
    error: &mut impl FnMut(String, String, String),
) {
    for (i, field) in fields.iter().enumerate() {
        let path = format!("{here}[{i}]");
        if !is_identifier(&field.id) {
            error(
                format!("{path}.id"),
                format!("質問の識別子 {:?} は英数字と _ にしてください", field.id),
                format!("{:?} must be an identifier (a-z, 0-9, _)", field.id),
            );
        }
        if !ids.insert(field.id.clone()) {
            error(
                format!("{path}.id"),
                format!("質問の識別子 {:?} が重複しています", field.id),
                format!("{:?} is used twice", field.id),
            );
        }
        if field.label.ja.trim().is_empty() {
            error(
                format!("{path}.label.ja"),
                "質問文（日本語）を入れてください".into(),
                "a Japanese label is required".into(),
            );
        }
        if let Some(condition) = &field.visible_when {
            if !seen.contains(&condition.field) || condition.field == field.id {
                error(
                    format!("{path}.visible_when.field"),
                    format!(
                        "表示の条件には、この質問より前の質問を選んでください（{:?} はありません）",
                        condition.field
                    ),
                    format!("{:?} must name a field that comes earlier", condition.field),
                );
            }
            if condition.equals.is_none() && condition.one_of.is_empty() {
                error(
                    format!("{path}.visible_when"),
                    "表示の条件となる回答を選んでください".into(),
                    "give `equals` or `one_of`".into(),
                );
            }
        }
        if let Some(prefill) = field.prefill {
            let fits = match prefill {
                Prefill::Name => matches!(field.kind, FieldKind::NameWithFurigana),
                Prefill::Email => matches!(field.kind, FieldKind::Email),
                Prefill::Phone => matches!(field.kind, FieldKind::Phone),
                Prefill::PostalCode => matches!(field.kind, FieldKind::PostalCode),
                Prefill::Address => matches!(
                    field.kind,
                    FieldKind::Text { .. } | FieldKind::LongText { .. }
                ),
                Prefill::BirthDate => matches!(field.kind, FieldKind::Date { .. }),
            };
            if !fits {
                error(
                    format!("{path}.prefill"),
                    "この質問の種類には、そのプロフィールの値を入れられません（住所は文字、生年月日は日付、氏名・メール・電話・郵便番号は同じ種類の質問に）".into(),
                    "this kind of field cannot take that profile value (address: text, birth_date: date, name/email/phone/postal_code: the field of that kind)".into(),
                );
            }
        }
        if field.latin_allowed && !matches!(field.kind, FieldKind::NameWithFurigana) {
            error(
                format!("{path}.latin_allowed"),
                "ローマ字のふりがなは氏名（ふりがな付き）の質問にだけ指定できます".into(),
                "only a name_with_furigana field takes latin_allowed".into(),
            );
        }
        check_kind(&field.kind, &path, seen, error);
        seen.push(field.id.clone());
    }
}

fn check_choices(
    options: &[Choice],
    path: &str,
    required: bool,
    error: &mut impl FnMut(String, String, String),
) {
    if required && options.is_empty() {
        error(
            format!("{path}.options"),
            "選択肢を一つ以上入れてください".into(),
            "list at least one option".into(),
        );
    }
    let mut values = HashSet::new();
    for (i, option) in options.iter().enumerate() {
        if option.value.is_empty() || !values.insert(option.value.clone()) {
            error(
                format!("{path}.options[{i}].value"),
                format!("選択肢の値 {:?} が空か重複しています", option.value),
                format!("{:?} must be unique and not empty", option.value),
            );
        }
        if option.label.ja.trim().is_empty() {
            error(
                format!("{path}.options[{i}].label.ja"),
                "選択肢の文言（日本語）を入れてください".into(),
                "a Japanese label is required".into(),
            );
        }
    }
}

fn check_kind(
    kind: &FieldKind,
    path: &str,
    seen: &[String],
    error: &mut impl FnMut(String, String, String),
) {
    match kind {
        FieldKind::Text {
            min_length,
            max_length,
            pattern,
        } => {
            if let (Some(min), Some(max)) = (min_length, max_length)
                && min > max
            {
                error(
                    format!("{path}.min_length"),
                    "最小文字数が最大文字数より大きくなっています".into(),
                    "is larger than max_length".into(),
                );
            }
            if let Some(pattern) = pattern
                && let Err(e) = Regex::new(&format!("^(?:{pattern})$"))
            {
                error(
                    format!("{path}.pattern"),
                    format!("入力の形式（正規表現）が正しくありません: {e}"),
                    format!("not a valid regular expression: {e}"),
                );
            }
        }
        FieldKind::Number {
            min: Some(min),
            max: Some(max),
            ..
        } if min > max => {
            error(
                format!("{path}.min"),
                "最小値が最大値より大きくなっています".into(),
                "is larger than max".into(),
            );
        }
        FieldKind::Date { min, max } => {
            for (name, bound) in [("min", min), ("max", max)] {
                if let Some(bound) = bound
                    && bound != "today"
                    && kernel::wareki::parse_date(bound).is_err()
                {
                    error(
                        format!("{path}.{name}"),
                        format!("{bound:?} は日付でも「今日」でもありません"),
                        format!("{bound:?} is neither a date nor \"today\""),
                    );
                }
            }
        }
        FieldKind::Select { options } | FieldKind::Radio { options } => {
            check_choices(options, path, true, error)
        }
        FieldKind::Checkbox { options } => check_choices(options, path, false, error),
        FieldKind::File { accept, max_bytes } => {
            if accept.is_empty() {
                error(
                    format!("{path}.accept"),
                    "受け付けるファイルの種類を選んでください".into(),
                    "list the accepted content types".into(),
                );
            }
            for content_type in accept {
                if !KNOWN_CONTENT_TYPES.contains(&content_type.as_str()) {
                    error(
                        format!("{path}.accept"),
                        format!(
                            "{content_type:?} は受け付けられる種類（{}）ではありません",
                            KNOWN_CONTENT_TYPES.join(", ")
                        ),
                        format!(
                            "{content_type:?} is not one of {}",
                            KNOWN_CONTENT_TYPES.join(", ")
                        ),
                    );
                }
            }
            if *max_bytes == 0 || *max_bytes > 50 * 1024 * 1024 {
                error(
                    format!("{path}.max_bytes"),
                    "ファイルの大きさの上限は 1 バイトから 50 MiB の間にしてください".into(),
                    "must be between 1 byte and 50 MiB".into(),
                );
            }
        }
        FieldKind::Group {
            fields, min, max, ..
        } => {
            if fields.is_empty() {
                error(
                    format!("{path}.fields"),
                    "繰り返しのまとまりに質問がありません".into(),
                    "a group needs at least one field".into(),
                );
            }
            if min > max || *max == 0 || *max > 100 {
                error(
                    format!("{path}.max"),
                    "繰り返しの回数は最小から最大まで（最大 1〜100 回）にしてください".into(),
                    "a group repeats between min and max times (max 1–100)".into(),
                );
            }
            let mut inner = seen.to_vec();
            check_fields(
                fields,
                &format!("{path}.fields"),
                &mut inner,
                &mut HashSet::new(),
                error,
            );
        }
        _ => {}
    }
}
