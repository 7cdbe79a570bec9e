//! The indicators over HTTP (`GET /api/v1/indicators`, JSON, or CSV with
//! `?format=csv`) and in the shapes the command line prints: JSON, CSV and a
//! text table laid out like the plan's §9.

use std::fmt::Write;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use catalog::Catalog;
use kernel::web::attachment;
use kernel::{ApiError, FieldError};
use serde::Deserialize;

use crate::indicators::{Group, Indicators, Tables, compute, years_through};

/// The indicators of the registry in `catalog` as they stand today.
pub async fn current(catalog: &Catalog) -> anyhow::Result<Indicators> {
    let index = catalog.index().await?;
    let procedures = &index.procedures;
    let today = kernel::clock::today_in_japan();
    let this_year = kernel::wareki::fiscal_year_of(today);
    let key = u64::try_from(this_year).unwrap_or(0);
    // Computed once per catalog revision and year, with the inventory's
    // online use (written only by an inventory import, which changes the
    // revision in the same transaction): over a national registry, reading
    // that table and computing took 0.3–0.45 s of CPU on every view of a
    // public page.
    let kept = match index.kept::<Indicators>(key) {
        Some(kept) => kept,
        None => {
            let uses = crate::inventory::uses(catalog.db()).await?;
            index.derived(key, |index| {
                let mut figures = compute(
                    &index.procedures,
                    &index.organisation.bureaus,
                    &years_through(this_year),
                );
                figures.online_use = crate::indicators::online_use(
                    &index.procedures,
                    &uses,
                    &index.organisation.bureaus,
                );
                figures
            })
        }
    };
    let mut figures = Indicators::clone(&kept);
    figures.platform_use =
        crate::indicators::platform_use(procedures, &received(catalog.db()).await?);
    Ok(figures)
}

/// Applications received per procedure and fiscal year (kept by the
/// writer): `(procedure, year, sent online, made at a counter)`.
pub async fn received(db: &kernel::Db) -> anyhow::Result<Vec<(String, i32, i64, i64)>> {
    use sqlx::Row;
    sqlx::query(
        "SELECT procedure_id, fiscal_year, received - at_counter AS online, at_counter \
         FROM application_counts",
    )
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|row| {
        let year: i64 = row.try_get("fiscal_year")?;
        Ok((
            row.try_get("procedure_id")?,
            i32::try_from(year)?,
            row.try_get("online")?,
            row.try_get("at_counter")?,
        ))
    })
    .collect()
}

/// The plan's two indicators as the downloads title them, each with
/// whether it counts cases (①) rather than procedures (②).
const INDICATOR_TITLES: [(&str, bool); 2] = [
    ("評価指標① 年間総件数 / annual cases", true),
    ("評価指標② 手続数 / procedures", false),
];

pub fn routes() -> utoipa_axum::router::OpenApiRouter<crate::Progress> {
    utoipa_axum::router::OpenApiRouter::new().routes(utoipa_axum::routes!(indicators))
}

#[derive(Deserialize, utoipa::IntoParams)]
struct FormatQuery {
    /// `json` (default), `csv` (UTF-8) or `xlsx` (Excel).
    #[serde(default)]
    format: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/indicators",
    tag = "progress",
    summary = "The plan's two indicators, plan against actual",
    description = "Public open data: ① the share of the year's cases in procedures available online and ② the share of procedures online, per fiscal year, category and bureau, plan against actual; with `format=csv` or `format=xlsx`, a download.",
    params(FormatQuery),
    responses(
        (status = 200, description = "The indicators", content(
            (Object = "application/json"),
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "An unknown format", body = kernel::error::ErrorSchema),
    )
)]
async fn indicators(
    State(catalog): State<Catalog>,
    query: Result<Query<FormatQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::invalid(vec![FieldError::new(
            "format",
            "形式は json・csv・xlsx のいずれかです。",
            "The format is json, csv or xlsx.",
        )])
    })?;
    let figures = current(&catalog).await?;
    match query.format.as_deref() {
        None | Some("json") => Ok(axum::Json(figures).into_response()),
        Some("csv") => Ok(attachment(
            "text/csv; charset=utf-8",
            "indicators.csv",
            to_csv(&figures)?,
        )),
        Some("xlsx") => Ok(attachment(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "indicators.xlsx",
            to_xlsx(&figures)?,
        )),
        Some(other) => Err(ApiError::invalid(vec![FieldError::new(
            "format",
            format!("形式「{other}」は使えません（json・csv・xlsx）。"),
            format!("Unknown format {other:?}: use json, csv or xlsx."),
        )])),
    }
}

/// The plan's two tables and the bureaus as a workbook: one sheet per basis,
/// numbers as numbers (rates as fractions formatted 0.0 %) so they can be
/// charted and summed in Excel.
pub fn to_xlsx(figures: &Indicators) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let percent = Format::new().set_num_format("0.0%");
    let count = Format::new().set_num_format("#,##0");
    let bold = Format::new().set_bold();
    for (tables, sheet_name) in [
        (&figures.plan, "計画 plan"),
        (&figures.actual, "実績 actual"),
    ] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name)?;
        let mut row = 0_u32;
        for (title, cases) in INDICATOR_TITLES {
            sheet.write_string_with_format(row, 0, title, &bold)?;
            row += 1;
            sheet.write_string(row, 0, "区分 / group")?;
            sheet.write_string(row, 1, "対象 / in scope")?;
            for (i, year) in (0_u16..).zip(&tables.overall.years) {
                sheet.write_string(row, 2 + i * 2, &year.label)?;
                sheet.write_string(row, 3 + i * 2, "%")?;
            }
            row += 1;
            let groups = std::iter::once(&tables.overall)
                .chain(tables.categories.iter())
                .chain(tables.bureaus.iter());
            for group in groups {
                sheet.write_string(row, 0, &group.name)?;
                let total = if cases {
                    group.annual_cases as f64
                } else {
                    group.procedures_in_scope as f64
                };
                sheet.write_number_with_format(row, 1, total, &count)?;
                for (i, year) in (0_u16..).zip(&group.years) {
                    let rate = year.indicator(cases);
                    sheet.write_number_with_format(
                        row,
                        2 + i * 2,
                        rate.numerator as f64,
                        &count,
                    )?;
                    sheet.write_number_with_format(row, 3 + i * 2, rate.exact, &percent)?;
                }
                if cases && group.cases_reference_only {
                    let column = 2 + u16::try_from(group.years.len() * 2).unwrap_or(0);
                    sheet.write_string(
                        row,
                        column,
                        format!("参考値（件数不明 {}）", group.unknown_counts),
                    )?;
                }
                row += 1;
            }
            row += 1;
        }
        sheet.set_column_width(0, 28)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// One line per basis, group, fiscal year and indicator; UTF-8 with a BOM so
/// Excel opens it as such.
pub fn to_csv(figures: &Indicators) -> anyhow::Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "basis",
        "group",
        "key",
        "name",
        "fiscal_year",
        "label",
        "indicator",
        "numerator",
        "denominator",
        "rate",
        "rate_percent",
        "change_points",
        "reference_only",
        "unknown_counts",
    ])?;
    for tables in [&figures.plan, &figures.actual] {
        let basis = match tables.basis {
            crate::indicators::Basis::Plan => "plan",
            crate::indicators::Basis::Actual => "actual",
        };
        let groups = std::iter::once(("overall", &tables.overall))
            .chain(tables.categories.iter().map(|g| ("category", g)))
            .chain(tables.bureaus.iter().map(|g| ("bureau", g)));
        for (kind, group) in groups {
            for year in &group.years {
                for (indicator, rate, reference) in [
                    ("cases", &year.cases, group.cases_reference_only),
                    ("procedures", &year.procedures, false),
                ] {
                    out.write_record(kernel::text::spreadsheet_row([
                        basis,
                        kind,
                        group.key.as_str(),
                        group.name.as_str(),
                        &year.fiscal_year.to_string(),
                        year.label.as_str(),
                        indicator,
                        &rate.numerator.to_string(),
                        &rate.denominator.to_string(),
                        &format!("{:.6}", rate.exact),
                        rate.percent.as_str(),
                        rate.change_points.as_deref().unwrap_or_default(),
                        if reference { "1" } else { "0" },
                        &group.unknown_counts.to_string(),
                    ]))?;
                }
            }
        }
    }
    let bytes = out.into_inner()?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes)?))
}

fn group_line(out: &mut String, group: &Group, cases: bool) {
    let total = if cases {
        format!("{}件", catalog::pages::group_digits(group.annual_cases))
    } else {
        format!("{}手続", group.procedures_in_scope)
    };
    let _ = write!(out, "{}（{total}）", group.name);
    for year in &group.years {
        let rate = year.indicator(cases);
        let _ = write!(
            out,
            "\t{} ({}%)",
            catalog::pages::group_digits(rate.numerator),
            rate.percent
        );
    }
    if cases && group.cases_reference_only {
        let _ = write!(out, "\t参考値（件数不明 {} 手続）", group.unknown_counts);
    }
    out.push('\n');
}

/// The plan's two tables (overall with 前年比, then the categories), and the
/// bureaus, as tab-separated text.
pub fn to_table(tables: &Tables) -> String {
    let mut out = String::new();
    for (title, cases) in INDICATOR_TITLES {
        let _ = writeln!(out, "{title}");
        let labels: Vec<&str> = tables
            .overall
            .years
            .iter()
            .map(|y| y.label.as_str())
            .collect();
        let _ = writeln!(out, "\t{}", labels.join("\t"));
        group_line(&mut out, &tables.overall, cases);
        let changes: Vec<String> = tables
            .overall
            .years
            .iter()
            .map(|y| {
                let rate = y.indicator(cases);
                rate.change_points
                    .as_deref()
                    .map(|c| format!("({c}%)"))
                    .unwrap_or_else(|| "(ー)".into())
            })
            .collect();
        let _ = writeln!(out, "前年比\t{}", changes.join("\t"));
        for group in &tables.categories {
            group_line(&mut out, group, cases);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "局別 / by bureau (①, ②)");
    for group in &tables.bureaus {
        group_line(&mut out, group, true);
        group_line(&mut out, group, false);
    }
    out
}
