//! The proof-of-consent log in SQLite or PostgreSQL, through one code path.
//!
//! sqlx's `Any` driver picks the database from the URL, so every query here is plain SQL that both databases accept
//! (`$1` placeholders, `ON CONFLICT … DO NOTHING`, `TEXT`/`BIGINT` columns) and the integration tests run the same
//! suite against both. Where the two must differ (how a writer takes the chain lock) [`Backend`] says which is which.
//!
//! Writes go through one writer task per [`Store`] that commits them in groups (see [`writer`]); reads use the pool.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::{AnyPool, ConnectOptions, Executor};

use crate::row::{LoggedRow, StoredRow, ALL_COLUMNS};

pub mod admin_sessions;
mod append;
pub mod checkpoint;
pub mod dashboard;
mod durable;
pub mod found_trackers;
mod heads;
pub mod pages;
pub mod purge;
pub mod site_history;
pub mod sites;
pub(crate) mod tree;
mod wal;
pub mod writer;

pub use writer::{CommitOptions, WriterStats};

/// The schema, embedded at compile time from `crates/consent-server/migrations/`.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Pragmas applied to every SQLite connection. WAL lets readers work while a record is written; `synchronous=FULL`
/// makes a committed insert survive a power cut, which is what a `201 Created` promises; the busy timeout makes
/// concurrent writers (another process, a purge) wait for each other instead of failing. Checkpoints are run in the
/// background (see [`wal`]); the automatic one, inside a commit, only past 10,000 pages (40 MB of log) as a safety net.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; \
     PRAGMA wal_autocheckpoint = 10000;";

/// Why the log could not be opened, migrated, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is neither `sqlite://…` nor `postgres://…`, or cannot be parsed.
    #[error("'{url}' is not a database URL this endpoint understands (use sqlite://FILE or postgres://…): {source}")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// sqlx's reason.
        source: sqlx::Error,
    },
    /// The database did not accept a connection: down, unreachable, wrong credentials, or an SQLite file that cannot be
    /// created.
    #[error("could not connect to the consent database: {0}")]
    Connect(#[source] sqlx::Error),
    /// A migration failed, or the database holds a newer schema than this endpoint knows.
    #[error("could not bring the consent database schema up to date: {0}")]
    Migrate(#[from] MigrateError),
    /// A statement failed (the database went away, a constraint broke); the consent was not stored.
    #[error("a query on the consent log failed: {0}")]
    Query(#[from] sqlx::Error),
    /// An insert found the consent id already stored, but the stored record was gone when read back (purged in
    /// between).
    #[error("consent {0} was reported as already stored but could not be read back")]
    VanishedDuplicate(String),
    /// The task that commits records in groups has stopped, so nothing more can be stored until restart.
    #[error("the consent log's writer has stopped")]
    WriterGone,
    /// A stored value does not read back (a config that no longer parses, a malformed origin list).
    #[error("the stored data of site '{site}' is unusable: {reason}")]
    Corrupt {
        /// The site whose data is unusable.
        site: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A site's Merkle tree needs a record that is no longer there, so no receipt of the site can be proven.
    #[error(
        "site '{site}' has no record {seq} (deleted, or purged before this endpoint kept Merkle trees), so its Merkle \
         tree cannot be grown past it and no receipt of this site can be proven"
    )]
    TreeGap {
        /// The site whose tree cannot grow.
        site: String,
        /// The missing record's place in the chain.
        seq: i64,
    },
}

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file on this machine.
    Sqlite,
    /// A PostgreSQL server, which several endpoint processes behind a load balancer can share.
    Postgres,
}

/// What [`Store::insert`] did with a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    /// The row is committed at this place in its site's chain; a crash from here on does not lose it.
    Stored(LoggedRow),
    /// A row with this consent id was already in the log and was left untouched; this is the original.
    Duplicate(LoggedRow),
}

/// A handle on the consent log. Cloning it is cheap and shares the connection pool and the writer.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    writer: writer::Handle,
}

impl Store {
    /// Opens the log at `database_url` and brings its schema up to date, committing writes in groups with the default
    /// [`CommitOptions`].
    ///
    /// `sqlite://path/file.db` creates the file if it does not exist yet (but not its directory); `postgres://…`
    /// expects the database to exist. Running it again on an up-to-date database changes nothing.
    pub async fn connect(database_url: &str) -> Result<Store, StoreError> {
        Self::connect_with(database_url, CommitOptions::default()).await
    }

    /// [`Store::connect`] with the group commit tuned by `commit`.
    pub async fn connect_with(database_url: &str, commit: CommitOptions) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let url = with_sqlite_create_mode(database_url);
        let options = AnyConnectOptions::from_str(&url)
            .map_err(|source| StoreError::BadUrl { url: redact_password(database_url), source })?
            .disable_statement_logging();
        let backend = if url.starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres };
        let pool = AnyPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    if conn.backend_name().eq_ignore_ascii_case("sqlite") {
                        conn.execute(sqlx::raw_sql(SQLITE_PRAGMAS)).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(StoreError::Connect)?;
        MIGRATOR.run(&pool).await?;
        let writer = writer::spawn(pool.clone(), backend, commit);
        let store = Store { pool, backend, writer };
        store.rebuild_marked_dashboards().await?;
        Ok(store)
    }

    /// Appends `row` to its site's chain unless a row with the same consent id exists, in which case nothing is
    /// written and the original is returned.
    ///
    /// Returns only once the database has committed the row: the caller may acknowledge it to the client. Rows from
    /// concurrent callers are committed together in one transaction (group commit).
    pub async fn insert(&self, row: StoredRow) -> Result<Inserted, StoreError> {
        self.writer.submit(row).await
    }

    /// The row stored under `consent_id`, if any.
    pub async fn get(&self, consent_id: &str) -> Result<Option<StoredRow>, StoreError> {
        Ok(self.get_logged(consent_id).await?.map(|logged| logged.row))
    }

    /// The row stored under `consent_id` with its chain link, if any.
    pub async fn get_logged(&self, consent_id: &str) -> Result<Option<LoggedRow>, StoreError> {
        let sql = format!("SELECT {ALL_COLUMNS} FROM consent_records WHERE consent_id = $1");
        Ok(sqlx::query_as::<_, LoggedRow>(&sql).bind(consent_id).fetch_optional(&self.pool).await?)
    }

    /// The newest record of `site` that names `consent_id` as the one it replaces, if any.
    pub async fn replacement_of(&self, site: &str, consent_id: &str) -> Result<Option<LoggedRow>, StoreError> {
        let sql = format!(
            "SELECT {ALL_COLUMNS} FROM consent_records WHERE site = $1 AND previous_id = $2 ORDER BY seq DESC LIMIT 1"
        );
        Ok(sqlx::query_as::<_, LoggedRow>(&sql).bind(site).bind(consent_id).fetch_optional(&self.pool).await?)
    }

    /// How many records the log holds, across all sites.
    pub async fn count(&self) -> Result<i64, StoreError> {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM consent_records").fetch_one(&self.pool).await?;
        Ok(count)
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// How many rows are waiting for the writer (the group commit's queue depth).
    pub fn queue_depth(&self) -> usize {
        self.writer.queue_depth()
    }

    /// What the writer has done so far.
    pub fn writer_stats(&self) -> &WriterStats {
        self.writer.stats()
    }

    /// The connection pool, for the modules that read the log.
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Begins a read-only transaction that sees the log as it was at its first read, however much is appended while
    /// it lasts: a reader that needs the head and the records to agree (verification) reads them all in one.
    /// SQLite's WAL gives every read transaction such a snapshot; PostgreSQL gives it at `REPEATABLE READ`.
    pub(crate) async fn begin_snapshot(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin().await,
            Backend::Postgres => self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await,
        }
    }

    /// Begins a transaction that holds the database's write lock on SQLite (`BEGIN IMMEDIATE`, so that a transaction
    /// that reads before it writes cannot be refused half-way by another writer); on PostgreSQL a plain transaction,
    /// whose writers lock the rows they need (`SELECT … FOR UPDATE`).
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        begin_write(&self.pool, self.backend).await
    }
}

pub(crate) async fn begin_write(
    pool: &AnyPool,
    backend: Backend,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => pool.begin().await,
    }
}

/// `FOR UPDATE` where the database has it: SQLite has no row locks, and needs none under `BEGIN IMMEDIATE`.
pub(crate) fn for_update(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE",
    }
}

/// SQLite only creates a missing database file when asked (`mode=rwc`); a consent log should just start.
fn with_sqlite_create_mode(url: &str) -> String {
    if !url.starts_with("sqlite:") || url.contains("mode=") || url.contains(":memory:") {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}mode=rwc")
}

/// The URL with any password replaced, for error messages that end up in logs and terminals.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{path}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_create_missing_files_unless_told_otherwise() {
        assert_eq!(with_sqlite_create_mode("sqlite://consent.db"), "sqlite://consent.db?mode=rwc");
        assert_eq!(with_sqlite_create_mode("sqlite://a.db?cache=shared"), "sqlite://a.db?cache=shared&mode=rwc");
        assert_eq!(with_sqlite_create_mode("sqlite://a.db?mode=ro"), "sqlite://a.db?mode=ro");
        assert_eq!(with_sqlite_create_mode("postgres://h/db"), "postgres://h/db");
    }

    #[tokio::test]
    async fn sqlite_logs_are_durable_at_commit() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}", dir.path().join("c.db").display())).await.unwrap();
        let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode").fetch_one(store.pool()).await.unwrap();
        let (synchronous,): (i64,) = sqlx::query_as("PRAGMA synchronous").fetch_one(store.pool()).await.unwrap();
        assert_eq!((mode.as_str(), synchronous), ("wal", 2), "WAL, synchronous=FULL: a commit is fsync'd");
    }

    #[test]
    fn passwords_never_reach_error_messages() {
        assert_eq!(redact_password("postgres://app:s3cret@db:5432/consent"), "postgres://app:***@db:5432/consent");
        assert_eq!(redact_password("postgres://postgres@127.0.0.1/x"), "postgres://postgres@127.0.0.1/x");
    }
}
