//! `BENCH_ONLY=dashboard`: the console dashboard's query at scale. Loads `BENCH_DASHBOARD_RECORDS` (default 1,000,000)
//! records of one site, spread evenly over the last 365 days, into SQLite and into PostgreSQL with multi-row INSERTs
//! (not through HTTP; rows from `consent_server::fixture`), builds the daily rollups from that log as migration 0006
//! does for an existing one (timed), then times the dashboard as the route answers it (rollups read, periods built,
//! JSON written) for the last 30 and 365 days, `BENCH_DASHBOARD_QUERIES` times each (default 200): p50, p95, p99.
//! Next to it, once, the old way (`/stats` reads every record of the window): what the rollups save.

use std::time::Instant;

use consent_server::dashboard::{Dashboard, Granularity};
use consent_server::fixture::{consent_id, stored_row};
use consent_server::row::ALL_COLUMNS;
use consent_server::stats::Tally;
use consent_server::store::dashboard::{day_start, DAY_MS};
use consent_server::store::pages::Range;
use consent_server::store::Backend;
use consent_server::time::now_ms;
use consent_server::Store;

use super::figures::ms;

const SITE: &str = "demo-shop";
/// Rows per INSERT statement (25 parameters each) and per transaction.
const ROWS_PER_INSERT: usize = 40;
const ROWS_PER_TRANSACTION: usize = 20_000;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub async fn print(sqlite_url: &str, postgres_url: Option<String>) {
    let records = setting("BENCH_DASHBOARD_RECORDS", 1_000_000);
    let queries = setting("BENCH_DASHBOARD_QUERIES", 200);
    println!("Dashboard query: {records} records of one site over 365 days, {queries} queries per line, times in ms");
    println!();
    println!("| {:<40} | {:>8} | {:>8} | {:>8} | {:>8} |", "what", "p50", "p95", "p99", "max");
    println!("|{:-<42}|{:->10}|{:->10}|{:->10}|{:->10}|", "", "", "", "", "");
    measure("SQLite", sqlite_url, records, queries).await;
    match postgres_url {
        Some(url) => measure("PostgreSQL", &url, records, queries).await,
        None => println!("(PostgreSQL skipped: TEST_DATABASE_URL is not set; run through scripts/bench-endpoint)"),
    }
}

async fn measure(database: &str, url: &str, records: usize, queries: usize) {
    let store = Store::connect(url).await.expect("opening the store");
    let now = now_ms();
    let started = Instant::now();
    load(&store, url, records, now).await;
    eprintln!("{database}: {records} records loaded in {:.1} s", started.elapsed().as_secs_f64());
    let started = Instant::now();
    store.rebuild_dashboard(SITE).await.expect("building the rollups");
    let rebuild = started.elapsed();
    let to_day_ms = day_start(now) + DAY_MS;
    for days in [30, 365] {
        let from_day_ms = to_day_ms - days * DAY_MS;
        let mut times_us = Vec::with_capacity(queries);
        let mut decisions = 0;
        for _ in 0..queries {
            let sent = Instant::now();
            let rows = store.dashboard_rows(SITE, from_day_ms, to_day_ms).await.expect("reading the rollups");
            let dashboard = Dashboard::build(SITE, from_day_ms, to_day_ms, Granularity::Day, &rows);
            let json = serde_json::to_string(&dashboard).expect("writing JSON");
            std::hint::black_box(json);
            times_us.push(sent.elapsed().as_micros() as u64);
            decisions = dashboard.totals.decisions;
        }
        times_us.sort_unstable();
        let at = |p: f64| Some(times_us[((times_us.len() - 1) as f64 * p).round() as usize] as f64 / 1000.0);
        println!(
            "| {:<40} | {:>8} | {:>8} | {:>8} | {:>8} |",
            format!("{database}: dashboard, {days} days ({decisions} dec.)"),
            ms(at(0.50)),
            ms(at(0.95)),
            ms(at(0.99)),
            ms(times_us.last().map(|v| *v as f64 / 1000.0))
        );
    }
    let started = Instant::now();
    let scanned = scan(&store, (to_day_ms - 30 * DAY_MS, to_day_ms)).await;
    let scan_ms = Some(started.elapsed().as_secs_f64() * 1000.0);
    println!(
        "| {:<40} | {:>8} | {:>8} | {:>8} | {:>8} |",
        format!("{database}: old /stats scan, 30 days ({scanned})"),
        ms(scan_ms),
        "",
        "",
        ""
    );
    println!(
        "| {:<40} | {:>8} | {:>8} | {:>8} | {:>8} |",
        format!("{database}: rollups built from the log, once"),
        ms(Some(rebuild.as_secs_f64() * 1000.0)),
        "",
        "",
        ""
    );
}

/// What `/stats` did before the rollups: every record of the window read and added up. Returns the records read.
async fn scan(store: &Store, (from_ms, to_ms): (i64, i64)) -> usize {
    let range = Range { site: SITE.to_owned(), from_ms, to_ms };
    let mut tally = Tally::default();
    let (mut after, mut read) = (i64::MIN, 0);
    loop {
        let page = store.decision_page(&range, after).await.expect("reading a page");
        for (_, received_at_ms, decisions) in &page {
            tally.add(*received_at_ms, decisions);
        }
        read += page.len();
        match page.last() {
            Some((seq, _, _)) => after = *seq,
            None => break,
        }
    }
    std::hint::black_box(tally.days());
    read
}

/// Writes `records` records of [`SITE`] received over the 365 days before `now`, straight into `consent_records`: a
/// realistic mix of actions (55 % accept all, 25 % reject all, 15 % custom, 5 % withdrawals replacing the record
/// before), 10 % with GPC, six locales, four layers. Their chain hashes are placeholders: this log measures reads.
async fn load(store: &Store, url: &str, records: usize, now: i64) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.expect("connecting for the bulk load");
    let backend = store.backend();
    let year_ago = now - 365 * DAY_MS;
    let step = 365 * DAY_MS / records as i64;
    let mut n = 0usize;
    while n < records {
        let mut tx = pool.begin().await.expect("a transaction");
        let end = (n + ROWS_PER_TRANSACTION).min(records);
        while n < end {
            let rows = ROWS_PER_INSERT.min(end - n);
            let sql = insert_sql(backend, rows);
            let mut query = sqlx::query(&sql);
            for i in n..n + rows {
                let seq = i as i64 + 1;
                let row = record(i as u64 + 1, year_ago + seq * step);
                query = query
                    .bind(row.site)
                    .bind(row.consent_id)
                    .bind(row.previous_id)
                    .bind(row.action)
                    .bind(row.decisions)
                    .bind(row.services)
                    .bind(row.config_revision)
                    .bind(row.config_sha256)
                    .bind(row.policy_sha256)
                    .bind(row.locale)
                    .bind(row.ui_layer)
                    .bind(row.region)
                    .bind(row.page_url)
                    .bind(i64::from(row.gpc))
                    .bind(row.consent_mode)
                    .bind(row.decided_at_ms)
                    .bind(row.expires_at_ms)
                    .bind(row.banner_version)
                    .bind(row.received_at_ms)
                    .bind(row.ip_truncated)
                    .bind(row.browser_family)
                    .bind(row.found_trackers)
                    .bind(seq)
                    .bind("0".repeat(64))
                    .bind("0".repeat(64));
            }
            query.execute(&mut *tx).await.expect("inserting records");
            n += rows;
        }
        tx.commit().await.expect("committing records");
    }
    sqlx::query("INSERT INTO chain_heads (site, seq, record_hash) VALUES ($1, $2, $3)")
        .bind(SITE)
        .bind(records as i64)
        .bind("0".repeat(64))
        .execute(&pool)
        .await
        .expect("writing the chain head");
    if backend == Backend::Postgres {
        sqlx::query("ANALYZE").execute(&pool).await.expect("ANALYZE");
    }
    pool.close().await;
}

/// Record number `n` of the load, received at `received_at_ms`.
fn record(n: u64, received_at_ms: i64) -> consent_server::row::StoredRow {
    const LOCALES: [&str; 6] = ["en-GB", "de", "fr", "es", "it", "nl"];
    const LAYERS: [&str; 4] = ["first_layer", "preferences", "placeholder", "api"];
    let mut row = stored_row(n);
    row.received_at_ms = received_at_ms;
    row.decided_at_ms = received_at_ms;
    row.gpc = n.is_multiple_of(10);
    row.locale = LOCALES[(n / 7 % 6) as usize].into();
    row.ui_layer = LAYERS[(n / 3 % 4) as usize].into();
    let (action, decisions) = match n % 20 {
        0..=10 => ("accept_all", r#"{"analytics":"granted","marketing":"granted","necessary":"granted"}"#),
        11..=15 => ("reject_all", r#"{"analytics":"denied","marketing":"denied","necessary":"granted"}"#),
        16..=18 => ("custom", r#"{"analytics":"granted","marketing":"denied","necessary":"granted"}"#),
        _ => ("withdraw", r#"{"analytics":"denied","marketing":"denied","necessary":"granted"}"#),
    };
    if action == "withdraw" {
        row.previous_id = Some(consent_id(n - 1));
    }
    row.action = action.into();
    row.decisions = decisions.into();
    row
}

fn insert_sql(backend: Backend, rows: usize) -> String {
    let columns = ALL_COLUMNS.split(',').count();
    let values: Vec<String> = (0..rows)
        .map(|row| {
            let params: Vec<String> = (1..=columns)
                .map(|column| match backend {
                    Backend::Sqlite => "?".to_owned(),
                    Backend::Postgres => format!("${}", row * columns + column),
                })
                .collect();
            format!("({})", params.join(", "))
        })
        .collect();
    format!("INSERT INTO consent_records ({ALL_COLUMNS}) VALUES {}", values.join(", "))
}
