//! What the builder does to a form, as plain functions: add, edit, reorder,
//! duplicate and delete questions and sections. An operation either returns
//! a definition the validator accepts or leaves the form as it was and says
//! every problem, in Japanese and English, pointing at the question.

use std::collections::HashSet;

use forms::definition::{Choice, Condition, Field, Section};
use forms::{DefinitionError, FieldKind, FormDefinition, Localized};

/// Where a question is: its section, its place there, and its place inside
/// a repeatable group when it belongs to one. Written `s0.f2` or `s0.f2.c1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct At {
    pub section: usize,
    pub field: usize,
    pub child: Option<usize>,
}

impl At {
    pub fn parse(text: &str) -> Option<At> {
        let mut parts = text.split('.');
        let section = parts.next()?.strip_prefix('s')?.parse().ok()?;
        let field = parts.next()?.strip_prefix('f')?.parse().ok()?;
        let child = match parts.next() {
            Some(c) => Some(c.strip_prefix('c')?.parse().ok()?),
            None => None,
        };
        parts.next().is_none().then_some(At {
            section,
            field,
            child,
        })
    }

    /// The anchor and form name of the question (`s0.f2.c1`).
    pub fn code(&self) -> String {
        match self.child {
            Some(c) => format!("s{}.f{}.c{c}", self.section, self.field),
            None => format!("s{}.f{}", self.section, self.field),
        }
    }

    /// The element id of the question in the builder page (`q-s0-f2-c1`).
    pub fn anchor(&self) -> String {
        format!("q-{}", self.code().replace('.', "-"))
    }

    /// The question a validator path points into (`sections[0].fields[2]…`).
    pub fn of_path(path: &str) -> Option<At> {
        fn index(rest: &str, key: &str) -> Option<(usize, usize)> {
            let rest = rest.strip_prefix(key)?;
            let end = rest.find(']')?;
            Some((rest.get(..end)?.parse().ok()?, key.len() + end + 1))
        }
        let (section, used) = index(path, "sections[")?;
        let rest = path.get(used..)?;
        let (field, used) = index(rest, ".fields[")?;
        let rest = rest.get(used..)?;
        let child = index(rest, ".fields[").map(|(c, _)| c);
        Some(At {
            section,
            field,
            child,
        })
    }
}

/// The kinds of question staff can add, with their names in the builder.
pub const KINDS: [(&str, &str, &str); 15] = [
    ("text", "短い文章", "Short text"),
    ("long_text", "長い文章", "Long text"),
    ("number", "数値", "Number"),
    (
        "date",
        "日付（和暦・西暦）",
        "Date (Japanese or western year)",
    ),
    ("radio", "一つを選ぶ（ボタン）", "One choice (buttons)"),
    ("select", "一つを選ぶ（一覧）", "One choice (list)"),
    ("checkbox", "いくつでも選ぶ", "Any number of choices"),
    ("consent", "同意のチェック", "Consent box"),
    ("email", "メールアドレス", "E-mail address"),
    ("phone", "電話番号", "Phone number"),
    ("postal_code", "郵便番号", "Postal code"),
    ("name_with_furigana", "氏名とフリガナ", "Name with furigana"),
    ("bank_account", "振込先口座", "Bank account"),
    ("file", "添付ファイル", "Attachment"),
    (
        "group",
        "繰り返しのまとまり（世帯員など）",
        "Repeatable group (household …)",
    ),
];

/// The code of a question's kind, as [`KINDS`] names it.
pub fn kind_code(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Text { .. } => "text",
        FieldKind::LongText { .. } => "long_text",
        FieldKind::Number { .. } => "number",
        FieldKind::Date { .. } => "date",
        FieldKind::Select { .. } => "select",
        FieldKind::Radio { .. } => "radio",
        FieldKind::Checkbox { options } if options.is_empty() => "consent",
        FieldKind::Checkbox { .. } => "checkbox",
        FieldKind::Email => "email",
        FieldKind::Phone => "phone",
        FieldKind::PostalCode => "postal_code",
        FieldKind::NameWithFurigana => "name_with_furigana",
        FieldKind::BankAccount => "bank_account",
        FieldKind::File { .. } => "file",
        FieldKind::Group { .. } => "group",
    }
}

pub fn kind_label(code: &str, en: bool) -> &'static str {
    KINDS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, ja, e)| if en { *e } else { *ja })
        .unwrap_or("")
}

fn two_choices() -> Vec<Choice> {
    (1..=2)
        .map(|n| Choice {
            value: format!("option{n}"),
            label: Localized {
                ja: format!("選択肢{n}"),
                en: format!("Option {n}"),
                ..Localized::default()
            },
        })
        .collect()
}

/// A new question of a kind, with what it needs to be valid at once.
fn new_kind(code: &str, id_for_child: impl FnOnce() -> String) -> Option<FieldKind> {
    Some(match code {
        "text" => FieldKind::Text {
            min_length: None,
            max_length: Some(200),
            pattern: None,
        },
        "long_text" => FieldKind::LongText {
            max_length: Some(2000),
        },
        "number" => FieldKind::Number {
            min: Some(0.0),
            max: None,
            integer: true,
        },
        "date" => FieldKind::Date {
            min: None,
            max: None,
        },
        "radio" => FieldKind::Radio {
            options: two_choices(),
        },
        "select" => FieldKind::Select {
            options: two_choices(),
        },
        "checkbox" => FieldKind::Checkbox {
            options: two_choices(),
        },
        "consent" => FieldKind::Checkbox {
            options: Vec::new(),
        },
        "email" => FieldKind::Email,
        "phone" => FieldKind::Phone,
        "postal_code" => FieldKind::PostalCode,
        "name_with_furigana" => FieldKind::NameWithFurigana,
        "bank_account" => FieldKind::BankAccount,
        "file" => FieldKind::File {
            accept: vec![
                "application/pdf".into(),
                "image/jpeg".into(),
                "image/png".into(),
                "image/heic".into(),
            ],
            max_bytes: 10 * 1024 * 1024,
        },
        "group" => FieldKind::Group {
            fields: vec![Field {
                id: id_for_child(),
                label: Localized {
                    ja: "新しい質問".into(),
                    en: "New question".into(),
                    ..Localized::default()
                },
                help: None,
                required: false,
                visible_when: None,
                prefill: None,
                latin_allowed: false,
                kind: FieldKind::Text {
                    min_length: None,
                    max_length: Some(200),
                    pattern: None,
                },
            }],
            min: 0,
            max: 10,
            item_label: None,
        },
        _ => return None,
    })
}

/// The label a new question of a kind starts with.
fn new_label(code: &str) -> Localized {
    let (ja, en) = match code {
        "name_with_furigana" => ("氏名", "Name"),
        "email" => ("メールアドレス", "E-mail address"),
        "phone" => ("電話番号", "Phone number"),
        "postal_code" => ("郵便番号", "Postal code"),
        "bank_account" => ("振込先口座", "Bank account for payment"),
        "consent" => (
            "記載内容に誤りがないことを確認しました",
            "I confirm that the above is correct",
        ),
        "file" => ("添付書類", "Attachment"),
        "group" => ("繰り返しのまとまり", "Repeatable group"),
        _ => ("新しい質問", "New question"),
    };
    Localized {
        ja: ja.into(),
        en: en.into(),
        ..Localized::default()
    }
}

/// What staff change about a question in its edit form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionEdit {
    pub label: Localized,
    pub help: Option<Localized>,
    pub required: bool,
    /// For choices: one per line, `ja` and optional `| en`; values are kept
    /// for labels that stay, new ones numbered.
    pub options: Option<Vec<(String, String)>>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub integer: Option<bool>,
    /// Text: a regular expression; dates: `today` or an ISO date in min/max.
    pub pattern: Option<String>,
    pub date_min: Option<String>,
    pub date_max: Option<String>,
    pub accept: Option<Vec<String>>,
    pub max_megabytes: Option<u64>,
    /// Show only when this earlier question has one of these answers.
    pub condition: Option<(String, Vec<String>)>,
}

/// A question a condition may name: its id, its Japanese label, and its
/// choices (value, Japanese label).
pub type ConditionSource = (String, String, Vec<(String, String)>);

/// One change to a form.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    SetTitle {
        title: Localized,
        description: Option<Localized>,
    },
    AddSection,
    EditSection {
        section: usize,
        title: Localized,
        help: Option<Localized>,
    },
    MoveSection {
        section: usize,
        up: bool,
    },
    DeleteSection {
        section: usize,
    },
    /// A new question of `kind` at the end of a section, or of a group
    /// (`group`: the group's place in the section).
    Add {
        section: usize,
        group: Option<usize>,
        kind: String,
    },
    Edit {
        at: At,
        edit: Box<QuestionEdit>,
    },
    Move {
        at: At,
        up: bool,
    },
    /// Drag and drop: to place `to` in the same list.
    MoveTo {
        at: At,
        to: usize,
    },
    /// To another section (at its end); not for questions inside a group.
    MoveToSection {
        at: At,
        section: usize,
    },
    Duplicate {
        at: At,
    },
    Delete {
        at: At,
    },
}

/// What an operation did: the new form, where to look, and what else it
/// changed that staff should know (conditions dropped with a question).
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub definition: FormDefinition,
    pub focus: Option<At>,
    pub notes: Vec<(String, String)>,
}

/// A refused operation: every problem, Japanese and English, and the
/// question it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: Option<At>,
    pub ja: String,
    pub en: String,
}

impl Problem {
    fn new(at: Option<At>, ja: impl Into<String>, en: impl Into<String>) -> Self {
        Problem {
            at,
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// A validator's problem, pointed at its question.
    pub fn of(error: &DefinitionError) -> Problem {
        Problem {
            at: At::of_path(&error.path),
            ja: error.message_ja.clone(),
            en: error.message.clone(),
        }
    }
}

fn refuse(at: Option<At>, ja: &str, en: &str) -> Refused {
    Refused {
        problems: vec![Problem::new(at, ja, en)],
    }
}

const MAX_QUESTIONS: usize = 300;
const MAX_SECTIONS: usize = 40;

/// The form's problems, each pointed at its question; empty when valid.
pub fn problems(definition: &FormDefinition) -> Vec<Problem> {
    definition.problems().iter().map(Problem::of).collect()
}

/// Every id in use, groups included.
fn ids(definition: &FormDefinition) -> HashSet<String> {
    definition
        .all_fields()
        .into_iter()
        .map(|(_, f)| f.id.clone())
        .chain(definition.sections.iter().map(|s| s.id.clone()))
        .collect()
}

fn fresh_id(taken: &mut HashSet<String>, stem: &str) -> String {
    let mut n = 1;
    loop {
        let id = format!("{stem}_{n}");
        if taken.insert(id.clone()) {
            return id;
        }
        n += 1;
    }
}

fn list_mut<'a>(definition: &'a mut FormDefinition, at: &At) -> Option<&'a mut Vec<Field>> {
    let section = definition.sections.get_mut(at.section)?;
    match at.child {
        None => Some(&mut section.fields),
        Some(_) => match &mut section.fields.get_mut(at.field)?.kind {
            FieldKind::Group { fields, .. } => Some(fields),
            _ => None,
        },
    }
}

/// The question at `at`.
pub fn question<'a>(definition: &'a FormDefinition, at: &At) -> Option<&'a Field> {
    let field = definition.sections.get(at.section)?.fields.get(at.field)?;
    match at.child {
        None => Some(field),
        Some(c) => match &field.kind {
            FieldKind::Group { fields, .. } => fields.get(c),
            _ => None,
        },
    }
}

fn index_in_list(at: &At) -> usize {
    at.child.unwrap_or(at.field)
}

fn with_index(at: &At, index: usize) -> At {
    match at.child {
        Some(_) => At {
            child: Some(index),
            ..*at
        },
        None => At {
            field: index,
            ..*at
        },
    }
}

fn not_found(at: &At) -> Refused {
    refuse(
        Some(*at),
        "その質問はもうありません。画面を読み込み直してください。",
        "That question no longer exists. Reload the page.",
    )
}

/// Drops every condition that names `id` (a question going away), saying so.
fn drop_conditions_on(
    definition: &mut FormDefinition,
    id: &str,
    label: &str,
    notes: &mut Vec<(String, String)>,
) {
    fn walk(fields: &mut [Field], id: &str, label: &str, notes: &mut Vec<(String, String)>) {
        for field in fields {
            if field.visible_when.as_ref().is_some_and(|c| c.field == id) {
                field.visible_when = None;
                notes.push((
                    format!(
                        "「{}」の表示条件（「{label}」の回答）を外しました。常に表示されます。",
                        field.label.ja
                    ),
                    format!(
                        "The condition of \"{}\" (on \"{label}\") was removed; it is always shown now.",
                        field.label.ja
                    ),
                ));
            }
            if let FieldKind::Group { fields, .. } = &mut field.kind {
                walk(fields, id, label, notes);
            }
        }
    }
    for section in &mut definition.sections {
        walk(&mut section.fields, id, label, notes);
    }
}

fn count_questions(definition: &FormDefinition) -> usize {
    definition.all_fields().len()
}

/// Turns the lines of an options box into choices, keeping the value of a
/// label that was there before so answers already given keep their meaning.
fn choices(lines: &[(String, String)], before: &[Choice], at: At) -> Result<Vec<Choice>, Refused> {
    let mut taken: HashSet<String> = before.iter().map(|c| c.value.clone()).collect();
    let mut out: Vec<Choice> = Vec::new();
    let mut problems = Vec::new();
    for (ja, en) in lines {
        if ja.trim().is_empty() {
            continue;
        }
        if out.iter().any(|c| c.label.ja == ja.trim()) {
            problems.push(Problem::new(
                Some(at),
                format!("選択肢「{}」が二度あります", ja.trim()),
                format!("The option \"{}\" is listed twice", ja.trim()),
            ));
            continue;
        }
        let value = before
            .iter()
            .find(|c| c.label.ja == ja.trim())
            .map(|c| c.value.clone())
            .unwrap_or_else(|| fresh_id(&mut taken, "option"));
        let mut label = before
            .iter()
            .find(|c| c.value == value)
            .map(|c| c.label.clone())
            .unwrap_or_default();
        label.ja = ja.trim().to_string();
        label.en = en.trim().to_string();
        out.push(Choice { value, label });
    }
    if out.len() > 200 {
        problems.push(Problem::new(
            Some(at),
            "選択肢は 200 個までです",
            "Up to 200 options",
        ));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Refused { problems })
    }
}

fn edit_question(
    definition: &mut FormDefinition,
    at: At,
    edit: QuestionEdit,
) -> Result<(), Refused> {
    // Which questions come earlier: a condition may only name one of them.
    let earlier: Vec<String> = {
        let mut out = Vec::new();
        'outer: for (s, section) in definition.sections.iter().enumerate() {
            for (f, field) in section.fields.iter().enumerate() {
                if s == at.section && f == at.field {
                    if let (Some(c), FieldKind::Group { fields, .. }) = (at.child, &field.kind) {
                        out.extend(fields.iter().take(c).map(|f| f.id.clone()));
                    }
                    break 'outer;
                }
                out.push(field.id.clone());
            }
        }
        out
    };
    let field = list_mut(definition, &at)
        .and_then(|list| list.get_mut(index_in_list(&at)))
        .ok_or_else(|| not_found(&at))?;
    let mut problems = Vec::new();
    if edit.label.ja.trim().is_empty() {
        problems.push(Problem::new(
            Some(at),
            "質問文（日本語）を入れてください",
            "Enter the question in Japanese",
        ));
    }
    if edit.label.ja.chars().count() > 500 {
        problems.push(Problem::new(
            Some(at),
            "質問文は 500 文字までです",
            "A question is at most 500 characters",
        ));
    }
    field.label = edit.label;
    field.help = edit.help.filter(|h| !h.ja.trim().is_empty());
    field.required = edit.required;
    field.visible_when = match edit.condition {
        Some((on, values)) if !on.is_empty() => {
            if !earlier.contains(&on) {
                problems.push(Problem::new(
                    Some(at),
                    "表示の条件には、この質問より前の質問を選んでください",
                    "A condition must name an earlier question",
                ));
            }
            if values.is_empty() {
                problems.push(Problem::new(
                    Some(at),
                    "表示の条件となる回答を一つ以上選んでください",
                    "Choose at least one answer for the condition",
                ));
            }
            Some(Condition {
                field: on,
                equals: None,
                one_of: values,
            })
        }
        _ => None,
    };
    match &mut field.kind {
        FieldKind::Select { options }
        | FieldKind::Radio { options }
        | FieldKind::Checkbox { options } => {
            let consent = options.is_empty();
            if let Some(lines) = &edit.options
                && !consent
            {
                match choices(lines, options, at) {
                    Ok(new) => *options = new,
                    Err(refused) => problems.extend(refused.problems),
                }
                if options.is_empty() {
                    problems.push(Problem::new(
                        Some(at),
                        "選択肢を一つ以上入れてください",
                        "Enter at least one option",
                    ));
                }
            }
        }
        FieldKind::Number { min, max, integer } => {
            *min = edit.min;
            *max = edit.max;
            if let Some(i) = edit.integer {
                *integer = i;
            }
        }
        FieldKind::Text {
            max_length,
            pattern,
            ..
        } => {
            *max_length = edit.max.map(|m| m.max(0.0) as usize);
            *pattern = edit.pattern.filter(|p| !p.trim().is_empty());
        }
        FieldKind::LongText { max_length } => {
            *max_length = edit.max.map(|m| m.max(0.0) as usize);
        }
        FieldKind::Date { min, max } => {
            *min = edit.date_min.filter(|d| !d.trim().is_empty());
            *max = edit.date_max.filter(|d| !d.trim().is_empty());
        }
        FieldKind::File { accept, max_bytes } => {
            if let Some(types) = edit.accept {
                *accept = types;
            }
            if let Some(mb) = edit.max_megabytes {
                *max_bytes = mb.saturating_mul(1024 * 1024);
            }
        }
        FieldKind::Group { min, max, .. } => {
            if let Some(m) = edit.min {
                *min = m.max(0.0) as usize;
            }
            if let Some(m) = edit.max {
                *max = m.max(0.0) as usize;
            }
        }
        _ => {}
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Refused { problems })
    }
}

/// The form with an edit applied as typed, problems and all (never stored):
/// what the edit form shows again when the edit is refused, so that what
/// was typed is not lost.
pub fn as_typed(definition: &FormDefinition, at: At, edit: QuestionEdit) -> FormDefinition {
    let mut form = definition.clone();
    // The problems are what the caller already has from `apply`.
    let _ = edit_question(&mut form, at, edit);
    form
}

/// Applies `op` to a copy of `definition`.
pub fn apply(definition: &FormDefinition, op: Op) -> Result<Applied, Refused> {
    let mut form = definition.clone();
    let mut notes = Vec::new();
    let mut focus = None;
    // A refused move points at the question where it still is.
    let moved = match &op {
        Op::MoveTo { at, .. } | Op::MoveToSection { at, .. } => Some(*at),
        _ => None,
    };
    match op {
        Op::SetTitle { title, description } => {
            if title.ja.trim().is_empty() {
                return Err(refuse(
                    None,
                    "申請書の題名（日本語）を入れてください",
                    "Enter the form's title in Japanese",
                ));
            }
            form.title = title;
            form.description = description.filter(|d| !d.ja.trim().is_empty());
        }
        Op::AddSection => {
            if form.sections.len() >= MAX_SECTIONS {
                return Err(refuse(None, "区分は 40 までです", "Up to 40 sections"));
            }
            let mut taken = ids(&form);
            let id = fresh_id(&mut taken, "section");
            let question = fresh_id(&mut taken, "text");
            form.sections.push(Section {
                id,
                title: Localized {
                    ja: "新しい区分".into(),
                    en: "New section".into(),
                    ..Localized::default()
                },
                help: None,
                fields: vec![Field {
                    id: question,
                    label: new_label("text"),
                    help: None,
                    required: false,
                    visible_when: None,
                    prefill: None,
                    latin_allowed: false,
                    kind: new_kind("text", String::new).unwrap_or(FieldKind::Email),
                }],
            });
            focus = Some(At {
                section: form.sections.len() - 1,
                field: 0,
                child: None,
            });
        }
        Op::EditSection {
            section,
            title,
            help,
        } => {
            if title.ja.trim().is_empty() {
                return Err(refuse(
                    None,
                    "区分の見出し（日本語）を入れてください",
                    "Enter the section's title in Japanese",
                ));
            }
            let s = form.sections.get_mut(section).ok_or_else(|| {
                refuse(
                    None,
                    "その区分はもうありません",
                    "That section no longer exists",
                )
            })?;
            s.title = title;
            s.help = help.filter(|h| !h.ja.trim().is_empty());
        }
        Op::MoveSection { section, up } => {
            let to = if up {
                section.checked_sub(1)
            } else {
                Some(section + 1)
            };
            match to {
                Some(to) if to < form.sections.len() && section < form.sections.len() => {
                    form.sections.swap(section, to)
                }
                _ => return Ok(unchanged(definition)),
            }
        }
        Op::DeleteSection { section } => {
            if form.sections.len() <= 1 {
                return Err(refuse(
                    None,
                    "最後の区分は削除できません",
                    "The last section cannot be deleted",
                ));
            }
            if section >= form.sections.len() {
                return Ok(unchanged(definition));
            }
            let removed = form.sections.remove(section);
            for field in &removed.fields {
                drop_conditions_on(&mut form, &field.id, &field.label.ja, &mut notes);
            }
        }
        Op::Add {
            section,
            group,
            kind,
        } => {
            if count_questions(&form) >= MAX_QUESTIONS {
                return Err(refuse(None, "質問は 300 までです", "Up to 300 questions"));
            }
            let mut taken = ids(&form);
            let stem = if kind == "consent" { "consent" } else { &kind };
            let id = fresh_id(&mut taken, stem);
            let in_group = group.is_some();
            if in_group && kind == "group" {
                return Err(refuse(
                    None,
                    "繰り返しのまとまりの中に、さらにまとまりは作れません",
                    "A group cannot hold another group",
                ));
            }
            let kind = new_kind(&kind, || fresh_id(&mut taken, "text")).ok_or_else(|| {
                refuse(
                    None,
                    "質問の種類を選んでください",
                    "Choose the kind of question",
                )
            })?;
            let field = Field {
                id,
                label: new_label(kind_code(&kind)),
                help: None,
                required: false,
                visible_when: None,
                prefill: None,
                latin_allowed: false,
                kind,
            };
            let s = form.sections.get_mut(section).ok_or_else(|| {
                refuse(
                    None,
                    "その区分はもうありません",
                    "That section no longer exists",
                )
            })?;
            match group {
                None => {
                    s.fields.push(field);
                    focus = Some(At {
                        section,
                        field: s.fields.len() - 1,
                        child: None,
                    });
                }
                Some(g) => match s.fields.get_mut(g).map(|f| &mut f.kind) {
                    Some(FieldKind::Group { fields, .. }) => {
                        fields.push(field);
                        focus = Some(At {
                            section,
                            field: g,
                            child: Some(fields.len() - 1),
                        });
                    }
                    _ => {
                        return Err(not_found(&At {
                            section,
                            field: g,
                            child: None,
                        }));
                    }
                },
            }
        }
        Op::Edit { at, edit } => {
            edit_question(&mut form, at, *edit)?;
            focus = Some(at);
        }
        Op::Move { at, up } => {
            let i = index_in_list(&at);
            let to = if up { i.checked_sub(1) } else { Some(i + 1) };
            return match to {
                Some(to) => apply(definition, Op::MoveTo { at, to }),
                None => Ok(unchanged(definition)),
            };
        }
        Op::MoveTo { at, to } => {
            let list = list_mut(&mut form, &at).ok_or_else(|| not_found(&at))?;
            let i = index_in_list(&at);
            if i >= list.len() {
                return Err(not_found(&at));
            }
            let to = to.min(list.len() - 1);
            if to == i {
                return Ok(unchanged(definition));
            }
            let field = list.remove(i);
            list.insert(to, field);
            focus = Some(with_index(&at, to));
        }
        Op::MoveToSection { at, section } => {
            if at.child.is_some() || section >= form.sections.len() || section == at.section {
                return Ok(unchanged(definition));
            }
            let list = list_mut(&mut form, &at).ok_or_else(|| not_found(&at))?;
            if at.field >= list.len() {
                return Err(not_found(&at));
            }
            if list.len() == 1 {
                return Err(refuse(
                    Some(at),
                    "区分の最後の質問は移動できません",
                    "The last question of a section cannot be moved away",
                ));
            }
            let field = list.remove(at.field);
            let Some(target) = form.sections.get_mut(section) else {
                return Ok(unchanged(definition));
            };
            target.fields.push(field);
            focus = Some(At {
                section,
                field: target.fields.len() - 1,
                child: None,
            });
        }
        Op::Duplicate { at } => {
            if count_questions(&form) >= MAX_QUESTIONS {
                return Err(refuse(None, "質問は 300 までです", "Up to 300 questions"));
            }
            let mut taken = ids(&form);
            let original = question(&form, &at).ok_or_else(|| not_found(&at))?.clone();
            let mut copy = original.clone();
            copy.id = fresh_id(&mut taken, kind_code(&copy.kind));
            copy.label.ja = format!("{}（複製）", original.label.ja);
            if !copy.label.en.is_empty() {
                copy.label.en = format!("{} (copy)", original.label.en);
            }
            if let FieldKind::Group { fields, .. } = &mut copy.kind {
                // Inner answers live in their own object; fresh ids keep the
                // whole form's ids unique all the same, and conditions on
                // inner questions follow them.
                let renamed: Vec<(String, String)> = fields
                    .iter_mut()
                    .map(|f| {
                        let old = f.id.clone();
                        f.id = fresh_id(&mut taken, kind_code(&f.kind));
                        (old, f.id.clone())
                    })
                    .collect();
                for f in fields.iter_mut() {
                    if let Some(c) = &mut f.visible_when
                        && let Some((_, new)) = renamed.iter().find(|(old, _)| *old == c.field)
                    {
                        c.field = new.clone();
                    }
                }
            }
            let list = list_mut(&mut form, &at).ok_or_else(|| not_found(&at))?;
            let i = index_in_list(&at);
            list.insert(i + 1, copy);
            focus = Some(with_index(&at, i + 1));
        }
        Op::Delete { at } => {
            let list = list_mut(&mut form, &at).ok_or_else(|| not_found(&at))?;
            let i = index_in_list(&at);
            if i >= list.len() {
                return Err(not_found(&at));
            }
            if list.len() == 1 {
                return Err(refuse(
                    Some(at),
                    if at.child.is_some() {
                        "まとまりの最後の質問は削除できません。まとまりごと削除してください。"
                    } else {
                        "区分の最後の質問は削除できません。区分ごと削除してください。"
                    },
                    if at.child.is_some() {
                        "The last question of a group cannot be deleted; delete the group."
                    } else {
                        "The last question of a section cannot be deleted; delete the section."
                    },
                ));
            }
            let removed = list.remove(i);
            drop_conditions_on(&mut form, &removed.id, &removed.label.ja, &mut notes);
            if let FieldKind::Group { fields, .. } = &removed.kind {
                for inner in fields {
                    drop_conditions_on(&mut form, &inner.id, &inner.label.ja, &mut notes);
                }
            }
            if let Some(rule) = &mut form.duplicate_rule {
                rule.key_fields.retain(|k| *k != removed.id);
                if rule.key_fields.is_empty() {
                    form.duplicate_rule = None;
                    notes.push((
                        "重複申請の判定に使っていた質問を削除したため、重複の判定をやめました。"
                            .into(),
                        "The duplicate check used the deleted question and was turned off.".into(),
                    ));
                }
            }
        }
    }
    let mut problems = problems(&form);
    if !problems.is_empty() {
        if moved.is_some() {
            for problem in &mut problems {
                problem.at = moved;
            }
        }
        return Err(Refused { problems });
    }
    Ok(Applied {
        definition: form,
        focus,
        notes,
    })
}

fn unchanged(definition: &FormDefinition) -> Applied {
    Applied {
        definition: definition.clone(),
        focus: None,
        notes: Vec::new(),
    }
}

/// The questions a condition of the question at `at` may name: earlier
/// ones with choices, with their choices (value, Japanese label).
pub fn condition_sources(definition: &FormDefinition, at: &At) -> Vec<ConditionSource> {
    let mut out = Vec::new();
    let choices_of = |field: &Field| -> Option<Vec<(String, String)>> {
        match &field.kind {
            FieldKind::Select { options } | FieldKind::Radio { options } => Some(
                options
                    .iter()
                    .map(|o| (o.value.clone(), o.label.ja.clone()))
                    .collect(),
            ),
            FieldKind::Checkbox { options } if !options.is_empty() => Some(
                options
                    .iter()
                    .map(|o| (o.value.clone(), o.label.ja.clone()))
                    .collect(),
            ),
            FieldKind::Checkbox { .. } => Some(vec![("true".into(), "チェックあり".into())]),
            _ => None,
        }
    };
    'outer: for (s, section) in definition.sections.iter().enumerate() {
        for (f, field) in section.fields.iter().enumerate() {
            if s == at.section && f == at.field {
                if let (Some(c), FieldKind::Group { fields, .. }) = (at.child, &field.kind) {
                    for inner in fields.iter().take(c) {
                        if let Some(choices) = choices_of(inner) {
                            out.push((inner.id.clone(), inner.label.ja.clone(), choices));
                        }
                    }
                }
                break 'outer;
            }
            if let Some(choices) = choices_of(field) {
                out.push((field.id.clone(), field.label.ja.clone(), choices));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> FormDefinition {
        FormDefinition::from_json(
            r#"{"procedure_id": "p", "title": {"ja": "申請"}, "sections": [
                {"id": "a", "title": {"ja": "申請者"}, "fields": [
                    {"id": "kind", "type": "radio", "label": {"ja": "種別"}, "options": [
                        {"value": "self", "label": {"ja": "本人"}}, {"value": "agent", "label": {"ja": "代理人"}}]},
                    {"id": "agent_name", "type": "text", "label": {"ja": "代理人の氏名"},
                     "visible_when": {"field": "kind", "equals": "agent"}},
                    {"id": "email", "type": "email", "label": {"ja": "メール"}}
                ]}]}"#,
        )
        .expect("valid")
    }

    fn at(section: usize, field: usize) -> At {
        At {
            section,
            field,
            child: None,
        }
    }

    #[test]
    fn addresses_read_back_and_point_at_validator_paths() {
        let a = At::parse("s1.f2.c3").expect("parses");
        assert_eq!(a.code(), "s1.f2.c3");
        assert_eq!(At::parse("s0.f2"), Some(at(0, 2)));
        assert_eq!(At::parse("s0"), None);
        assert_eq!(At::parse("s0.f1.c1.x"), None);
        assert_eq!(
            At::of_path("sections[1].fields[4].fields[0].label.ja"),
            Some(At {
                section: 1,
                field: 4,
                child: Some(0)
            })
        );
        assert_eq!(At::of_path("sections[0].fields[2].options"), Some(at(0, 2)));
        assert_eq!(At::of_path("title.ja"), None);
    }

    #[test]
    fn every_kind_can_be_added_and_the_form_stays_valid() {
        for (kind, _, _) in KINDS {
            let applied = apply(
                &form(),
                Op::Add {
                    section: 0,
                    group: None,
                    kind: kind.to_string(),
                },
            )
            .unwrap_or_else(|e| panic!("{kind}: {e:?}"));
            assert!(problems(&applied.definition).is_empty(), "{kind}");
            let added =
                question(&applied.definition, &applied.focus.expect("focus")).expect("added");
            assert_eq!(kind_code(&added.kind), kind);
        }
    }

    #[test]
    fn moving_a_question_above_the_one_it_depends_on_is_refused_in_japanese() {
        let refused = apply(
            &form(),
            Op::Move {
                at: at(0, 1),
                up: true,
            },
        )
        .expect_err("refused");
        assert!(refused.problems[0].ja.contains("前の質問"));
        assert_eq!(refused.problems[0].at, Some(at(0, 1)));
    }

    #[test]
    fn deleting_a_question_drops_the_conditions_on_it_and_says_so() {
        let applied = apply(&form(), Op::Delete { at: at(0, 0) }).expect("deleted");
        assert!(
            applied.definition.sections[0].fields[0]
                .visible_when
                .is_none()
        );
        assert!(applied.notes[0].0.contains("代理人の氏名"));
        let refused = apply(&applied.definition, Op::Delete { at: at(0, 0) })
            .and_then(|a| apply(&a.definition, Op::Delete { at: at(0, 0) }))
            .expect_err("the last question stays");
        assert!(refused.problems[0].ja.contains("区分ごと"));
    }

    #[test]
    fn an_edit_with_several_problems_lists_them_all_and_changes_nothing() {
        let edit = QuestionEdit {
            label: Localized::ja(""),
            options: Some(vec![
                ("本人".into(), String::new()),
                ("本人".into(), String::new()),
            ]),
            ..QuestionEdit::default()
        };
        let refused = apply(
            &form(),
            Op::Edit {
                at: at(0, 0),
                edit: Box::new(edit),
            },
        )
        .expect_err("refused");
        assert_eq!(refused.problems.len(), 2, "{:?}", refused.problems);
        assert!(refused.problems.iter().all(|p| p.at == Some(at(0, 0))));
    }

    #[test]
    fn a_refused_edit_can_be_shown_as_typed() {
        let edit = QuestionEdit {
            label: Localized {
                ja: String::new(),
                en: "Kind".into(),
                ..Localized::default()
            },
            ..QuestionEdit::default()
        };
        assert!(
            apply(
                &form(),
                Op::Edit {
                    at: at(0, 0),
                    edit: Box::new(edit.clone())
                }
            )
            .is_err()
        );
        let shown = as_typed(&form(), at(0, 0), edit);
        assert_eq!(shown.sections[0].fields[0].label.en, "Kind");
        assert_eq!(form().sections[0].fields[0].label.ja, "種別");
    }

    #[test]
    fn options_keep_their_values_when_relabelled_in_place() {
        let edit = QuestionEdit {
            label: Localized::ja("種別"),
            options: Some(vec![
                ("代理人".into(), "Agent".into()),
                ("本人".into(), "Self".into()),
                ("法人".into(), String::new()),
            ]),
            ..QuestionEdit::default()
        };
        let applied = apply(
            &form(),
            Op::Edit {
                at: at(0, 0),
                edit: Box::new(edit),
            },
        )
        .expect("edited");
        let FieldKind::Radio { options } = &applied.definition.sections[0].fields[0].kind else {
            panic!("radio")
        };
        let values: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(values, ["agent", "self", "option_1"]);
        assert_eq!(options[0].label.en, "Agent");
    }

    #[test]
    fn duplicating_a_group_gives_every_question_a_fresh_id() {
        let applied = apply(
            &form(),
            Op::Add {
                section: 0,
                group: None,
                kind: "group".into(),
            },
        )
        .expect("added");
        let group = applied.focus.expect("focus");
        let copied = apply(&applied.definition, Op::Duplicate { at: group }).expect("copied");
        assert!(problems(&copied.definition).is_empty());
        let ids: Vec<String> = copied
            .definition
            .all_fields()
            .iter()
            .map(|(_, f)| f.id.clone())
            .collect();
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
    }
}
