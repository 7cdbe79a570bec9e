//! A procedure as the city keeps it (`/staff/procedures/{id}`, Japanese and
//! English like the rest of the back office): the bookkeeping residents do
//! not need (annual count, the plan's category, the online-ization year,
//! the legal kind), how residents apply and whether that is a gap, and the
//! form where the owning section ([`SectionStaff`] of that section) or the
//! DX office edits what residents read and the way of applying. Any staff
//! reads; every change is audited.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use catalog::model::{ApplyMethod, ApplyWay, Guidance, OnlineStatus, Procedure};
use catalog::way::{MAX_SERVICE_CHARS, MAX_URL_CHARS, Resolution};
use identity::{SectionStaff, SignedIn, StaffSession};
use kernel::web::{Chrome, PageError, posted as field, render};
use kernel::{ApiError, FieldError};

pub fn routes() -> Router<crate::Progress> {
    Router::new().route("/staff/procedures/{id}", get(show).post(save))
}

/// The longest 対象者 or 期限 text (as the registry import allows).
pub const MAX_TEXT_CHARS: usize = catalog::import::MAX_GUIDANCE_CHARS;
pub const MAX_FEE_NOTE_CHARS: usize = 500;
pub const MAX_DOCUMENTS: usize = 30;
pub const MAX_DOCUMENT_CHARS: usize = 200;
pub const MAX_FEE_YEN: i64 = 100_000_000;
pub const MAX_STANDARD_DAYS: i64 = 3650;

/// Whether `session` may edit a procedure of `section_id`: the DX office
/// any, a section's staff their own section's.
pub fn may_edit(session: &SignedIn, section_id: Option<&str>) -> bool {
    if session.is_dx_office() {
        return true;
    }
    match (SectionStaff::of(session.clone()), section_id) {
        (Some(staff), Some(section)) => staff.section_id == section,
        _ => false,
    }
}

fn no_such_procedure(id: &str) -> ApiError {
    ApiError::not_found(
        format!("手続「{id}」はありません。"),
        format!("There is no procedure {id:?}."),
    )
}

fn not_yours() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        "この手続を編集できるのは所管課の職員とデジタル改革推進課だけです。",
        "Only the owning section's staff and the DX office may edit this procedure.",
    )
}

/// What was posted, as the form shows it again.
#[derive(Debug, Clone, Default)]
pub struct Posted {
    pub eligibility: String,
    pub deadline: String,
    pub fee: String,
    pub fee_note: String,
    pub documents: String,
    pub standard_days: String,
    pub apply_method: String,
    pub apply_service: String,
    pub apply_url: String,
}

impl Posted {
    fn of(g: &Guidance) -> Self {
        Posted {
            eligibility: g.eligibility.clone(),
            deadline: g.deadline.clone(),
            fee: g.fee_yen.map(|n| n.to_string()).unwrap_or_default(),
            fee_note: g.fee_note.clone(),
            documents: g.documents.join("\n"),
            standard_days: g.standard_days.map(|n| n.to_string()).unwrap_or_default(),
            apply_method: g.apply.method.code().to_string(),
            apply_service: g.apply.service.clone(),
            apply_url: g.apply.url.clone(),
        }
    }

    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let get = |name: &str| field(pairs, name).unwrap_or_default().to_string();
        Posted {
            eligibility: get("eligibility"),
            deadline: get("deadline"),
            fee: get("fee"),
            fee_note: get("fee_note"),
            documents: get("documents"),
            standard_days: get("standard_days"),
            apply_method: get("apply_method"),
            apply_service: get("apply_service"),
            apply_url: get("apply_url"),
        }
    }
}

/// A whole number in `0..=max` (full-width digits, commas and a unit
/// suffix allowed), None when blank.
fn number(text: &str, suffix: char, max: i64) -> Result<Option<i64>, ()> {
    let normalized = kernel::text::nfkc(text).replace([',', ' '], "");
    let normalized = normalized.trim();
    let normalized = normalized.strip_suffix(suffix).unwrap_or(normalized);
    if normalized.is_empty() {
        return Ok(None);
    }
    match normalized.parse::<i64>() {
        Ok(n) if (0..=max).contains(&n) => Ok(Some(n)),
        _ => Err(()),
    }
}

fn too_long(field: &str, ja: &str, en: &str, max: usize) -> FieldError {
    FieldError::new(
        field,
        format!("{ja}が長すぎます（{max}字まで）。"),
        format!("{en} is longer than {max} characters."),
    )
}

/// Checks a posted edit: the guidance to save, or every problem at once.
pub fn parse_guidance(posted: &Posted) -> Result<Guidance, Vec<FieldError>> {
    let mut errors = Vec::new();
    let eligibility = posted.eligibility.trim().to_string();
    if eligibility.chars().count() > MAX_TEXT_CHARS {
        errors.push(too_long(
            "eligibility",
            "対象者",
            "Who can apply",
            MAX_TEXT_CHARS,
        ));
    }
    let deadline = posted.deadline.trim().to_string();
    if deadline.chars().count() > MAX_TEXT_CHARS {
        errors.push(too_long("deadline", "期限", "The deadline", MAX_TEXT_CHARS));
    }
    let fee_yen = number(&posted.fee, '円', MAX_FEE_YEN).unwrap_or_else(|()| {
        errors.push(FieldError::new(
            "fee",
            "手数料は 0 以上の金額（円）で入力してください（空欄は「手続によって異なります」）。",
            "The fee must be an amount in yen of 0 or more (leave it empty for \"depends\").",
        ));
        None
    });
    let fee_note = posted.fee_note.trim().to_string();
    if fee_note.chars().count() > MAX_FEE_NOTE_CHARS {
        errors.push(too_long(
            "fee_note",
            "手数料の補足",
            "The fee note",
            MAX_FEE_NOTE_CHARS,
        ));
    }
    let documents: Vec<String> = posted
        .documents
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if documents.len() > MAX_DOCUMENTS {
        errors.push(FieldError::new(
            "documents",
            format!("必要なものは{MAX_DOCUMENTS}行までにしてください。"),
            format!("List at most {MAX_DOCUMENTS} documents."),
        ));
    }
    if documents
        .iter()
        .any(|d| d.chars().count() > MAX_DOCUMENT_CHARS)
    {
        errors.push(FieldError::new(
            "documents",
            format!("必要なものは1行{MAX_DOCUMENT_CHARS}字までにしてください。"),
            format!("Each document is at most {MAX_DOCUMENT_CHARS} characters."),
        ));
    }
    let standard_days =
        number(&posted.standard_days, '日', MAX_STANDARD_DAYS).unwrap_or_else(|()| {
            errors.push(FieldError::new(
                "standard_days",
                format!("標準処理期間は 0 から {MAX_STANDARD_DAYS} までの日数で入力してください。"),
                format!("The standard processing time must be 0 to {MAX_STANDARD_DAYS} days."),
            ));
            None
        });
    let method = ApplyMethod::ALL
        .into_iter()
        .find(|m| m.code() == posted.apply_method.trim())
        .unwrap_or_else(|| {
            errors.push(FieldError::new(
                "apply_method",
                "申請方法を選んでください。",
                "Choose how residents apply.",
            ));
            ApplyMethod::Unset
        });
    // Another service's address and name only go with that way; switching
    // to another way drops them rather than refusing the edit.
    let apply = if method == ApplyMethod::External {
        ApplyWay {
            method,
            url: posted.apply_url.trim().to_string(),
            service: posted.apply_service.trim().to_string(),
        }
    } else {
        ApplyWay {
            method,
            ..Default::default()
        }
    };
    for (name, ja, en) in catalog::way::way_problems(&apply) {
        errors.push(FieldError::new(name, ja, en));
    }
    if errors.is_empty() {
        Ok(Guidance {
            eligibility,
            deadline,
            fee_yen,
            fee_note,
            documents,
            standard_days,
            apply,
        })
    } else {
        Err(errors)
    }
}

#[derive(Template)]
#[template(path = "staff_procedure.html")]
struct ProcedurePage {
    chrome: Chrome,
    p: Procedure,
    bureau: String,
    section: String,
    has_form: bool,
    resolution: Resolution,
    editable: bool,
    form: Posted,
    errors: Vec<FieldError>,
    notice: Option<String>,
    max_url: usize,
    max_service: usize,
}

impl ProcedurePage {
    fn methods(&self) -> Vec<(&'static str, String)> {
        ApplyMethod::ALL
            .into_iter()
            .map(|m| {
                let label = match m {
                    ApplyMethod::Unset => self.chrome.pick(
                        "未設定（公開フォームがあればフォーム）",
                        "Not stated (a published form if there is one)",
                    ),
                    ApplyMethod::Form => self
                        .chrome
                        .pick("madoguchi の申請フォーム", "A madoguchi form"),
                    ApplyMethod::External => self.chrome.pick(
                        "外部サービス（マイナポータル・eLTAX・あいち電子申請 など）",
                        "Another service (マイナポータル, eLTAX, あいち電子申請 …)",
                    ),
                    ApplyMethod::Post => self.chrome.pick("郵送", "By post"),
                    ApplyMethod::Counter => self.chrome.pick("窓口のみ", "Only at a counter"),
                };
                (m.code(), label.to_string())
            })
            .collect()
    }

    fn registry_status(&self) -> String {
        let p = &self.p;
        let status = self
            .chrome
            .pick(p.online.label_ja(), p.online.label_en())
            .to_string();
        match &p.online {
            OnlineStatus::Online {
                fiscal_year,
                or_earlier,
                since,
            } => {
                let mut text = status;
                if let Some(fy) = fiscal_year {
                    text.push_str(&format!(
                        "（{}{}）",
                        kernel::wareki::fiscal_year_label(*fy),
                        if *or_earlier { "以前" } else { "" }
                    ));
                }
                if let Some(since) = since {
                    text.push_str(&format!(" {since}"));
                }
                text
            }
            OnlineStatus::Impossible { reason } => format!("{status}: {reason}"),
            _ => status,
        }
    }

    fn planned(&self) -> String {
        self.p
            .planned_fy
            .map(kernel::wareki::fiscal_year_label)
            .unwrap_or_else(|| "—".into())
    }

    fn annual_count(&self) -> String {
        self.p
            .annual_count
            .map(catalog::pages::group_digits)
            .unwrap_or_else(|| self.chrome.pick("不明", "unknown").to_string())
    }

    fn category(&self) -> &'static str {
        let c = self.p.category;
        if self.chrome.lang.reads_japanese() {
            c.label_ja()
        } else {
            c.label_en()
        }
    }

    fn way_text(&self) -> String {
        use catalog::way::Way;
        match &self.resolution.way {
            Way::Form { url } => format!(
                "{} {url}",
                self.chrome
                    .pick("madoguchi の申請フォーム", "madoguchi form")
            ),
            Way::External { service, url } => format!("{service} {url}"),
            Way::Post => self.chrome.pick("郵送", "By post").to_string(),
            Way::Counter => self.chrome.pick("窓口", "At a counter").to_string(),
            Way::Unstated => self
                .chrome
                .pick(
                    "未設定（窓口・郵送と表示）",
                    "Not stated (shown as counter or post)",
                )
                .to_string(),
        }
    }
}

async fn page(
    state: &crate::Progress,
    chrome: &Chrome,
    session: &SignedIn,
    id: &str,
    form: Option<Posted>,
    errors: Vec<FieldError>,
    notice: Option<String>,
) -> Result<ProcedurePage, ApiError> {
    if id.is_empty() || id.chars().count() > 100 {
        return Err(no_such_procedure(id));
    }
    let db = state.catalog.db();
    let p = catalog::store::procedure(db, id)
        .await?
        .ok_or_else(|| no_such_procedure(id))?;
    let index = state.catalog.index().await?;
    let organisation = &index.organisation;
    let has_form = catalog::store::has_form(db, id).await?;
    let resolution = catalog::way::resolve(&p.id, &p.apply, &p.online, has_form);
    let bureau = organisation
        .bureau(&p.bureau_id)
        .map(|b| b.name.clone())
        .unwrap_or_else(|| p.bureau_id.clone());
    let section = p
        .section_id
        .as_deref()
        .map(|s| {
            organisation
                .section(s)
                .map(|s| s.name.clone())
                .unwrap_or_else(|| s.to_string())
        })
        .unwrap_or_default();
    Ok(ProcedurePage {
        chrome: chrome.clone().titled(format!(
            "{} — {}",
            p.name,
            chrome.pick("手続の管理", "Procedure (staff)")
        )),
        editable: may_edit(session, p.section_id.as_deref()),
        form: form.unwrap_or_else(|| Posted::of(&Guidance::of(&p))),
        p,
        bureau,
        section,
        has_form,
        resolution,
        errors,
        notice,
        max_url: MAX_URL_CHARS,
        max_service: MAX_SERVICE_CHARS,
    })
}

async fn show(
    State(state): State<crate::Progress>,
    chrome: Chrome,
    StaffSession(session): StaffSession,
    Path(id): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, PageError> {
    let notice = query
        .as_deref()
        .is_some_and(|q| q.split('&').any(|p| p == "saved=1"))
        .then(|| chrome.pick("保存しました。", "Saved.").to_string());
    let page = page(&state, &chrome, &session, &id, None, Vec::new(), notice)
        .await
        .map_err(|e| PageError::new(&chrome, e))?;
    Ok(render(&page))
}

async fn save(
    State(state): State<crate::Progress>,
    chrome: Chrome,
    StaffSession(session): StaffSession,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let fail = |e: ApiError| PageError::new(&chrome, e).into_response();
    let db = state.catalog.db();
    let procedure = match catalog::store::procedure(db, &id).await {
        Ok(Some(p)) => p,
        Ok(None) => return fail(no_such_procedure(&id)),
        Err(e) => return fail(e.into()),
    };
    if !may_edit(&session, procedure.section_id.as_deref()) {
        let staff = session.staff().map(|s| s.id.clone()).unwrap_or_default();
        tracing::warn!(%staff, procedure = %id, "refused: not the owning section");
        return fail(not_yours());
    }
    let posted = Posted::from_pairs(&pairs);
    let guidance = match parse_guidance(&posted) {
        Ok(guidance) => guidance,
        Err(errors) => {
            return match page(&state, &chrome, &session, &id, Some(posted), errors, None).await {
                Ok(page) => (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response(),
                Err(e) => fail(e),
            };
        }
    };
    let actor = session
        .staff()
        .map(|s| s.actor())
        .unwrap_or_else(|| "staff".into());
    match catalog::store::save_guidance(db, &id, &guidance, &actor).await {
        Ok(None) => fail(no_such_procedure(&id)),
        Ok(Some(changed)) => {
            if changed {
                tracing::info!(procedure = %id, %actor, "procedure guidance changed");
                // This node shows the change at once; the others within seconds.
                if let Err(error) = state.catalog.refresh().await {
                    tracing::warn!(%error, "search index not rebuilt after an edit");
                }
            }
            Redirect::to(&chrome.link(&format!(
                "/staff/procedures/{}?saved=1",
                catalog::pages::encode(&id)
            )))
            .into_response()
        }
        Err(e) => fail(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted() -> Posted {
        Posted {
            eligibility: " 市内に住む方 ".into(),
            deadline: "3月15日まで".into(),
            fee: "１，２００円".into(),
            documents: "本人確認書類\n\n  源泉徴収票 ".into(),
            standard_days: "14日".into(),
            apply_method: "external".into(),
            apply_service: "eLTAX".into(),
            apply_url: "https://www.eltax.lta.go.jp/".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_edit_reads_as_residents_will_see_it() {
        let g = parse_guidance(&posted()).expect("valid");
        assert_eq!(g.eligibility, "市内に住む方");
        assert_eq!(g.fee_yen, Some(1200));
        assert_eq!(g.documents, vec!["本人確認書類", "源泉徴収票"]);
        assert_eq!(g.standard_days, Some(14));
        assert_eq!(g.apply.method, ApplyMethod::External);
        assert_eq!(g.apply.service, "eLTAX");
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let bad = Posted {
            eligibility: "あ".repeat(MAX_TEXT_CHARS + 1),
            fee: "たくさん".into(),
            standard_days: "-3".into(),
            apply_url: "http://example.jp/".into(),
            apply_service: String::new(),
            documents: (0..=MAX_DOCUMENTS).map(|i| format!("書類{i}\n")).collect(),
            ..posted()
        };
        let errors = parse_guidance(&bad).expect_err("refused");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for expected in [
            "eligibility",
            "fee",
            "documents",
            "standard_days",
            "apply_url",
            "apply_service",
        ] {
            assert!(fields.contains(&expected), "{expected} in {fields:?}");
        }
        assert!(
            errors
                .iter()
                .all(|e| !e.message.is_empty() && !e.message_en.is_empty())
        );
    }

    #[test]
    fn another_way_drops_a_service_address() {
        let counter = Posted {
            apply_method: "counter".into(),
            ..posted()
        };
        let g = parse_guidance(&counter).expect("valid");
        assert_eq!(
            g.apply,
            ApplyWay {
                method: ApplyMethod::Counter,
                ..Default::default()
            }
        );
        let unknown = Posted {
            apply_method: "fax".into(),
            ..posted()
        };
        assert_eq!(
            parse_guidance(&unknown).expect_err("refused")[0].field,
            "apply_method"
        );
    }
}
