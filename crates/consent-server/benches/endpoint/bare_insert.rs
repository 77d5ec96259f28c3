//! The ceilings: rows inserted as the server writes them (64 rows per INSERT, 256 per commit, with the store's
//! bind-parameter style), without HTTP, hashing, duplicate look-ups or chain heads: what the database allows at all.

use std::time::{Duration, Instant};

use consent_server::fixture::{consent_id, stored_row};
use consent_server::row::ALL_COLUMNS;
use consent_server::{Store, StoredRow};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Connection};

use crate::figures::{collect, Figures};
use crate::load::next_id;

/// Rows per INSERT and INSERTs per commit, as the store's group commit writes a full batch.
const ROWS_PER_INSERT: usize = 64;
const INSERTS_PER_COMMIT: usize = 4;
pub const ROWS_PER_COMMIT: usize = ROWS_PER_INSERT * INSERTS_PER_COMMIT;

/// Columns of `consent_records`.
const COLUMNS: usize = 28;

/// How bind parameters are written, as the store writes them for each database.
#[derive(Clone, Copy)]
enum Parameters {
    /// `?`, bound by position: SQLite (numbered ones are looked up by name there, which costs).
    Anonymous,
    /// `$1`, `$2` …: PostgreSQL.
    Numbered,
}

/// SQLite on one connection, with the server's pragmas.
pub async fn sqlite(url: &str, duration: Duration) -> Figures {
    drop(Store::connect(url).await.expect("creating the schema"));
    let mut connection = AnyConnection::connect(&format!("{url}?mode=rwc")).await.expect("opening SQLite");
    sqlx::raw_sql("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 10000;")
        .execute(&mut connection)
        .await
        .expect("setting the server's pragmas");
    let start = Instant::now();
    let mut commits = commit_loop(&mut connection, "bare", Parameters::Anonymous, start, duration).await;
    commits.sort_unstable();
    figures(format!("SQLite: bare INSERT loop, {ROWS_PER_COMMIT}/commit"), commits, start)
}

/// PostgreSQL over `connections` connections, each committing on its own (and writing its own site).
pub async fn postgres(url: &str, connections: usize, duration: Duration) -> Figures {
    drop(Store::connect(url).await.expect("creating the schema"));
    let start = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|lane| {
            let url = url.to_owned();
            tokio::spawn(async move {
                let mut connection = AnyConnection::connect(&url).await.expect("opening PostgreSQL");
                let site = format!("bare-{connections}-{lane}");
                (commit_loop(&mut connection, &site, Parameters::Numbered, start, duration).await, 0)
            })
        })
        .collect();
    let (_, commits, _) = collect(tasks, start).await;
    figures(format!("PostgreSQL: bare INSERT loop, {ROWS_PER_COMMIT}/commit, {connections} conn"), commits, start)
}

fn figures(what: String, commits: Vec<u64>, start: Instant) -> Figures {
    let rows = commits.len() as f64 * ROWS_PER_COMMIT as f64;
    Figures {
        what,
        target: None,
        writes_per_sec: rows / start.elapsed().as_secs_f64(),
        latencies_us: commits,
        errors: 0,
    }
}

/// Commits full batches of new records of `site` until `duration` after `start`: each commit's time in µs.
async fn commit_loop(
    connection: &mut AnyConnection,
    site: &str,
    parameters: Parameters,
    start: Instant,
    duration: Duration,
) -> Vec<u64> {
    let sql = insert_sql(parameters);
    let row = stored_row(0);
    let (mut commits, mut seq) = (Vec::new(), 0i64);
    while start.elapsed() < duration {
        let began = Instant::now();
        let mut tx = connection.begin().await.expect("beginning a transaction");
        for _ in 0..INSERTS_PER_COMMIT {
            let mut query = sqlx::query(&sql);
            for _ in 0..ROWS_PER_INSERT {
                seq += 1;
                query = bind_row(query, &row, site, seq);
            }
            query.execute(&mut *tx).await.expect("inserting a batch");
        }
        tx.commit().await.expect("committing");
        commits.push(began.elapsed().as_micros() as u64);
    }
    commits
}

/// `INSERT INTO consent_records (…) VALUES (…) …` for [`ROWS_PER_INSERT`] rows.
fn insert_sql(parameters: Parameters) -> String {
    let one = |row: usize| {
        let names: Vec<String> = (row * COLUMNS + 1..=row * COLUMNS + COLUMNS)
            .map(|n| match parameters {
                Parameters::Anonymous => "?".to_owned(),
                Parameters::Numbered => format!("${n}"),
            })
            .collect();
        format!("({})", names.join(", "))
    };
    let rows: Vec<String> = (0..ROWS_PER_INSERT).map(one).collect();
    format!("INSERT INTO consent_records ({ALL_COLUMNS}) VALUES {}", rows.join(", "))
}

/// Binds a new record of `site` at `seq` with the content of `row` and a new consent id, its chain link filled with a
/// placeholder hash.
fn bind_row<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    row: &StoredRow,
    site: &str,
    seq: i64,
) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(site.to_owned())
        .bind(consent_id(next_id()))
        .bind(row.previous_id.clone())
        .bind(row.action.clone())
        .bind(row.decisions.clone())
        .bind(row.services.clone())
        .bind(row.config_revision)
        .bind(row.config_sha256.clone())
        .bind(row.policy_sha256.clone())
        .bind(row.locale.clone())
        .bind(row.ui_layer.clone())
        .bind(row.region.clone())
        .bind(row.page_url.clone())
        .bind(i64::from(row.gpc))
        .bind(row.consent_mode.clone())
        .bind(row.decided_at_ms)
        .bind(row.expires_at_ms)
        .bind(row.banner_version.clone())
        .bind(row.received_at_ms)
        .bind(row.ip_truncated.clone())
        .bind(row.browser_family.clone())
        .bind(row.found_trackers.clone())
        .bind(row.jurisdiction.clone())
        .bind(row.tc_string.clone())
        .bind(row.ac_string.clone())
        .bind(seq)
        .bind(row.config_sha256.clone())
        .bind(row.config_sha256.clone())
}
