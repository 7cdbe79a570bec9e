//! The back office: a section's inbox and the case's side actions (the
//! case page and its steps are in [`crate::casework::page`]), where clerks
//! and managers read an application as it was entered and move it through
//! the workflow. Staff see only their own section's applications: the inbox
//! takes a [`SectionStaff`], every case route a [`SectionCase`], which
//! answers any other receipt number as not found and logs the refusal.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use identity::{SectionStaff, Staff};
use kernel::ApiError;
use kernel::web::{Chrome, PageError, render};
use serde::Deserialize;
use workflow::Status;

use crate::Applications;
use crate::model::Application;
use crate::section_case::SectionCase;
use crate::store::{self, InboxLine};

pub fn routes() -> Router<Applications> {
    Router::new()
        .route("/staff/applications", get(inbox_page))
        .route("/staff/search", get(search_page))
        .route("/staff/applications.csv", get(inbox_csv))
        .route("/staff/applications/{receipt}/assign", post(assign))
        .route("/staff/applications/{receipt}/comments", post(comment))
        .route("/staff/applications/{receipt}/transfer", post(transfer))
        .route(
            "/staff/applications/{receipt}/attachments/{id}",
            get(attachment),
        )
        // The case page and its steps: crate::casework::page.
        .merge(crate::casework::page::routes())
}

/// Lines on one page of the inbox.
pub const PAGE_SIZE: i64 = 50;
/// The furthest page asked for that is read (past it, the last page).
const MAX_PAGE: i64 = 100_000;

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    chrome: Chrome,
    section: String,
    /// The search page (案件検索): the search form alone until a search.
    search: bool,
    /// Each line with whether it is past its 標準処理期間.
    lines: Vec<(InboxLine, bool)>,
    statuses: Vec<(&'static str, &'static str, bool)>,
    procedures: Vec<(String, String)>,
    query: InboxQuery,
    csv_query: String,
    errors: Vec<(String, String)>,
    /// The table's headings: label, sort link, `aria-sort` value.
    columns: Vec<Column>,
    total: i64,
    /// Page links: number, link, whether it is this page (None: a gap).
    pages: Vec<Option<(i64, String, bool)>>,
    first_shown: i64,
    last_shown: i64,
}

/// A heading of the inbox's table.
pub struct Column {
    pub label: &'static str,
    /// Sorting by it (None for a column that does not sort).
    pub href: Option<String>,
    /// `ascending` / `descending` on the sorted column, else empty.
    pub aria_sort: &'static str,
}

/// The inbox's search form, as posted in the query string (the CSV link
/// carries the same).
#[derive(Deserialize, Default, Clone)]
pub struct InboxQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub procedure: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub q: String,
    /// `me`, `none`, or empty for anyone.
    #[serde(default)]
    pub assigned: String,
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub duplicates: String,
    #[serde(default)]
    pub encoding: String,
    /// A column code (see [`store::InboxSort`]); received by default.
    #[serde(default)]
    pub sort: String,
    /// `asc` or `desc`; the column's own way by default.
    #[serde(default)]
    pub dir: String,
    #[serde(default)]
    pub page: String,
}

impl InboxQuery {
    /// The filter, or what is wrong with the form (dates that cannot be read).
    pub fn filter(&self, staff_id: &str) -> Result<store::InboxFilter, Vec<kernel::FieldError>> {
        let mut errors = Vec::new();
        let mut date = |field: &str, text: &str, ja: &str, en: &str| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            kernel::wareki::parse_date(text)
                .map_err(|_| {
                    errors.push(kernel::FieldError::new(
                        field,
                        format!("{ja}を日付として読めません（例: 2026-04-01、令和8年4月1日）。"),
                        format!("The {en} date cannot be read (e.g. 2026-04-01)."),
                    ))
                })
                .ok()
        };
        let from = date("from", &self.from, "受付日（から）", "from");
        let to = date("to", &self.to, "受付日（まで）", "to");
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(store::InboxFilter {
            status: Status::parse(&self.status),
            procedure_id: self.procedure.trim().chars().take(100).collect(),
            from,
            to,
            text: self.q.trim().chars().take(100).collect(),
            assignee: match self.assigned.as_str() {
                "me" => store::Assignee::Staff(staff_id.to_string()),
                "none" => store::Assignee::Nobody,
                _ => store::Assignee::Anyone,
            },
            overdue_only: !self.overdue.is_empty(),
            duplicates_only: !self.duplicates.is_empty(),
        })
    }

    /// The order asked for: a column and its way.
    pub fn order(&self) -> (store::InboxSort, bool) {
        let sort = store::InboxSort::parse(&self.sort).unwrap_or_default();
        let descending = match self.dir.as_str() {
            "asc" => false,
            "desc" => true,
            _ => sort.descending_first(),
        };
        (sort, descending)
    }

    /// The page asked for, from 1 (anything unreadable is the first).
    pub fn page(&self) -> i64 {
        self.page
            .trim()
            .parse::<i64>()
            .unwrap_or(1)
            .clamp(1, MAX_PAGE)
    }

    /// The search and order as a query string, for page links.
    fn with_order(&self, sort: store::InboxSort, descending: bool) -> String {
        let mut query = self.query_string();
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&format!(
            "sort={}&dir={}",
            sort.code(),
            if descending { "desc" } else { "asc" }
        ));
        query
    }

    /// The same search as a query string, for the CSV links.
    fn query_string(&self) -> String {
        [
            ("status", &self.status),
            ("procedure", &self.procedure),
            ("from", &self.from),
            ("to", &self.to),
            ("q", &self.q),
            ("assigned", &self.assigned),
            ("overdue", &self.overdue),
            ("duplicates", &self.duplicates),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", kernel::web::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

async fn inbox_page(
    State(apps): State<Applications>,
    chrome: Chrome,
    staff: SectionStaff,
    query: Result<Query<InboxQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let chrome = chrome.clone().titled(chrome.pick("受付一覧", "Inbox"));
    let query = query.map(|Query(q)| q).unwrap_or_default();
    listing(&apps, chrome, staff, query, false).await
}

/// 案件検索: a case by receipt number or the applicant's name, with the
/// inbox's filters; lists nothing until something is asked.
async fn search_page(
    State(apps): State<Applications>,
    chrome: Chrome,
    staff: SectionStaff,
    query: Result<Query<InboxQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let chrome = chrome
        .clone()
        .titled(chrome.pick("案件検索", "Find a case"));
    let query = query.map(|Query(q)| q).unwrap_or_default();
    listing(&apps, chrome, staff, query, true).await
}

/// The headings of the inbox's table, each a link sorting by it (the
/// sorted one turns its way), the sorted one marked with `aria-sort`.
fn columns(chrome: &Chrome, query: &InboxQuery, path: &str) -> Vec<Column> {
    use store::InboxSort;
    let (sorted, descending) = query.order();
    let heading = |sort: InboxSort| match sort {
        InboxSort::Receipt => chrome.pick("受付番号", "Receipt"),
        InboxSort::Applicant => chrome.pick("申請者", "Applicant"),
        InboxSort::Procedure => chrome.pick("手続", "Procedure"),
        InboxSort::Received => chrome.pick("受付日時", "Received"),
        InboxSort::Due => chrome.pick("処理期限", "Due"),
        InboxSort::Status => chrome.pick("状態", "Status"),
        InboxSort::Handler => chrome.pick("担当者", "Handler"),
    };
    let mut columns: Vec<Column> = InboxSort::ALL
        .into_iter()
        .map(|sort| {
            let this = sort == sorted;
            let next_way = if this {
                !descending
            } else {
                sort.descending_first()
            };
            Column {
                label: heading(sort),
                href: Some(format!("{path}?{}", query.with_order(sort, next_way))),
                aria_sort: match (this, descending) {
                    (false, _) => "",
                    (true, true) => "descending",
                    (true, false) => "ascending",
                },
            }
        })
        .collect();
    columns.push(Column {
        label: chrome.pick("確認事項", "Flags"),
        href: None,
        aria_sort: "",
    });
    columns
}

/// Page numbers to link: the first, the last, and two either side of this
/// one, with gaps (None) between.
pub fn page_numbers(page: i64, pages: i64) -> Vec<Option<i64>> {
    let mut shown: Vec<Option<i64>> = Vec::new();
    let mut last = 0;
    for n in 1..=pages {
        if n == 1 || n == pages || (n - page).abs() <= 2 {
            if n > last + 1 {
                shown.push(None);
            }
            shown.push(Some(n));
            last = n;
        }
    }
    shown
}

async fn listing(
    apps: &Applications,
    chrome: Chrome,
    SectionStaff {
        staff, section_id, ..
    }: SectionStaff,
    query: InboxQuery,
    search: bool,
) -> Result<Response, PageError> {
    let path = if search {
        "/staff/search"
    } else {
        "/staff/applications"
    };
    let (filter, errors) = match query.filter(&staff.id) {
        Ok(filter) => (filter, Vec::new()),
        Err(errors) => (store::InboxFilter::default(), errors),
    };
    // The search page lists nothing before a search.
    let asked = !search || !query.query_string().is_empty();
    let (sort, descending) = query.order();
    let mut page = query.page();
    let total = if errors.is_empty() && asked {
        store::inbox_count(apps.db(), &section_id, &filter)
            .await
            .map_err(|e| PageError::new(&chrome, e.into()))?
    } else {
        0
    };
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    page = page.min(pages);
    let lines = if total > 0 {
        let paging = store::InboxPaging {
            sort,
            descending,
            limit: PAGE_SIZE,
            offset: (page - 1) * PAGE_SIZE,
        };
        store::inbox_lines(apps.db(), &section_id, &filter, paging)
            .await
            .map_err(|e| PageError::new(&chrome, e.into()))?
    } else {
        Vec::new()
    };
    let procedures = store::inbox_procedures(apps.db(), &section_id)
        .await
        .map_err(|e| PageError::new(&chrome, e.into()))?;
    let statuses = Status::ALL
        .iter()
        .map(|s| {
            (
                s.code(),
                if chrome.is_en() {
                    s.label_en()
                } else {
                    s.label_ja()
                },
                filter.status == Some(*s),
            )
        })
        .collect();
    let today = kernel::clock::today_in_japan();
    let first_shown = if lines.is_empty() {
        0
    } else {
        (page - 1) * PAGE_SIZE + 1
    };
    let last_shown = (page - 1) * PAGE_SIZE + lines.len() as i64;
    let lines = lines
        .into_iter()
        .map(|line| {
            let overdue = crate::model::is_overdue(line.status, line.due_on.as_deref(), today);
            (line, overdue)
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let ordered = query.with_order(sort, descending);
    let page_links = page_numbers(page, pages)
        .into_iter()
        .map(|n| n.map(|n| (n, format!("{path}?{ordered}&page={n}"), n == page)))
        .collect();
    let page = InboxPage {
        section: staff.section_name.clone().unwrap_or_default(),
        search,
        lines,
        statuses,
        procedures,
        csv_query: query.query_string(),
        errors: crate::apply::error_list(&errors, &chrome),
        columns: columns(&chrome, &query, path),
        total,
        pages: page_links,
        first_shown,
        last_shown,
        query,
        chrome,
    };
    Ok((status, render(&page)).into_response())
}

async fn attachment(
    State(apps): State<Applications>,
    chrome: Chrome,
    SectionCase { staff, application }: SectionCase,
    Path((_, id)): Path<(String, String)>,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    read_by(
        &apps,
        &staff.staff,
        "attachment.downloaded",
        &application,
        client,
    )
    .await
    .map_err(fail)?;
    crate::attachments::of_application(&apps, &application, &id)
        .await
        .map_err(fail)
}

/// Records that `staff` read `application` (see kernel::access).
async fn read_by(
    apps: &Applications,
    staff: &Staff,
    action: &str,
    application: &Application,
    client: kernel::client::ClientAddr,
) -> Result<(), ApiError> {
    kernel::access::record(
        apps.db(),
        kernel::access::Access {
            actor: &staff.actor(),
            action,
            target_type: "application",
            target_id: &application.id,
            client,
        },
    )
    .await
    .map_err(ApiError::internal)
}

fn case_path(application: &Application) -> String {
    format!("/staff/applications/{}", application.receipt_number)
}

/// The inbox as CSV for Excel: UTF-8 with a BOM, or Shift_JIS
/// (`?encoding=shift_jis`) for older spreadsheets and legacy systems.
async fn inbox_csv(
    State(apps): State<Applications>,
    chrome: Chrome,
    SectionStaff {
        staff, section_id, ..
    }: SectionStaff,
    query: Result<Query<InboxQuery>, QueryRejection>,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    kernel::access::record(
        apps.db(),
        kernel::access::Access {
            actor: &staff.actor(),
            action: "inbox.exported",
            target_type: "section",
            target_id: &section_id,
            client,
        },
    )
    .await
    .map_err(|e| fail(ApiError::internal(e)))?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let filter = query.filter(&staff.id).map_err(|errors| {
        let mut error = ApiError::invalid(errors);
        error.status = StatusCode::BAD_REQUEST;
        fail(error)
    })?;
    let lines = store::inbox(apps.db(), &section_id, &filter, 100_000)
        .await
        .map_err(|e| fail(e.into()))?;
    let bytes = inbox_to_csv(&lines, query.encoding == "shift_jis").map_err(|e| fail(e.into()))?;
    let content_type = if query.encoding == "shift_jis" {
        "text/csv; charset=Shift_JIS"
    } else {
        "text/csv; charset=utf-8"
    };
    Ok(kernel::web::attachment(
        content_type,
        "applications.csv",
        bytes,
    ))
}

fn inbox_to_csv(lines: &[InboxLine], shift_jis: bool) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record([
        "受付番号",
        "手続",
        "受付日時",
        "状態",
        "処理期限",
        "期限超過",
        "重複の疑い",
    ])?;
    let today = kernel::clock::today_in_japan();
    for line in lines {
        let overdue = crate::model::is_overdue(line.status, line.due_on.as_deref(), today);
        let received = kernel::clock::spreadsheet(&line.submitted_at);
        writer.write_record(kernel::text::spreadsheet_row([
            line.receipt_number.as_str(),
            line.procedure_name.as_str(),
            received.as_str(),
            line.status.label_ja(),
            line.due_on.as_deref().unwrap_or(""),
            if overdue { "超過" } else { "" },
            line.possible_duplicate_of.as_deref().unwrap_or(""),
        ]))?;
    }
    let text = String::from_utf8(writer.into_inner()?)?;
    if shift_jis {
        // Characters Shift_JIS lacks become 〓, as Japanese systems print them.
        let replaced: String = text
            .chars()
            .map(|c| {
                let mut buffer = [0u8; 4];
                let (_, _, unmappable) = encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buffer));
                if unmappable { '〓' } else { c }
            })
            .collect();
        Ok(encoding_rs::SHIFT_JIS.encode(&replaced).0.into_owned())
    } else {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        Ok(bytes)
    }
}

#[derive(Deserialize, Default)]
struct AssignForm {
    #[serde(default)]
    assignee: String,
}

async fn assign(
    State(apps): State<Applications>,
    chrome: Chrome,
    SectionCase {
        staff: SectionStaff { staff, .. },
        application,
    }: SectionCase,
    form: Result<Form<AssignForm>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let Ok(Form(form)) = form else {
        return Err(fail(ApiError::invalid(Vec::new())));
    };
    let assignee = if form.assignee.is_empty() {
        None
    } else {
        Some(form.assignee.as_str())
    };
    if let (Some(assignee), Some(section)) = (assignee, &application.section_id) {
        let members = crate::casework::section_staff(apps.db(), section)
            .await
            .map_err(|e| fail(e.into()))?;
        if !members.iter().any(|(id, _)| id == assignee) {
            return Err(fail(ApiError::invalid(vec![kernel::FieldError::new(
                "assignee",
                "担当者は同じ課の職員から選んでください。",
                "Choose the handler from the section's staff.",
            )])));
        }
    }
    crate::casework::assign(
        apps.db(),
        &application,
        assignee,
        &format!("staff:{}:{}", staff.id, staff.name),
    )
    .await
    .map_err(|e| fail(e.into()))?;
    Ok(Redirect::to(&case_path(&application)).into_response())
}

#[derive(Deserialize, Default)]
struct TransferForm {
    #[serde(default)]
    section: String,
    #[serde(default)]
    reason: String,
}

/// 回付: hands the case to another section.
async fn transfer(
    State(apps): State<Applications>,
    chrome: Chrome,
    SectionCase {
        staff: SectionStaff { staff, .. },
        application,
    }: SectionCase,
    form: Result<Form<TransferForm>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let organisation = catalog::store::organisation(apps.db())
        .await
        .map_err(|e| fail(e.into()))?;
    let reason: String = form
        .reason
        .trim()
        .chars()
        .take(crate::casework::MAX_COMMENT)
        .collect();
    let mut errors = Vec::new();
    if !organisation.sections.iter().any(|s| s.id == form.section)
        || application.section_id.as_deref() == Some(form.section.as_str())
    {
        errors.push(kernel::FieldError::new(
            "section",
            "回付先の課を選んでください。",
            "Choose the section to hand the case to.",
        ));
    }
    if reason.is_empty() {
        errors.push(kernel::FieldError::new(
            "reason",
            "回付の理由を入力してください。",
            "Say why the case is handed over.",
        ));
    }
    if !errors.is_empty() {
        return Err(fail(ApiError::invalid(errors)));
    }
    crate::casework::transfer(
        apps.db(),
        &application,
        &form.section,
        &reason,
        &format!("staff:{}:{}", staff.id, staff.name),
    )
    .await
    .map_err(|e| fail(e.into()))?;
    tracing::info!(receipt = %application.receipt_number, to = %form.section, "case handed to another section");
    Ok(Redirect::to("/staff/applications").into_response())
}

#[derive(Deserialize, Default)]
struct CommentForm {
    #[serde(default)]
    body: String,
}

async fn comment(
    State(apps): State<Applications>,
    chrome: Chrome,
    SectionCase {
        staff: SectionStaff { staff, .. },
        application,
    }: SectionCase,
    form: Result<Form<CommentForm>, FormRejection>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let Ok(Form(form)) = form else {
        return Err(fail(ApiError::invalid(Vec::new())));
    };
    if application.disposed_at.is_some() {
        return Err(fail(ApiError::new(
            StatusCode::CONFLICT,
            "disposed",
            "この申請は保存期間の満了により廃棄済みのため、コメントを追加できません。",
            "This case was disposed of after its retention period; comments cannot be added.",
        )));
    }
    let body = form.body.trim();
    if body.is_empty() || body.chars().count() > crate::casework::MAX_COMMENT {
        return Err(fail(ApiError::invalid(vec![kernel::FieldError::new(
            "body",
            format!(
                "コメントは 1 文字以上 {} 文字以内で入力してください。",
                crate::casework::MAX_COMMENT
            ),
            format!(
                "A comment has 1 to {} characters.",
                crate::casework::MAX_COMMENT
            ),
        )])));
    }
    crate::casework::add_comment(apps.db(), &application, &staff.id, &staff.name, body)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(Redirect::to(&case_path(&application)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_show_the_ends_and_the_pages_around_this_one() {
        assert_eq!(page_numbers(1, 1), vec![Some(1)]);
        assert_eq!(page_numbers(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(
            page_numbers(10, 1240),
            vec![
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(1240)
            ]
        );
    }

    #[test]
    fn a_column_chosen_again_turns_its_way_and_a_new_one_starts_its_own() {
        let query = InboxQuery {
            sort: "received".into(),
            dir: "desc".into(),
            ..InboxQuery::default()
        };
        assert_eq!(query.order(), (store::InboxSort::Received, true));
        let columns = columns(
            &Chrome::for_lang(kernel::web::Lang::Ja),
            &query,
            "/staff/applications",
        );
        let received = columns
            .iter()
            .find(|c| c.label == "受付日時")
            .expect("received");
        assert_eq!(received.aria_sort, "descending");
        assert_eq!(
            received.href.as_deref(),
            Some("/staff/applications?sort=received&dir=asc")
        );
        let applicant = columns
            .iter()
            .find(|c| c.label == "申請者")
            .expect("applicant");
        assert_eq!(applicant.aria_sort, "");
        assert_eq!(
            applicant.href.as_deref(),
            Some("/staff/applications?sort=applicant&dir=asc")
        );
        // Unknown values read as the default order and the first page.
        let odd = InboxQuery {
            sort: "password".into(),
            page: "-3".into(),
            ..InboxQuery::default()
        };
        assert_eq!(odd.order(), (store::InboxSort::Received, true));
        assert_eq!(odd.page(), 1);
    }
}
