//! Many notices at once (the bulk issue): the numbers of a group taken in
//! one transaction, the notices laid out and signed on every core, then the
//! group stored with each case's step, event, audit entry and mail in one
//! transaction — a commit per group, not two per notice, which is what
//! bounds the rate on a disk that makes every commit durable.

use std::collections::HashMap;
use std::sync::Arc;

use applications::model::Application;
use applications::transition::{self, TransitionError};
use futures_util::StreamExt;
use workflow::Actor;

use crate::content::{self, Content, Decision};
use crate::issue::{IssueError, Issuer, today};
use crate::store::{self, NewNotice};
use crate::template::{self, NoticeTemplate};

fn set(outcomes: &mut [Option<Outcome>], index: usize, outcome: Outcome) {
    if let Some(slot) = outcomes.get_mut(index) {
        *slot = Some(outcome);
    }
}

/// What one notice of a group came to.
pub type Outcome = Result<String, IssueError>;

struct Prepared {
    application: Application,
    template: Arc<NoticeTemplate>,
    procedure_name: String,
    content: Content,
    code: String,
}

impl Issuer {
    /// Issues the approval notices of `applications` (approved cases), as
    /// many at once as `parallel`; the number of each, or why not, in the
    /// same order.
    pub async fn issue_many(
        &self,
        applications: &[Application],
        actor: Actor,
        actor_name: &str,
        parallel: usize,
    ) -> anyhow::Result<Vec<Outcome>> {
        let (Some(font), Some(signing)) = (self.font.clone(), self.signing.clone()) else {
            return Ok(applications
                .iter()
                .map(|_| Err(IssueError::Unavailable("signing is not configured".into())))
                .collect());
        };
        let db = &self.db;
        let day = today();
        let now = time::OffsetDateTime::now_utc();
        let mut outcomes: Vec<Option<Outcome>> = applications.iter().map(|_| None).collect();
        let mut templates: HashMap<String, Arc<NoticeTemplate>> = HashMap::new();
        let mut lookups = crate::issue::Lookups::default();
        let mut ready = Vec::new();
        for (index, application) in applications.iter().enumerate() {
            if let Err(error) = transition::may_issue_notice(db, application, actor).await {
                set(&mut outcomes, index, Err(error.into()));
                continue;
            }
            if Decision::of_status(application.status) != Some(Decision::Approved) {
                set(
                    &mut outcomes,
                    index,
                    Err(IssueError::Transition(TransitionError::Conflict)),
                );
                continue;
            }
            let template = match templates.get(&application.procedure_id) {
                Some(t) => t.clone(),
                None => {
                    let t = Arc::new(
                        store::template_for(db, &application.procedure_id, Decision::Approved)
                            .await?,
                    );
                    templates.insert(application.procedure_id.clone(), t.clone());
                    t
                }
            };
            let facts = crate::issue::facts_with(
                &mut lookups,
                db,
                application,
                Decision::Approved,
                "",
                day,
            )
            .await?;
            match template::content(&template, &facts, "", "", &self.verify_url) {
                Ok(_) => ready.push((index, application, template, facts)),
                Err(problems) => set(&mut outcomes, index, Err(IssueError::Invalid(problems))),
            }
        }
        let fiscal_year = kernel::wareki::fiscal_year_of(day);
        let serials = store::next_serials(db, fiscal_year, ready.len()).await?;
        let mut prepared = Vec::new();
        for ((index, application, template, facts), serial) in ready.into_iter().zip(serials) {
            let number = content::number(fiscal_year, serial);
            let code = content::check_code();
            match template::content(&template, &facts, &number, &code, &self.verify_url) {
                Ok(content) => prepared.push((
                    index,
                    Prepared {
                        application: application.clone(),
                        template,
                        procedure_name: facts.procedure.clone(),
                        content,
                        code,
                    },
                )),
                Err(problems) => set(&mut outcomes, index, Err(IssueError::Invalid(problems))),
            }
        }
        // Laid out and signed on every core.
        let signed: Vec<(usize, Prepared, anyhow::Result<Vec<u8>>)> =
            futures_util::stream::iter(prepared.into_iter().map(|(index, p)| {
                let (font, signing) = (font.clone(), signing.clone());
                async move {
                    let content = p.content.clone();
                    let unsigned = tokio::task::spawn_blocking(move || {
                        crate::pdf::render(&content, &font, now)
                    })
                    .await
                    .map_err(|e| anyhow::anyhow!("layout stopped: {e}"));
                    let pdf = match unsigned {
                        Ok(Ok(unsigned)) => signing.sign(unsigned, &p.content, now).await,
                        Ok(Err(e)) | Err(e) => Err(e),
                    };
                    (index, p, pdf)
                }
            }))
            .buffer_unordered(parallel.max(1))
            .collect()
            .await;
        let issued_at = kernel::clock::now_text();
        let mut tx = db.begin().await?;
        let mut stored = Vec::new();
        for (index, p, pdf) in signed {
            let number = p.content.number.clone();
            let pdf = match pdf {
                Ok(pdf) => pdf,
                Err(error) => {
                    set(&mut outcomes, index, Err(IssueError::Internal(error)));
                    stored.push((number, false));
                    continue;
                }
            };
            let archive_due_at = if signing.level == crate::signing::Level::BB {
                None
            } else {
                crate::archive::due_at(&pdf, &self.trust)
            };
            let comment = format!("{} {number}", p.content.kind);
            // The step first: a case that moved meanwhile gets no notice.
            match transition::issue_notice_in(
                db,
                &mut tx,
                &p.application,
                actor,
                actor_name,
                Some(&comment),
            )
            .await
            {
                Ok(_) => {}
                Err(TransitionError::Internal(error)) => return Err(error),
                Err(error) => {
                    set(&mut outcomes, index, Err(error.into()));
                    stored.push((number, false));
                    continue;
                }
            }
            let id = hex::encode(rand::random::<[u8; 16]>());
            store::insert(
                db,
                &mut tx,
                &NewNotice {
                    id: &id,
                    content: &p.content,
                    code_hash: &content::code_hash(&number, &p.code),
                    application: &p.application,
                    procedure_name: &p.procedure_name,
                    template_id: &p.template.id,
                    level: signing.level.code(),
                    signer: &signing.signer_name,
                    pdf: &pdf,
                    issued_at: &issued_at,
                    issued_by: actor_name,
                    replaces: None,
                    archive_due_at,
                },
            )
            .await?;
            crate::issue::record_issued(
                db,
                &mut tx,
                &crate::issue::Issued {
                    application: &p.application,
                    content: &p.content,
                    template: &p.template,
                    level: signing.level.code(),
                    replaces: None,
                    issued_at: &issued_at,
                    actor_name,
                },
            )
            .await?;
            set(&mut outcomes, index, Ok(number.clone()));
            stored.push((number, true));
        }
        tx.commit().await?;
        metrics::counter!("notices_issued_total")
            .increment(stored.iter().filter(|(_, done)| *done).count() as u64);
        for (number, done) in &stored {
            if !*done {
                crate::issue::void_number(db, number, actor_name, "not issued in a bulk group")
                    .await;
            }
        }
        Ok(outcomes
            .into_iter()
            .map(|o| o.unwrap_or_else(|| Err(IssueError::Internal(anyhow::anyhow!("not reached")))))
            .collect())
    }
}
