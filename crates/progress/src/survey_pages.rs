//! The survey's staff pages (Japanese and English, as the back office):
//! the DX office opens a round with a deadline, follows who has answered and
//! who is late, sees what changed, sends reminders and closes the round;
//! each section confirms or updates its own procedures. Who may do what is
//! in each handler's extractor: any staff reads, the DX office
//! ([`DxOfficeSession`]) opens, reminds and closes, a section's staff
//! ([`SectionStaff`]) answers for their section.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use identity::{DxOfficeSession, SectionStaff, SignedIn, StaffSession};
use kernel::web::{Chrome, PageError, posted as field, render};
use kernel::{ApiError, FieldError};

use crate::survey::{SectionProgress, Standing, progress, quarter_of, round_id};
use crate::survey_reminders;
use crate::survey_store::{self, Entry, Round};

pub fn routes() -> Router<crate::Progress> {
    Router::new()
        .route("/staff/survey", get(list).post(open))
        .route("/staff/survey/{id}", get(show))
        .route("/staff/survey/{id}/answers", post(answer))
        .route("/staff/survey/{id}/close", post(close))
        .route("/staff/survey/{id}/remind", post(remind))
}

fn no_such_round(id: &str) -> ApiError {
    ApiError::not_found(
        format!("照会「{id}」はありません。"),
        format!("There is no survey round {id:?}."),
    )
}

fn round_closed() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "round_closed",
        "この照会は締め切られています。",
        "This round is closed.",
    )
}

#[derive(Template)]
#[template(path = "survey_list.html")]
struct ListPage {
    chrome: Chrome,
    rounds: Vec<Round>,
    administrator: bool,
    next_quarter: String,
    errors: Vec<FieldError>,
}

async fn list(
    State(state): State<crate::Progress>,
    chrome: Chrome,
    StaffSession(session): StaffSession,
) -> Result<Response, PageError> {
    let chrome = chrome
        .clone()
        .titled(chrome.pick("四半期照会", "Quarterly survey"));
    let rounds = survey_store::rounds(state.catalog.db())
        .await
        .map_err(|e| PageError::new(&chrome, e.into()))?;
    Ok(render(&list_page(chrome, &session, rounds, Vec::new())))
}

fn list_page(
    chrome: Chrome,
    session: &SignedIn,
    rounds: Vec<Round>,
    errors: Vec<FieldError>,
) -> ListPage {
    let (fiscal_year, quarter) = quarter_of(kernel::clock::today_in_japan());
    ListPage {
        chrome,
        rounds,
        administrator: session.is_dx_office(),
        next_quarter: format!("{fiscal_year}-{quarter}"),
        errors,
    }
}

/// "2025-2" (fiscal year and quarter) and a deadline day.
fn parse_opening(pairs: &[(String, String)]) -> Result<(i32, u8, time::Date), Vec<FieldError>> {
    let mut errors = Vec::new();
    let quarter = field(pairs, "quarter")
        .and_then(|q| q.split_once('-'))
        .and_then(|(y, q)| Some((y.trim().parse::<i32>().ok()?, q.trim().parse::<u8>().ok()?)))
        .filter(|(y, q)| (2000..=2100).contains(y) && (1..=4).contains(q));
    if quarter.is_none() {
        errors.push(FieldError::new(
            "quarter",
            "四半期は「2025-2」（年度-四半期）の形で入力してください。",
            "Write the quarter as 2025-2 (fiscal year-quarter).",
        ));
    }
    let deadline = field(pairs, "deadline").and_then(|d| kernel::wareki::parse_date(d).ok());
    if deadline.is_none() {
        errors.push(FieldError::new(
            "deadline",
            "回答期限を「2025-07-15」や「令和7年7月15日」の形で入力してください。",
            "Write the deadline as a date such as 2025-07-15.",
        ));
    }
    match (quarter, deadline) {
        (Some((y, q)), Some(d)) if errors.is_empty() => Ok((y, q, d)),
        _ => Err(errors),
    }
}

async fn open(
    State(state): State<crate::Progress>,
    chrome: Chrome,
    DxOfficeSession { session, actor: by }: DxOfficeSession,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let fail = |e: ApiError| PageError::new(&chrome, e).into_response();
    let db = state.catalog.db();
    let (fiscal_year, quarter, deadline) = match parse_opening(&pairs) {
        Ok(opening) => opening,
        Err(errors) => {
            let chrome = chrome
                .clone()
                .titled(chrome.pick("四半期照会", "Quarterly survey"));
            let rounds = survey_store::rounds(db).await.unwrap_or_default();
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&list_page(chrome, &session, rounds, errors)),
            )
                .into_response();
        }
    };
    match survey_store::open(db, fiscal_year, quarter, deadline, &by).await {
        Ok(true) => {
            let id = round_id(fiscal_year, quarter);
            tracing::info!(round = %id, %by, "survey round opened");
            Redirect::to(&format!("/staff/survey/{id}")).into_response()
        }
        Ok(false) => fail(ApiError::new(
            StatusCode::CONFLICT,
            "round_exists",
            "この四半期の照会はすでに開始しています。",
            "A round for this quarter is already open.",
        )),
        Err(e) => fail(e.into()),
    }
}

#[derive(Template)]
#[template(path = "survey_round.html")]
struct RoundPage {
    chrome: Chrome,
    round: Round,
    administrator: bool,
    sections: Vec<(SectionProgress, String)>,
    changes: Vec<Entry>,
    /// Every procedure of the viewer's section (answers are read against it).
    mine: Vec<Entry>,
    /// This page of them, grouped by category.
    groups: Vec<Group>,
    /// Page links: number, link, whether it is this page.
    pages: Vec<(usize, String, bool)>,
    page: usize,
    unanswered: usize,
    notice: Option<String>,
}

/// Procedures of one category on a clerk's page of the survey.
struct Group {
    label: &'static str,
    /// Open when some of them are still unanswered.
    open: bool,
    entries: Vec<Entry>,
}

/// Procedures on one page of a section's answers: a long registry is
/// answered a page at a time, each page saved on its own.
pub const SURVEY_PAGE_SIZE: usize = 50;

/// One page (from 1) of a section's procedures, sorted by category then
/// name, grouped by category; with the number of pages.
pub fn page_of_entries(mine: &[Entry], page: usize) -> (Vec<(String, Vec<Entry>)>, usize) {
    let rank = |code: &str| {
        catalog::model::Category::from_code(code)
            .and_then(|c| catalog::model::Category::ALL.iter().position(|x| *x == c))
            .unwrap_or(usize::MAX)
    };
    let mut sorted: Vec<&Entry> = mine.iter().collect();
    sorted.sort_by(|a, b| {
        (rank(&a.category), &a.name, &a.procedure_id).cmp(&(
            rank(&b.category),
            &b.name,
            &b.procedure_id,
        ))
    });
    let pages = sorted.len().div_ceil(SURVEY_PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let mut groups: Vec<(String, Vec<Entry>)> = Vec::new();
    for entry in sorted
        .into_iter()
        .skip((page - 1) * SURVEY_PAGE_SIZE)
        .take(SURVEY_PAGE_SIZE)
    {
        match groups.last_mut() {
            Some((category, entries)) if *category == entry.category => entries.push(entry.clone()),
            _ => groups.push((entry.category.clone(), vec![entry.clone()])),
        }
    }
    (groups, pages)
}

impl RoundPage {
    fn status_label(&self, status: &str) -> &'static str {
        let english = !self.chrome.lang.reads_japanese();
        match (status, english) {
            ("online", false) => "オンライン化済み",
            ("planned", false) => "予定",
            ("impossible", false) => "不可",
            (_, false) => "未実施",
            ("online", true) => "Online",
            ("planned", true) => "Planned",
            ("impossible", true) => "Not possible",
            (_, true) => "Not online",
        }
    }

    fn statuses(&self) -> [&'static str; 4] {
        crate::survey::STATUSES
    }

    fn standing(&self, standing: &Standing) -> String {
        format!(
            "{} / {} / {}",
            self.status_label(&standing.status),
            standing
                .planned_fy
                .map(kernel::wareki::fiscal_year_short)
                .unwrap_or_else(|| "—".into()),
            standing
                .annual_count
                .map(catalog::pages::group_digits)
                .unwrap_or_else(|| "—".into())
        )
    }

    fn current<'a>(&self, entry: &'a Entry) -> &'a Standing {
        entry.answer.as_ref().unwrap_or(&entry.before)
    }
}

async fn round_page(
    state: &crate::Progress,
    chrome: &Chrome,
    session: &SignedIn,
    id: &str,
    page: usize,
    notice: Option<String>,
) -> Result<RoundPage, ApiError> {
    let db = state.catalog.db();
    let round = survey_store::round(db, id)
        .await?
        .ok_or_else(|| no_such_round(id))?;
    let administrator = session.is_dx_office();
    let my_section = session
        .staff()
        .and_then(|s| s.section_id.clone())
        .unwrap_or_default();
    let all = survey_store::entries(db, id, None).await?;
    let rows: Vec<(String, bool)> = all
        .iter()
        .map(|e| (e.section_id.clone(), e.answer.is_some()))
        .collect();
    let index = state.catalog.index().await?;
    let organisation = &index.organisation;
    let sections = progress(
        &rows,
        round.deadline,
        kernel::clock::today_in_japan(),
        round.closed_at.is_some(),
    )
    .into_iter()
    .map(|p| {
        let name = organisation
            .section(&p.section_id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| p.section_id.clone());
        (p, name)
    })
    .collect();
    let changes = all.iter().filter(|e| e.changed()).cloned().collect();
    let mine: Vec<Entry> = all
        .into_iter()
        .filter(|e| !my_section.is_empty() && e.section_id == my_section)
        .collect();
    let unanswered = mine.iter().filter(|e| e.answer.is_none()).count();
    let (grouped, page_count) = page_of_entries(&mine, page);
    let page = page.clamp(1, page_count);
    let groups = grouped
        .into_iter()
        .map(|(code, entries)| {
            let category = catalog::model::Category::from_code(&code);
            Group {
                label: match category {
                    Some(c) => chrome.pick(c.label_ja(), c.label_en()),
                    None => chrome.pick("分類なし", "No category"),
                },
                open: entries.iter().any(|e| e.answer.is_none()),
                entries,
            }
        })
        .collect();
    let pages = if page_count > 1 {
        (1..=page_count)
            .map(|n| (n, format!("/staff/survey/{id}?page={n}#mine"), n == page))
            .collect()
    } else {
        Vec::new()
    };
    Ok(RoundPage {
        groups,
        pages,
        page,
        unanswered,
        chrome: chrome.clone().titled(format!(
            "{} {}",
            chrome.pick("四半期照会", "Quarterly survey"),
            round.id
        )),
        round,
        administrator,
        sections,
        changes,
        mine,
        notice,
    })
}

/// The round's page again, with a line saying what was just done.
async fn round_with_notice(
    state: &crate::Progress,
    chrome: &Chrome,
    session: &SignedIn,
    id: &str,
    page: usize,
    notice: String,
) -> Response {
    match round_page(state, chrome, session, id, page, Some(notice)).await {
        Ok(page) => render(&page),
        Err(e) => PageError::new(chrome, e).into_response(),
    }
}

/// `?page=` of a clerk's procedures (from 1; anything else is the first).
#[derive(serde::Deserialize, Default)]
struct PageQuery {
    #[serde(default)]
    page: String,
}

fn page_number(text: &str) -> usize {
    text.trim().parse::<usize>().unwrap_or(1).clamp(1, 10_000)
}

async fn show(
    State(state): State<crate::Progress>,
    chrome: Chrome,
    StaffSession(session): StaffSession,
    Path(id): Path<String>,
    query: Result<axum::extract::Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let number = page_number(&query.map(|q| q.0).unwrap_or_default().page);
    let page = round_page(&state, &chrome, &session, &id, number, None)
        .await
        .map_err(|e| PageError::new(&chrome, e))?;
    Ok(render(&page))
}

/// A posted answer: `status.<id>`, `planned.<id>`, `count.<id>`, `issues.<id>`
/// for each procedure on the page.
fn parse_answers(
    pairs: &[(String, String)],
    mine: &[Entry],
) -> Result<Vec<(String, Standing, String)>, Vec<FieldError>> {
    let mut answers = Vec::new();
    let mut errors = Vec::new();
    for entry in mine {
        let id = &entry.procedure_id;
        let Some(status) = field(pairs, &format!("status.{id}")) else {
            continue;
        };
        if !crate::survey::STATUSES.contains(&status) {
            errors.push(FieldError::new(
                format!("status.{id}"),
                format!("{}: 状況を選んでください。", entry.name),
                format!("{}: choose a status.", entry.name),
            ));
            continue;
        }
        let planned = match field(pairs, &format!("planned.{id}")).map(str::trim) {
            None | Some("") => None,
            Some(text) => match kernel::wareki::parse_fiscal_year(text) {
                Ok(parsed) => Some(parsed.year),
                Err(_) => {
                    errors.push(FieldError::new(
                        format!("planned.{id}"),
                        format!(
                            "{}: 予定年度は R7 や 2025 の形で入力してください。",
                            entry.name
                        ),
                        format!("{}: write the planned year as R7 or 2025.", entry.name),
                    ));
                    continue;
                }
            },
        };
        let count = match field(pairs, &format!("count.{id}"))
            .map(|c| kernel::text::nfkc(c).replace(',', ""))
        {
            None => None,
            Some(text) if text.trim().is_empty() => None,
            Some(text) => match text.trim().parse::<i64>() {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    errors.push(FieldError::new(
                        format!("count.{id}"),
                        format!(
                            "{}: 年間件数は 0 以上の整数で入力してください。",
                            entry.name
                        ),
                        format!(
                            "{}: the annual count must be a whole number of 0 or more.",
                            entry.name
                        ),
                    ));
                    continue;
                }
            },
        };
        let issues = field(pairs, &format!("issues.{id}"))
            .unwrap_or_default()
            .trim()
            .chars()
            .take(2000)
            .collect();
        answers.push((
            id.clone(),
            Standing {
                status: status.to_string(),
                planned_fy: planned,
                annual_count: count,
            },
            issues,
        ));
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

async fn answer(
    State(state): State<crate::Progress>,
    chrome: Chrome,
    SectionStaff {
        session,
        staff,
        section_id,
        ..
    }: SectionStaff,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let fail = |e: ApiError| PageError::new(&chrome, e).into_response();
    // The page of procedures the answers came from, shown again after.
    let number = page_number(field(&pairs, "page").unwrap_or_default());
    let page = match round_page(&state, &chrome, &session, &id, number, None).await {
        Ok(page) => page,
        Err(e) => return fail(e),
    };
    if page.round.closed_at.is_some() {
        return fail(round_closed());
    }
    let answers = match parse_answers(&pairs, &page.mine) {
        Ok(answers) => answers,
        Err(errors) => return fail(ApiError::invalid(errors)),
    };
    let by = staff.actor();
    match survey_store::answer(state.catalog.db(), &id, &section_id, &answers, &by).await {
        Ok(None) => fail(round_closed()),
        Ok(Some(saved)) => {
            let notice = format!(
                "{} {saved}",
                chrome.pick("回答を保存しました:", "Answers saved:")
            );
            round_with_notice(&state, &chrome, &session, &id, number, notice).await
        }
        Err(e) => fail(e.into()),
    }
}

async fn close(
    State(state): State<crate::Progress>,
    chrome: Chrome,
    DxOfficeSession { session, actor: by }: DxOfficeSession,
    Path(id): Path<String>,
) -> Response {
    let fail = |e: ApiError| PageError::new(&chrome, e).into_response();
    let db = state.catalog.db();
    let round = match survey_store::round(db, &id).await {
        Ok(Some(round)) => round,
        Ok(None) => return fail(no_such_round(&id)),
        Err(e) => return fail(e.into()),
    };
    // A round already closed comes back as None from the store itself.
    match survey_store::close(db, &round, &by).await {
        Ok(None) => fail(round_closed()),
        Ok(Some(applied)) => {
            tracing::info!(round = %id, applied, %by, "survey round closed");
            let notice = format!(
                "{} {applied}",
                chrome.pick(
                    "締め切り、登録簿に反映しました:",
                    "Closed; applied to the registry:"
                )
            );
            round_with_notice(&state, &chrome, &session, &id, 1, notice).await
        }
        Err(e) => fail(e.into()),
    }
}

async fn remind(
    State(state): State<crate::Progress>,
    chrome: Chrome,
    DxOfficeSession { session, .. }: DxOfficeSession,
    Path(id): Path<String>,
) -> Response {
    let fail = |e: ApiError| PageError::new(&chrome, e).into_response();
    let db = state.catalog.db();
    let round = match survey_store::round(db, &id).await {
        Ok(Some(round)) if round.closed_at.is_none() => round,
        Ok(Some(_)) => return fail(round_closed()),
        Ok(None) => return fail(no_such_round(&id)),
        Err(e) => return fail(e.into()),
    };
    let today = kernel::clock::today_in_japan();
    let addresses = match survey_reminders::send_now(db, &round, today).await {
        Ok(count) => count,
        Err(e) => return fail(e.into()),
    };
    let notice = format!(
        "{} {}",
        chrome.pick("督促メールを送りました:", "Reminders sent:"),
        addresses
    );
    round_with_notice(&state, &chrome, &session, &id, 1, notice).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: usize, category: &str) -> Entry {
        Entry {
            procedure_id: format!("p{id:03}"),
            name: format!("手続{id:03}"),
            section_id: "s".into(),
            category: category.into(),
            before: Standing {
                status: "not_online".into(),
                planned_fy: None,
                annual_count: None,
            },
            answer: None,
            issues: String::new(),
        }
    }

    #[test]
    fn a_sections_procedures_come_fifty_to_a_page_grouped_by_category() {
        let mine: Vec<Entry> = (0..120)
            .map(|i| entry(i, if i % 3 == 0 { "childcare" } else { "other" }))
            .collect();
        let (first, pages) = page_of_entries(&mine, 1);
        assert_eq!(pages, 3);
        assert_eq!(first.iter().map(|(_, e)| e.len()).sum::<usize>(), 50);
        assert_eq!(
            first[0].0, "childcare",
            "categories in the registry's order"
        );
        assert_eq!(first[0].1.len(), 40);
        assert_eq!(first[1].0, "other");
        let (last, _) = page_of_entries(&mine, 99);
        assert_eq!(
            last.iter().map(|(_, e)| e.len()).sum::<usize>(),
            20,
            "past the end is the last page"
        );
        let every: Vec<String> = (1..=3)
            .flat_map(|n| page_of_entries(&mine, n).0)
            .flat_map(|(_, e)| e)
            .map(|e| e.procedure_id)
            .collect();
        let mut unique = every.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 120, "every procedure on exactly one page");
        assert_eq!(every.len(), 120);
    }
}
