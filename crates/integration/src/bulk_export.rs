//! `GET /staff/exports/applications.zip`: a section archives or hands over
//! a procedure's cases of a period as one zip (docs/export.md) —
//! `applications.json` (each application with its answers and history),
//! `applications.csv` (one row each, answers in form order, UTF-8 with a BOM
//! for Excel) and every attached file under `attachments/<receipt>/`. The
//! archive is streamed as it is written, one file in memory at a time.

use std::collections::HashMap;

use applications::model::Application;
use applications::store::{self, InboxFilter};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use forms::FormDefinition;
use identity::SectionStaff;
use kernel::web::{Chrome, PageError};
use kernel::{ApiError, Db, FieldError};
use serde::Deserialize;
use serde_json::{Value, json};
use time::Date;

use crate::entry_names::{self, Folder};
use crate::zipstream::{self, Packing, ZipStream};

/// Most applications one archive holds.
pub const MAX_APPLICATIONS: usize = 10_000;

/// The UTF-8 byte order mark: Excel reads a CSV as UTF-8 only with it.
const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Deserialize, Default)]
pub struct ExportQuery {
    #[serde(default)]
    pub procedure: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// A period of days in Japan, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

fn day(field: &str, text: &str) -> Result<Date, FieldError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), format).map_err(|_| {
        FieldError::new(
            field,
            format!("日付は 2026-04-01 の形で入力してください（{text:?}）"),
            format!("a date like 2026-04-01, not {text:?}"),
        )
    })
}

impl Period {
    /// Both days as `YYYY-MM-DD`, the first not after the second, at most
    /// a year apart (2026-04-01 to 2027-03-31, a fiscal year, at most).
    pub fn parse(from: &str, to: &str) -> Result<Period, Vec<FieldError>> {
        let (from, to) = match (day("from", from), day("to", to)) {
            (Ok(from), Ok(to)) => (from, to),
            (from, to) => {
                return Err([from.err(), to.err()].into_iter().flatten().collect());
            }
        };
        if to < from {
            return Err(vec![FieldError::new(
                "to",
                "終了日が開始日より前です",
                "the end is before the start",
            )]);
        }
        let a_year_on = from
            .replace_year(from.year() + 1)
            .unwrap_or_else(|_| from.saturating_add(time::Duration::days(365)));
        if to >= a_year_on {
            return Err(vec![FieldError::new(
                "to",
                "期間は1年以内です。期間を分けて書き出してください",
                "the period is at most a year: export it in parts",
            )]);
        }
        Ok(Period { from, to })
    }
}

fn bad_request(fields: Vec<FieldError>) -> ApiError {
    let mut error = ApiError::invalid(fields);
    error.status = StatusCode::BAD_REQUEST;
    error
}

pub(crate) async fn applications_zip(
    State(hub): State<crate::Integration>,
    chrome: Chrome,
    SectionStaff {
        staff, section_id, ..
    }: SectionStaff,
    query: Result<Query<ExportQuery>, QueryRejection>,
    axum::Extension(client): axum::Extension<kernel::client::ClientAddr>,
) -> Result<Response, PageError> {
    let fail = |e: ApiError| PageError::new(&chrome, e);
    let Query(query) = query.map_err(|_| {
        fail(bad_request(vec![FieldError::new(
            "procedure",
            "手続と期間を指定してください",
            "name the procedure and the period",
        )]))
    })?;
    let db = hub.db();
    // Only the section's own procedures; any other is not there for them.
    let procedure = catalog::store::procedure(db, &query.procedure)
        .await
        .map_err(|e| fail(e.into()))?
        .filter(|p| p.section_id.as_deref() == Some(section_id.as_str()))
        .ok_or_else(|| {
            tracing::warn!(
                staff = %staff.id,
                procedure = %query.procedure,
                "refused: an export of another section's procedure"
            );
            fail(ApiError::not_found_page())
        })?;
    let period = Period::parse(&query.from, &query.to).map_err(|e| fail(bad_request(e)))?;
    let filter = InboxFilter {
        procedure_id: procedure.id.clone(),
        from: Some(period.from),
        to: Some(period.to),
        ..InboxFilter::default()
    };
    let limit = i64::try_from(MAX_APPLICATIONS + 1).unwrap_or(i64::MAX);
    let lines = store::inbox(db, &section_id, &filter, limit)
        .await
        .map_err(|e| fail(e.into()))?;
    if lines.len() > MAX_APPLICATIONS {
        return Err(fail(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many",
            format!(
                "この期間の申請は {MAX_APPLICATIONS} 件を超えます。期間を分けて書き出してください"
            ),
            format!("more than {MAX_APPLICATIONS} applications in this period: export it in parts"),
        )));
    }
    // Oldest first, as a register reads.
    let receipts: Vec<String> = lines
        .into_iter()
        .rev()
        .map(|line| line.receipt_number)
        .collect();
    record(
        db,
        &staff.actor(),
        &procedure.id,
        period,
        receipts.len(),
        client,
    )
    .await
    .map_err(|e| fail(ApiError::internal(e)))?;

    let (zip, body) = zipstream::channel();
    let attachments = hub.applications().attachments().clone();
    let db = db.clone();
    let procedure_id = procedure.id.clone();
    tokio::spawn(async move {
        if let Err(error) = write_archive(&db, &attachments, &receipts, zip).await {
            tracing::warn!(procedure = %procedure_id, error = %format!("{error:#}"), "the export archive was cut short");
        }
    });
    let name = format!(
        "applications-{}-{}-{}.zip",
        entry_names::segment(&procedure.id, "procedure"),
        period.from,
        period.to
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", name.replace('"', "")),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        body,
    )
        .into_response())
}

/// One access entry (who read the procedure's applications) and one audit
/// entry (with the period and the count) per export.
async fn record(
    db: &Db,
    actor: &str,
    procedure_id: &str,
    period: Period,
    count: usize,
    client: kernel::client::ClientAddr,
) -> anyhow::Result<()> {
    kernel::access::record(
        db,
        kernel::access::Access {
            actor,
            action: "applications.exported",
            target_type: "procedure",
            target_id: procedure_id,
            client,
        },
    )
    .await?;
    let id = hex::encode(rand::random::<[u8; 16]>());
    let mut tx = db.pool().begin().await?;
    kernel::audit::append_first(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "export",
            target_id: &id,
            actor,
            action: "applications.exported",
            before: None,
            after: Some(json!({
                "procedure_id": procedure_id,
                "from": period.from.to_string(),
                "to": period.to.to_string(),
                "count": count,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(target: "access", actor, procedure_id, count, "applications exported");
    Ok(())
}

/// Writes the archive, and breaks the body if it cannot be finished.
async fn write_archive(
    db: &Db,
    attachments: &applications::attachments::Attachments,
    receipts: &[String],
    mut zip: ZipStream,
) -> anyhow::Result<()> {
    let result = async {
        let mut forms = Forms::default();
        let plan = write_json(db, &mut forms, receipts, &mut zip).await?;
        write_csv(db, &mut forms, receipts, &plan.columns, &mut zip).await?;
        write_files(db, &mut forms, attachments, &plan.files, &mut zip).await?;
        anyhow::Ok(())
    }
    .await;
    match result {
        Ok(()) => zip.finish().await,
        Err(error) => {
            zip.fail(&error).await;
            Err(error)
        }
    }
}

/// The form versions of the procedure, read once each.
#[derive(Default)]
struct Forms(HashMap<(String, i64), Option<FormDefinition>>);

impl Forms {
    async fn of(
        &mut self,
        db: &Db,
        application: &Application,
    ) -> anyhow::Result<Option<&FormDefinition>> {
        let key = (application.procedure_id.clone(), application.form_version);
        if !self.0.contains_key(&key) {
            let form = applications::form_store::version(
                db,
                &application.procedure_id,
                application.form_version,
            )
            .await?;
            self.0.insert(key.clone(), form);
        }
        Ok(self.0.get(&key).and_then(Option::as_ref))
    }
}

/// What the first pass learns for the others: the CSV's answer columns,
/// and each file's place in the archive.
struct Plan {
    columns: Vec<String>,
    /// (receipt, attachment id, path in the archive)
    files: Vec<(String, String, String)>,
}

/// A file an application's answers name, as its answer describes it.
struct Named {
    id: String,
    file_name: String,
    content_type: String,
    size: Option<u64>,
}

fn named_files(form: &FormDefinition, answers: &Value) -> Vec<Named> {
    let ids = forms::display::attachment_ids(form, answers);
    let mut found = Vec::new();
    let mut stack = vec![answers];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(id)) = map.get("attachment_id")
                    && ids.contains(id)
                    && !found.iter().any(|n: &Named| &n.id == id)
                {
                    let text = |key: &str| {
                        map.get(key)
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string()
                    };
                    found.push(Named {
                        id: id.clone(),
                        file_name: text("file_name"),
                        content_type: text("content_type"),
                        size: map.get("size").and_then(Value::as_u64),
                    });
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    // In the order the form shows them.
    found.sort_by_key(|n| ids.iter().position(|id| id == &n.id));
    found
}

/// Adds the labels of one application's rows to the columns, each new one
/// after the label it follows in that application, so the columns keep the
/// form's order even when groups have more items in a later application.
fn merge_columns(columns: &mut Vec<String>, labels: &[String]) {
    let mut after: Option<usize> = None;
    for label in labels {
        match columns.iter().position(|c| c == label) {
            Some(at) => after = Some(at),
            None => {
                let at = after.map_or(0, |a| a + 1).min(columns.len());
                columns.insert(at, label.clone());
                after = Some(at);
            }
        }
    }
}

async fn write_json(
    db: &Db,
    forms: &mut Forms,
    receipts: &[String],
    zip: &mut ZipStream,
) -> anyhow::Result<Plan> {
    let mut plan = Plan {
        columns: Vec::new(),
        files: Vec::new(),
    };
    zip.start("applications.json", Packing::Deflated).await?;
    zip.write(b"[").await?;
    let mut first = true;
    for receipt in receipts {
        let Some(application) = store::by_receipt(db, receipt).await? else {
            continue;
        };
        let form = forms.of(db, &application).await?;
        let mut files = Vec::new();
        if let Some(form) = form {
            let labels: Vec<String> =
                forms::display::rows(form, &application.answers, kernel::i18n::Lang::Ja)
                    .into_iter()
                    .map(|row| row.label)
                    .collect();
            merge_columns(&mut plan.columns, &labels);
            let folder_name = entry_names::segment(&application.receipt_number, "application");
            let mut folder = Folder::default();
            for named in named_files(form, &application.answers) {
                let name =
                    applications::attachments::download_name(&named.file_name, &named.content_type);
                let path = format!("attachments/{folder_name}/{}", folder.name(&name));
                files.push(json!({
                    "path": path,
                    "file_name": named.file_name,
                    "content_type": named.content_type,
                    "size": named.size,
                }));
                plan.files
                    .push((application.receipt_number.clone(), named.id, path));
            }
        }
        let history: Vec<Value> = kernel::audit::entries(db, "application", &application.id)
            .await?
            .into_iter()
            .map(|entry| {
                let after = entry.after.map(|mut after| {
                    applications::transition::open_audit_answers(db, &application.id, &mut after);
                    after
                });
                json!({"at": entry.at, "actor": entry.actor, "action": entry.action, "after": after})
            })
            .collect();
        let record = json!({
            "receipt_number": application.receipt_number,
            "procedure_id": application.procedure_id,
            "form_version": application.form_version,
            "status": application.status.code(),
            "status_label": application.status.label_ja(),
            "submitted_at": application.submitted_at,
            "updated_at": application.updated_at,
            "completed_at": application.completed_at,
            "disposed_at": application.disposed_at,
            "fiscal_year": application.fiscal_year,
            "possible_duplicate_of": application.possible_duplicate_of,
            "answers": application.answers,
            "attachments": files,
            "history": history,
        });
        let mut bytes = if first {
            b"\n".to_vec()
        } else {
            b",\n".to_vec()
        };
        first = false;
        serde_json::to_writer(&mut bytes, &record)?;
        zip.write(&bytes).await?;
    }
    zip.write(b"\n]\n").await?;
    Ok(plan)
}

/// One CSV line.
fn csv_line<I, T>(fields: I) -> anyhow::Result<Vec<u8>>
where
    I: IntoIterator<Item = T>,
    T: AsRef<[u8]>,
{
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(fields)?;
    writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("csv: {}", e.error()))
}

async fn write_csv(
    db: &Db,
    forms: &mut Forms,
    receipts: &[String],
    columns: &[String],
    zip: &mut ZipStream,
) -> anyhow::Result<()> {
    zip.start("applications.csv", Packing::Deflated).await?;
    zip.write(BOM).await?;
    let fixed = [
        "受付番号",
        "手続",
        "様式版",
        "状態",
        "受付日時",
        "更新日時",
        "完了日時",
    ];
    let header: Vec<&str> = fixed
        .iter()
        .copied()
        .chain(columns.iter().map(String::as_str))
        .collect();
    zip.write(&csv_line(&header)?).await?;
    for receipt in receipts {
        let Some(application) = store::by_receipt(db, receipt).await? else {
            continue;
        };
        let mut values: HashMap<String, String> = HashMap::new();
        if let Some(form) = forms.of(db, &application).await? {
            for row in forms::display::rows(form, &application.answers, kernel::i18n::Lang::Ja) {
                values.insert(row.label, row.value);
            }
        }
        let when = |at: &str| kernel::clock::display(at, false);
        let mut line = vec![
            application.receipt_number.clone(),
            application.procedure_id.clone(),
            application.form_version.to_string(),
            application.status.label_ja().to_string(),
            when(&application.submitted_at),
            when(&application.updated_at),
            application
                .completed_at
                .as_deref()
                .map(when)
                .unwrap_or_default(),
        ];
        line.extend(columns.iter().map(|c| values.remove(c).unwrap_or_default()));
        zip.write(&csv_line(&line)?).await?;
    }
    Ok(())
}

async fn write_files(
    db: &Db,
    forms: &mut Forms,
    attachments: &applications::attachments::Attachments,
    files: &[(String, String, String)],
    zip: &mut ZipStream,
) -> anyhow::Result<()> {
    let mut current: Option<Application> = None;
    for (receipt, id, path) in files {
        if current.as_ref().map(|a| &a.receipt_number) != Some(receipt) {
            current = store::by_receipt(db, receipt).await?;
        }
        let Some(application) = &current else {
            continue;
        };
        let Some(form) = forms.of(db, application).await? else {
            continue;
        };
        // One file in memory at a time.
        let Some(bytes) = applications::attachments::bytes_of_application(
            attachments,
            db,
            form,
            &application.answers,
            id,
        )
        .await?
        else {
            tracing::warn!(receipt = %receipt, "an attachment named by the answers is missing; left out of the export");
            continue;
        };
        zip.start(path, Packing::Stored).await?;
        zip.write(&bytes).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn periods_are_bounded() {
        assert!(Period::parse("2026-04-01", "2027-03-31").is_ok());
        assert!(
            Period::parse("2024-01-01", "2024-12-31").is_ok(),
            "a leap year"
        );
        assert!(Period::parse("2026-04-01", "2027-04-01").is_err());
        assert!(Period::parse("2026-04-02", "2026-04-01").is_err());
        assert_eq!(Period::parse("2026-13-01", "x").unwrap_err().len(), 2);
        assert!(Period::parse("", "2026-04-01").is_err());
    }

    #[test]
    fn columns_keep_the_forms_order() {
        let mut columns = Vec::new();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        merge_columns(&mut columns, &s(&["氏名", "児童 1 — 氏名", "口座"]));
        merge_columns(
            &mut columns,
            &s(&["氏名", "児童 1 — 氏名", "児童 2 — 氏名", "口座", "備考"]),
        );
        merge_columns(&mut columns, &s(&["電話", "氏名"]));
        assert_eq!(
            columns,
            s(&[
                "電話",
                "氏名",
                "児童 1 — 氏名",
                "児童 2 — 氏名",
                "口座",
                "備考"
            ])
        );
    }
}
