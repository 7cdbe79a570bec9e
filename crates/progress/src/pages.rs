//! The public progress page (`/progress`): the plan's two indicators year
//! by year, the plan's figures beside what actually happened (計画 / 実績)
//! in tables and in charts drawn on the server, and the downloads; in every
//! resident language. This fiscal year's actual counts what is online so
//! far, and a year to come has none yet: the page says both.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use catalog::Catalog;
use catalog::model::Category;
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};

use crate::charts::{Row as ChartRow, Series, Value, bars};
use kernel::i18n::{Arg, Message};

use crate::indicators::{Group, Indicators, Rate, YearFigures};

pub fn routes() -> Router<crate::Progress> {
    Router::new().route("/progress", get(progress_page))
}

/// Whether a fiscal year has an actual figure yet, seen from the current
/// fiscal year: a past year's is final, this year's counts what is online
/// so far, a year to come has none (and the page says so rather than
/// showing the plan's figure alone or a zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actual {
    Final,
    SoFar,
    NotYet,
}

pub fn actual_of(fiscal_year: i32, current_fiscal_year: i32) -> Actual {
    match fiscal_year.cmp(&current_fiscal_year) {
        std::cmp::Ordering::Less => Actual::Final,
        std::cmp::Ordering::Equal => Actual::SoFar,
        std::cmp::Ordering::Greater => Actual::NotYet,
    }
}

struct Row {
    /// HTML (a translated category name, or a bureau's Japanese name).
    name: String,
    japanese: bool,
    total: String,
    /// One cell a year, on the plan's basis.
    plan: Vec<String>,
    /// One cell a year on what actually happened ("not yet" for years to come).
    actual: Vec<String>,
}

struct Table {
    id: &'static str,
    heading: String,
    rows: Vec<Row>,
    /// 前年比 of the whole, plan then actual (empty for the bureaus).
    plan_changes: Vec<String>,
    actual_changes: Vec<String>,
    reference_only: usize,
}

struct Chart {
    svg: String,
    /// HTML.
    caption: String,
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    chrome: Chrome,
    years: Vec<String>,
    tables: Vec<Table>,
    charts: Vec<Chart>,
    /// HTML: this year's actual is so far (with the day), when it is shown.
    so_far_note: String,
}

/// The catalog message naming a group: overall or a category (a bureau's
/// name is the city's data).
fn category_key(key: &str) -> Option<&'static str> {
    if key == "all" {
        return Some("progress-all");
    }
    Category::from_code(key).map(Category::message_id)
}

fn cell(rate: &Rate) -> String {
    format!(
        "{} ({}%)",
        catalog::pages::group_digits(rate.numerator),
        rate.percent
    )
}

/// What the page knows of the years: the current fiscal year and the words
/// for a year without an actual figure.
struct Years {
    current: i32,
    not_yet: String,
}

impl Years {
    fn actual_cells(&self, group: &Group, text: impl Fn(&YearFigures) -> String) -> Vec<String> {
        group
            .years
            .iter()
            .map(|y| match actual_of(y.fiscal_year, self.current) {
                Actual::NotYet => self.not_yet.clone(),
                Actual::Final | Actual::SoFar => text(y),
            })
            .collect()
    }
}

/// The same group on the actual basis (the two tables list the same
/// groups in the same order; looked up by key all the same).
fn actual_group<'a>(actual: &'a [Group], i: usize, key: &str) -> Option<&'a Group> {
    actual
        .get(i)
        .filter(|g| g.key == key)
        .or_else(|| actual.iter().find(|g| g.key == key))
}

fn row(chrome: &Chrome, years: &Years, plan: &Group, actual: Option<&Group>, cases: bool) -> Row {
    let (name, japanese) = match category_key(&plan.key) {
        Some(key) => (chrome.t(key), false),
        None => (kernel::i18n::escape(&plan.name), true),
    };
    let total = if cases {
        chrome.ts(
            "procedure-cases-count",
            "count",
            &catalog::pages::group_digits(plan.annual_cases),
        )
    } else {
        chrome.ts(
            "progress-procedures-count",
            "count",
            &catalog::pages::group_digits(i64::try_from(plan.procedures_in_scope).unwrap_or(0)),
        )
    };
    Row {
        name,
        japanese,
        total: kernel::i18n::strip_furigana(&total),
        plan: plan
            .years
            .iter()
            .map(|y| cell(y.indicator(cases)))
            .collect(),
        actual: actual
            .map(|g| years.actual_cells(g, |y| cell(y.indicator(cases))))
            .unwrap_or_default(),
    }
}

fn changes(group: &Group, cases: bool) -> Vec<String> {
    group
        .years
        .iter()
        .map(|y| {
            y.indicator(cases)
                .change_points
                .as_ref()
                .map(|c| format!("{c}%"))
                .unwrap_or_else(|| "—".into())
        })
        .collect()
}

fn table(chrome: &Chrome, years: &Years, figures: &Indicators, cases: bool) -> Table {
    let (plan, actual) = (&figures.plan, &figures.actual);
    let mut rows = vec![row(
        chrome,
        years,
        &plan.overall,
        Some(&actual.overall),
        cases,
    )];
    rows.extend(plan.categories.iter().enumerate().map(|(i, group)| {
        let other = actual_group(&actual.categories, i, &group.key);
        row(chrome, years, group, other, cases)
    }));
    let mut actual_changes = changes(&actual.overall, cases);
    for (change, y) in actual_changes.iter_mut().zip(&actual.overall.years) {
        if actual_of(y.fiscal_year, years.current) == Actual::NotYet {
            *change = "—".into();
        }
    }
    Table {
        id: if cases { "cases" } else { "procedures" },
        heading: chrome.t(if cases {
            "progress-cases-heading"
        } else {
            "progress-procedures-heading"
        }),
        rows,
        plan_changes: changes(&plan.overall, cases),
        actual_changes,
        reference_only: if cases {
            plan.overall.unknown_counts
        } else {
            0
        },
    }
}

/// Per bureau, both indicators in each cell (① cases / ② procedures).
fn bureau_table(chrome: &Chrome, years: &Years, figures: &Indicators) -> Table {
    let both = |y: &YearFigures| format!("① {}% / ② {}%", y.cases.percent, y.procedures.percent);
    Table {
        id: "bureaus",
        heading: chrome.t("progress-bureaus-heading"),
        rows: figures
            .plan
            .bureaus
            .iter()
            .enumerate()
            .map(|(i, group)| Row {
                name: kernel::i18n::escape(&group.name),
                japanese: true,
                total: kernel::i18n::strip_furigana(&chrome.ts(
                    "progress-procedures-count",
                    "count",
                    &catalog::pages::group_digits(
                        i64::try_from(group.procedures_in_scope).unwrap_or(0),
                    ),
                )),
                plan: group.years.iter().map(both).collect(),
                actual: actual_group(&figures.actual.bureaus, i, &group.key)
                    .map(|g| years.actual_cells(g, both))
                    .unwrap_or_default(),
            })
            .collect(),
        plan_changes: Vec::new(),
        actual_changes: Vec::new(),
        reference_only: 0,
    }
}

/// A chart row of both series for one year of a group.
fn pair(
    chrome: &Chrome,
    years: &Years,
    label: String,
    plan: &YearFigures,
    actual: Option<&YearFigures>,
    cases: bool,
) -> ChartRow {
    let (plan_word, actual_word) = (chrome.attr("progress-plan"), chrome.attr("progress-actual"));
    let value = |rate: &Rate| Value {
        percent: rate.exact * 100.0,
        text: format!("{}%", rate.percent),
    };
    let planned = value(plan.indicator(cases));
    let actual = actual.filter(|y| actual_of(y.fiscal_year, years.current) != Actual::NotYet);
    let actual_bar = match actual {
        Some(y) => {
            let v = value(y.indicator(cases));
            let text = format!("{actual_word} {}", v.text);
            (Series::Actual, Some(v), text)
        }
        None => (
            Series::Actual,
            None,
            format!("{actual_word} {}", years.not_yet),
        ),
    };
    let plan_text = format!("{plan_word} {}", planned.text);
    ChartRow {
        label,
        bars: vec![(Series::Plan, Some(planned), plan_text), actual_bar],
    }
}

fn page(chrome: Chrome, figures: &Indicators, today: time::Date) -> ProgressPage {
    let years = Years {
        current: kernel::wareki::fiscal_year_of(today),
        not_yet: chrome.attr("progress-actual-not-yet"),
    };
    let plan = &figures.plan;
    let actual = &figures.actual;
    let year_labels = plan.overall.years.iter().map(|y| y.label.clone()).collect();
    // The whole, year by year, both indicators: plan beside actual.
    let overall = |cases: bool| -> Vec<ChartRow> {
        plan.overall
            .years
            .iter()
            .zip(
                actual
                    .overall
                    .years
                    .iter()
                    .map(Some)
                    .chain(std::iter::repeat(None)),
            )
            .map(|(p, a)| pair(&chrome, &years, p.label.clone(), p, a, cases))
            .collect()
    };
    // Categories and bureaus at the latest year shown, plan beside actual.
    let latest = plan.overall.years.len().saturating_sub(1);
    let latest_label = plan
        .overall
        .years
        .last()
        .map(|y| y.label_long.clone())
        .unwrap_or_default();
    let at_latest = |groups: &[Group],
                     others: &[Group],
                     cases: bool,
                     name: &dyn Fn(&Group) -> String|
     -> Vec<ChartRow> {
        groups
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                let p = g.years.get(latest)?;
                let a = actual_group(others, i, &g.key).and_then(|o| o.years.get(latest));
                Some(pair(&chrome, &years, name(g), p, a, cases))
            })
            .collect()
    };
    let category_name = |g: &Group| {
        category_key(&g.key)
            .map(|key| chrome.attr(key))
            .unwrap_or_else(|| g.name.clone())
    };
    let bureau_name = |g: &Group| g.name.clone();
    let category_rows = at_latest(&plan.categories, &actual.categories, false, &category_name);
    // Bureaus ranked by ① on what actually happened.
    let mut ranked: Vec<&Group> = plan.bureaus.iter().collect();
    let actual_rate = |g: &Group| {
        actual
            .bureaus
            .iter()
            .find(|a| a.key == g.key)
            .and_then(|a| a.years.get(latest))
            .map_or(0.0, |y| y.cases.exact)
    };
    ranked.sort_by(|a, b| actual_rate(b).total_cmp(&actual_rate(a)));
    let ranked: Vec<Group> = ranked.into_iter().cloned().collect();
    let bureau_rows = at_latest(&ranked, &actual.bureaus, true, &bureau_name);
    let caption = |id: &'static str| Message::new(id);
    let captioned = |id: &'static str| Message::new(id).with("year", latest_label.as_str());
    let chart = |id: &str, caption: Message, rows: Vec<ChartRow>| Chart {
        svg: bars(id, &caption.plain(chrome.lang), &rows),
        caption: chrome.message(&caption),
    };
    let charts = vec![
        chart(
            "chart-overall-procedures",
            caption("progress-chart-overall-procedures"),
            overall(false),
        ),
        chart(
            "chart-overall-cases",
            caption("progress-chart-overall-cases"),
            overall(true),
        ),
        chart(
            "chart-categories",
            captioned("progress-chart-categories-year"),
            category_rows,
        ),
        chart(
            "chart-bureaus",
            captioned("progress-chart-bureaus-both"),
            bureau_rows,
        ),
    ];
    let shows_this_year = plan
        .overall
        .years
        .iter()
        .any(|y| actual_of(y.fiscal_year, years.current) == Actual::SoFar);
    let so_far_note = if shows_this_year {
        let message = Message::new("progress-actual-so-far")
            .with(
                "year",
                Arg::pair(
                    kernel::wareki::fiscal_year_label(years.current),
                    kernel::wareki::fiscal_year_short(years.current),
                ),
            )
            .with(
                "date",
                Arg::pair(kernel::wareki::wareki_date(today), today.to_string()),
            );
        chrome.message(&message)
    } else {
        String::new()
    };
    ProgressPage {
        tables: vec![
            table(&chrome, &years, figures, true),
            table(&chrome, &years, figures, false),
            bureau_table(&chrome, &years, figures),
        ],
        charts,
        so_far_note,
        years: year_labels,
        chrome,
    }
}

async fn progress_page(
    State(catalog): State<Catalog>,
    chrome: Chrome,
) -> Result<Response, PageError> {
    let chrome = chrome.clone().titled(chrome.marked_up("progress-title"));
    let figures = crate::api::current(&catalog)
        .await
        .map_err(|e| PageError::new(&chrome, ApiError::from(e)))?;
    Ok(render(&page(
        chrome,
        &figures,
        kernel::clock::today_in_japan(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_years_have_final_actuals_this_year_so_far_and_years_to_come_none() {
        assert_eq!(actual_of(2024, 2026), Actual::Final);
        assert_eq!(actual_of(2026, 2026), Actual::SoFar);
        assert_eq!(actual_of(2027, 2026), Actual::NotYet);
    }
}
