//! The demo registry reproduces the published tables of the plan (§9):
//! both indicators per category for R4まで, R5, R6 and R7, with the plan's
//! percentages and year-on-year changes — computed from the rows alone.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use progress::indicators::{Group, PLAN_YEARS, compute};

fn percents(group: &Group, cases: bool) -> Vec<&str> {
    group
        .years
        .iter()
        .take(4)
        .map(|y| {
            if cases {
                y.cases.percent.as_str()
            } else {
                y.procedures.percent.as_str()
            }
        })
        .collect()
}

#[test]
fn the_plans_two_tables_come_out_of_the_demo_registry() {
    let (_, procedures) = demo::city().expect("demo city");
    let figures = compute(&procedures, &[], &PLAN_YEARS);
    let plan = &figures.plan;

    // ① 年間総件数
    let overall = &plan.overall;
    assert_eq!(
        overall.annual_cases, 20_507_884,
        "the rows' sum, not the plan's typo 20,507,844"
    );
    let cases: Vec<i64> = overall
        .years
        .iter()
        .take(4)
        .map(|y| y.cases.numerator)
        .collect();
    assert_eq!(cases, vec![13_804_426, 14_279_270, 17_933_164, 20_507_884]);
    assert_eq!(
        percents(overall, true),
        vec!["67.3", "69.6", "87.4", "100.0"]
    );
    let changes: Vec<Option<&str>> = overall
        .years
        .iter()
        .take(4)
        .map(|y| y.cases.change_points.as_deref())
        .collect();
    assert_eq!(
        changes,
        vec![None, Some("+2.3"), Some("+17.8"), Some("+12.6")]
    );
    assert!(
        overall.cases_reference_only,
        "件数不明の手続があるため参考値"
    );

    // ② 手続数
    let counts: Vec<i64> = overall
        .years
        .iter()
        .take(4)
        .map(|y| y.procedures.numerator)
        .collect();
    assert_eq!(counts, vec![263, 347, 492, 3_521]);
    assert_eq!(
        percents(overall, false),
        vec!["7.5", "9.9", "14.0", "100.0"]
    );
    let changes: Vec<Option<&str>> = overall
        .years
        .iter()
        .take(4)
        .map(|y| y.procedures.change_points.as_deref())
        .collect();
    assert_eq!(
        changes,
        vec![None, Some("+2.4"), Some("+4.1"), Some("+86.0")]
    );

    // The categories, as printed in the plan.
    let expected = [
        (
            "childcare",
            187_852,
            ["47.0", "81.0", "81.0", "100.0"],
            15,
            ["26.7", "86.7", "86.7", "100.0"],
        ),
        (
            "nursing_care",
            321_990,
            ["10.1", "10.1", "100.0", "100.0"],
            19,
            ["10.5", "10.5", "100.0", "100.0"],
        ),
        (
            "high_impact",
            18_937_514,
            ["71.4", "73.3", "90.7", "100.0"],
            118,
            ["34.7", "38.1", "94.9", "100.0"],
        ),
        (
            "other",
            1_060_528,
            ["15.4", "20.8", "26.1", "100.0"],
            3_369,
            ["6.4", "8.5", "10.3", "100.0"],
        ),
    ];
    for (key, total, case_rates, procedures_total, procedure_rates) in expected {
        let group = plan.categories.iter().find(|g| g.key == key).expect(key);
        assert_eq!(group.annual_cases, total, "{key}");
        assert_eq!(percents(group, true), case_rates.to_vec(), "{key} ①");
        assert_eq!(group.procedures_in_scope, procedures_total, "{key}");
        assert_eq!(percents(group, false), procedure_rates.to_vec(), "{key} ②");
    }
    assert!(
        !figures.differences.is_empty(),
        "some procedures are late against the plan"
    );
}
