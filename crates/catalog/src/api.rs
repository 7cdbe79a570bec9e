//! JSON API of the catalog: `GET /api/v1/procedures` and
//! `GET /api/v1/procedures/{id}`.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use kernel::error::ErrorSchema;
use kernel::i18n::Message;
use kernel::{ApiError, FieldError};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::Catalog;
use crate::model::{
    ALL_BRANCHES, ALL_WARD_OFFICES, Category, OWNING_SECTION, OfficeKind, OnlineStatus, Procedure,
};
use crate::search::{DEFAULT_PER_PAGE, MAX_PER_PAGE, ProcedureSummary, SearchIndex, SearchQuery};
use crate::store::{self, Organisation};

/// The catalog API's routes, each registered with its OpenAPI operation.
pub fn routes() -> OpenApiRouter<Catalog> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
}

/// The tag of these operations in the document.
const TAG: &str = "catalog";

/// A page of procedures found.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct ProcedureList {
    total: u64,
    page: u64,
    per_page: u64,
    page_count: u64,
    /// A near miss's likely meaning (`じゅうみんひょ` → `住民票`), when a
    /// word as typed found nothing.
    did_you_mean: Option<String>,
    /// True when `items` are the results of `did_you_mean`.
    corrected: bool,
    /// True when no procedure has every word and `items` have some.
    partial: bool,
    /// Each procedure's summary (id, name, readings, bureau, section,
    /// online status as residents see it, `apply_way`, `apply_service`,
    /// `apply_url` …) and `url`.
    items: Vec<serde_json::Value>,
}

const MAX_QUERY_CHARS: usize = 200;
const MAX_PAGE: usize = 10_000;

/// Reads search parameters; unknown ones (such as `lang`) are ignored.
pub fn parse_search_query(
    pairs: &[(String, String)],
    index: &SearchIndex,
) -> Result<SearchQuery, Vec<FieldError>> {
    let mut query = SearchQuery {
        page: 1,
        per_page: DEFAULT_PER_PAGE,
        ..Default::default()
    };
    let mut errors = Vec::new();
    let number =
        |name: &str, value: &str, max: usize, errors: &mut Vec<FieldError>| -> Option<usize> {
            match kernel::text::fold(value).parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Some(n),
                _ => {
                    errors.push(FieldError::localized(
                        name,
                        Message::new("search-whole-number")
                            .with("name", name)
                            .with("max", max),
                    ));
                    None
                }
            }
        };
    for (key, value) in pairs {
        let value = value.trim();
        let blank = value.is_empty();
        match key.as_str() {
            "q" => {
                if value.chars().count() > MAX_QUERY_CHARS {
                    errors.push(FieldError::localized(
                        "q",
                        Message::new("search-words-too-long").with("max", MAX_QUERY_CHARS),
                    ));
                } else {
                    query.q = value.to_string();
                }
            }
            "category" if !blank => match Category::parse(value) {
                Some(category) => query.category = Some(category),
                None => errors.push(FieldError::localized(
                    "category",
                    Message::new("search-no-category").with("value", value),
                )),
            },
            "bureau" if !blank => {
                let folded = kernel::text::fold(value);
                match index
                    .organisation
                    .bureaus
                    .iter()
                    .find(|b| b.id == value || kernel::text::fold(&b.name) == folded)
                {
                    Some(bureau) => query.bureau = Some(bureau.id.clone()),
                    None => errors.push(FieldError::localized(
                        "bureau",
                        Message::new("search-no-bureau").with("value", value),
                    )),
                }
            }
            "tag" if !blank => query.tag = Some(value.to_string()),
            "life_event" if !blank => query.life_event = Some(value.to_string()),
            "online" if !blank => query.online_only = matches!(value, "1" | "true" | "yes" | "on"),
            "page" if !blank => {
                query.page = number("page", value, MAX_PAGE, &mut errors).unwrap_or(1)
            }
            "per_page" if !blank => {
                query.per_page =
                    number("per_page", value, MAX_PER_PAGE, &mut errors).unwrap_or(DEFAULT_PER_PAGE)
            }
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok(query)
    } else {
        Err(errors)
    }
}

pub fn query_rejection(rejection: QueryRejection) -> ApiError {
    tracing::debug!(%rejection, "unreadable query string");
    ApiError::invalid(vec![FieldError::localized(
        "query",
        Message::new("search-unreadable-query"),
    )])
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(flatten)]
    summary: &'a ProcedureSummary,
    url: String,
}

#[derive(Serialize)]
struct ListBody<'a> {
    total: usize,
    page: usize,
    per_page: usize,
    page_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    did_you_mean: Option<String>,
    corrected: bool,
    partial: bool,
    items: Vec<ListItem<'a>>,
}

#[utoipa::path(
    get,
    path = "/api/v1/procedures",
    tag = TAG,
    summary = "Search the procedures",
    description = "Public: no token needed. Unknown parameters are ignored.",
    params(
        ("q" = Option<String>, Query, description = "Words (kana, kanji or English; up to 200 characters)"),
        ("category" = Option<String>, Query, description = "A category code"),
        ("bureau" = Option<String>, Query, description = "A bureau's id or name"),
        ("tag" = Option<String>, Query, description = "A tag"),
        ("life_event" = Option<String>, Query, description = "A life event"),
        ("online" = Option<String>, Query, description = "`1`, `true`, `yes` or `on`: only procedures residents can apply for online (a madoguchi form or another service)"),
        ("page" = Option<u32>, Query, description = "From 1", minimum = 1, maximum = 10000),
        ("per_page" = Option<u32>, Query, description = "Results per page", minimum = 1, maximum = 100),
    ),
    responses(
        (status = 200, description = "A page of results", body = ProcedureList),
        (status = 400, description = "A parameter out of range, each named", body = ErrorSchema),
    )
)]
async fn list(
    State(catalog): State<Catalog>,
    params: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Query(pairs) = params.map_err(query_rejection)?;
    let index = catalog.index().await?;
    let query = parse_search_query(&pairs, &index).map_err(ApiError::invalid)?;
    let results = index.search(&query);
    let body = ListBody {
        total: results.total,
        page: results.page,
        per_page: results.per_page,
        page_count: results.page_count(),
        did_you_mean: results.did_you_mean.clone(),
        corrected: results.corrected,
        partial: results.partial,
        items: results
            .items
            .iter()
            .map(|s| ListItem {
                summary: s,
                url: format!("/procedures/{}", s.id),
            })
            .collect(),
    };
    Ok(Json(
        serde_json::to_value(body).map_err(ApiError::internal)?,
    ))
}

#[derive(Debug, Default, Serialize)]
pub struct NamedRef {
    pub id: String,
    pub name: String,
    pub name_en: String,
    /// A section's phone number for residents' questions.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// A section's e-mail address for residents' questions.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// An office's address.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// An office's opening hours (受付時間).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hours: String,
}

/// How residents apply for a procedure (see [`crate::way`]).
#[derive(Debug, Serialize)]
pub struct ApplyDetail {
    /// `form`, `external`, `post`, `counter` or `unstated`.
    pub way: &'static str,
    /// What residents read, in Japanese and in English.
    pub label: String,
    pub label_en: String,
    /// Where the apply button goes: this site's form or the other service.
    pub url: Option<String>,
    /// The other service's name.
    pub service: Option<String>,
    /// The button leaves this site (another service).
    pub leaves_site: bool,
}

impl ApplyDetail {
    pub fn of(way: &crate::way::Way) -> Self {
        use crate::way::Way;
        let (label, label_en) = match way {
            Way::Form { .. } => (
                "この画面からオンラインで申請できます。".to_string(),
                "You can apply online here.".to_string(),
            ),
            Way::External { service, .. } => (
                format!("{service}で申請する"),
                format!("Apply on {service}"),
            ),
            Way::Post => (
                "郵送で申請してください。".to_string(),
                "Apply by post.".to_string(),
            ),
            Way::Counter => (
                "窓口で申請してください。".to_string(),
                "Apply at a counter.".to_string(),
            ),
            Way::Unstated => (
                "窓口または郵送で受け付けています。詳しくは担当へお問い合わせください。"
                    .to_string(),
                "Accepted at a counter or by post. Ask the section for details.".to_string(),
            ),
        };
        ApplyDetail {
            way: way.code(),
            label,
            label_en,
            url: way.url().map(str::to_string),
            service: match way {
                Way::External { service, .. } => Some(service.clone()),
                _ => None,
            },
            leaves_site: matches!(way, Way::External { .. }),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OnlineDetail {
    pub status: &'static str,
    pub label: &'static str,
    pub label_en: &'static str,
    pub fiscal_year: Option<i32>,
    pub fiscal_year_label: Option<String>,
    pub or_earlier: bool,
    pub since: Option<String>,
    pub planned_fy: Option<i32>,
    pub planned_fy_label: Option<String>,
    pub reason: Option<String>,
}

impl OnlineDetail {
    pub fn of(status: &OnlineStatus, planned_fy: Option<i32>) -> Self {
        let label = |fy: i32| format!("{}（{fy}年度）", kernel::wareki::fiscal_year_label(fy));
        let mut detail = OnlineDetail {
            status: status.code(),
            label: status.label_ja(),
            label_en: status.label_en(),
            fiscal_year: None,
            fiscal_year_label: None,
            or_earlier: false,
            since: None,
            planned_fy,
            planned_fy_label: planned_fy.map(label),
            reason: None,
        };
        match status {
            OnlineStatus::Online {
                fiscal_year,
                or_earlier,
                since,
            } => {
                detail.fiscal_year = *fiscal_year;
                detail.fiscal_year_label = fiscal_year.map(|fy| {
                    if *or_earlier {
                        format!("{}以前", label(fy))
                    } else {
                        label(fy)
                    }
                });
                detail.or_earlier = *or_earlier;
                detail.since = since.map(|d| d.to_string());
            }
            OnlineStatus::Impossible { reason } => detail.reason = Some(reason.clone()),
            OnlineStatus::Planned | OnlineStatus::NotOnline => {}
        }
        detail
    }
}

/// A procedure with everything a resident or a business system needs.
#[derive(Debug, Serialize)]
pub struct ProcedureDetail {
    pub id: String,
    pub name: String,
    pub kana: String,
    pub name_en: String,
    /// The name in further languages (`ko`, `zh-Hans` …), when translated.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub names: std::collections::BTreeMap<String, String>,
    pub category: Category,
    pub category_label: &'static str,
    pub bureau: NamedRef,
    pub section: Option<NamedRef>,
    pub legal_kind: String,
    pub legal_basis: String,
    pub annual_count: Option<i64>,
    pub online: OnlineDetail,
    pub fee_yen: Option<i64>,
    pub fee_note: String,
    /// 標準処理期間, in days.
    pub standard_days: Option<i64>,
    /// 保存期間, in years: none for the city's default, 0 for kept for good.
    pub retention_years: Option<i64>,
    pub documents: Vec<String>,
    pub life_events: Vec<String>,
    pub tags: Vec<String>,
    pub counters: Vec<NamedRef>,
    pub guest_allowed: bool,
    /// 対象者: who can apply.
    pub eligibility: String,
    /// 期限: by when.
    pub deadline: String,
    pub url: String,
    /// How to apply: a madoguchi form, another service, post or counter.
    pub apply: ApplyDetail,
    /// Where to apply online (this site's form or another service), when
    /// the procedure can be applied for online.
    pub apply_url: Option<String>,
}

impl ProcedureDetail {
    /// The detail of `p`, which has a published madoguchi form when `has_form`.
    pub fn of(p: &Procedure, org: &Organisation, has_form: bool) -> Self {
        let resolution = crate::way::resolve(&p.id, &p.apply, &p.online, has_form);
        // What residents see: online only with a way to apply online.
        let shown = match (&p.online, resolution.way.is_online()) {
            (OnlineStatus::Online { .. }, true) => p.online.clone(),
            (_, true) => OnlineStatus::Online {
                fiscal_year: None,
                or_earlier: false,
                since: None,
            },
            (OnlineStatus::Online { .. }, false) => OnlineStatus::NotOnline,
            (other, false) => other.clone(),
        };
        let bureau = org.bureau(&p.bureau_id);
        let counters = p
            .counters
            .iter()
            .flat_map(|token| -> Vec<NamedRef> {
                let office = |o: &crate::model::Office| NamedRef {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    name_en: o.name_en.clone(),
                    address: o.address.clone(),
                    hours: o.hours.clone(),
                    ..Default::default()
                };
                let offices = |kind| org.offices_of_kind(kind).map(office).collect();
                match token.as_str() {
                    ALL_WARD_OFFICES => offices(OfficeKind::Ward),
                    ALL_BRANCHES => offices(OfficeKind::Branch),
                    OWNING_SECTION => p
                        .section_id
                        .as_deref()
                        .and_then(|id| org.section(id))
                        .map(section_ref)
                        .into_iter()
                        .collect(),
                    id => vec![match org.office(id) {
                        Some(o) => office(o),
                        None => NamedRef {
                            id: id.to_string(),
                            name: id.to_string(),
                            ..Default::default()
                        },
                    }],
                }
            })
            .collect();
        ProcedureDetail {
            id: p.id.clone(),
            name: p.name.clone(),
            kana: p.kana.clone(),
            name_en: p.name_en.clone(),
            names: Default::default(),
            category: p.category,
            category_label: p.category.label_ja(),
            bureau: NamedRef {
                id: p.bureau_id.clone(),
                name: bureau.map(|b| b.name.clone()).unwrap_or_default(),
                name_en: bureau.map(|b| b.name_en.clone()).unwrap_or_default(),
                ..Default::default()
            },
            section: p
                .section_id
                .as_deref()
                .and_then(|id| org.section(id))
                .map(section_ref),
            legal_kind: p.legal_kind.clone(),
            legal_basis: p.legal_basis.clone(),
            annual_count: p.annual_count,
            online: OnlineDetail::of(&shown, p.planned_fy),
            fee_yen: p.fee_yen,
            fee_note: p.fee_note.clone(),
            standard_days: p.standard_days,
            retention_years: p.retention_years,
            documents: p.documents.clone(),
            life_events: p.life_events.clone(),
            tags: p.tags.clone(),
            counters,
            guest_allowed: p.guest_allowed,
            eligibility: p.eligibility.clone(),
            deadline: p.deadline.clone(),
            url: format!("/procedures/{}", p.id),
            apply_url: resolution.way.url().map(str::to_string),
            apply: ApplyDetail::of(&resolution.way),
        }
    }
}

fn section_ref(s: &crate::model::Section) -> NamedRef {
    NamedRef {
        id: s.id.clone(),
        name: s.name.clone(),
        name_en: s.name_en.clone(),
        phone: s.phone.clone(),
        email: s.email.clone(),
        ..Default::default()
    }
}

pub fn procedure_not_found(id: &str) -> ApiError {
    ApiError::localized(
        axum::http::StatusCode::NOT_FOUND,
        "not_found",
        Message::new("procedure-not-found").with("id", id),
    )
}

/// Loads one procedure with its organisation, or a 404.
pub async fn load_detail(catalog: &Catalog, id: &str) -> Result<ProcedureDetail, ApiError> {
    if id.is_empty() || id.chars().count() > 100 {
        return Err(procedure_not_found(id));
    }
    let index = catalog.index().await?;
    let procedure = store::procedure(catalog.db(), id)
        .await?
        .ok_or_else(|| procedure_not_found(id))?;
    let has_form = store::has_form(catalog.db(), id).await?;
    let mut detail = ProcedureDetail::of(&procedure, &index.organisation, has_form);
    detail.names = index.names.get(id).cloned().unwrap_or_default();
    Ok(detail)
}

#[utoipa::path(
    get,
    path = "/api/v1/procedures/{id}",
    tag = TAG,
    summary = "One procedure with everything a resident or a business system needs",
    description = "Public: no token needed.",
    params(("id" = String, Path, description = "The procedure's id")),
    responses(
        (status = 200, description = "The procedure", body = Object),
        (status = 404, description = "No such procedure", body = ErrorSchema),
    )
)]
async fn show(
    State(catalog): State<Catalog>,
    Path(id): Path<String>,
) -> Result<Json<ProcedureDetail>, ApiError> {
    Ok(Json(load_detail(&catalog, &id).await?))
}
