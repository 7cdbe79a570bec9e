//! Layouts registered in the back office and the files made from them
//! (docs/layouts.md): a mapping per procedure and business system, kept
//! with its schedule; each file written under the data directory's
//! `layouts/` folder, sealed like attachments, and listed with who made it,
//! the period, the record count, size and SHA-256.

use std::path::{Path, PathBuf};

use anyhow::Context;
use kernel::Db;
use layouts::Layout;
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::Date;

/// Most applications one layout file holds.
pub const MAX_RECORDS: usize = 100_000;

/// A registered layout.
#[derive(Debug, Clone)]
pub struct Registered {
    pub id: String,
    pub procedure_id: String,
    pub target: String,
    pub name: String,
    pub mapping: String,
    /// Run daily at this hour (Japan time) for the day before.
    pub daily_hour: Option<i64>,
    pub last_run_for: Option<String>,
    pub updated_by: String,
    pub updated_at: String,
}

impl Registered {
    pub fn layout(&self) -> anyhow::Result<Layout> {
        Layout::parse(&self.mapping)
            .map_err(|e| anyhow::anyhow!("the stored layout {} no longer parses: {e}", self.id))
    }
}

const LAYOUT_COLUMNS: &str = "id, procedure_id, target, name, mapping, \
    CAST(daily_hour AS BIGINT) AS daily_hour, last_run_for, updated_by, updated_at";

fn registered(row: &AnyRow) -> anyhow::Result<Registered> {
    Ok(Registered {
        id: row.try_get("id")?,
        procedure_id: row.try_get("procedure_id")?,
        target: row.try_get("target")?,
        name: row.try_get("name")?,
        mapping: row.try_get("mapping")?,
        daily_hour: row.try_get("daily_hour")?,
        last_run_for: row.try_get("last_run_for")?,
        updated_by: row.try_get("updated_by")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Registers `layout` (its text `mapping`), replacing the one of the same
/// procedure, target system and direction (export or results); its id.
pub async fn register(
    db: &Db,
    layout: &Layout,
    mapping: &str,
    actor: &str,
) -> anyhow::Result<String> {
    let now = kernel::clock::now_text();
    // A system's export mapping and its results mapping are kept apart: one
    // does not replace the other.
    let direction = if layout.import().is_some() {
        "results"
    } else {
        "export"
    };
    let existing: Option<String> = sqlx::query(
        "SELECT id FROM layouts WHERE procedure_id = $1 AND target = $2 AND direction = $3",
    )
    .bind(layout.procedure())
    .bind(layout.target())
    .bind(direction)
    .fetch_optional(db.pool())
    .await?
    .map(|row| row.try_get("id"))
    .transpose()?;
    if let Some(id) = existing {
        sqlx::query(
            "UPDATE layouts SET name = $1, mapping = $2, updated_by = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(layout.name())
        .bind(mapping)
        .bind(actor)
        .bind(&now)
        .bind(&id)
        .execute(db.pool())
        .await?;
        return Ok(id);
    }
    let id = hex::encode(rand::random::<[u8; 12]>());
    sqlx::query(
        "INSERT INTO layouts (id, procedure_id, target, direction, name, mapping, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(layout.procedure())
    .bind(layout.target())
    .bind(direction)
    .bind(layout.name())
    .bind(mapping)
    .bind(actor)
    .bind(&now)
    .execute(db.pool())
    .await?;
    Ok(id)
}

pub async fn all(db: &Db) -> anyhow::Result<Vec<Registered>> {
    let sql = format!("SELECT {LAYOUT_COLUMNS} FROM layouts ORDER BY procedure_id, target");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(registered)
        .collect()
}

pub async fn by_id(db: &Db, id: &str) -> anyhow::Result<Option<Registered>> {
    let sql = format!("SELECT {LAYOUT_COLUMNS} FROM layouts WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(registered)
        .transpose()
}

/// Sets (or, with `None`, clears) the hour the layout runs every day.
pub async fn set_schedule(db: &Db, id: &str, hour: Option<i64>) -> anyhow::Result<()> {
    sqlx::query("UPDATE layouts SET daily_hour = $1 WHERE id = $2")
        .bind(hour)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A file made from a layout.
#[derive(Debug, Clone)]
pub struct Produced {
    pub id: String,
    pub layout_id: String,
    pub procedure_id: String,
    pub section_id: Option<String>,
    pub file_name: String,
    pub period_from: String,
    pub period_to: String,
    pub records: i64,
    pub size: i64,
    pub sha256: String,
    pub created_by: String,
    pub created_at: String,
}

impl Produced {
    /// The name it is downloaded under.
    pub fn download_name(&self, layout: Option<&Registered>) -> String {
        let target = layout.map(|l| l.target.as_str()).unwrap_or("layout");
        let extension = self.file_name.rsplit('.').next().unwrap_or("dat");
        crate::entry_names::segment(
            &format!(
                "{}-{target}-{}-{}.{extension}",
                self.procedure_id, self.period_from, self.period_to
            ),
            "layout.dat",
        )
    }
}

const FILE_COLUMNS: &str = "id, layout_id, procedure_id, section_id, file_name, period_from, \
    period_to, CAST(records AS BIGINT) AS records, CAST(size AS BIGINT) AS size, sha256, \
    created_by, created_at";

fn produced(row: &AnyRow) -> anyhow::Result<Produced> {
    Ok(Produced {
        id: row.try_get("id")?,
        layout_id: row.try_get("layout_id")?,
        procedure_id: row.try_get("procedure_id")?,
        section_id: row.try_get("section_id")?,
        file_name: row.try_get("file_name")?,
        period_from: row.try_get("period_from")?,
        period_to: row.try_get("period_to")?,
        records: row.try_get("records")?,
        size: row.try_get("size")?,
        sha256: row.try_get("sha256")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
    })
}

/// The files made, newest first: all of them, or a section's.
pub async fn files(db: &Db, section_id: Option<&str>, limit: i64) -> anyhow::Result<Vec<Produced>> {
    let sql = format!(
        "SELECT {FILE_COLUMNS} FROM layout_files WHERE ($1 = '' OR section_id = $1) \
         ORDER BY created_at DESC, id DESC LIMIT $2"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(section_id.unwrap_or_default())
        .bind(limit)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(produced)
        .collect()
}

pub async fn file(db: &Db, id: &str) -> anyhow::Result<Option<Produced>> {
    let sql = format!("SELECT {FILE_COLUMNS} FROM layout_files WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .as_ref()
        .map(produced)
        .transpose()
}

fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("layouts")
}

fn seal_context(file_id: &str) -> String {
    format!("layout_files/{file_id}")
}

/// The bytes of a produced file, opened.
pub fn read(db: &Db, data_dir: &Path, file: &Produced) -> anyhow::Result<Vec<u8>> {
    let name = crate::entry_names::segment(&file.file_name, "missing");
    let path = folder(data_dir).join(name);
    let sealed = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(db
        .vault()
        .open(&seal_context(&file.id), &sealed)?
        .into_owned())
}

/// Why nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The applications could not be read as asked (no section, too many).
    Applications(String),
    /// The layout crate's report: every record and field that cannot be
    /// written (a character Shift_JIS lacks, a value too long …).
    Conversion(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Applications(message) | Refused::Conversion(message) => f.write_str(message),
        }
    }
}

/// Writes the layout's file for the applications received from `from` to
/// `to` (days in Japan, both included), all or nothing, and records it;
/// reads of the applications are recorded in the access log as `actor`'s.
pub async fn produce(
    db: &Db,
    data_dir: &Path,
    registered: &Registered,
    from: Date,
    to: Date,
    actor: &str,
    client: kernel::client::ClientAddr,
) -> anyhow::Result<Result<Produced, Refused>> {
    let layout = registered.layout()?;
    let records = match crate::layout_io::applications_of(
        db,
        layout.procedure(),
        Some(from),
        Some(to),
        MAX_RECORDS,
    )
    .await?
    {
        Ok(records) => records,
        Err(message) => return Ok(Err(Refused::Applications(message))),
    };
    kernel::access::record(
        db,
        kernel::access::Access {
            actor,
            action: "layout.exported",
            target_type: "procedure",
            target_id: layout.procedure(),
            client,
        },
    )
    .await?;
    let bytes = match layout.write(&records) {
        Ok(bytes) => bytes,
        Err(errors) => return Ok(Err(Refused::Conversion(errors.to_string()))),
    };
    let section_id = catalog::store::procedure(db, layout.procedure())
        .await?
        .and_then(|p| p.section_id);
    let id = hex::encode(rand::random::<[u8; 16]>());
    let extension = match layout.format() {
        layouts::Format::Csv => "csv",
        _ => "dat",
    };
    let file_name = format!("{id}.{extension}");
    let dir = folder(data_dir);
    kernel::files::create_private_dir(&dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    let sealed = db.vault().seal(&seal_context(&id), &bytes)?;
    let path = dir.join(&file_name);
    kernel::files::write_private(&path, &sealed)
        .with_context(|| format!("cannot write {}", path.display()))?;
    let file = Produced {
        id,
        layout_id: registered.id.clone(),
        procedure_id: layout.procedure().to_string(),
        section_id,
        file_name,
        period_from: from.to_string(),
        period_to: to.to_string(),
        records: i64::try_from(records.len()).unwrap_or(i64::MAX),
        size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        sha256: hex::encode(Sha256::digest(&bytes)),
        created_by: actor.to_string(),
        created_at: kernel::clock::now_text(),
    };
    let inserted = sqlx::query(
        "INSERT INTO layout_files (id, layout_id, procedure_id, section_id, file_name, period_from, \
         period_to, records, size, sha256, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&file.id)
    .bind(&file.layout_id)
    .bind(&file.procedure_id)
    .bind(&file.section_id)
    .bind(&file.file_name)
    .bind(&file.period_from)
    .bind(&file.period_to)
    .bind(file.records)
    .bind(file.size)
    .bind(&file.sha256)
    .bind(&file.created_by)
    .bind(&file.created_at)
    .execute(db.pool())
    .await;
    if let Err(error) = inserted {
        // No file on disk without its record.
        let _ = std::fs::remove_file(&path);
        return Err(error.into());
    }
    tracing::info!(
        layout = %registered.id,
        file = %file.id,
        records = file.records,
        actor,
        "layout file written"
    );
    Ok(Ok(file))
}
