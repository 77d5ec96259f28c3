//! The proof-of-consent log in SQLite or PostgreSQL, through one code path.
//!
//! sqlx's `Any` driver picks the database from the URL, so every query here is plain SQL that both databases accept
//! (`$1` placeholders, `ON CONFLICT … DO NOTHING`, `TEXT`/`BIGINT`/`BOOLEAN` columns) and the integration tests run the
//! same suite against both.

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::{AnyPool, ConnectOptions, Executor};

use crate::row::StoredRow;

/// The schema, embedded at compile time from `crates/consent-server/migrations/`.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Pragmas applied to every SQLite connection. WAL lets readers work while a record is written; `synchronous=FULL`
/// makes a committed insert survive a power cut, which is what a `201 Created` promises; the busy timeout makes
/// concurrent writers wait for each other instead of failing.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";

/// Why the log could not be opened, migrated, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("'{url}' is not a database URL this endpoint understands (use sqlite://FILE or postgres://…): {source}")]
    BadUrl { url: String, source: sqlx::Error },
    #[error("could not connect to the consent database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not bring the consent database schema up to date: {0}")]
    Migrate(#[from] MigrateError),
    #[error("a query on the consent log failed: {0}")]
    Query(#[from] sqlx::Error),
    #[error("consent {0} was reported as already stored but could not be read back")]
    VanishedDuplicate(String),
}

/// What [`Store::insert`] did with a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    /// The row is committed; a crash from here on does not lose it.
    Stored,
    /// A row with this consent id was already in the log and was left untouched; this is when it was received.
    Duplicate { received_at_ms: i64 },
}

/// A handle on the consent log. Cloning it is cheap and shares the connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
}

impl Store {
    /// Opens the log at `database_url` and brings its schema up to date.
    ///
    /// `sqlite://path/file.db` creates the file if it does not exist yet (but not its directory); `postgres://…`
    /// expects the database to exist. Running it again on an up-to-date database changes nothing.
    pub async fn connect(database_url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let url = with_sqlite_create_mode(database_url);
        let options = AnyConnectOptions::from_str(&url)
            .map_err(|source| StoreError::BadUrl { url: redact_password(database_url), source })?
            .disable_statement_logging();
        let pool = AnyPoolOptions::new()
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
        Ok(Store { pool })
    }

    /// Writes `row` unless a row with the same consent id exists, in which case nothing is written.
    ///
    /// Returns only once the database has committed the insert, so a caller may acknowledge the record to the client.
    pub async fn insert(&self, row: &StoredRow) -> Result<Inserted, StoreError> {
        let result = sqlx::query(
            "INSERT INTO consent_records (consent_id, previous_id, site, action, decisions, config_revision, locale, \
             ui_layer, page_url, gpc, decided_at_ms, expires_at_ms, banner_version, received_at_ms, ip_truncated, \
             browser_family) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
             ON CONFLICT (consent_id) DO NOTHING",
        )
        .bind(&row.consent_id)
        .bind(&row.previous_id)
        .bind(&row.site)
        .bind(&row.action)
        .bind(&row.decisions)
        .bind(row.config_revision)
        .bind(&row.locale)
        .bind(&row.ui_layer)
        .bind(&row.page_url)
        .bind(i64::from(row.gpc))
        .bind(row.decided_at_ms)
        .bind(row.expires_at_ms)
        .bind(&row.banner_version)
        .bind(row.received_at_ms)
        .bind(&row.ip_truncated)
        .bind(&row.browser_family)
        .execute(&self.pool)
        .await?;
        if result.rows_affected() == 1 {
            return Ok(Inserted::Stored);
        }
        match self.get(&row.consent_id).await? {
            Some(original) => Ok(Inserted::Duplicate { received_at_ms: original.received_at_ms }),
            None => Err(StoreError::VanishedDuplicate(row.consent_id.clone())),
        }
    }

    /// The row stored under `consent_id`, if any.
    pub async fn get(&self, consent_id: &str) -> Result<Option<StoredRow>, StoreError> {
        let row = sqlx::query_as::<_, StoredRow>(
            "SELECT consent_id, previous_id, site, action, decisions, config_revision, locale, ui_layer, page_url, \
             gpc, decided_at_ms, expires_at_ms, banner_version, received_at_ms, ip_truncated, browser_family \
             FROM consent_records WHERE consent_id = $1",
        )
        .bind(consent_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row)
    }

    /// How many records the log holds, across all sites.
    pub async fn count(&self) -> Result<i64, StoreError> {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM consent_records").fetch_one(&self.pool).await?;
        Ok(count)
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
fn redact_password(url: &str) -> String {
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

    #[test]
    fn passwords_never_reach_error_messages() {
        assert_eq!(redact_password("postgres://app:s3cret@db:5432/consent"), "postgres://app:***@db:5432/consent");
        assert_eq!(redact_password("postgres://postgres@127.0.0.1/x"), "postgres://postgres@127.0.0.1/x");
    }
}
