//! The database: embedded SQLite in the data directory by default, PostgreSQL
//! when a `postgres://` URL is given. Both are reached through sqlx's `Any`
//! driver so every repository writes its SQL once (with `$1` placeholders,
//! which both dialects accept); only the migrations differ per dialect.

use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// `($1, $2, $3), ($4, $5, $6), …`: the VALUES of a multi-row insert of
/// `rows` rows of `columns` columns each.
pub fn value_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let cells: Vec<String> = (1..=columns)
                .map(|column| format!("${}", row * columns + column))
                .collect();
            format!("({})", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// Keys kept outside the database (the audit chain's), given by whoever
    /// opens the platform: see [`crate::keys`].
    keys: std::sync::Arc<crate::keys::Keyring>,
    /// The data keys that seal personal data at rest, once unlocked: see
    /// [`crate::sealed`].
    vault: std::sync::Arc<crate::sealed::Vault>,
}

pub const SQLITE_FILE_NAME: &str = "madoguchi.db";

/// A connection from [`Db::scanning`]; [`Scan::done`] gives it back as it was.
pub struct Scan {
    conn: sqlx::pool::PoolConnection<sqlx::Any>,
    sqlite: bool,
}

impl Scan {
    pub fn connection(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.conn
    }

    /// Turns the memory map back on; a connection that cannot is closed
    /// rather than given back to the pool without it.
    pub async fn done(mut self) -> anyhow::Result<()> {
        if self.sqlite
            && let Err(e) = self.conn.execute(SQLITE_MMAP_SIZE).await
        {
            let _ = self.conn.close().await;
            return Err(e.into());
        }
        Ok(())
    }
}

// Every connection waits for a busy writer instead of failing, and every
// acknowledged commit is on disk (synchronous=FULL), not only in the WAL buffer.
// Pages are read through a memory map rather than a read call each. The WAL
// is checkpointed every 2,000 pages: less often than the default 1,000 costs
// fewer copies of the same page, much less often (10,000) made one commit in
// a while stall for a tenth of a second.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; \
     PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint=2000;";
/// Set on every connection after [`SQLITE_PRAGMAS`], and again after a scan
/// (see [`Db::scanning`]).
const SQLITE_MMAP_SIZE: &str = "PRAGMA mmap_size=268435456";

impl Db {
    /// Opens the configured database: `database_url` when given, otherwise
    /// SQLite in `data_dir` (created if missing).
    pub async fn open(data_dir: &Path, database_url: Option<&str>) -> anyhow::Result<Self> {
        match database_url {
            Some(url) => Self::connect(url, None).await,
            None => {
                std::fs::create_dir_all(data_dir).with_context(|| {
                    format!("cannot create the data directory {}", data_dir.display())
                })?;
                let path = data_dir.join(SQLITE_FILE_NAME);
                Self::connect(&format!("sqlite://{}?mode=rwc", path.display()), None).await
            }
        }
    }

    /// Connects to `url`. On PostgreSQL, `schema` (created if missing) becomes
    /// the search path: tests use it to get a fresh schema each.
    pub async fn connect(url: &str, schema: Option<&str>) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            anyhow::bail!(
                "DATABASE_URL must start with postgres:// (or sqlite:), not {:?}",
                redact(url)
            );
        };
        let options = AnyConnectOptions::from_str(url)
            .with_context(|| format!("invalid database URL {}", redact(url)))?;
        let schema = schema.map(str::to_owned);
        if let (Backend::Postgres, Some(schema)) = (backend, &schema) {
            anyhow::ensure!(
                schema
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "schema names are ASCII letters, digits and _"
            );
            let admin = AnyPoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
                .await
                .with_context(|| format!("cannot connect to {}", redact(url)))?;
            admin
                .execute(sqlx::AssertSqlSafe(format!(
                    "CREATE SCHEMA IF NOT EXISTS {schema}"
                )))
                .await?;
            admin.close().await;
        }
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .after_connect(move |conn, _meta| {
                let schema = schema.clone();
                Box::pin(async move {
                    match backend {
                        Backend::Sqlite => {
                            conn.execute(sqlx::raw_sql(SQLITE_PRAGMAS)).await?;
                            conn.execute(SQLITE_MMAP_SIZE).await?;
                        }
                        Backend::Postgres => {
                            if let Some(schema) = schema {
                                conn.execute(sqlx::AssertSqlSafe(format!(
                                    "SET search_path TO {schema}"
                                )))
                                .await?;
                            }
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .with_context(|| format!("cannot connect to the database {}", redact(url)))?;
        Ok(Db {
            pool,
            backend,
            keys: Default::default(),
            vault: Default::default(),
        })
    }

    /// This database with the keys that protect what it holds.
    pub fn with_keys(mut self, keys: crate::keys::Keyring) -> Self {
        self.keys = std::sync::Arc::new(keys);
        self
    }

    pub fn keys(&self) -> &crate::keys::Keyring {
        &self.keys
    }

    /// Begins a transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a transaction that reads and then writes would
    /// otherwise fail at once with "database is locked" whenever another
    /// connection wrote in between, without waiting for it (the busy timeout
    /// does not cover that case).
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// This database with its data keys unlocked.
    pub fn with_vault(mut self, vault: crate::sealed::Vault) -> Self {
        self.vault = std::sync::Arc::new(vault);
        self
    }

    /// The data keys: seal personal data before it is written, open it
    /// after it is read.
    pub fn vault(&self) -> &crate::sealed::Vault {
        &self.vault
    }

    /// Brings the schema up to date; safe to run on every start.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator
            .run(&self.pool)
            .await
            .context("database migration failed")?;
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for reading a whole large table once (the registry at
    /// start). On SQLite its memory map is off meanwhile: pages read
    /// through the map stay in the server's resident memory, and a national
    /// registry's table is some 22 MB per connection that read it; read
    /// through SQLite's own small page cache it costs nothing after.
    pub async fn scanning(&self) -> anyhow::Result<Scan> {
        let mut conn = self.pool.acquire().await?;
        let sqlite = self.backend == Backend::Sqlite;
        if sqlite {
            // Setting the size unmaps what the connection had mapped.
            conn.execute("PRAGMA mmap_size=0").await?;
        }
        Ok(Scan { conn, sqlite })
    }

    /// True when the database answers a trivial query.
    pub async fn is_healthy(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A URL with its password hidden, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((credentials, host)) = rest.rsplit_once('@') else {
        return url.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://city:s3cret@db.example:5432/madoguchi"),
            "postgres://city:***@db.example:5432/madoguchi"
        );
        assert_eq!(
            redact("postgres://127.0.0.1/test"),
            "postgres://127.0.0.1/test"
        );
    }

    async fn mmap_size(conn: &mut sqlx::AnyConnection) -> i64 {
        use sqlx::Row;
        sqlx::query("PRAGMA mmap_size")
            .fetch_one(conn)
            .await
            .and_then(|row| row.try_get::<i64, _>(0))
            .unwrap_or(-1)
    }

    #[tokio::test]
    async fn a_scan_reads_without_the_memory_map_and_gives_it_back() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let db = super::Db::open(dir.path(), None)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut scan = db.scanning().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(mmap_size(scan.connection()).await, 0);
        scan.done().await.unwrap_or_else(|e| panic!("{e}"));
        // Every connection of the pool has its map again, the scan's too.
        let mut held = Vec::new();
        for _ in 0..8 {
            let mut conn = db.pool().acquire().await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(mmap_size(&mut conn).await, 268_435_456);
            held.push(conn);
        }
    }
}
