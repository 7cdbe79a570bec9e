//! Posted forms and form definitions come from outside: whatever they hold,
//! the decoder and the definition reader answer (never panic, never
//! recurse without bound) and build nothing the form does not define.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use forms::FormDefinition;
use proptest::prelude::*;
use serde_json::{Value, json};

fn definition() -> FormDefinition {
    FormDefinition::from_json(
        &json!({"procedure_id": "p", "title": {"ja": "t"}, "sections": [{"id": "s", "title": {"ja": "申請"}, "fields": [
            {"id": "name", "type": "name_with_furigana", "label": {"ja": "氏名"}, "required": true},
            {"id": "tags", "type": "checkbox", "label": {"ja": "種類"}, "options": [{"value": "a", "label": {"ja": "A"}}]},
            {"id": "doc", "type": "file", "label": {"ja": "書類"}, "accept": ["application/pdf"], "max_bytes": 1000},
            {"id": "kids", "type": "group", "label": {"ja": "児童"}, "min": 0, "max": 3, "fields": [
                {"id": "born", "type": "date", "label": {"ja": "生年月日"}},
                {"id": "doc", "type": "file", "label": {"ja": "書類"}, "accept": ["application/pdf"], "max_bytes": 1000}]}
        ]}]})
        .to_string(),
    )
    .expect("definition")
}

/// Names built from the pieces a hostile post would use.
fn name() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("name".to_string()),
        Just("kids".to_string()),
        Just("born".to_string()),
        Just("doc".to_string()),
        Just("attachment_id".to_string()),
        Just("family_name".to_string()),
        Just("tags".to_string()),
        Just(".".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("__".to_string()),
        (0u64..u64::MAX).prop_map(|n| n.to_string()),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|parts| parts.concat())
}

/// The deepest nesting of a JSON value, counted without recursion.
fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 1)];
    while let Some((value, level)) = stack.pop() {
        deepest = deepest.max(level);
        match value {
            Value::Object(map) => stack.extend(map.values().map(|v| (v, level + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, level + 1))),
            _ => {}
        }
    }
    deepest
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn posted_names_build_only_what_the_form_has(
        pairs in prop::collection::vec((name(), any::<String>()), 0..60)
    ) {
        let definition = definition();
        let answers = forms::html::unflatten(&pairs, &definition);
        let object = answers.as_object().expect("an object");
        for key in object.keys() {
            prop_assert!(["name", "tags", "doc", "kids"].contains(&key.as_str()), "{key}");
        }
        // kids[i].doc.attachment_id is as deep as this form goes.
        prop_assert!(depth(&answers) <= 5, "{answers}");
        if let Some(kids) = object.get("kids").and_then(Value::as_array) {
            prop_assert!(kids.len() <= 3);
        }
    }

    #[test]
    fn any_text_as_a_definition_is_read_or_refused(text in any::<String>()) {
        let _ = FormDefinition::from_json(&text);
    }

    #[test]
    fn deeply_nested_or_odd_definitions_are_refused_not_crashed(
        depth in 1usize..5000,
        open in prop_oneof![Just("["), Just("{\"a\":")]
    ) {
        let text = open.repeat(depth);
        prop_assert!(FormDefinition::from_json(&text).is_err());
    }

    #[test]
    fn answers_of_any_shape_are_validated_or_refused(
        value in proptest::arbitrary::any::<String>().prop_map(|s| json!({"name": s, "kids": [{"born": s}], "tags": [s]}))
    ) {
        let _ = forms::validate(&definition(), &value, forms::validate::Context {
            today: time::macros::date!(2026 - 11 - 24),
        });
    }
}
