//! Applications in the database.

use anyhow::Context;
use kernel::Db;
use sqlx::Row;
use sqlx::any::AnyRow;
use workflow::Status;

use crate::model::{Application, Submitter};

const COLUMNS: &str = "id, receipt_number, procedure_id, form_version, section_id, submitter_kind, submitter_id, \
    request_hash, answers, status, possible_duplicate_of, fiscal_year, submitted_at, updated_at, lang, \
    completed_at, disposed_at, channel";

/// Where an application's sealed answers belong: a sealed value copied to
/// another application does not open there.
pub fn answers_context(application_id: &str) -> String {
    format!("applications.answers/{application_id}")
}

/// Seals an application's answers for storage.
pub fn seal_answers(
    db: &Db,
    application_id: &str,
    answers: &serde_json::Value,
) -> anyhow::Result<String> {
    db.vault()
        .seal_text(&answers_context(application_id), &answers.to_string())
}

/// Records that applications name attachments (kept while any does).
pub async fn name_files(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    files: &[(&str, &str)],
) -> anyhow::Result<()> {
    for chunk in files.chunks(500) {
        let sql = format!(
            "INSERT INTO application_files (application_id, attachment_id) VALUES {} \
             ON CONFLICT (application_id, attachment_id) DO NOTHING",
            kernel::db::value_rows(chunk.len(), 2)
        );
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (application, attachment) in chunk {
            insert = insert
                .bind(application.to_string())
                .bind(attachment.to_string());
        }
        insert.execute(&mut **tx).await?;
    }
    Ok(())
}

fn from_row(db: &Db, row: &AnyRow) -> anyhow::Result<Application> {
    let status: String = row.try_get("status")?;
    let id: String = row.try_get("id")?;
    let stored: String = row.try_get("answers")?;
    let answers = db
        .vault()
        .open_text(&answers_context(&id), &stored)
        .context("stored answers do not open")?;
    Ok(Application {
        id,
        receipt_number: row.try_get("receipt_number")?,
        procedure_id: row.try_get("procedure_id")?,
        form_version: row.try_get("form_version")?,
        section_id: row.try_get("section_id")?,
        submitter_kind: row.try_get("submitter_kind")?,
        submitter_id: row.try_get("submitter_id")?,
        request_hash: row.try_get("request_hash")?,
        answers: serde_json::from_str(&answers).context("stored answers are not JSON")?,
        status: Status::parse(&status).with_context(|| format!("unknown status {status:?}"))?,
        possible_duplicate_of: row.try_get("possible_duplicate_of")?,
        fiscal_year: row.try_get("fiscal_year")?,
        submitted_at: row.try_get("submitted_at")?,
        updated_at: row.try_get("updated_at")?,
        completed_at: row.try_get("completed_at")?,
        disposed_at: row.try_get("disposed_at")?,
        lang: kernel::i18n::Lang::from_code(&row.try_get::<String, _>("lang")?)
            .unwrap_or(kernel::i18n::Lang::Ja),
        channel: crate::model::Channel::from_code(&row.try_get::<String, _>("channel")?),
    })
}

pub async fn by_idempotency_key(
    db: &Db,
    submitter: &Submitter,
    key: &str,
) -> anyhow::Result<Option<Application>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM applications WHERE submitter_kind = $1 AND submitter_id = $2 AND idempotency_key = $3"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(submitter.kind())
        .bind(submitter.id())
        .bind(key)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(|row| from_row(db, row))
        .transpose()
}

pub async fn by_receipt(db: &Db, receipt_number: &str) -> anyhow::Result<Option<Application>> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE receipt_number = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(receipt_number)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(|row| from_row(db, row))
        .transpose()
}

/// A guest's application becomes the signed-in resident's (they proved it
/// theirs with its check code): it shows on their my page and its mail
/// goes to their account. Audited; a second call changes nothing.
pub async fn give_to_resident(
    db: &Db,
    application: &Application,
    resident_id: &str,
    actor: &str,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE applications SET submitter_kind = 'resident', submitter_id = $1, updated_at = $2 \
         WHERE id = $3 AND submitter_kind = 'guest'",
    )
    .bind(resident_id)
    .bind(kernel::clock::now_text())
    .bind(&application.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 1 {
        kernel::audit::append(
            db.keys(),
            &mut tx,
            kernel::audit::Entry {
                target_type: "application",
                target_id: &application.id,
                actor,
                action: "application.kept_by_resident",
                before: Some(serde_json::json!({ "submitter_kind": "guest" })),
                after: Some(serde_json::json!({ "submitter_kind": "resident" })),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Replaces an application's answers with an empty object, inside the
/// caller's transaction: the only place answers are erased, so that when
/// answers are stored encrypted this is the one write to change.
pub async fn erase_answers(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    application_id: &str,
) -> anyhow::Result<()> {
    // `{}` holds nothing to seal (and is left alone by the sealing of
    // older data).
    let erased = sqlx::query("UPDATE applications SET answers = '{}' WHERE id = $1")
        .bind(application_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    anyhow::ensure!(erased == 1, "no application {application_id} to erase");
    // Its notices carry the same personal data: the signed PDF and its text
    // go with the answers; the register row (number, procedure, signer,
    // dates) stays, so the verification page still knows the number.
    sqlx::query("UPDATE notices SET pdf = $1, content = '', archive_due_at = NULL WHERE application_id = $2")
        .bind(Vec::<u8>::new())
        .bind(application_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The receipt of a live application with the same duplicate key, for the
/// section (never shown to an applicant).
pub async fn receipt_with_duplicate_key(db: &Db, key: &str) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query(
        "SELECT receipt_number FROM applications WHERE duplicate_key = $1 AND status <> 'withdrawn' \
         ORDER BY submitted_at LIMIT 1",
    )
    .bind(key)
    .fetch_optional(db.pool())
    .await?
    .map(|row| row.try_get("receipt_number"))
    .transpose()?)
}

/// The receipt of a live application with the same duplicate key that the
/// resident `resident_id` made: an applicant is told only of their own, so
/// the check tells nobody whether someone else applied.
pub async fn own_receipt_with_duplicate_key(
    db: &Db,
    key: &str,
    resident_id: &str,
) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query(
        "SELECT receipt_number FROM applications WHERE duplicate_key = $1 AND status <> 'withdrawn' \
         AND submitter_kind = 'resident' AND submitter_id = $2 ORDER BY submitted_at LIMIT 1",
    )
    .bind(key)
    .bind(resident_id)
    .fetch_optional(db.pool())
    .await?
    .map(|row| row.try_get("receipt_number"))
    .transpose()?)
}

/// A line of a section's inbox.
#[derive(Debug, Clone)]
pub struct InboxLine {
    pub receipt_number: String,
    pub procedure_id: String,
    pub procedure_name: String,
    pub procedure_name_en: String,
    pub status: Status,
    pub submitted_at: String,
    pub possible_duplicate_of: Option<String>,
    pub due_on: Option<String>,
    /// When the case was disposed of after its retention period.
    pub disposed_at: Option<String>,
    /// The resident who applied, by name (empty for guests and API
    /// submissions, whose names are only in the sealed answers).
    pub applicant_name: String,
    /// The staff member handling the case, by name (empty for nobody).
    pub handler_name: String,
}

fn inbox_line(row: &AnyRow) -> anyhow::Result<InboxLine> {
    let status: String = row.try_get("status")?;
    Ok(InboxLine {
        receipt_number: row.try_get("receipt_number")?,
        procedure_id: row.try_get("procedure_id")?,
        procedure_name: row.try_get("procedure_name")?,
        procedure_name_en: row.try_get("procedure_name_en")?,
        status: Status::parse(&status).with_context(|| format!("unknown status {status:?}"))?,
        submitted_at: row.try_get("submitted_at")?,
        possible_duplicate_of: row.try_get("possible_duplicate_of")?,
        due_on: row.try_get("due_on")?,
        disposed_at: row.try_get("disposed_at")?,
        applicant_name: row
            .try_get::<Option<String>, _>("applicant_name")?
            .unwrap_or_default(),
        handler_name: row
            .try_get::<Option<String>, _>("handler_name")?
            .unwrap_or_default(),
    })
}

/// The inbox's columns a clerk can sort by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InboxSort {
    Receipt,
    Applicant,
    Procedure,
    #[default]
    Received,
    Due,
    Status,
    Handler,
}

impl InboxSort {
    pub const ALL: [InboxSort; 7] = [
        InboxSort::Receipt,
        InboxSort::Applicant,
        InboxSort::Procedure,
        InboxSort::Received,
        InboxSort::Due,
        InboxSort::Status,
        InboxSort::Handler,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InboxSort::Receipt => "receipt",
            InboxSort::Applicant => "applicant",
            InboxSort::Procedure => "procedure",
            InboxSort::Received => "received",
            InboxSort::Due => "due",
            InboxSort::Status => "status",
            InboxSort::Handler => "handler",
        }
    }

    pub fn parse(code: &str) -> Option<InboxSort> {
        InboxSort::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Which way a column sorts when first chosen: times newest first,
    /// everything else from the top of the alphabet or the workflow.
    pub fn descending_first(self) -> bool {
        self == InboxSort::Received
    }

    /// The column's ORDER BY terms, empty values last whichever the way.
    fn order_by(self, descending: bool) -> String {
        let way = if descending { "DESC" } else { "ASC" };
        let last_if_empty = |column: &str| {
            format!("CASE WHEN {column} IS NULL OR {column} = '' THEN 1 ELSE 0 END, {column} {way}")
        };
        let first = match self {
            InboxSort::Receipt => format!("a.receipt_number {way}"),
            InboxSort::Applicant => last_if_empty("r.name"),
            InboxSort::Procedure => format!("p.name {way}"),
            InboxSort::Received => format!("a.submitted_at {way}"),
            InboxSort::Due => last_if_empty("a.due_on"),
            // The workflow's order, not the codes' alphabet.
            InboxSort::Status => {
                let cases: String = Status::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!(" WHEN '{}' THEN {i}", s.code()))
                    .collect();
                format!("CASE a.status{cases} ELSE 99 END {way}")
            }
            InboxSort::Handler => last_if_empty("st.name"),
        };
        // Ties keep a stable order, so pages neither repeat nor skip lines.
        format!("{first}, a.submitted_at DESC, a.receipt_number DESC")
    }
}

/// One page of the inbox: which lines and in what order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxPaging {
    pub sort: InboxSort,
    pub descending: bool,
    pub limit: i64,
    pub offset: i64,
}

impl Default for InboxPaging {
    fn default() -> Self {
        InboxPaging {
            sort: InboxSort::Received,
            descending: true,
            limit: 200,
            offset: 0,
        }
    }
}

/// What a clerk narrows the section's inbox to. Empty fields do not narrow.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InboxFilter {
    pub status: Option<Status>,
    pub procedure_id: String,
    /// Received on or after this day (in Japan).
    pub from: Option<time::Date>,
    /// Received on or before this day (in Japan).
    pub to: Option<time::Date>,
    /// A receipt number, or words in the answers (a name, an address…).
    pub text: String,
    pub assignee: Assignee,
    pub overdue_only: bool,
    pub duplicates_only: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum Assignee {
    #[default]
    Anyone,
    Nobody,
    Staff(String),
}

/// The start of a day in Japan as stored time text (UTC).
fn start_of_day_in_japan(day: time::Date) -> String {
    kernel::clock::to_text(day.midnight().assume_offset(time::macros::offset!(+9)))
}

/// Most words of a clerk's search that count.
const MAX_SEARCH_WORDS: usize = 4;

/// The applications of a section that pass `filter`, newest first.
pub async fn inbox(
    db: &Db,
    section_id: &str,
    filter: &InboxFilter,
    limit: i64,
) -> anyhow::Result<Vec<InboxLine>> {
    let paging = InboxPaging {
        limit,
        ..InboxPaging::default()
    };
    inbox_lines(db, section_id, filter, paging).await
}

/// The WHERE clause of a section's inbox under a filter, and its values
/// in order ($1…): the lines and their count read the same.
fn inbox_where(db: &Db, section_id: &str, filter: &InboxFilter) -> (String, Vec<String>) {
    // Answers are sealed: words are looked up in their blind index, each
    // word a whole word of an answer (folded, so サカエ, さかえ and ｻｶｴ are
    // one), every word required. A receipt number matches as typed.
    let text = kernel::text::nfkc(filter.text.trim());
    let mut words: Vec<String> = kernel::text::query_terms(&text)
        .iter()
        .filter_map(|word| db.vault().term(word))
        .map(|term| format!("% {term} %"))
        .collect();
    words.truncate(MAX_SEARCH_WORDS);
    if !text.is_empty() && words.is_empty() {
        // Nothing searchable (only punctuation, say): no answer matches.
        words.push("%  %".to_string());
    }
    words.resize(MAX_SEARCH_WORDS, String::new());
    let word = |i: usize| words.get(i).cloned().unwrap_or_default();
    let open_statuses = Status::ALL
        .iter()
        .filter(|s| s.counts_toward_processing_period())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ");
    // Only the workflow's own status codes are spliced in; every value
    // from the clerk is bound.
    let sql = format!(
        "a.section_id = $1 AND ($2 = '' OR a.status = $2) AND ($3 = '' OR a.procedure_id = $3) \
         AND ($4 = '' OR a.submitted_at >= $4) AND ($5 = '' OR a.submitted_at < $5) \
         AND ($6 = '' OR a.receipt_number = $6 OR ($7 <> '' AND a.search_terms LIKE $7 \
              AND ($8 = '' OR a.search_terms LIKE $8) AND ($9 = '' OR a.search_terms LIKE $9) \
              AND ($10 = '' OR a.search_terms LIKE $10))) \
         AND ($11 = '' OR ($11 = '-' AND a.assignee_id IS NULL) OR a.assignee_id = $11) \
         AND ($12 = '' OR (a.due_on < $12 AND a.status IN ({open_statuses}))) \
         AND ($13 = '' OR a.possible_duplicate_of IS NOT NULL)"
    );
    let values = vec![
        section_id.to_string(),
        filter
            .status
            .map(Status::code)
            .unwrap_or_default()
            .to_string(),
        filter.procedure_id.clone(),
        filter.from.map(start_of_day_in_japan).unwrap_or_default(),
        filter
            .to
            .and_then(|d| d.next_day())
            .map(start_of_day_in_japan)
            .unwrap_or_default(),
        text.to_uppercase(),
        word(0),
        word(1),
        word(2),
        word(3),
        match &filter.assignee {
            Assignee::Anyone => String::new(),
            Assignee::Nobody => "-".to_string(),
            Assignee::Staff(id) => id.clone(),
        },
        if filter.overdue_only {
            kernel::clock::today_in_japan().to_string()
        } else {
            String::new()
        },
        if filter.duplicates_only {
            "1".to_string()
        } else {
            String::new()
        },
    ];
    (sql, values)
}

/// One page of a section's inbox under a filter, in the chosen order: the
/// database pages (a section may hold tens of thousands of cases).
pub async fn inbox_lines(
    db: &Db,
    section_id: &str,
    filter: &InboxFilter,
    paging: InboxPaging,
) -> anyhow::Result<Vec<InboxLine>> {
    let (condition, values) = inbox_where(db, section_id, filter);
    let n = values.len();
    let sql = format!(
        "SELECT a.receipt_number, a.procedure_id, p.name AS procedure_name, p.name_en AS procedure_name_en, a.status, a.submitted_at, a.possible_duplicate_of, a.due_on, a.disposed_at, \
         r.name AS applicant_name, st.name AS handler_name \
         FROM applications a JOIN procedures p ON p.id = a.procedure_id \
         LEFT JOIN residents r ON a.submitter_kind = 'resident' AND r.id = a.submitter_id \
         LEFT JOIN staff st ON st.id = a.assignee_id \
         WHERE {condition} ORDER BY {} LIMIT ${} OFFSET ${}",
        paging.sort.order_by(paging.descending),
        n + 1,
        n + 2
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for value in values {
        query = query.bind(value);
    }
    let rows = query
        .bind(paging.limit.max(0))
        .bind(paging.offset.max(0))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(inbox_line).collect()
}

/// How many applications of a section pass `filter`.
pub async fn inbox_count(db: &Db, section_id: &str, filter: &InboxFilter) -> anyhow::Result<i64> {
    let (condition, values) = inbox_where(db, section_id, filter);
    let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM applications a WHERE {condition}");
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for value in values {
        query = query.bind(value);
    }
    Ok(query.fetch_one(db.pool()).await?.try_get("n")?)
}

/// The procedures a section has received applications for, by name.
pub async fn inbox_procedures(db: &Db, section_id: &str) -> anyhow::Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT DISTINCT p.id, p.name FROM procedures p JOIN applications a ON a.procedure_id = p.id \
         WHERE a.section_id = $1 ORDER BY p.name",
    )
    .bind(section_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
        .collect()
}

/// A resident's own applications, newest first.
pub async fn of_submitter(
    db: &Db,
    submitter: &Submitter,
    limit: i64,
) -> anyhow::Result<Vec<InboxLine>> {
    let rows = sqlx::query(
        "SELECT a.receipt_number, a.procedure_id, p.name AS procedure_name, p.name_en AS procedure_name_en, a.status, a.submitted_at, a.possible_duplicate_of, a.due_on, a.disposed_at, \
         r.name AS applicant_name, st.name AS handler_name \
         FROM applications a JOIN procedures p ON p.id = a.procedure_id \
         LEFT JOIN residents r ON a.submitter_kind = 'resident' AND r.id = a.submitter_id \
         LEFT JOIN staff st ON st.id = a.assignee_id \
         WHERE a.submitter_kind = $1 AND a.submitter_id = $2 \
         ORDER BY a.submitted_at DESC, a.receipt_number DESC LIMIT $3",
    )
    .bind(submitter.kind())
    .bind(submitter.id())
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(inbox_line).collect()
}
