//! Catalog storage: one repository over SQLite and PostgreSQL. Writes of
//! procedures happen in one transaction with a bump of the catalog revision,
//! so every node rebuilds its search index and no reader sees half an import.

use anyhow::Context;
use kernel::Db;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use time::Date;

use crate::model::{
    ApplyMethod, ApplyWay, Bureau, Category, Counter, Office, OfficeKind, OnlineStatus, Procedure,
    Section,
};

const PROCEDURE_COLUMNS: &str = "id, name, kana, name_en, bureau_id, section_id, category, \
    legal_kind, legal_basis, annual_count, online_status, online_fy, \
    CAST(online_fy_or_earlier AS INTEGER) AS online_fy_or_earlier, online_since, planned_fy, \
    impossible_reason, fee_yen, fee_note, documents, life_events, tags, counters, \
    CAST(guest_allowed AS INTEGER) AS guest_allowed, standard_days, retention_years, \
    apply_method, apply_url, apply_service, eligibility, deadline";

fn json_list(row: &AnyRow, column: &str) -> anyhow::Result<Vec<String>> {
    let text: String = row.try_get(column)?;
    serde_json::from_str(&text).with_context(|| format!("column {column} is not a JSON list"))
}

/// Boolean columns are read through `CAST(… AS INTEGER)` (see the migrations).
fn flag(row: &AnyRow, column: &str) -> anyhow::Result<bool> {
    let value: i64 = row.try_get(column)?;
    Ok(value != 0)
}

fn procedure_from_row(row: &AnyRow) -> anyhow::Result<Procedure> {
    let category_code: String = row.try_get("category")?;
    let category = Category::parse(&category_code)
        .with_context(|| format!("unknown category {category_code:?} in the database"))?;
    let fiscal_year = |column: &str| -> anyhow::Result<Option<i32>> {
        let value: Option<i64> = row.try_get(column)?;
        value
            .map(i32::try_from)
            .transpose()
            .context("fiscal year out of range")
    };
    let status: String = row.try_get("online_status")?;
    let online = match status.as_str() {
        "online" => {
            let since: Option<String> = row.try_get("online_since")?;
            OnlineStatus::Online {
                fiscal_year: fiscal_year("online_fy")?,
                or_earlier: flag(row, "online_fy_or_earlier")?,
                since: since
                    .map(|s| Date::parse(&s, &time::format_description::well_known::Iso8601::DATE))
                    .transpose()
                    .context("online_since is not a date")?,
            }
        }
        "planned" => OnlineStatus::Planned,
        "impossible" => OnlineStatus::Impossible {
            reason: row.try_get("impossible_reason")?,
        },
        _ => OnlineStatus::NotOnline,
    };
    Ok(Procedure {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        kana: row.try_get("kana")?,
        name_en: row.try_get("name_en")?,
        bureau_id: row.try_get("bureau_id")?,
        section_id: row.try_get("section_id")?,
        category,
        legal_kind: row.try_get("legal_kind")?,
        legal_basis: row.try_get("legal_basis")?,
        annual_count: row.try_get("annual_count")?,
        online,
        planned_fy: fiscal_year("planned_fy")?,
        fee_yen: row.try_get("fee_yen")?,
        fee_note: row.try_get("fee_note")?,
        standard_days: row.try_get("standard_days")?,
        retention_years: row.try_get("retention_years")?,
        documents: json_list(row, "documents")?,
        life_events: json_list(row, "life_events")?,
        tags: json_list(row, "tags")?,
        counters: json_list(row, "counters")?,
        guest_allowed: flag(row, "guest_allowed")?,
        apply: ApplyWay {
            method: {
                let code: String = row.try_get("apply_method")?;
                ApplyMethod::parse(&code)
                    .with_context(|| format!("unknown apply_method {code:?} in the database"))?
            },
            url: row.try_get("apply_url")?,
            service: row.try_get("apply_service")?,
        },
        eligibility: row.try_get("eligibility")?,
        deadline: row.try_get("deadline")?,
    })
}

pub async fn all_procedures(db: &Db) -> anyhow::Result<Vec<Procedure>> {
    let mut scan = db.scanning().await?;
    let mut procedures = Vec::new();
    let read = each_procedure(scan.connection(), &mut procedures, Vec::push).await;
    scan.done().await?;
    read?;
    // Rows added since the count.
    procedures.shrink_to_fit();
    Ok(procedures)
}

/// Every procedure, packed as it is read: the whole registry is never held
/// as `Procedure`s at once (at the national inventory that was 50 MB more
/// at the server's start).
pub async fn registry(db: &Db) -> anyhow::Result<crate::registry::Registry> {
    let mut scan = db.scanning().await?;
    let mut registry = crate::registry::Registry::default();
    let read = each_procedure(scan.connection(), &mut registry, |r, p| r.push(p)).await;
    scan.done().await?;
    read?;
    registry.shrink_to_fit();
    Ok(registry)
}

/// Something procedures are collected into, sized by the row count first.
trait Collect {
    fn reserve(&mut self, n: usize);
}

impl Collect for Vec<Procedure> {
    fn reserve(&mut self, n: usize) {
        Vec::reserve(self, n);
    }
}

impl Collect for crate::registry::Registry {
    fn reserve(&mut self, n: usize) {
        crate::registry::Registry::reserve(self, n);
    }
}

/// [`all_procedures`] as the caller's transaction sees them.
pub async fn all_procedures_in(tx: &mut Transaction<'_, Any>) -> anyhow::Result<Vec<Procedure>> {
    let mut procedures = Vec::new();
    each_procedure(tx, &mut procedures, Vec::push).await?;
    procedures.shrink_to_fit();
    Ok(procedures)
}

async fn each_procedure<C: Collect>(
    conn: &mut sqlx::AnyConnection,
    into: &mut C,
    mut add: impl FnMut(&mut C, Procedure),
) -> anyhow::Result<()> {
    use futures_util::TryStreamExt;
    // Sized first: grown by doubling, the list of a national registry held
    // twice its size (80 MB) at the moment it was copied over.
    let count: i64 = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM procedures")
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let sql = format!("SELECT {PROCEDURE_COLUMNS} FROM procedures ORDER BY id");
    // Row by row: a national registry's 75,000 rows held at once as
    // database values, beside the procedures made of them, doubled the
    // server's peak memory.
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut *conn);
    into.reserve(usize::try_from(count).unwrap_or(0));
    while let Some(row) = rows.try_next().await? {
        add(into, procedure_from_row(&row)?);
    }
    Ok(())
}

pub async fn procedure(db: &Db, id: &str) -> anyhow::Result<Option<Procedure>> {
    let sql = format!("SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(procedure_from_row).transpose()
}

/// Whether an online form is stored for the procedure (the applications
/// capability owns forms; the catalog only links to them).
pub async fn has_form(db: &Db, id: &str) -> anyhow::Result<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM form_definitions WHERE procedure_id = $1 LIMIT 1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?
            .is_some(),
    )
}

/// The procedures with a published form, for the search index.
pub async fn procedures_with_forms(db: &Db) -> anyhow::Result<std::collections::HashSet<String>> {
    sqlx::query("SELECT DISTINCT procedure_id FROM form_definitions")
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|row| Ok(row.try_get::<String, _>(0)?))
        .collect()
}

/// Called in the transaction that publishes a form version: the catalog
/// changes (the procedure gains a way to apply), so every node rebuilds its
/// search index.
pub async fn form_published(tx: &mut Transaction<'_, Any>) -> anyhow::Result<()> {
    bump_revision(tx).await
}

pub async fn procedure_count(db: &Db) -> anyhow::Result<i64> {
    Ok(sqlx::query("SELECT COUNT(*) FROM procedures")
        .fetch_one(db.pool())
        .await?
        .try_get(0)?)
}

pub async fn revision(db: &Db) -> anyhow::Result<i64> {
    Ok(
        sqlx::query("SELECT revision FROM catalog_revision WHERE id = 1")
            .fetch_one(db.pool())
            .await?
            .try_get(0)?,
    )
}

pub(crate) async fn bump_revision(tx: &mut Transaction<'_, Any>) -> anyhow::Result<()> {
    sqlx::query("UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn upsert_procedure(
    tx: &mut Transaction<'_, Any>,
    p: &Procedure,
    now: &str,
) -> anyhow::Result<()> {
    let planned_fy = p.planned_fy.map(i64::from);
    let (online_fy, or_earlier, since, reason) = match &p.online {
        OnlineStatus::Online {
            fiscal_year,
            or_earlier,
            since,
        } => (
            fiscal_year.map(i64::from),
            *or_earlier,
            since.map(|d| d.to_string()),
            String::new(),
        ),
        OnlineStatus::Planned | OnlineStatus::NotOnline => (None, false, None, String::new()),
        OnlineStatus::Impossible { reason } => (None, false, None, reason.clone()),
    };
    sqlx::query(
        "INSERT INTO procedures (id, name, kana, name_en, bureau_id, section_id, category, \
         legal_kind, legal_basis, annual_count, online_status, online_fy, online_fy_or_earlier, \
         online_since, planned_fy, impossible_reason, fee_yen, fee_note, documents, life_events, \
         tags, counters, guest_allowed, updated_at, standard_days, retention_years, \
         apply_method, apply_url, apply_service, eligibility, deadline) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kana = excluded.kana, \
         name_en = excluded.name_en, bureau_id = excluded.bureau_id, section_id = excluded.section_id, \
         category = excluded.category, legal_kind = excluded.legal_kind, \
         legal_basis = excluded.legal_basis, annual_count = excluded.annual_count, \
         online_status = excluded.online_status, online_fy = excluded.online_fy, \
         online_fy_or_earlier = excluded.online_fy_or_earlier, online_since = excluded.online_since, \
         planned_fy = excluded.planned_fy, impossible_reason = excluded.impossible_reason, \
         fee_yen = excluded.fee_yen, fee_note = excluded.fee_note, documents = excluded.documents, \
         life_events = excluded.life_events, tags = excluded.tags, counters = excluded.counters, \
         guest_allowed = excluded.guest_allowed, updated_at = excluded.updated_at, \
         standard_days = excluded.standard_days, retention_years = excluded.retention_years, \
         apply_method = excluded.apply_method, apply_url = excluded.apply_url, \
         apply_service = excluded.apply_service, eligibility = excluded.eligibility, \
         deadline = excluded.deadline",
    )
    .bind(&p.id)
    .bind(&p.name)
    .bind(&p.kana)
    .bind(&p.name_en)
    .bind(&p.bureau_id)
    .bind(&p.section_id)
    .bind(p.category.code())
    .bind(&p.legal_kind)
    .bind(&p.legal_basis)
    .bind(p.annual_count)
    .bind(p.online.code())
    .bind(online_fy)
    .bind(or_earlier)
    .bind(since)
    .bind(planned_fy)
    .bind(reason)
    .bind(p.fee_yen)
    .bind(&p.fee_note)
    .bind(serde_json::to_string(&p.documents)?)
    .bind(serde_json::to_string(&p.life_events)?)
    .bind(serde_json::to_string(&p.tags)?)
    .bind(serde_json::to_string(&p.counters)?)
    .bind(p.guest_allowed)
    .bind(now)
    .bind(p.standard_days)
    .bind(p.retention_years)
    .bind(p.apply.method.code())
    .bind(&p.apply.url)
    .bind(&p.apply.service)
    .bind(&p.eligibility)
    .bind(&p.deadline)
    .execute(&mut **tx)
    .await
    .with_context(|| format!("cannot store procedure {}", p.id))?;
    Ok(())
}

async fn upsert_bureau(
    tx: &mut Transaction<'_, Any>,
    b: &Bureau,
    position: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO bureaus (id, name, kana, name_en, position) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kana = excluded.kana, \
         name_en = excluded.name_en, position = excluded.position",
    )
    .bind(&b.id)
    .bind(&b.name)
    .bind(&b.kana)
    .bind(&b.name_en)
    .bind(position)
    .execute(&mut **tx)
    .await
    .with_context(|| format!("cannot store bureau {}", b.name))?;
    Ok(())
}

async fn upsert_section(tx: &mut Transaction<'_, Any>, s: &Section) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO sections (id, bureau_id, name, kana, name_en, contact_phone, contact_email) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (id) DO UPDATE SET bureau_id = excluded.bureau_id, name = excluded.name, \
         kana = excluded.kana, name_en = excluded.name_en, \
         contact_phone = excluded.contact_phone, contact_email = excluded.contact_email",
    )
    .bind(&s.id)
    .bind(&s.bureau_id)
    .bind(&s.name)
    .bind(&s.kana)
    .bind(&s.name_en)
    .bind(&s.phone)
    .bind(&s.email)
    .execute(&mut **tx)
    .await
    .with_context(|| format!("cannot store section {}", s.name))?;
    Ok(())
}

/// Inserts or updates (by id) every procedure, all in one transaction.
pub async fn save_procedures(db: &Db, procedures: &[Procedure]) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    save_procedures_in(&mut tx, procedures).await?;
    tx.commit().await?;
    Ok(())
}

/// [`save_procedures`] inside the caller's transaction, for a change that
/// writes more than the registry and must land whole.
pub async fn save_procedures_in(
    tx: &mut Transaction<'_, Any>,
    procedures: &[Procedure],
) -> anyhow::Result<()> {
    let now = kernel::clock::now_text();
    for procedure in procedures {
        upsert_procedure(tx, procedure, &now).await?;
    }
    bump_revision(tx).await
}

/// What changed between two guidances: the fields that differ, before and
/// after, as the audit log keeps them.
fn guidance_change(
    before: &crate::model::Guidance,
    after: &crate::model::Guidance,
) -> anyhow::Result<(serde_json::Value, serde_json::Value)> {
    let (serde_json::Value::Object(old), serde_json::Value::Object(new)) =
        (serde_json::to_value(before)?, serde_json::to_value(after)?)
    else {
        anyhow::bail!("a guidance is not an object");
    };
    let mut was = serde_json::Map::new();
    let mut now = serde_json::Map::new();
    for (key, value) in new {
        let previous = old.get(&key).cloned().unwrap_or(serde_json::Value::Null);
        if previous != value {
            was.insert(key.clone(), previous);
            now.insert(key, value);
        }
    }
    Ok((was.into(), now.into()))
}

/// Saves what residents read about procedure `id` (its section's edit on
/// the staff page), with an audit entry of what changed, in one
/// transaction that also bumps the catalog revision. None when there is no
/// such procedure; Some(false) when nothing changed (then nothing is written).
pub async fn save_guidance(
    db: &Db,
    id: &str,
    guidance: &crate::model::Guidance,
    actor: &str,
) -> anyhow::Result<Option<bool>> {
    let mut tx = db.begin().await?;
    // A write first, so SQLite holds the write lock from the start.
    bump_revision(&mut tx).await?;
    let sql = format!("SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE id = $1");
    let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(None);
    };
    let current = procedure_from_row(&row)?;
    let before = crate::model::Guidance::of(&current);
    if &before == guidance {
        return Ok(Some(false));
    }
    let (was, now) = guidance_change(&before, guidance)?;
    upsert_procedure(
        &mut tx,
        &guidance.applied_to(&current),
        &kernel::clock::now_text(),
    )
    .await?;
    kernel::audit::append(
        db.keys(),
        &mut tx,
        kernel::audit::Entry {
            target_type: "procedure",
            target_id: id,
            actor,
            action: "procedure.guidance_changed",
            before: Some(was),
            after: Some(now),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some(true))
}

/// Writes a checked import: new bureaus and sections, then the procedures,
/// in one transaction.
pub async fn save_import(db: &Db, import: &crate::import::ParsedImport) -> anyhow::Result<()> {
    let now = kernel::clock::now_text();
    let mut tx = db.begin().await?;
    let mut position: i64 = sqlx::query("SELECT COUNT(*) FROM bureaus")
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    for bureau in &import.new_bureaus {
        position += 1;
        upsert_bureau(&mut tx, bureau, position).await?;
    }
    for section in &import.new_sections {
        upsert_section(&mut tx, section).await?;
    }
    for procedure in &import.procedures {
        upsert_procedure(&mut tx, procedure, &now).await?;
    }
    bump_revision(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The whole organisation, as the pages and the import need it.
#[derive(Debug, Clone, Default)]
pub struct Organisation {
    pub bureaus: Vec<Bureau>,
    pub sections: Vec<Section>,
    pub offices: Vec<Office>,
    pub counters: Vec<Counter>,
}

impl Organisation {
    pub fn bureau(&self, id: &str) -> Option<&Bureau> {
        self.bureaus.iter().find(|b| b.id == id)
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn office(&self, id: &str) -> Option<&Office> {
        self.offices.iter().find(|o| o.id == id)
    }

    pub fn offices_of_kind(&self, kind: OfficeKind) -> impl Iterator<Item = &Office> {
        self.offices.iter().filter(move |o| o.kind == kind)
    }
}

pub async fn organisation(db: &Db) -> anyhow::Result<Organisation> {
    let bureaus = sqlx::query("SELECT id, name, kana, name_en FROM bureaus ORDER BY position, id")
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| -> anyhow::Result<Bureau> {
            Ok(Bureau {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                kana: r.try_get("kana")?,
                name_en: r.try_get("name_en")?,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let sections = sqlx::query(
        "SELECT id, bureau_id, name, kana, name_en, contact_phone, contact_email FROM sections \
         ORDER BY bureau_id, id",
    )
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| -> anyhow::Result<Section> {
        Ok(Section {
            id: r.try_get("id")?,
            bureau_id: r.try_get("bureau_id")?,
            name: r.try_get("name")?,
            kana: r.try_get("kana")?,
            name_en: r.try_get("name_en")?,
            phone: r.try_get("contact_phone")?,
            email: r.try_get("contact_email")?,
        })
    })
    .collect::<anyhow::Result<_>>()?;
    let offices = sqlx::query(
        "SELECT id, kind, name, kana, name_en, ward_id, address, opening_hours FROM offices \
         ORDER BY position, id",
    )
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| -> anyhow::Result<Office> {
        let kind: String = r.try_get("kind")?;
        Ok(Office {
            id: r.try_get("id")?,
            kind: if kind == "branch" {
                OfficeKind::Branch
            } else {
                OfficeKind::Ward
            },
            name: r.try_get("name")?,
            kana: r.try_get("kana")?,
            name_en: r.try_get("name_en")?,
            ward_id: r.try_get("ward_id")?,
            address: r.try_get("address")?,
            hours: r.try_get("opening_hours")?,
        })
    })
    .collect::<anyhow::Result<_>>()?;
    let counters =
        sqlx::query("SELECT id, office_id, section_id, name, name_en FROM counters ORDER BY id")
            .fetch_all(db.pool())
            .await?
            .iter()
            .map(|r| -> anyhow::Result<Counter> {
                Ok(Counter {
                    id: r.try_get("id")?,
                    office_id: r.try_get("office_id")?,
                    section_id: r.try_get("section_id")?,
                    name: r.try_get("name")?,
                    name_en: r.try_get("name_en")?,
                })
            })
            .collect::<anyhow::Result<_>>()?;
    Ok(Organisation {
        bureaus,
        sections,
        offices,
        counters,
    })
}

/// Inserts or updates the organisation (by id), in one transaction.
pub async fn save_organisation(db: &Db, org: &Organisation) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    save_organisation_in(&mut tx, org).await?;
    tx.commit().await?;
    Ok(())
}

/// [`save_organisation`] inside the caller's transaction.
pub async fn save_organisation_in(
    tx: &mut Transaction<'_, Any>,
    org: &Organisation,
) -> anyhow::Result<()> {
    for (position, bureau) in (0_i64..).zip(&org.bureaus) {
        upsert_bureau(tx, bureau, position).await?;
    }
    for section in &org.sections {
        upsert_section(tx, section).await?;
    }
    for (position, o) in (0_i64..).zip(&org.offices) {
        sqlx::query(
            "INSERT INTO offices (id, kind, name, kana, name_en, ward_id, address, position, opening_hours) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, \
             kana = excluded.kana, name_en = excluded.name_en, ward_id = excluded.ward_id, \
             address = excluded.address, position = excluded.position, \
             opening_hours = excluded.opening_hours",
        )
        .bind(&o.id)
        .bind(o.kind.code())
        .bind(&o.name)
        .bind(&o.kana)
        .bind(&o.name_en)
        .bind(&o.ward_id)
        .bind(&o.address)
        .bind(position)
        .bind(&o.hours)
        .execute(&mut **tx)
        .await
        .with_context(|| format!("cannot store office {}", o.name))?;
    }
    for c in &org.counters {
        sqlx::query(
            "INSERT INTO counters (id, office_id, section_id, name, name_en) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO UPDATE SET office_id = excluded.office_id, \
             section_id = excluded.section_id, name = excluded.name, name_en = excluded.name_en",
        )
        .bind(&c.id)
        .bind(&c.office_id)
        .bind(&c.section_id)
        .bind(&c.name)
        .bind(&c.name_en)
        .execute(&mut **tx)
        .await
        .with_context(|| format!("cannot store counter {}", c.name))?;
    }
    bump_revision(tx).await
}

pub use kernel::documents::Version as WordsVersion;

/// Where the search words are kept.
pub const SEARCH_WORDS: kernel::documents::Kind = kernel::documents::Kind {
    table: "search_words",
    target_type: "search_words",
    action: "search_words.saved",
    default: crate::words::DEFAULT_WORDS,
};

/// The search words' source in force: the newest saved, else the
/// platform's own.
pub async fn search_words_source(db: &Db) -> anyhow::Result<(Option<i64>, String)> {
    kernel::documents::current_source(db, &SEARCH_WORDS).await
}

/// The search words in force.
pub async fn search_words(db: &Db) -> anyhow::Result<crate::words::Words> {
    kernel::documents::current(db, &SEARCH_WORDS, crate::words::Words::parse).await
}

pub async fn search_words_versions(db: &Db) -> anyhow::Result<Vec<WordsVersion>> {
    kernel::documents::versions(db, &SEARCH_WORDS).await
}

/// Saves checked search words as the next version, with an audit entry and
/// a bump of the catalog revision (every node rebuilds its index); the
/// problems when they do not check.
pub async fn save_search_words(
    db: &Db,
    source: &str,
    actor: &str,
) -> anyhow::Result<Result<i64, Vec<crate::words::Problem>>> {
    if let Err(problems) = crate::words::Words::parse(source) {
        return Ok(Err(problems));
    }
    let mut tx = db.begin().await?;
    let saved = kernel::documents::save_in(db, &mut tx, &SEARCH_WORDS, source, actor).await?;
    if saved.is_ok() {
        bump_revision(&mut tx).await?;
        tx.commit().await?;
    }
    Ok(saved)
}
