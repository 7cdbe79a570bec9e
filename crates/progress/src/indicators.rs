//! The two indicators, computed from the registry's rows and nothing else:
//! totals are always sums of rows, never typed in.
//!
//! In scope: every procedure except those that cannot be done online by law
//! (不可), which are listed apart with their reasons. A procedure counts as
//! online by the end of fiscal year Y (April–March) when
//! - on the plan's basis, its planned fiscal year is Y or earlier;
//! - on the actual basis, it is online and went online in Y or earlier
//!   (its recorded year, or the fiscal year of its start date; online with
//!   no known year counts from the first year shown).
//!
//! The first year shown is cumulative ("R4まで": R4 and everything before).
//! Indicator ① of a group is only a reference figure (参考値) when a
//! procedure of the group in scope has an unknown annual count; the number of
//! such procedures is given.

use std::collections::BTreeMap;

use catalog::model::{Bureau, Category, OnlineStatus, Procedure};
use catalog::registry::{Registry, Row};
use serde::Serialize;

/// The fiscal years the plan reports: R4まで, R5, R6, R7, R8.
pub const PLAN_YEARS: [i32; 5] = [2022, 2023, 2024, 2025, 2026];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// By the fiscal year the plan set for each procedure.
    Plan,
    /// By when each procedure actually went online.
    Actual,
}

/// A share: numerator over denominator, exact and rounded to 0.1 %.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    pub numerator: i64,
    pub denominator: i64,
    /// 0.0–1.0; 0 when the denominator is 0.
    pub exact: f64,
    /// Percent rounded half up to one decimal, as the plan prints it ("67.3").
    pub percent: String,
    /// Change from the previous year in percentage points, rounded to 0.1
    /// (none for the first year).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_points: Option<String>,
}

impl Rate {
    fn new(numerator: i64, denominator: i64) -> Rate {
        let exact = if denominator == 0 {
            0.0
        } else {
            numerator as f64 / denominator as f64
        };
        Rate {
            numerator,
            denominator,
            exact,
            percent: tenths(rounded_permille(numerator, denominator)),
            change_points: None,
        }
    }
}

/// round(n / d × 1000), half up, in integers (no floating-point surprises
/// at .x5).
fn rounded_permille(numerator: i64, denominator: i64) -> i64 {
    if denominator == 0 {
        return 0;
    }
    let (n, d) = (i128::from(numerator), i128::from(denominator));
    let value = (n * 2000 + d) / (2 * d);
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// n / d in percent rounded half up to 0.1 ("67.3").
pub fn percent_of(numerator: i64, denominator: i64) -> String {
    tenths(rounded_permille(numerator, denominator))
}

/// 673 → "67.3", -23 → "-2.3"
fn tenths(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    format!("{sign}{}.{}", abs / 10, abs % 10)
}

/// The change a → b in percentage points, rounded half away from zero to 0.1.
fn change_points(previous: &Rate, current: &Rate) -> String {
    // b/B − a/A = (b·A − a·B) / (A·B), in tenths of a point: × 1000.
    let (a, big_a) = (
        i128::from(previous.numerator),
        i128::from(previous.denominator),
    );
    let (b, big_b) = (
        i128::from(current.numerator),
        i128::from(current.denominator),
    );
    if big_a == 0 || big_b == 0 {
        return tenths(0);
    }
    let top = (b * big_a - a * big_b) * 1000;
    let bottom = big_a * big_b;
    let rounded = if top >= 0 {
        (top * 2 + bottom) / (2 * bottom)
    } else {
        -((-top * 2 + bottom) / (2 * bottom))
    };
    let sign = if rounded > 0 { "+" } else { "" };
    format!("{sign}{}", tenths(i64::try_from(rounded).unwrap_or(0)))
}

/// The two indicators of one group at the end of one fiscal year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFigures {
    pub fiscal_year: i32,
    /// "R4まで", "R5" …
    pub label: String,
    /// "令和4年度まで", "令和5年度" …
    pub label_long: String,
    /// ① annual cases of procedures online over all annual cases.
    pub cases: Rate,
    /// ② procedures online over all procedures.
    pub procedures: Rate,
}

impl YearFigures {
    /// ① when `cases`, else ②.
    pub fn indicator(&self, cases: bool) -> &Rate {
        if cases { &self.cases } else { &self.procedures }
    }
}

/// One row of a table: the whole city, a category or a bureau.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// `all`, a category code, or a bureau id.
    pub key: String,
    pub name: String,
    pub name_en: String,
    pub procedures_in_scope: usize,
    /// Known annual cases of the procedures in scope.
    pub annual_cases: i64,
    /// Procedures in scope whose annual count is unknown.
    pub unknown_counts: usize,
    /// ① is a reference figure only (参考値): some counts are unknown.
    pub cases_reference_only: bool,
    pub years: Vec<YearFigures>,
}

/// A procedure left out of the indicators because it cannot be online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutOfScope {
    pub id: String,
    pub name: String,
    pub bureau_id: String,
    pub reason: String,
}

/// A procedure whose actual year differs from the plan's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub id: String,
    pub name: String,
    pub bureau_id: String,
    pub planned_fiscal_year: Option<i32>,
    /// None: not online yet.
    pub online_fiscal_year: Option<i32>,
}

/// Both indicators on one basis: overall, by category, by bureau.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tables {
    pub basis: Basis,
    pub overall: Group,
    pub categories: Vec<Group>,
    pub bureaus: Vec<Group>,
}

/// Everything the dashboards, the API and the command line show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicators {
    pub fiscal_years: Vec<i32>,
    pub plan: Tables,
    pub actual: Tables,
    pub differences: Vec<Difference>,
    pub out_of_scope: Vec<OutOfScope>,
    /// Cases actually done online over all cases, where an inventory said
    /// (overall first, then by bureau); empty without such figures.
    pub online_use: Vec<UseGroup>,
    /// Applications received through madoguchi per procedure and fiscal
    /// year, against the procedure's annual count.
    pub platform_use: Vec<PlatformUse>,
}

/// Applications received through the platform in a fiscal year, against
/// the procedure's annual count (the share of its cases now coming online).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlatformUse {
    pub procedure_id: String,
    pub name: String,
    pub bureau_id: String,
    pub fiscal_year: i32,
    /// Sent online.
    pub received: i64,
    /// Made at a counter (entered by staff, or a pre-input handed in):
    /// on the platform, but not online.
    pub at_counter: i64,
    pub annual_count: Option<i64>,
    /// None when the annual count is unknown.
    pub rate: Option<Rate>,
}

/// Platform use from `(procedure id, fiscal year, sent online, made at a
/// counter)`, by bureau order then procedure, latest year first; the share
/// of the annual count is of those sent online.
pub fn platform_use(
    procedures: &Registry,
    received: &[(String, i32, i64, i64)],
) -> Vec<PlatformUse> {
    let by_id: std::collections::HashMap<&str, Row<'_>> =
        procedures.rows().map(|p| (p.id(), p)).collect();
    let mut rows: Vec<PlatformUse> = received
        .iter()
        .filter_map(|(id, fiscal_year, count, at_counter)| {
            let p = by_id.get(id.as_str())?;
            Some(PlatformUse {
                procedure_id: id.clone(),
                name: p.name().to_string(),
                bureau_id: p.bureau_id().to_string(),
                fiscal_year: *fiscal_year,
                received: *count,
                at_counter: *at_counter,
                annual_count: p.annual_count(),
                rate: p.annual_count().map(|annual| Rate::new(*count, annual)),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.fiscal_year
            .cmp(&a.fiscal_year)
            .then(a.bureau_id.cmp(&b.bureau_id))
            .then(a.procedure_id.cmp(&b.procedure_id))
    });
    rows
}

/// The actual online-use rate of a group: cases done online over all cases,
/// over the procedures whose inventory gave both counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UseGroup {
    pub key: String,
    pub name: String,
    pub procedures: usize,
    pub rate: Rate,
}

/// Online use by bureau from `(total cases, cases online)` per procedure id.
pub fn online_use(
    procedures: &Registry,
    uses: &std::collections::HashMap<String, (i64, i64)>,
    bureaus: &[Bureau],
) -> Vec<UseGroup> {
    if uses.is_empty() {
        return Vec::new();
    }
    let mut totals: BTreeMap<&str, (usize, i64, i64)> = BTreeMap::new();
    let mut overall = (0_usize, 0_i64, 0_i64);
    for p in procedures.rows() {
        if let Some(&(total, online)) = uses.get(p.id()) {
            let entry = totals.entry(p.bureau_id()).or_default();
            *entry = (entry.0 + 1, entry.1 + total, entry.2 + online);
            overall = (overall.0 + 1, overall.1 + total, overall.2 + online);
        }
    }
    let name_of = |id: &str| {
        bureaus
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    std::iter::once(UseGroup {
        key: "all".into(),
        name: "全体".into(),
        procedures: overall.0,
        rate: Rate::new(overall.2, overall.1),
    })
    .chain(totals.into_iter().map(|(id, (n, total, online))| UseGroup {
        key: id.to_string(),
        name: name_of(id),
        procedures: n,
        rate: Rate::new(online, total),
    }))
    .collect()
}

/// The fiscal year a procedure went online, when it is online. `Some(None)`:
/// online, year unknown.
fn online_year(procedure: Row<'_>) -> Option<Option<i32>> {
    procedure.registered_online().then(|| {
        procedure
            .online_fy()
            .or_else(|| procedure.online_since().map(kernel::wareki::fiscal_year_of))
    })
}

fn online_by(procedure: Row<'_>, basis: Basis, year: i32) -> bool {
    match basis {
        Basis::Plan => match procedure.planned_fy() {
            Some(planned) => planned <= year,
            // No year in the plan: it counts once it is online.
            None => online_by(procedure, Basis::Actual, year),
        },
        Basis::Actual => match online_year(procedure) {
            Some(Some(went)) => went <= year,
            Some(None) => true,
            None => false,
        },
    }
}

fn in_scope(procedure: &Procedure) -> bool {
    !matches!(procedure.online, OnlineStatus::Impossible { .. })
}

fn year_labels(year: i32, first: bool) -> (String, String) {
    let short = kernel::wareki::fiscal_year_short(year);
    let long = kernel::wareki::fiscal_year_label(year);
    if first {
        (format!("{short}まで"), format!("{long}まで"))
    } else {
        (short, long)
    }
}

fn group(
    key: &str,
    name: &str,
    name_en: &str,
    members: &[Row<'_>],
    basis: Basis,
    years: &[i32],
) -> Group {
    let procedures_in_scope = members.len();
    let annual_cases: i64 = members.iter().filter_map(|p| p.annual_count()).sum();
    let unknown_counts = members
        .iter()
        .filter(|p| p.annual_count().is_none())
        .count();
    let mut figures: Vec<YearFigures> = Vec::with_capacity(years.len());
    for (i, &year) in years.iter().enumerate() {
        let online: Vec<Row<'_>> = members
            .iter()
            .copied()
            .filter(|p| online_by(*p, basis, year))
            .collect();
        let online_cases: i64 = online.iter().filter_map(|p| p.annual_count()).sum();
        let mut cases = Rate::new(online_cases, annual_cases);
        let mut procedures = Rate::new(
            i64::try_from(online.len()).unwrap_or(i64::MAX),
            i64::try_from(procedures_in_scope).unwrap_or(i64::MAX),
        );
        if let Some(previous) = figures.last() {
            cases.change_points = Some(change_points(&previous.cases, &cases));
            procedures.change_points = Some(change_points(&previous.procedures, &procedures));
        }
        let (label, label_long) = year_labels(year, i == 0);
        figures.push(YearFigures {
            fiscal_year: year,
            label,
            label_long,
            cases,
            procedures,
        });
    }
    Group {
        key: key.to_string(),
        name: name.to_string(),
        name_en: name_en.to_string(),
        procedures_in_scope,
        annual_cases,
        unknown_counts,
        cases_reference_only: unknown_counts > 0,
        years: figures,
    }
}

fn tables(procedures: &[Row<'_>], bureaus: &[Bureau], basis: Basis, years: &[i32]) -> Tables {
    let overall = group("all", "全体", "All procedures", procedures, basis, years);
    let categories = Category::ALL
        .iter()
        .map(|category| {
            let members: Vec<Row<'_>> = procedures
                .iter()
                .copied()
                .filter(|p| p.category() == *category)
                .collect();
            group(
                category.code(),
                category.label_ja(),
                category.label_en(),
                &members,
                basis,
                years,
            )
        })
        .collect();
    let mut by_bureau: BTreeMap<&str, Vec<Row<'_>>> = BTreeMap::new();
    for p in procedures {
        by_bureau.entry(p.bureau_id()).or_default().push(*p);
    }
    let mut bureau_groups: Vec<Group> = Vec::new();
    // The organisation's order first, then any bureau it does not know.
    for bureau in bureaus {
        if let Some(members) = by_bureau.remove(bureau.id.as_str()) {
            bureau_groups.push(group(
                &bureau.id,
                &bureau.name,
                &bureau.name_en,
                &members,
                basis,
                years,
            ));
        }
    }
    for (id, members) in by_bureau {
        bureau_groups.push(group(id, id, id, &members, basis, years));
    }
    Tables {
        basis,
        overall,
        categories,
        bureaus: bureau_groups,
    }
}

/// Both indicators on both bases for `years` (the first one cumulative).
pub fn compute(procedures: &Registry, bureaus: &[Bureau], years: &[i32]) -> Indicators {
    let scope: Vec<Row<'_>> = procedures.rows().filter(|p| !p.impossible()).collect();
    let out_of_scope = procedures
        .rows()
        .filter_map(|p| match p.online() {
            OnlineStatus::Impossible { reason } => Some(OutOfScope {
                id: p.id().to_string(),
                name: p.name().to_string(),
                bureau_id: p.bureau_id().to_string(),
                reason,
            }),
            _ => None,
        })
        .collect();
    let differences = scope
        .iter()
        .filter_map(|&p| {
            let online = online_year(p).flatten();
            let is_online = online_year(p).is_some();
            let differs = match (p.planned_fy(), online) {
                (Some(planned), Some(went)) => planned != went,
                (Some(_), None) => !is_online,
                (None, _) => false,
            };
            differs.then(|| Difference {
                id: p.id().to_string(),
                name: p.name().to_string(),
                bureau_id: p.bureau_id().to_string(),
                planned_fiscal_year: p.planned_fy(),
                online_fiscal_year: online,
            })
        })
        .collect();
    Indicators {
        fiscal_years: years.to_vec(),
        plan: tables(&scope, bureaus, Basis::Plan, years),
        actual: tables(&scope, bureaus, Basis::Actual, years),
        differences,
        out_of_scope,
        online_use: Vec::new(),
        platform_use: Vec::new(),
    }
}

/// Where totals stated with a registry (in a plan, a cover sheet) differ
/// from the sums of its rows, in scope: one line each, Japanese and English.
pub fn stated_total_mismatches(
    procedures: &[Procedure],
    stated_cases: Option<i64>,
    stated_procedures: Option<usize>,
) -> Vec<String> {
    let scope: Vec<&Procedure> = procedures.iter().filter(|p| in_scope(p)).collect();
    let mut problems = Vec::new();
    if let Some(stated) = stated_cases {
        let sum: i64 = scope.iter().filter_map(|p| p.annual_count).sum();
        if sum != stated {
            problems.push(format!(
                "記載の年間総件数 {} 件は、行の合計 {} 件と {} 件違います。 / The stated total of {} cases differs from the rows' sum of {} by {}.",
                catalog::pages::group_digits(stated),
                catalog::pages::group_digits(sum),
                catalog::pages::group_digits((sum - stated).abs()),
                catalog::pages::group_digits(stated),
                catalog::pages::group_digits(sum),
                catalog::pages::group_digits((sum - stated).abs()),
            ));
        }
    }
    if let Some(stated) = stated_procedures
        && stated != scope.len()
    {
        problems.push(format!(
            "記載の手続数 {stated} は、行の数 {} と違います。 / The stated number of procedures, {stated}, differs from the {} rows in scope.",
            scope.len(),
            scope.len()
        ));
    }
    problems
}

/// The fiscal years to show: the plan's, extended to the current one.
pub fn years_through(current_fiscal_year: i32) -> Vec<i32> {
    let last = current_fiscal_year.max(*PLAN_YEARS.last().unwrap_or(&2026));
    (PLAN_YEARS[0]..=last).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn procedure(id: &str, category: Category, count: Option<i64>) -> Procedure {
        Procedure {
            category,
            annual_count: count,
            ..Procedure::named(id, format!("手続{id}"), "b1")
        }
    }

    fn online(mut p: Procedure, year: i32) -> Procedure {
        p.online = OnlineStatus::Online {
            fiscal_year: Some(year),
            or_earlier: false,
            since: None,
        };
        p
    }

    fn planned(mut p: Procedure, year: i32) -> Procedure {
        p.planned_fy = Some(year);
        if p.online == OnlineStatus::NotOnline {
            p.online = OnlineStatus::Planned;
        }
        p
    }

    const YEARS: [i32; 4] = [2022, 2023, 2024, 2025];

    #[test]
    fn rates_round_half_up_to_a_tenth_and_changes_are_in_points() {
        assert_eq!(Rate::new(13_804_426, 20_507_884).percent, "67.3");
        assert_eq!(Rate::new(1, 8).percent, "12.5");
        assert_eq!(Rate::new(1, 16).percent, "6.3", "6.25 rounds up");
        assert_eq!(Rate::new(0, 0).percent, "0.0");
        assert_eq!(
            change_points(&Rate::new(263, 3521), &Rate::new(347, 3521)),
            "+2.4"
        );
        assert_eq!(
            change_points(&Rate::new(492, 3521), &Rate::new(3521, 3521)),
            "+86.0"
        );
        assert_eq!(change_points(&Rate::new(1, 2), &Rate::new(1, 4)), "-25.0");
    }

    #[test]
    fn impossible_procedures_are_out_of_scope_and_listed_with_their_reason() {
        let mut barred = procedure("x", Category::Other, Some(1_000));
        barred.online = OnlineStatus::Impossible {
            reason: "法令で対面が必要".into(),
        };
        let rows = [
            online(procedure("a", Category::Other, Some(300)), 2022),
            procedure("b", Category::Other, Some(100)),
            barred,
        ];
        let result = compute(&Registry::from(rows.to_vec()), &[], &YEARS);
        let first = &result.actual.overall.years[0];
        assert_eq!(
            (first.procedures.numerator, first.procedures.denominator),
            (1, 2)
        );
        assert_eq!((first.cases.numerator, first.cases.denominator), (300, 400));
        assert_eq!(first.cases.percent, "75.0");
        assert_eq!(result.out_of_scope.len(), 1);
        assert_eq!(result.out_of_scope[0].reason, "法令で対面が必要");
    }

    #[test]
    fn unknown_counts_make_the_case_figure_a_reference_and_are_counted() {
        let rows = [
            online(procedure("a", Category::Childcare, Some(50)), 2023),
            online(procedure("b", Category::Childcare, None), 2022),
            procedure("c", Category::NursingCare, Some(10)),
        ];
        let result = compute(&Registry::from(rows.to_vec()), &[], &YEARS);
        let childcare = &result.actual.categories[0];
        assert_eq!(childcare.key, "childcare");
        assert!(childcare.cases_reference_only);
        assert_eq!(childcare.unknown_counts, 1);
        // The unknown one counts as a procedure, not as cases.
        assert_eq!(childcare.years[0].procedures.numerator, 1);
        assert_eq!(childcare.years[0].cases.numerator, 0);
        assert_eq!(childcare.years[1].cases.numerator, 50);
        let nursing = &result.actual.categories[1];
        assert!(!nursing.cases_reference_only);
        assert!(result.actual.overall.cases_reference_only);
    }

    #[test]
    fn the_first_year_is_cumulative_and_later_years_add_up() {
        let rows = [
            online(procedure("old", Category::Other, Some(10)), 2019),
            online(procedure("r4", Category::Other, Some(10)), 2022),
            online(procedure("r6", Category::Other, Some(10)), 2024),
            procedure("never", Category::Other, Some(10)),
        ];
        let result = compute(&Registry::from(rows.to_vec()), &[], &YEARS);
        let numerators: Vec<i64> = result
            .actual
            .overall
            .years
            .iter()
            .map(|y| y.procedures.numerator)
            .collect();
        assert_eq!(numerators, vec![2, 2, 3, 3]);
        assert_eq!(result.actual.overall.years[0].label, "R4まで");
        assert_eq!(result.actual.overall.years[0].label_long, "令和4年度まで");
        assert_eq!(result.actual.overall.years[1].label, "R5");
        assert_eq!(
            result.actual.overall.years[0].procedures.change_points,
            None
        );
        assert_eq!(
            result.actual.overall.years[2]
                .procedures
                .change_points
                .as_deref(),
            Some("+25.0")
        );
    }

    #[test]
    fn a_procedure_moving_from_planned_to_online_shows_in_plan_and_actual() {
        // Planned for R5, it went online a year late, on 1 April 2024 (R6).
        let mut late = planned(procedure("late", Category::HighImpact, Some(100)), 2023);
        late.online = OnlineStatus::Online {
            fiscal_year: None,
            or_earlier: false,
            since: Some(time::macros::date!(2024 - 04 - 01)),
        };
        // Went online on 31 March 2024: still R5.
        let mut on_time = planned(procedure("on-time", Category::HighImpact, Some(100)), 2023);
        on_time.online = OnlineStatus::Online {
            fiscal_year: None,
            or_earlier: false,
            since: Some(time::macros::date!(2024 - 03 - 31)),
        };
        let result = compute(&Registry::from(vec![late, on_time]), &[], &YEARS);
        let plan: Vec<i64> = result
            .plan
            .overall
            .years
            .iter()
            .map(|y| y.procedures.numerator)
            .collect();
        let actual: Vec<i64> = result
            .actual
            .overall
            .years
            .iter()
            .map(|y| y.procedures.numerator)
            .collect();
        assert_eq!(plan, vec![0, 2, 2, 2]);
        assert_eq!(actual, vec![0, 1, 2, 2], "31 March is R5, 1 April is R6");
        assert_eq!(result.differences.len(), 1);
        assert_eq!(result.differences[0].id, "late");
        assert_eq!(result.differences[0].online_fiscal_year, Some(2024));
    }

    #[test]
    fn a_stated_total_that_is_not_the_rows_sum_is_named() {
        let rows = [
            procedure("a", Category::Other, Some(20_507_844)),
            procedure("b", Category::Other, Some(40)),
        ];
        let problems = stated_total_mismatches(&rows, Some(20_507_844), Some(2));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("20,507,844"));
        assert!(problems[0].contains("20,507,884"));
        assert!(problems[0].contains("by 40"));
        assert!(stated_total_mismatches(&rows, Some(20_507_884), Some(2)).is_empty());
        assert_eq!(stated_total_mismatches(&rows, None, Some(3)).len(), 1);
    }

    #[test]
    fn bureaus_follow_the_organisation_and_unknown_bureaus_still_count() {
        let mut other = procedure("z", Category::Other, Some(5));
        other.bureau_id = "zz".into();
        let rows = [
            online(procedure("a", Category::Other, Some(5)), 2022),
            other,
        ];
        let bureaus = [Bureau {
            id: "b1".into(),
            name: "総務局".into(),
            kana: "そうむきょく".into(),
            name_en: "General Affairs Bureau".into(),
        }];
        let result = compute(&Registry::from(rows.to_vec()), &bureaus, &YEARS);
        let names: Vec<&str> = result
            .actual
            .bureaus
            .iter()
            .map(|b| b.name.as_str())
            .collect();
        assert_eq!(names, vec!["総務局", "zz"]);
        assert_eq!(
            result.actual.bureaus[0].years[0].procedures.percent,
            "100.0"
        );
    }
}
