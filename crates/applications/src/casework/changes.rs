//! What a correction (補正) changed, field by field: the answers before and
//! after, read with the labels of the form version, matched by label (a
//! repeated group's rows carry their number, "児童 2 — 氏名").

use forms::display::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub label: String,
    /// Empty when the field was not answered before.
    pub before: String,
    /// Empty when the answer was removed.
    pub after: String,
}

/// The rows whose value differs, in the form's order (the new answers'
/// order, then rows only the old answers had).
pub fn between(before: &[Row], after: &[Row]) -> Vec<Change> {
    let value = |rows: &[Row], label: &str| {
        rows.iter()
            .find(|r| r.label == label)
            .map(|r| r.value.clone())
            .unwrap_or_default()
    };
    let mut changes: Vec<Change> = after
        .iter()
        .map(|row| Change {
            label: row.label.clone(),
            before: value(before, &row.label),
            after: row.value.clone(),
        })
        .filter(|c| c.before != c.after)
        .collect();
    changes.extend(
        before
            .iter()
            .filter(|row| !after.iter().any(|a| a.label == row.label))
            .filter(|row| !row.value.is_empty())
            .map(|row| Change {
                label: row.label.clone(),
                before: row.value.clone(),
                after: String::new(),
            }),
    );
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, value: &str) -> Row {
        Row {
            label: label.into(),
            label_in_japanese: false,
            value: value.into(),
            attachment_id: None,
        }
    }

    #[test]
    fn only_what_changed_is_listed_in_form_order() {
        let before = [
            row("氏名", "名古屋 花子"),
            row("口座番号", "1234567"),
            row("児童 1 — 氏名", "一郎"),
            row("児童 2 — 氏名", "二郎"),
        ];
        let after = [
            row("氏名", "名古屋 花子"),
            row("電話番号", "052-000-0000"),
            row("口座番号", "7654321"),
            row("児童 1 — 氏名", "一郎"),
        ];
        assert_eq!(
            between(&before, &after),
            vec![
                Change {
                    label: "電話番号".into(),
                    before: String::new(),
                    after: "052-000-0000".into()
                },
                Change {
                    label: "口座番号".into(),
                    before: "1234567".into(),
                    after: "7654321".into()
                },
                Change {
                    label: "児童 2 — 氏名".into(),
                    before: "二郎".into(),
                    after: String::new()
                },
            ]
        );
        assert!(between(&before, &before).is_empty(), "nothing changed");
    }
}
