//! Issuing a notice: the decision's template filled with the application,
//! laid out, signed, and stored in the same transaction as the step to
//! 通知発行済み, its event, its audit entry and the resident's mail. The
//! number is taken first, in a short transaction of its own, so no database
//! lock is held while the notice is signed (a timestamp authority may take a
//! while).

use std::sync::Arc;

use applications::model::Application;
use applications::transition::{self, TransitionError};
use kernel::ApiError;
use kernel::Db;
use kernel::i18n::Lang;
use serde_json::json;
use workflow::Actor;

use crate::content::{self, Decision};
use crate::signing::Signing;
use crate::store::{self, NewNotice, NoticeRow};
use crate::template::{self, Facts, Problem};

/// Longest reasons a section may write.
pub const MAX_REASONS_CHARS: usize = 4_000;

#[derive(Debug)]
pub enum IssueError {
    /// What the clerk must fix (reasons missing, a template that does not
    /// render).
    Invalid(Vec<Problem>),
    Transition(TransitionError),
    /// No font or no signing key configured.
    Unavailable(String),
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for IssueError {
    fn from(e: anyhow::Error) -> Self {
        IssueError::Internal(e)
    }
}

impl From<TransitionError> for IssueError {
    fn from(e: TransitionError) -> Self {
        IssueError::Transition(e)
    }
}

impl From<IssueError> for ApiError {
    fn from(error: IssueError) -> Self {
        use axum::http::StatusCode;
        match error {
            IssueError::Invalid(problems) => {
                let (ja, en): (Vec<String>, Vec<String>) = problems
                    .into_iter()
                    .map(|p| (p.message_ja, p.message))
                    .unzip();
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "notice_invalid",
                    ja.join(" "),
                    en.join(" "),
                )
            }
            IssueError::Transition(e) => e.into(),
            IssueError::Unavailable(why) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "notices_unavailable",
                "通知書を発行する準備ができていません（署名用の証明書またはフォントが設定されていません）。システム管理者に連絡してください。",
                format!("Notices cannot be issued here: {why}"),
            ),
            IssueError::Internal(e) => ApiError::internal(e),
        }
    }
}

/// What issuing needs besides the database.
#[derive(Clone)]
pub struct Issuer {
    pub db: Db,
    pub font: Option<Arc<crate::pdf::NoticeFont>>,
    pub signing: Option<Arc<Signing>>,
    /// The verification page's address, printed on every notice.
    pub verify_url: String,
    /// What verification trusts: the archive timestamp's due date is read
    /// from the signed notice with it.
    pub trust: Arc<signatures::verify::Trust>,
}

/// What facts of several notices share: form versions, procedure and
/// section names, read once per group.
#[derive(Default)]
pub struct Lookups {
    forms: std::collections::HashMap<(String, i64), Arc<forms::FormDefinition>>,
    procedures: std::collections::HashMap<String, String>,
    sections: Option<std::collections::HashMap<String, String>>,
}

impl Lookups {
    async fn form(
        &mut self,
        db: &Db,
        application: &Application,
    ) -> anyhow::Result<Arc<forms::FormDefinition>> {
        let key = (application.procedure_id.clone(), application.form_version);
        if let Some(form) = self.forms.get(&key) {
            return Ok(form.clone());
        }
        let form = Arc::new(applications::form_store::of_application(db, application).await?);
        self.forms.insert(key, form.clone());
        Ok(form)
    }

    async fn procedure(&mut self, db: &Db, id: &str) -> anyhow::Result<String> {
        if let Some(name) = self.procedures.get(id) {
            return Ok(name.clone());
        }
        let name = catalog::store::procedure(db, id)
            .await?
            .map(|p| p.name)
            .unwrap_or_else(|| id.to_string());
        self.procedures.insert(id.to_string(), name.clone());
        Ok(name)
    }

    async fn section(&mut self, db: &Db, id: &str) -> anyhow::Result<String> {
        if self.sections.is_none() {
            self.sections = Some(
                catalog::store::organisation(db)
                    .await?
                    .sections
                    .into_iter()
                    .map(|s| (s.id, s.name))
                    .collect(),
            );
        }
        Ok(self
            .sections
            .as_ref()
            .and_then(|all| all.get(id).cloned())
            .unwrap_or_default())
    }
}

/// The facts a template may name, from the application as submitted.
pub async fn facts(
    db: &Db,
    application: &Application,
    decision: Decision,
    reasons: &str,
    decided_on: time::Date,
) -> anyhow::Result<Facts> {
    facts_with(
        &mut Lookups::default(),
        db,
        application,
        decision,
        reasons,
        decided_on,
    )
    .await
}

pub async fn facts_with(
    lookups: &mut Lookups,
    db: &Db,
    application: &Application,
    decision: Decision,
    reasons: &str,
    decided_on: time::Date,
) -> anyhow::Result<Facts> {
    let form = lookups.form(db, application).await?;
    let procedure = lookups.procedure(db, &application.procedure_id).await?;
    let section = match &application.section_id {
        Some(id) => lookups.section(db, id).await?,
        None => String::new(),
    };
    let answer = forms::display::by_id(&form, &application.answers, Lang::Ja);
    let submitted = kernel::clock::parse(&application.submitted_at)
        .map(|t| t.to_offset(time::macros::offset!(+9)).date());
    Ok(Facts {
        applicant: forms::display::applicant_name(&form, &application.answers)
            .unwrap_or_else(|| "申請者".to_string()),
        address: answer.get("address").cloned().unwrap_or_default(),
        procedure,
        receipt_number: application.receipt_number.clone(),
        submitted_on: submitted
            .map(kernel::wareki::wareki_date)
            .unwrap_or_default(),
        decided_on: kernel::wareki::wareki_date(decided_on),
        decision: decision.label_ja().to_string(),
        reasons: reasons.trim().to_string(),
        section,
        answer,
    })
}

/// Today in Japan.
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+9))
        .date()
}

fn check_reasons(reasons: &str) -> Result<(), IssueError> {
    if reasons.chars().count() > MAX_REASONS_CHARS {
        return Err(IssueError::Invalid(vec![Problem {
            field: "reasons",
            message_ja: format!("理由は{MAX_REASONS_CHARS}文字以内にしてください。"),
            message: format!("Keep the reasons within {MAX_REASONS_CHARS} characters."),
        }]));
    }
    Ok(())
}

impl Issuer {
    fn ready(&self) -> Result<(Arc<crate::pdf::NoticeFont>, Arc<Signing>), IssueError> {
        let font = self.font.clone().ok_or_else(|| {
            IssueError::Unavailable(
                "no Japanese font (install fonts-ipaexfont or set notice_font)".into(),
            )
        })?;
        let signing = self.signing.clone().ok_or_else(|| {
            IssueError::Unavailable("no signing certificate (see docs/notices.md)".into())
        })?;
        Ok((font, signing))
    }

    pub fn is_ready(&self) -> bool {
        self.font.is_some() && self.signing.is_some()
    }

    /// The notice as it will read, numbered later: for the clerk's preview.
    pub async fn preview(
        &self,
        application: &Application,
        reasons: &str,
    ) -> Result<content::Content, IssueError> {
        let decision = Decision::of_status(application.status).ok_or_else(|| {
            IssueError::Invalid(vec![Problem {
                field: "decision",
                message_ja: "決定（承認または不承認）の後に発行できます。".into(),
                message: "A notice follows a decision (approved or not approved).".into(),
            }])
        })?;
        let template = store::template_for(&self.db, &application.procedure_id, decision).await?;
        let facts = facts(&self.db, application, decision, reasons, today()).await?;
        template::content(
            &template,
            &facts,
            "（発行時に付番）",
            "（発行時）",
            &self.verify_url,
        )
        .map_err(IssueError::Invalid)
    }

    /// Issues the notice of `application`'s decision and moves the case to
    /// 通知発行済み.
    pub async fn issue(
        &self,
        application: &Application,
        reasons: &str,
        actor: Actor,
        actor_name: &str,
    ) -> Result<NoticeRow, IssueError> {
        check_reasons(reasons)?;
        let (font, signing) = self.ready()?;
        transition::may_issue_notice(&self.db, application, actor).await?;
        let decision = Decision::of_status(application.status)
            .ok_or(IssueError::Transition(TransitionError::Conflict))?;
        self.make(
            application,
            decision,
            reasons,
            actor,
            actor_name,
            None,
            font,
            signing,
        )
        .await
    }

    /// A corrected notice replacing a revoked one; the case stays where it is.
    pub async fn reissue(
        &self,
        application: &Application,
        replaced: &NoticeRow,
        reasons: &str,
        actor_name: &str,
    ) -> Result<NoticeRow, IssueError> {
        check_reasons(reasons)?;
        let (font, signing) = self.ready()?;
        if replaced.revoked_at.is_none() || replaced.replaced_by.is_some() {
            return Err(IssueError::Invalid(vec![Problem {
                field: "notice",
                message_ja: "取り消した通知書（まだ差し替えていないもの）だけを差し替えられます。"
                    .into(),
                message: "Only a revoked notice not yet replaced can be replaced.".into(),
            }]));
        }
        let decision = Decision::parse(&replaced.decision)
            .ok_or_else(|| anyhow::anyhow!("unknown decision {}", replaced.decision))?;
        self.make(
            application,
            decision,
            reasons,
            Actor::Clerk,
            actor_name,
            Some(replaced),
            font,
            signing,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn make(
        &self,
        application: &Application,
        decision: Decision,
        reasons: &str,
        actor: Actor,
        actor_name: &str,
        replaces: Option<&NoticeRow>,
        font: Arc<crate::pdf::NoticeFont>,
        signing: Arc<Signing>,
    ) -> Result<NoticeRow, IssueError> {
        let db = &self.db;
        let template = store::template_for(db, &application.procedure_id, decision).await?;
        let now = time::OffsetDateTime::now_utc();
        let today = today();
        let facts = facts(db, application, decision, reasons, today).await?;
        // Checked before a number is taken.
        template::content(&template, &facts, "", "", &self.verify_url)
            .map_err(IssueError::Invalid)?;
        let fiscal_year = kernel::wareki::fiscal_year_of(today);
        let serial = store::next_serial(db, fiscal_year).await?;
        let number = content::number(fiscal_year, serial);
        let code = content::check_code();
        let content = template::content(&template, &facts, &number, &code, &self.verify_url)
            .map_err(IssueError::Invalid)?;
        let unsigned = {
            let content = content.clone();
            tokio::task::spawn_blocking(move || crate::pdf::render(&content, &font, now))
                .await
                .map_err(|e| anyhow::anyhow!("layout stopped: {e}"))?
        };
        let signed = match unsigned {
            Ok(unsigned) => signing.sign(unsigned, &content, now).await,
            Err(e) => Err(e),
        };
        let pdf = match signed {
            Ok(pdf) => pdf,
            Err(error) => {
                tracing::error!(number = %number, receipt = %application.receipt_number, "notice not issued: {error:#}");
                void_number(db, &number, actor_name, &format!("{error:#}")).await;
                return Err(IssueError::Internal(error));
            }
        };
        let archive_due_at = if signing.level == crate::signing::Level::BB {
            None
        } else {
            let (pdf, trust) = (pdf.clone(), self.trust.clone());
            tokio::task::spawn_blocking(move || crate::archive::due_at(&pdf, &trust))
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
        };
        let id = hex::encode(rand::random::<[u8; 16]>());
        let issued_at = kernel::clock::now_text();
        let mut tx = db.begin().await.map_err(anyhow::Error::from)?;
        store::insert(
            db,
            &mut tx,
            &NewNotice {
                id: &id,
                content: &content,
                code_hash: &content::code_hash(&number, &code),
                application,
                procedure_name: &facts.procedure,
                template_id: &template.id,
                level: signing.level.code(),
                signer: &signing.signer_name,
                pdf: &pdf,
                issued_at: &issued_at,
                issued_by: actor_name,
                replaces: replaces.map(|r| r.id.as_str()),
                archive_due_at,
            },
        )
        .await?;
        let comment = format!("{} {}", content.kind, number);
        match replaces {
            None => {
                if let Err(error) = transition::issue_notice_in(
                    db,
                    &mut tx,
                    application,
                    actor,
                    actor_name,
                    Some(&comment),
                )
                .await
                {
                    drop(tx);
                    void_number(db, &number, actor_name, "the case changed meanwhile").await;
                    return Err(error.into());
                }
            }
            Some(_) => {
                if let Some(mail) = applications::notices::recipient(
                    &application.submitter_kind,
                    &application.submitter_id,
                )
                .and_then(|to| {
                    applications::notices::status_changed(
                        &to,
                        application.lang,
                        &application.receipt_number,
                        workflow::Status::NoticeIssued,
                        Some(&comment),
                    )
                }) {
                    kernel::mail::enqueue(&mut *tx, &mail).await?;
                }
            }
        }
        record_issued(
            db,
            &mut tx,
            &Issued {
                application,
                content: &content,
                template: &template,
                level: signing.level.code(),
                replaces: replaces.map(|r| r.number.as_str()),
                issued_at: &issued_at,
                actor_name,
            },
        )
        .await?;
        tx.commit().await.map_err(anyhow::Error::from)?;
        metrics::counter!("notices_issued_total").increment(1);
        store::by_number(db, &number)
            .await?
            .ok_or_else(|| IssueError::Internal(anyhow::anyhow!("notice {number} vanished")))
    }
}

/// A notice just stored, for its event and audit entry.
pub(crate) struct Issued<'a> {
    pub application: &'a Application,
    pub content: &'a content::Content,
    pub template: &'a template::NoticeTemplate,
    pub level: &'a str,
    pub replaces: Option<&'a str>,
    pub issued_at: &'a str,
    pub actor_name: &'a str,
}

/// The `notice.issued` event for business systems and the case's audit
/// entry, in the transaction that stores the notice.
pub(crate) async fn record_issued(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    issued: &Issued<'_>,
) -> anyhow::Result<()> {
    let Issued {
        application,
        content,
        template,
        level,
        replaces,
        issued_at,
        actor_name,
    } = issued;
    let number = &content.number;
    kernel::outbox::enqueue(
        tx,
        "notice.issued",
        &application.receipt_number,
        &json!({
            "number": number,
            "receipt_number": application.receipt_number,
            "procedure_id": application.procedure_id,
            "section_id": application.section_id,
            "decision": content.decision.code(),
            "kind": content.kind,
            "level": level,
            "replaces": replaces,
            "at": issued_at,
            "pdf": format!("/api/v1/notices/{number}/pdf"),
        }),
    )
    .await?;
    kernel::audit::append(
        db.keys(),
        tx,
        kernel::audit::Entry {
            target_type: "application",
            target_id: &application.id,
            actor: actor_name,
            action: "notice.issued",
            before: None,
            after: Some(json!({
                "number": number,
                "template": template.id,
                "template_revision": template.revision,
                "level": level,
                "replaces": replaces,
            })),
        },
    )
    .await?;
    Ok(())
}

/// A number taken for a notice that was not issued: the audit log says so,
/// so a gap in the numbers is explained.
pub(crate) async fn void_number(db: &Db, number: &str, actor: &str, why: &str) {
    let result = async {
        let mut tx = db.begin().await?;
        kernel::audit::append(
            db.keys(),
            &mut tx,
            kernel::audit::Entry {
                target_type: "notice",
                target_id: number,
                actor,
                action: "notice.number_voided",
                before: None,
                after: Some(json!({ "why": why })),
            },
        )
        .await?;
        tx.commit().await?;
        anyhow::Ok(())
    }
    .await;
    if let Err(error) = result {
        tracing::error!(number, "could not record the voided number: {error:#}");
    }
}
