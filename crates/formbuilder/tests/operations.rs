//! Whatever staff click, in whatever order, the builder never produces a
//! form the validator refuses: every operation either gives a valid
//! definition or is refused and leaves the form as it was.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use formbuilder::ops::{self, At, KINDS, Op, QuestionEdit};
use forms::{FormDefinition, Localized};
use proptest::prelude::*;

fn start() -> FormDefinition {
    let template = forms::template::find("hanyo-shinsei").expect("the general template");
    template.form_for("tennyu", None)
}

/// A random click: which operation, and small numbers for where.
fn arb_op() -> impl Strategy<Value = (u8, usize, usize, Option<usize>, usize, bool, String)> {
    (
        0u8..13,
        0usize..4,
        0usize..10,
        prop::option::of(0usize..3),
        0usize..KINDS.len(),
        any::<bool>(),
        prop::sample::select(vec![
            String::new(),
            "氏名".to_string(),
            "選択肢A\n選択肢B | B".to_string(),
            "A\nA".to_string(),
            " ".to_string(),
        ]),
    )
}

fn to_op(
    definition: &FormDefinition,
    (which, section, field, child, kind, flag, text): (
        u8,
        usize,
        usize,
        Option<usize>,
        usize,
        bool,
        String,
    ),
) -> Op {
    let at = At {
        section,
        field,
        child,
    };
    let kind = KINDS[kind].0.to_string();
    match which {
        0 => Op::Add {
            section,
            group: None,
            kind,
        },
        1 => Op::Add {
            section,
            group: Some(field),
            kind,
        },
        2 => Op::Move { at, up: flag },
        3 => Op::MoveTo { at, to: section },
        4 => Op::MoveToSection { at, section },
        5 => Op::Duplicate { at },
        6 => Op::Delete { at },
        7 => Op::AddSection,
        8 => Op::DeleteSection { section },
        9 => Op::MoveSection { section, up: flag },
        10 => Op::EditSection {
            section,
            title: Localized::ja(text.clone()),
            help: None,
        },
        11 => {
            // A condition on some question: valid or not, the builder decides.
            let sources = ops::condition_sources(definition, &at);
            let condition = sources
                .first()
                .map(|(id, _, choices)| {
                    (
                        id.clone(),
                        choices.iter().take(1).map(|(v, _)| v.clone()).collect(),
                    )
                })
                .filter(|_| flag);
            Op::Edit {
                at,
                edit: Box::new(QuestionEdit {
                    label: Localized::ja(if text.trim().is_empty() {
                        "質問"
                    } else {
                        &text
                    }),
                    required: flag,
                    options: Some(
                        text.lines()
                            .map(|l| (l.to_string(), String::new()))
                            .collect(),
                    ),
                    min: Some(field as f64),
                    max: Some(section as f64),
                    condition,
                    ..QuestionEdit::default()
                }),
            }
        }
        _ => Op::SetTitle {
            title: Localized::ja(text),
            description: None,
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_sequence_of_operations_keeps_the_form_valid(clicks in prop::collection::vec(arb_op(), 1..40)) {
        let mut form = start();
        for click in clicks {
            let op = to_op(&form, click);
            match ops::apply(&form, op.clone()) {
                Ok(applied) => {
                    let problems = applied.definition.problems();
                    prop_assert!(problems.is_empty(), "{op:?} gave {problems:?}");
                    // And it reads back as a definition the platform accepts.
                    let text = serde_json::to_string(&applied.definition).expect("json");
                    prop_assert!(FormDefinition::from_json(&text).is_ok());
                    form = applied.definition;
                }
                Err(refused) => {
                    prop_assert!(!refused.problems.is_empty(), "{op:?} refused without a reason");
                    prop_assert!(refused.problems.iter().all(|p| !p.ja.is_empty() && !p.en.is_empty()));
                }
            }
        }
    }
}
