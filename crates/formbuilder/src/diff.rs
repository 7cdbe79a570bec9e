//! The difference between two versions of a form, question by question, as
//! a reviewer reads it: what was added, removed, moved or changed, and for a
//! change, which properties and how. Questions are matched by their id, so
//! a relabelled question shows as changed, not as removed and added.

use forms::definition::{Condition, Field};
use forms::{FieldKind, FormDefinition, Localized};

use crate::ops::kind_code;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
    Moved,
}

impl Change {
    pub fn code(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
            Change::Moved => "moved",
        }
    }

    pub fn label(self, en: bool) -> &'static str {
        match (self, en) {
            (Change::Added, false) => "追加",
            (Change::Removed, false) => "削除",
            (Change::Changed, false) => "変更",
            (Change::Moved, false) => "移動",
            (Change::Added, true) => "Added",
            (Change::Removed, true) => "Removed",
            (Change::Changed, true) => "Changed",
            (Change::Moved, true) => "Moved",
        }
    }
}

/// One property that differs: its name, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub what_ja: &'static str,
    pub what_en: &'static str,
    pub before: String,
    pub after: String,
}

/// One row of the review: a question (or the form's title, or a section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub change: Change,
    /// The question's label (the new one when it still exists).
    pub label: String,
    /// Where it is: section title, and group label inside a group.
    pub place: String,
    pub details: Vec<Detail>,
}

fn text(l: &Localized) -> String {
    let mut out = l.ja.clone();
    if !l.en.is_empty() {
        out.push_str(" / ");
        out.push_str(&l.en);
    }
    for (lang, t) in &l.more {
        out.push_str(&format!(" / {lang}: {t}"));
    }
    out
}

fn opt_text(l: &Option<Localized>) -> String {
    l.as_ref().map(text).unwrap_or_default()
}

fn condition_text(c: &Option<Condition>) -> String {
    match c {
        None => String::new(),
        Some(c) => {
            let mut values: Vec<String> = c.equals.iter().cloned().collect();
            values.extend(c.one_of.iter().cloned());
            format!("{} = {}", c.field, values.join(" | "))
        }
    }
}

/// The kind-specific settings of a question, as one line each.
fn settings(kind: &FieldKind) -> Vec<(&'static str, &'static str, String)> {
    let n = |v: &Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let u = |v: &Option<usize>| v.map(|v| v.to_string()).unwrap_or_default();
    match kind {
        FieldKind::Text {
            min_length,
            max_length,
            pattern,
        } => vec![
            ("最小文字数", "Minimum length", u(min_length)),
            ("最大文字数", "Maximum length", u(max_length)),
            ("入力の形式", "Pattern", pattern.clone().unwrap_or_default()),
        ],
        FieldKind::LongText { max_length } => {
            vec![("最大文字数", "Maximum length", u(max_length))]
        }
        FieldKind::Number { min, max, integer } => vec![
            ("最小値", "Minimum", n(min)),
            ("最大値", "Maximum", n(max)),
            ("整数のみ", "Whole numbers only", integer.to_string()),
        ],
        FieldKind::Date { min, max } => vec![
            ("最も早い日", "Earliest", min.clone().unwrap_or_default()),
            ("最も遅い日", "Latest", max.clone().unwrap_or_default()),
        ],
        FieldKind::Select { options }
        | FieldKind::Radio { options }
        | FieldKind::Checkbox { options } => vec![(
            "選択肢",
            "Options",
            options
                .iter()
                .map(|o| text(&o.label))
                .collect::<Vec<_>>()
                .join("、"),
        )],
        FieldKind::File { accept, max_bytes } => vec![
            ("ファイルの種類", "File types", accept.join(", ")),
            (
                "大きさの上限",
                "Size limit",
                format!("{} MiB", max_bytes / (1024 * 1024)),
            ),
        ],
        FieldKind::Group { min, max, .. } => vec![
            ("最少回数", "Minimum entries", min.to_string()),
            ("最多回数", "Maximum entries", max.to_string()),
        ],
        _ => Vec::new(),
    }
}

fn field_details(before: &Field, after: &Field) -> Vec<Detail> {
    let mut out = Vec::new();
    let mut push = |what_ja, what_en, b: String, a: String| {
        if b != a {
            out.push(Detail {
                what_ja,
                what_en,
                before: b,
                after: a,
            });
        }
    };
    push(
        "質問文",
        "Question",
        text(&before.label),
        text(&after.label),
    );
    push(
        "種類",
        "Kind",
        kind_code(&before.kind).to_string(),
        kind_code(&after.kind).to_string(),
    );
    push(
        "必須",
        "Required",
        before.required.to_string(),
        after.required.to_string(),
    );
    push(
        "説明",
        "Help",
        opt_text(&before.help),
        opt_text(&after.help),
    );
    push(
        "表示の条件",
        "Shown when",
        condition_text(&before.visible_when),
        condition_text(&after.visible_when),
    );
    let (b, a) = (settings(&before.kind), settings(&after.kind));
    for (ja, en, value) in &a {
        let old = b
            .iter()
            .find(|(j, _, _)| j == ja)
            .map(|(_, _, v)| v.clone())
            .unwrap_or_default();
        push(ja, en, old, value.clone());
    }
    out
}

/// A question with where it is: its id (`group[].inner` inside a group),
/// itself, its place, and its order.
type Placed<'a> = (String, &'a Field, String, (usize, usize, usize));

/// Every question with where it is.
fn questions(form: &FormDefinition) -> Vec<Placed<'_>> {
    let mut out = Vec::new();
    for (s, section) in form.sections.iter().enumerate() {
        for (f, field) in section.fields.iter().enumerate() {
            out.push((field.id.clone(), field, section.title.ja.clone(), (s, f, 0)));
            if let FieldKind::Group { fields, .. } = &field.kind {
                for (c, inner) in fields.iter().enumerate() {
                    out.push((
                        format!("{}[].{}", field.id, inner.id),
                        inner,
                        format!("{} › {}", section.title.ja, field.label.ja),
                        (s, f, c + 1),
                    ));
                }
            }
        }
    }
    out
}

/// What changed from `before` (the published version, if any) to `after`.
pub fn diff(before: Option<&FormDefinition>, after: &FormDefinition) -> Vec<Row> {
    let mut rows = Vec::new();
    let Some(before) = before else {
        return questions(after)
            .into_iter()
            .map(|(_, field, place, _)| Row {
                change: Change::Added,
                label: field.label.ja.clone(),
                place,
                details: Vec::new(),
            })
            .collect();
    };
    let mut form_details = Vec::new();
    if before.title != after.title {
        form_details.push(Detail {
            what_ja: "題名",
            what_en: "Title",
            before: text(&before.title),
            after: text(&after.title),
        });
    }
    if before.description != after.description {
        form_details.push(Detail {
            what_ja: "説明",
            what_en: "Description",
            before: opt_text(&before.description),
            after: opt_text(&after.description),
        });
    }
    if before.duplicate_rule != after.duplicate_rule {
        let rule = |f: &FormDefinition| {
            f.duplicate_rule
                .as_ref()
                .map(|r| r.key_fields.join(", "))
                .unwrap_or_default()
        };
        form_details.push(Detail {
            what_ja: "重複申請の判定",
            what_en: "Duplicate check",
            before: rule(before),
            after: rule(after),
        });
    }
    if !form_details.is_empty() {
        rows.push(Row {
            change: Change::Changed,
            label: after.title.ja.clone(),
            place: String::new(),
            details: form_details,
        });
    }
    for section in &after.sections {
        match before.sections.iter().find(|s| s.id == section.id) {
            Some(old) if old.title != section.title || old.help != section.help => {
                let mut details = Vec::new();
                if old.title != section.title {
                    details.push(Detail {
                        what_ja: "区分の見出し",
                        what_en: "Section title",
                        before: text(&old.title),
                        after: text(&section.title),
                    });
                }
                if old.help != section.help {
                    details.push(Detail {
                        what_ja: "区分の説明",
                        what_en: "Section help",
                        before: opt_text(&old.help),
                        after: opt_text(&section.help),
                    });
                }
                rows.push(Row {
                    change: Change::Changed,
                    label: section.title.ja.clone(),
                    place: String::new(),
                    details,
                });
            }
            _ => {}
        }
    }
    let old = questions(before);
    let new = questions(after);
    // A question moved when it left the longest run of questions that kept
    // their order, not merely because something before it came or went.
    let common_old: Vec<&String> = old
        .iter()
        .filter(|(id, ..)| new.iter().any(|(n, ..)| n == id))
        .map(|(id, ..)| id)
        .collect();
    let common_new: Vec<&String> = new
        .iter()
        .filter(|(id, ..)| old.iter().any(|(o, ..)| o == id))
        .map(|(id, ..)| id)
        .collect();
    let kept = longest_common(&common_old, &common_new);
    for (id, field, place, _) in &new {
        match old.iter().find(|(o, ..)| o == id) {
            None => rows.push(Row {
                change: Change::Added,
                label: field.label.ja.clone(),
                place: place.clone(),
                details: Vec::new(),
            }),
            Some((_, before_field, before_place, _)) => {
                let mut details = field_details(before_field, field);
                let moved = !kept.contains(&id);
                if place != before_place {
                    details.push(Detail {
                        what_ja: "場所",
                        what_en: "Place",
                        before: before_place.clone(),
                        after: place.clone(),
                    });
                }
                if !details.is_empty() {
                    rows.push(Row {
                        change: if details.iter().all(|d| d.what_ja == "場所") {
                            Change::Moved
                        } else {
                            Change::Changed
                        },
                        label: field.label.ja.clone(),
                        place: place.clone(),
                        details,
                    });
                } else if moved {
                    rows.push(Row {
                        change: Change::Moved,
                        label: field.label.ja.clone(),
                        place: place.clone(),
                        details: Vec::new(),
                    });
                }
            }
        }
    }
    for (id, field, place, _) in &old {
        if !new.iter().any(|(n, ..)| n == id) {
            rows.push(Row {
                change: Change::Removed,
                label: field.label.ja.clone(),
                place: place.clone(),
                details: Vec::new(),
            });
        }
    }
    rows
}

/// The ids of a longest common subsequence of two orders (earlier ones of
/// `a` kept on ties).
fn longest_common<'a>(a: &[&'a String], b: &[&'a String]) -> Vec<&'a String> {
    let (n, m) = (a.len(), b.len());
    let width = m + 1;
    let mut table = vec![0u32; (n + 1) * width];
    let at = |t: &[u32], i: usize, j: usize| t.get(i * width + j).copied().unwrap_or(0);
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let value = if a.get(i) == b.get(j) {
                at(&table, i + 1, j + 1) + 1
            } else {
                at(&table, i + 1, j).max(at(&table, i, j + 1))
            };
            if let Some(cell) = table.get_mut(i * width + j) {
                *cell = value;
            }
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        if x == y {
            out.push(*x);
            i += 1;
            j += 1;
        } else if at(&table, i + 1, j) > at(&table, i, j + 1) {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{At, Op, QuestionEdit, apply};

    fn form() -> FormDefinition {
        FormDefinition::from_json(
            r#"{"procedure_id": "p", "title": {"ja": "申請"}, "sections": [
                {"id": "a", "title": {"ja": "申請者"}, "fields": [
                    {"id": "name", "type": "name_with_furigana", "label": {"ja": "氏名"}, "required": true},
                    {"id": "copies", "type": "number", "label": {"ja": "通数"}, "min": 1, "max": 10, "integer": true},
                    {"id": "email", "type": "email", "label": {"ja": "メール"}}
                ]}]}"#,
        )
        .expect("valid")
    }

    #[test]
    fn a_relabelled_question_is_one_change_with_before_and_after() {
        let at = At {
            section: 0,
            field: 1,
            child: None,
        };
        let edited = apply(
            &form(),
            Op::Edit {
                at,
                edit: Box::new(QuestionEdit {
                    label: Localized::ja("必要な通数"),
                    required: true,
                    min: Some(1.0),
                    max: Some(5.0),
                    integer: Some(true),
                    ..QuestionEdit::default()
                }),
            },
        )
        .expect("edited")
        .definition;
        let rows = diff(Some(&form()), &edited);
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].change, Change::Changed);
        let whats: Vec<&str> = rows[0].details.iter().map(|d| d.what_ja).collect();
        assert_eq!(whats, ["質問文", "必須", "最大値"]);
        assert_eq!(rows[0].details[2].before, "10");
        assert_eq!(rows[0].details[2].after, "5");
    }

    #[test]
    fn added_removed_and_moved_questions_are_named() {
        let base = form();
        let a = apply(
            &base,
            Op::Add {
                section: 0,
                group: None,
                kind: "phone".into(),
            },
        )
        .expect("added")
        .definition;
        let b = apply(
            &a,
            Op::Delete {
                at: At {
                    section: 0,
                    field: 1,
                    child: None,
                },
            },
        )
        .expect("deleted")
        .definition;
        let c = apply(
            &b,
            Op::Move {
                at: At {
                    section: 0,
                    field: 1,
                    child: None,
                },
                up: true,
            },
        )
        .expect("moved")
        .definition;
        let rows = diff(Some(&base), &c);
        let summary: Vec<(Change, &str)> =
            rows.iter().map(|r| (r.change, r.label.as_str())).collect();
        assert!(
            summary.contains(&(Change::Added, "電話番号")),
            "{summary:?}"
        );
        assert!(summary.contains(&(Change::Removed, "通数")), "{summary:?}");
        assert!(summary.contains(&(Change::Moved, "メール")), "{summary:?}");
        assert!(!summary.iter().any(|(_, l)| *l == "氏名"), "{summary:?}");
        assert!(diff(Some(&base), &base).is_empty());
    }

    #[test]
    fn a_first_version_lists_every_question_as_added() {
        let rows = diff(None, &form());
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.change == Change::Added));
    }
}
