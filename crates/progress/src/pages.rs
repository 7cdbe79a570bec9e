//! The public progress page (`/progress`): the plan's two tables, charts drawn
//! on the server, and the downloads; in every resident language.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use catalog::Catalog;
use catalog::model::Category;
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};

use crate::charts::{Bar, bars};
use crate::indicators::{Group, Indicators, Rate, Tables};

pub fn routes() -> Router<crate::Progress> {
    Router::new().route("/progress", get(progress_page))
}

struct Row {
    /// HTML (a translated category name, or a bureau's Japanese name).
    name: String,
    japanese: bool,
    total: String,
    cells: Vec<String>,
}

struct Table {
    id: &'static str,
    heading: String,
    rows: Vec<Row>,
    changes: Vec<String>,
    reference_only: usize,
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    chrome: Chrome,
    years: Vec<String>,
    tables: Vec<Table>,
    category_chart: String,
    bureau_chart: String,
    bureau_caption: String,
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

fn row(chrome: &Chrome, group: &Group, cases: bool) -> Row {
    let (name, japanese) = match category_key(&group.key) {
        Some(key) => (chrome.t(key), false),
        None => (kernel::i18n::escape(&group.name), true),
    };
    let total = if cases {
        chrome.ts(
            "procedure-cases-count",
            "count",
            &catalog::pages::group_digits(group.annual_cases),
        )
    } else {
        chrome.ts(
            "progress-procedures-count",
            "count",
            &catalog::pages::group_digits(i64::try_from(group.procedures_in_scope).unwrap_or(0)),
        )
    };
    Row {
        name,
        japanese,
        total: kernel::i18n::strip_furigana(&total),
        cells: group
            .years
            .iter()
            .map(|y| cell(y.indicator(cases)))
            .collect(),
    }
}

fn table(chrome: &Chrome, tables: &Tables, cases: bool) -> Table {
    let rows = std::iter::once(&tables.overall)
        .chain(tables.categories.iter())
        .map(|group| row(chrome, group, cases))
        .collect();
    Table {
        id: if cases { "cases" } else { "procedures" },
        heading: chrome.t(if cases {
            "progress-cases-heading"
        } else {
            "progress-procedures-heading"
        }),
        rows,
        changes: tables
            .overall
            .years
            .iter()
            .map(|y| {
                let rate = y.indicator(cases);
                rate.change_points
                    .as_ref()
                    .map(|c| format!("{c}%"))
                    .unwrap_or_else(|| "—".into())
            })
            .collect(),
        reference_only: if cases {
            tables.overall.unknown_counts
        } else {
            0
        },
    }
}

/// Per bureau, both indicators in each cell (① cases / ② procedures).
fn bureau_table(chrome: &Chrome, tables: &Tables) -> Table {
    Table {
        id: "bureaus",
        heading: chrome.t("progress-bureaus-heading"),
        rows: tables
            .bureaus
            .iter()
            .map(|group| Row {
                name: kernel::i18n::escape(&group.name),
                japanese: true,
                total: kernel::i18n::strip_furigana(&chrome.ts(
                    "progress-procedures-count",
                    "count",
                    &catalog::pages::group_digits(
                        i64::try_from(group.procedures_in_scope).unwrap_or(0),
                    ),
                )),
                cells: group
                    .years
                    .iter()
                    .map(|y| format!("① {}% / ② {}%", y.cases.percent, y.procedures.percent))
                    .collect(),
            })
            .collect(),
        changes: Vec::new(),
        reference_only: 0,
    }
}

fn page(chrome: Chrome, figures: &Indicators) -> ProgressPage {
    let plan = &figures.plan;
    let years = plan.overall.years.iter().map(|y| y.label.clone()).collect();
    // Progress by year per category (②, the plan's years).
    let category_bars: Vec<Bar> = plan
        .categories
        .iter()
        .flat_map(|group| {
            let name = category_key(&group.key)
                .map(|key| chrome.attr(key))
                .unwrap_or_else(|| group.name.clone());
            group.years.iter().map(move |y| Bar {
                label: format!("{name} {}", y.label),
                percent: y.procedures.exact * 100.0,
                text: format!("{}%", y.procedures.percent),
            })
        })
        .collect();
    // Bureaus ranked by ① on what actually happened, this fiscal year.
    let mut bureaus: Vec<(&Group, &Rate)> = figures
        .actual
        .bureaus
        .iter()
        .filter_map(|g| g.years.last().map(|y| (g, &y.cases)))
        .collect();
    bureaus.sort_by(|a, b| b.1.exact.total_cmp(&a.1.exact));
    let latest = figures
        .actual
        .overall
        .years
        .last()
        .map(|y| y.label_long.clone())
        .unwrap_or_default();
    let bureau_bars: Vec<Bar> = bureaus
        .iter()
        .map(|(group, rate)| Bar {
            label: group.name.clone(),
            percent: rate.exact * 100.0,
            text: format!("{}%", rate.percent),
        })
        .collect();
    let bureau_caption = chrome.ts("progress-chart-bureaus", "year", &latest);
    ProgressPage {
        tables: vec![
            table(&chrome, plan, true),
            table(&chrome, plan, false),
            bureau_table(&chrome, plan),
        ],
        category_chart: bars(
            "chart-categories",
            &chrome.attr("progress-chart-categories"),
            &category_bars,
        ),
        bureau_chart: bars(
            "chart-bureaus",
            &kernel::i18n::strip_furigana(&bureau_caption),
            &bureau_bars,
        ),
        bureau_caption,
        years,
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
    Ok(render(&page(chrome, &figures)))
}
