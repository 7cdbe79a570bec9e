//! Files attached to answers: stored through `object_store` (local disk in
//! the data directory by default), their type judged from the bytes — a
//! renamed `.exe` is refused whatever its name says. A file answer carries
//! only the attachment id; its type and size are taken from what was stored,
//! never from what the client claims. Whoever may read an application may
//! read the files its answers name, and nobody else.

use kernel::i18n::Message;
use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use forms::{FieldKind, FormDefinition};
use kernel::{ApiError, Db, FieldError};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// The largest file a resident can attach: forms may set less.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// How long an upload no application names is kept (a resident may come
/// back to a half-filled form).
pub const UNUSED_KEPT_FOR: time::Duration = time::Duration::days(7);

/// The largest posted form: its files and the answers around them.
pub const MAX_POSTED_BYTES: usize = MAX_UPLOAD_BYTES + 1024 * 1024;

/// Markup a browser would take a file for HTML by, at its start.
const MARKUP: [&[u8]; 12] = [
    b"<html",
    b"<script",
    b"<!doctype",
    b"<body",
    b"<head",
    b"<iframe",
    b"<svg",
    b"<object",
    b"<embed",
    b"<meta",
    b"<title",
    b"<style",
];

/// Whether the start of `bytes` carries HTML or script: a polyglot (a PDF
/// or image header with a page behind it) that some viewer could run.
fn carries_markup(bytes: &[u8]) -> bool {
    let start = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    let lower = start.to_ascii_lowercase();
    MARKUP
        .iter()
        .any(|tag| lower.windows(tag.len()).any(|w| w == *tag))
}

/// A PDF ends with `%%EOF` (give or take trailing whitespace).
fn ends_like_pdf(bytes: &[u8]) -> bool {
    let tail = bytes
        .get(bytes.len().saturating_sub(1024)..)
        .unwrap_or_default();
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// The content type a file really has, among the kinds forms may accept.
/// A file whose start also reads as a web page is none of them.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let kind = infer::get(bytes)?;
    if carries_markup(bytes) {
        return None;
    }
    if kind.mime_type() == "application/pdf" && !ends_like_pdf(bytes) {
        return None;
    }
    match kind.mime_type() {
        "application/pdf" => Some("application/pdf"),
        "image/jpeg" => Some("image/jpeg"),
        "image/png" => Some("image/png"),
        "image/gif" => Some("image/gif"),
        "image/webp" => Some("image/webp"),
        // Phones save photos as HEIC; infer names the container HEIF.
        "image/heif" | "image/heic" => Some("image/heic"),
        _ => None,
    }
}

/// A stored attachment, as a file answer and the API describe it.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Stored {
    pub attachment_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug)]
pub enum UploadError {
    Empty,
    UnknownType,
    TooLarge,
    /// Past what one client or one applicant may store; try again later.
    Quota(std::time::Duration),
    Internal(anyhow::Error),
}

/// What one client (address) may upload: 100 MB at once, then 1 MB more
/// every 3 seconds.
pub const CLIENT_UPLOAD_MB: u32 = 100;
pub const CLIENT_UPLOAD_REFILL: std::time::Duration = std::time::Duration::from_secs(3);
/// What one applicant (a resident, an API caller) may store in a day.
pub const APPLICANT_DAILY_BYTES: i64 = 200 * 1024 * 1024;

impl UploadError {
    /// The resident-facing message for the field the file was chosen for.
    pub fn field_error(&self, path: &str) -> FieldError {
        let message = match self {
            UploadError::Empty => Message::new("upload-empty"),
            UploadError::UnknownType => Message::new("upload-unknown-type"),
            UploadError::TooLarge => {
                Message::new("upload-too-large").with("mb", MAX_UPLOAD_BYTES / 1_048_576)
            }
            UploadError::Quota(wait) => Message::new("upload-quota-reached")
                .with("minutes", wait.as_secs().div_ceil(60).max(1)),
            UploadError::Internal(_) => Message::new("upload-not-stored"),
        };
        FieldError::localized(path, message)
    }
}

impl From<UploadError> for ApiError {
    fn from(error: UploadError) -> Self {
        let status = match &error {
            UploadError::Internal(e) => return ApiError::internal(e),
            UploadError::Empty => StatusCode::BAD_REQUEST,
            UploadError::UnknownType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            UploadError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UploadError::Quota(_) => StatusCode::TOO_MANY_REQUESTS,
        };
        let field = error.field_error("file");
        ApiError {
            text: field.text.map(Box::new),
            ..ApiError::new(status, "bad_upload", field.message, field.message_en)
        }
    }
}

/// Where attachments' bytes are kept.
#[derive(Clone)]
pub struct Attachments {
    store: Arc<dyn ObjectStore>,
    /// Megabytes each client may upload (see CLIENT_UPLOAD_MB).
    per_client: Arc<kernel::client::RateLimiter>,
}

impl Attachments {
    /// Files under `dir` on local disk.
    pub fn local(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot create the attachments folder {}: {e}",
                dir.display()
            )
        })?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)?;
        Ok(Attachments {
            store: Arc::new(store),
            per_client: Arc::new(kernel::client::RateLimiter::new(
                CLIENT_UPLOAD_MB,
                CLIENT_UPLOAD_REFILL,
            )),
        })
    }

    /// Stores `bytes` for `owner`, sent by `client`, after judging their
    /// type and within the client's and the applicant's quotas.
    pub async fn put(
        &self,
        db: &Db,
        owner: &str,
        client: kernel::client::ClientAddr,
        file_name: &str,
        bytes: Bytes,
    ) -> Result<Stored, UploadError> {
        if bytes.is_empty() {
            return Err(UploadError::Empty);
        }
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(UploadError::TooLarge);
        }
        let content_type = sniff(&bytes).ok_or(UploadError::UnknownType)?;
        let megabytes = (bytes.len() as f64 / 1_048_576.0).max(0.01);
        if let Err(wait) = self.per_client.take_many(client, megabytes) {
            tracing::warn!(client = %client, "refused: the client's upload quota is used up");
            return Err(UploadError::Quota(wait));
        }
        // Guests share one owner name: for them the client's quota holds.
        if owner != "guest" {
            let since =
                kernel::clock::to_text(time::OffsetDateTime::now_utc() - time::Duration::days(1));
            let used: i64 = sqlx::query(
                "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) AS used FROM attachments \
                 WHERE owner = $1 AND created_at > $2",
            )
            .bind(owner)
            .bind(&since)
            .fetch_one(db.pool())
            .await
            .and_then(|row| row.try_get("used"))
            .map_err(|e| UploadError::Internal(e.into()))?;
            if used + bytes.len() as i64 > APPLICANT_DAILY_BYTES {
                tracing::warn!(
                    owner,
                    "refused: the applicant's daily upload quota is used up"
                );
                return Err(UploadError::Quota(std::time::Duration::from_secs(3600)));
            }
        }
        let stored = Stored {
            attachment_id: hex::encode(rand::random::<[u8; 16]>()),
            // Named by what it is: a `.html` name on a PDF becomes `.pdf`.
            file_name: download_name(file_name, content_type),
            content_type: content_type.to_string(),
            size: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(&bytes)),
        };
        // Sealed, bound to its id: the folder (or bucket) alone reveals
        // nothing, and a file swapped for another's does not open.
        let sealed = db
            .vault()
            .seal(&context(&stored.attachment_id), &bytes)
            .map_err(UploadError::Internal)?;
        // Bytes first: a row never names a file that is not there.
        self.store
            .put(
                &ObjectPath::from(stored.attachment_id.as_str()),
                Bytes::from(sealed).into(),
            )
            .await
            .map_err(|e| UploadError::Internal(e.into()))?;
        sqlx::query(
            "INSERT INTO attachments (id, owner, file_name, content_type, size, sha256, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&stored.attachment_id)
        .bind(owner)
        .bind(
            db.vault()
                .seal_text(&name_context(&stored.attachment_id), &stored.file_name)
                .map_err(UploadError::Internal)?,
        )
        .bind(&stored.content_type)
        .bind(stored.size as i64)
        .bind(&stored.sha256)
        .bind(kernel::clock::now_text())
        .execute(db.pool())
        .await
        .map_err(|e| UploadError::Internal(e.into()))?;
        Ok(stored)
    }

    /// Removes files uploaded more than `older_than` ago that no application,
    /// draft or audit entry names: uploads abandoned with their form.
    /// Returns how many were removed.
    pub async fn purge_unused(&self, db: &Db, older_than: time::Duration) -> anyhow::Result<usize> {
        let cutoff = kernel::clock::to_text(time::OffsetDateTime::now_utc() - older_than);
        let candidates: Vec<String> = sqlx::query(
            "SELECT id FROM attachments WHERE created_at < $1 ORDER BY created_at LIMIT 1000",
        )
        .bind(&cutoff)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|row| row.try_get("id"))
        .collect::<Result<_, _>>()?;
        let mut removed = 0;
        for id in candidates {
            let named = sqlx::query(
                "SELECT 1 FROM application_files WHERE attachment_id = $1 \
                 UNION ALL SELECT 1 FROM draft_files WHERE attachment_id = $1 LIMIT 1",
            )
            .bind(&id)
            .fetch_optional(db.pool())
            .await?
            .is_some();
            if named {
                continue;
            }
            match self.store.delete(&ObjectPath::from(id.as_str())).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => return Err(error.into()),
            }
            sqlx::query("DELETE FROM attachments WHERE id = $1")
                .bind(&id)
                .execute(db.pool())
                .await?;
            removed += 1;
        }
        if removed > 0 {
            tracing::info!(removed, "unused attachments removed");
        }
        Ok(removed)
    }

    /// Purges unused uploads older than a week, once an hour.
    pub fn start_purging(&self, db: Db) {
        let attachments = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(error) = attachments.purge_unused(&db, UNUSED_KEPT_FOR).await {
                    tracing::warn!(error = %format!("{error:#}"), "unused attachments could not be purged");
                }
                tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
            }
        });
    }

    /// Removes a file's bytes; a file already gone is no error.
    pub(crate) async fn remove(&self, id: &str) -> anyhow::Result<()> {
        match self.store.delete(&ObjectPath::from(id)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }

    async fn bytes(&self, db: &Db, id: &str) -> anyhow::Result<Bytes> {
        let stored = self.store.get(&ObjectPath::from(id)).await?.bytes().await?;
        Ok(Bytes::from(
            db.vault().open(&context(id), &stored)?.into_owned(),
        ))
    }

    /// Seals the files, and their names, stored before sealing; returns
    /// how many files.
    pub async fn seal_existing(&self, db: &Db) -> anyhow::Result<usize> {
        let rows = sqlx::query("SELECT id, file_name FROM attachments")
            .fetch_all(db.pool())
            .await?;
        let mut sealed = 0;
        for row in &rows {
            let id: String = row.try_get("id")?;
            let name: String = row.try_get("file_name")?;
            if !kernel::sealed::Vault::is_sealed_text(&name) {
                sqlx::query(
                    "UPDATE attachments SET file_name = $1 WHERE id = $2 AND file_name = $3",
                )
                .bind(db.vault().seal_text(&name_context(&id), &name)?)
                .bind(&id)
                .bind(&name)
                .execute(db.pool())
                .await?;
            }
            let path = ObjectPath::from(id.as_str());
            let stored = match self.store.get(&path).await {
                Ok(found) => found.bytes().await?,
                Err(object_store::Error::NotFound { .. }) => continue,
                Err(error) => return Err(error.into()),
            };
            if kernel::sealed::Vault::is_sealed(&stored) {
                continue;
            }
            let bytes = db.vault().seal(&context(&id), &stored)?;
            self.store.put(&path, Bytes::from(bytes).into()).await?;
            sealed += 1;
        }
        Ok(sealed)
    }
}

/// Where a sealed file belongs.
fn context(attachment_id: &str) -> String {
    format!("attachments/{attachment_id}")
}

/// Where a sealed file name belongs (names often carry the person's).
fn name_context(attachment_id: &str) -> String {
    format!("attachments.file_name/{attachment_id}")
}

/// The attachment ids a set of answers names (file answers are objects with
/// an `attachment_id`, at any depth of groups).
pub fn ids_in(answers: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    let mut stack = vec![answers];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(id)) = map.get("attachment_id")
                    && !ids.contains(id)
                {
                    ids.push(id.clone());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    ids
}

/// A name safe to show and to offer as a download name.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !kernel::text::is_hidden_format(*c) && *c != '"')
        .take(120)
        .collect();
    if cleaned.trim().is_empty() {
        "file".to_string()
    } else {
        cleaned
    }
}

/// The name a file is offered under: its own name, cleaned, with the
/// extension of the type judged from its bytes, so a `.html` or `.bat` name
/// never reaches the reader's disk.
pub fn download_name(stored_name: &str, content_type: &str) -> String {
    let extension = match content_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/heic" => "heic",
        _ => "bin",
    };
    let cleaned = clean_file_name(stored_name);
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => cleaned.as_str(),
    };
    let stem = stem.trim_end_matches(['.', ' ']);
    let stem = if stem.trim().is_empty() { "file" } else { stem };
    format!("{stem}.{extension}")
}

async fn stored(db: &Db, id: &str) -> anyhow::Result<Option<(String, Stored)>> {
    let row = sqlx::query(
        "SELECT id, owner, file_name, content_type, CAST(size AS BIGINT) AS size, sha256 FROM attachments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| -> anyhow::Result<(String, Stored)> {
        let id: String = row.try_get("id")?;
        let name: String = row.try_get("file_name")?;
        let file_name = db
            .vault()
            .open_text(&name_context(&id), &name)?
            .into_owned();
        Ok((
            row.try_get("owner")?,
            Stored {
                attachment_id: id,
                file_name,
                content_type: row.try_get("content_type")?,
                size: u64::try_from(row.try_get::<i64, _>("size")?).unwrap_or(0),
                sha256: row.try_get("sha256")?,
            },
        ))
    })
    .transpose()
}

/// File answers with what was really stored: type, size and name come from
/// the attachment `owner` uploaded. An id that is unknown or belongs to
/// someone else is reported by validation as a missing file.
/// A form without file fields leaves the answers as they came, uncopied.
pub async fn resolve<'a>(
    db: &Db,
    form: &FormDefinition,
    answers: Cow<'a, Value>,
    owner: &str,
) -> anyhow::Result<Cow<'a, Value>> {
    if !form.has_files() {
        return Ok(answers);
    }
    let mut answers = answers.into_owned();
    if let Some(object) = answers.as_object_mut() {
        for section in &form.sections {
            resolve_fields(db, &section.fields, object, owner).await?;
        }
    }
    Ok(Cow::Owned(answers))
}

async fn resolve_fields(
    db: &Db,
    fields: &[forms::definition::Field],
    answers: &mut Map<String, Value>,
    owner: &str,
) -> anyhow::Result<()> {
    for field in fields {
        let Some(value) = answers.get_mut(&field.id) else {
            continue;
        };
        match &field.kind {
            FieldKind::File { .. } => {
                let id = value
                    .get("attachment_id")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let Some(id) = id else { continue };
                let found = if id.len() <= 64 {
                    stored(db, &id).await?
                } else {
                    None
                };
                // An unknown id keeps only the id: validation then asks for
                // the file again, even on an optional field.
                *value = match found {
                    Some((stored_owner, file)) if stored_owner == owner => {
                        serde_json::to_value(&file)?
                    }
                    Some(_) => {
                        tracing::warn!(owner, "refused: a file answer named another's attachment");
                        serde_json::json!({ "attachment_id": id })
                    }
                    None => serde_json::json!({ "attachment_id": id }),
                };
                // The hash is for the record, not part of the answer.
                if let Some(object) = value.as_object_mut() {
                    object.remove("sha256");
                }
            }
            FieldKind::Group { fields, .. } => {
                if let Some(items) = value.as_array_mut() {
                    for item in items {
                        if let Some(item) = item.as_object_mut() {
                            Box::pin(resolve_fields(db, fields, item, owner)).await?;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A file `application`'s answers name, as a download, read against the
/// form version the application was made with. Callers have already checked
/// that the reader may see the application.
pub async fn of_application(
    apps: &crate::Applications,
    application: &crate::model::Application,
    id: &str,
) -> Result<Response, ApiError> {
    let form = crate::form_store::of_application(apps.db(), application).await?;
    download(
        apps.attachments(),
        apps.db(),
        &form,
        &application.answers,
        id,
    )
    .await
}

/// The file an application's answers name, as a download. Callers have
/// already checked that the reader may see the application.
pub async fn download(
    attachments: &Attachments,
    db: &Db,
    form: &FormDefinition,
    answers: &Value,
    id: &str,
) -> Result<Response, ApiError> {
    let missing = || {
        ApiError::localized(
            StatusCode::NOT_FOUND,
            "not_found",
            Message::new("attachments-no-such-attachment"),
        )
    };
    if !forms::display::attachment_ids(form, answers)
        .iter()
        .any(|named| named == id)
    {
        return Err(missing());
    }
    let (_, file) = stored(db, id).await?.ok_or_else(missing)?;
    let bytes = attachments
        .bytes(db, id)
        .await
        .map_err(ApiError::internal)?;
    let name = download_name(&file.file_name, &file.content_type);
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        name.replace(|c: char| !c.is_ascii_graphic(), "_"),
        kernel::web::encode(&name)
    );
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        Body::from(bytes),
    )
        .into_response())
}

/// The bytes of a file an application's answers name, opened, for exports
/// that hand whole cases over; `None` when the answers (read against
/// `form`, the version the application was made with) do not name `id` or
/// the file is gone. Callers have already checked that the reader may see
/// the application.
pub async fn bytes_of_application(
    attachments: &Attachments,
    db: &Db,
    form: &FormDefinition,
    answers: &Value,
    id: &str,
) -> anyhow::Result<Option<Bytes>> {
    if !forms::display::attachment_ids(form, answers)
        .iter()
        .any(|named| named == id)
    {
        return Ok(None);
    }
    if stored(db, id).await?.is_none() {
        return Ok(None);
    }
    Ok(Some(attachments.bytes(db, id).await?))
}

/// A file chosen in a form, not yet stored.
pub struct Upload {
    pub field: String,
    pub file_name: String,
    pub bytes: Bytes,
}

/// A posted resident form: `application/x-www-form-urlencoded`, or
/// `multipart/form-data` when it carries files. `Err` when unreadable.
pub struct Posted(pub Result<(Pairs, Vec<Upload>), PostedError>);

/// Posted field names and values, in order.
pub type Pairs = Vec<(String, String)>;

#[derive(Debug)]
pub enum PostedError {
    TooLarge,
    Unreadable,
}

impl PostedError {
    pub fn status(&self) -> StatusCode {
        match self {
            PostedError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            PostedError::Unreadable => StatusCode::BAD_REQUEST,
        }
    }

    pub fn field_error(&self) -> FieldError {
        match self {
            PostedError::TooLarge => FieldError::localized(
                "",
                Message::new("upload-request-too-large").with("mb", MAX_UPLOAD_BYTES / 1_048_576),
            ),
            PostedError::Unreadable => {
                FieldError::localized("", Message::new("attachments-form-could-not-read"))
            }
        }
    }
}

/// Most fields one posted form may carry (hidden ones included).
pub const MAX_POSTED_FIELDS: usize = 2_000;
/// Most text one posted form may carry, files aside.
pub const MAX_POSTED_TEXT_BYTES: usize = 1024 * 1024;
/// Most files one posted form may carry.
pub const MAX_POSTED_FILES: usize = 20;

impl<S: Send + Sync> FromRequest<S> for Posted {
    type Rejection = std::convert::Infallible;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Posted(read_posted(request, state).await))
    }
}

fn too_large_or_unreadable(status: StatusCode) -> PostedError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        PostedError::TooLarge
    } else {
        PostedError::Unreadable
    }
}

/// Reads a posted form within the limits above: past them it is refused
/// whole, before anything is stored.
async fn read_posted<S: Send + Sync>(
    request: Request,
    state: &S,
) -> Result<(Pairs, Vec<Upload>), PostedError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| too_large_or_unreadable(rejection.status()))?;
        if body.len() > MAX_POSTED_TEXT_BYTES {
            return Err(PostedError::TooLarge);
        }
        let mut pairs = Vec::new();
        for (name, value) in form_urlencoded::parse(&body) {
            if pairs.len() == MAX_POSTED_FIELDS {
                return Err(PostedError::TooLarge);
            }
            pairs.push((name.into_owned(), value.into_owned()));
        }
        return Ok((pairs, Vec::new()));
    }
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| PostedError::Unreadable)?;
    let mut pairs = Vec::new();
    let mut uploads = Vec::new();
    let mut text_bytes = 0;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| too_large_or_unreadable(e.status()))?
    {
        if pairs.len() + uploads.len() == MAX_POSTED_FIELDS {
            return Err(PostedError::TooLarge);
        }
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|_| PostedError::TooLarge)?;
        match file_name {
            // A file input left empty still sends an empty part.
            Some(file_name) if !(file_name.is_empty() && bytes.is_empty()) => {
                if uploads.len() == MAX_POSTED_FILES {
                    return Err(PostedError::TooLarge);
                }
                uploads.push(Upload {
                    field: name,
                    file_name,
                    bytes,
                })
            }
            Some(_) => {}
            None => {
                text_bytes += name.len() + bytes.len();
                if text_bytes > MAX_POSTED_TEXT_BYTES {
                    return Err(PostedError::TooLarge);
                }
                let text =
                    String::from_utf8(bytes.to_vec()).map_err(|_| PostedError::Unreadable)?;
                pairs.push((name, text));
            }
        }
    }
    Ok((pairs, uploads))
}

/// Stores the files of a posted form for `owner` and names them in the
/// posted pairs (`field.attachment_id`), replacing a file attached before.
/// Only a file chosen for a file field of `form` is stored, and only when
/// it is of a type and size that field accepts: anything else is dropped
/// or becomes an error on its field, and nothing of it is kept.
pub async fn absorb(
    attachments: &Attachments,
    db: &Db,
    form: &FormDefinition,
    owner: &str,
    client: kernel::client::ClientAddr,
    mut pairs: Vec<(String, String)>,
    uploads: Vec<Upload>,
) -> (Vec<(String, String)>, Vec<FieldError>) {
    let mut errors = Vec::new();
    for upload in uploads {
        let Some(field) = forms::html::file_field(&upload.field, form) else {
            tracing::warn!("refused: a file posted for no file field of the form");
            continue;
        };
        let FieldKind::File { accept, max_bytes } = &field.kind else {
            tracing::warn!("refused: a file posted for a field that takes none");
            continue;
        };
        let checked = if upload.bytes.is_empty() {
            Err(UploadError::Empty)
        } else if upload.bytes.len() as u64 > *max_bytes {
            Err(UploadError::TooLarge)
        } else if !sniff(&upload.bytes).is_some_and(|t| accept.iter().any(|a| a == t)) {
            Err(UploadError::UnknownType)
        } else {
            Ok(())
        };
        let stored = match checked {
            Ok(()) => {
                attachments
                    .put(db, owner, client, &upload.file_name, upload.bytes)
                    .await
            }
            Err(error) => Err(error),
        };
        match stored {
            Ok(stored) => {
                let key = format!("{}.attachment_id", upload.field);
                pairs.retain(|(name, _)| name != &key);
                pairs.push((key, stored.attachment_id));
            }
            Err(error) => {
                if let UploadError::Internal(e) = &error {
                    tracing::error!(error = %e, "an attachment could not be stored");
                }
                errors.push(error.field_error(&upload.field));
            }
        }
    }
    (pairs, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content() {
        assert_eq!(
            sniff(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj << >> endobj\n%%EOF\n"),
            Some("application/pdf")
        );
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Some("image/jpeg"));
        // A Windows program renamed to .pdf, and plain text.
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff"), None);
        assert_eq!(sniff("申請書です".as_bytes()), None);
    }

    #[test]
    fn a_file_that_is_also_a_web_page_is_refused() {
        let polyglot = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n";
        assert_eq!(sniff(polyglot), None);
        let png_page = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR<!DOCTYPE html><body onload=x()>";
        assert_eq!(sniff(png_page), None);
        // A PDF cut short (no %%EOF) is no PDF.
        assert_eq!(sniff(b"%PDF-1.4\n1 0 obj << >> endobj\n"), None);
    }

    #[test]
    fn downloads_are_named_by_their_real_type_without_hidden_characters() {
        assert_eq!(
            download_name("申請書.html", "application/pdf"),
            "申請書.pdf"
        );
        assert_eq!(download_name("run.bat", "image/png"), "run.png");
        // U+202E turns "gpj.exe" into what reads as "exe.jpg".
        assert_eq!(
            download_name("photo\u{202E}gpj.exe", "image/jpeg"),
            "photogpj.jpg"
        );
        assert_eq!(download_name("保険証", "image/jpeg"), "保険証.jpg");
        assert_eq!(download_name(".pdf", "application/pdf"), "file.pdf");
    }

    #[test]
    fn file_names_lose_paths_and_quotes() {
        assert_eq!(clean_file_name("C:\\Users\\a\\保険証.pdf"), "保険証.pdf");
        assert_eq!(clean_file_name("../../etc/\"x\".png"), "x.png");
        assert_eq!(clean_file_name(""), "file");
    }
}
