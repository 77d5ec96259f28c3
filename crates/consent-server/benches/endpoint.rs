//! Durable consent writes per second, and their latency, against the real `consent serve` (release build) on
//! 127.0.0.1, for SQLite and PostgreSQL; next to two ceilings measured in the same run: a bare SQLite batched-insert
//! loop (what the disk and SQLite allow at all) and the store's group commit without HTTP.
//!
//! Prints figures; it is not a pass/fail test. `scripts/bench-endpoint` builds it in release mode, starts a throw-away
//! PostgreSQL (with fsync on) and runs it. Settings (environment): `BENCH_SECONDS` (per measurement, default 3),
//! `TEST_DATABASE_URL` (PostgreSQL; without it only SQLite is measured; its `fsync` setting is printed),
//! `BENCH_TARGET=127.0.0.1:PORT` (only load a server started elsewhere, e.g. to profile it, at `BENCH_RATE` per
//! second or flat out).

#[path = "../tests/raw_http/mod.rs"]
mod raw_http;
#[path = "../tests/server_process/mod.rs"]
mod server_process;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use consent_server::{Store, StoredRow};
use raw_http::{consent_body, Connection};
use server_process::ServerProcess;
use sqlx::Connection as _;

const BIN: &str = env!("CARGO_BIN_EXE_consent");

/// Connections of the closed-loop ("max") measurement: enough requests in flight for full group commits.
const MAX_CONNECTIONS: u64 = 512;

/// Consent ids are never reused across the run, so every request is a new record.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// One measurement's result.
struct Figures {
    what: String,
    target: Option<u64>,
    writes_per_sec: f64,
    latencies_us: Vec<u64>,
    errors: u64,
}

impl Figures {
    fn percentile(&self, p: f64) -> Option<f64> {
        if self.latencies_us.is_empty() {
            return None;
        }
        let index = ((self.latencies_us.len() as f64 - 1.0) * p).round() as usize;
        Some(self.latencies_us[index] as f64 / 1000.0)
    }

    fn print(&self) {
        let ms = |value: Option<f64>| value.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        let target = self.target.map_or_else(|| "max".to_owned(), |t| format!("{t}/s"));
        println!(
            "| {:<42} | {:>7} | {:>10.0} | {:>8} | {:>8} | {:>8} | {:>6} |",
            self.what,
            target,
            self.writes_per_sec,
            ms(self.percentile(0.50)),
            ms(self.percentile(0.99)),
            ms(self.latencies_us.last().map(|v| *v as f64 / 1000.0)),
            self.errors
        );
    }
}

fn seconds() -> Duration {
    let secs = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse::<f64>().ok()).unwrap_or(3.0);
    Duration::from_secs_f64(secs)
}

/// Open loop at `rate` requests/s over `connections` keep-alive connections. A pacer thread (precise to tens of
/// microseconds, unlike async timers) hands out the schedule round-robin; a connection still busy with its previous
/// request sends late, and latency is measured from each request's scheduled time, so a server that falls behind is
/// charged for the wait (no coordinated omission).
async fn fixed_rate(addr: SocketAddr, rate: u64, connections: u64, duration: Duration) -> (f64, Vec<u64>, u64) {
    let start = Instant::now() + Duration::from_millis(50);
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let total = (duration.as_secs_f64() * rate as f64).ceil() as u64;
    let mut schedules = Vec::new();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (slots, mut schedule) = tokio::sync::mpsc::unbounded_channel::<Instant>();
            schedules.push(slots);
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                let Ok(mut connection) = Connection::open(addr).await else { return (latencies, 1) };
                while let Some(scheduled) = schedule.recv().await {
                    match connection.post_json("/v1/consents", &consent_body(next_id())).await {
                        Ok(response) if response.status == 201 => {
                            latencies.push(scheduled.elapsed().as_micros() as u64)
                        }
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    std::thread::spawn(move || {
        for i in 0..total {
            let scheduled = start + interval.mul_f64(i as f64);
            if let Some(wait) = scheduled.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            let _ = schedules[(i % connections) as usize].send(scheduled);
        }
    });
    collect(tasks, start).await
}

/// Closed loop: `connections` connections each sending back to back for `duration`.
async fn max_rate(addr: SocketAddr, connections: u64, duration: Duration) -> (f64, Vec<u64>, u64) {
    let start = Instant::now();
    let deadline = start + duration;
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                let Ok(mut connection) = Connection::open(addr).await else { return (latencies, 1) };
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    match connection.post_json("/v1/consents", &consent_body(next_id())).await {
                        Ok(response) if response.status == 201 => latencies.push(sent.elapsed().as_micros() as u64),
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    collect(tasks, start).await
}

async fn collect(tasks: Vec<tokio::task::JoinHandle<(Vec<u64>, u64)>>, start: Instant) -> (f64, Vec<u64>, u64) {
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        if let Ok((latencies, failed)) = task.await {
            all.extend(latencies);
            errors += failed;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort_unstable();
    (all.len() as f64 / elapsed, all, errors)
}

async fn endpoint(database: &str, url: &str, duration: Duration) -> Vec<Figures> {
    let server = ServerProcess::start(Path::new(BIN), url, &[]);
    // Warm up: connections, the SQLite cache, PostgreSQL's prepared statements.
    let _ = fixed_rate(server.addr, 500, 8, Duration::from_millis(500)).await;
    let mut figures = Vec::new();
    for (rate, connections) in [(1_000, 16), (5_000, 64)] {
        let (achieved, latencies_us, errors) = fixed_rate(server.addr, rate, connections, duration).await;
        figures.push(Figures {
            what: format!("{database}: consent serve, {connections} conns"),
            target: Some(rate),
            writes_per_sec: achieved,
            latencies_us,
            errors,
        });
    }
    let (achieved, latencies_us, errors) = max_rate(server.addr, MAX_CONNECTIONS, duration).await;
    figures.push(Figures {
        what: format!("{database}: consent serve, {MAX_CONNECTIONS} conns"),
        target: None,
        writes_per_sec: achieved,
        latencies_us,
        errors,
    });
    figures
}

/// The ceiling: rows inserted as the server writes them (64 rows per INSERT, 256 per commit, same pragmas), on one
/// connection, without HTTP, hashing, duplicate look-ups or chain heads.
async fn bare_sqlite(url: &str, duration: Duration) -> Figures {
    drop(Store::connect(url).await.expect("creating the schema"));
    let mut connection = sqlx::AnyConnection::connect(&format!("{url}?mode=rwc")).await.expect("opening SQLite");
    sqlx::raw_sql("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 10000;")
        .execute(&mut connection)
        .await
        .unwrap();
    let row = sample_row();
    let one = format!("({})", vec!["?"; 25].join(", "));
    let sql = format!(
        "INSERT INTO consent_records ({}) VALUES {}",
        consent_server::row::ALL_COLUMNS,
        vec![one; 64].join(", ")
    );
    let (start, mut rows, mut seq) = (Instant::now(), 0u64, 0i64);
    let mut commits = Vec::new();
    while start.elapsed() < duration {
        let began = Instant::now();
        let mut tx = connection.begin().await.unwrap();
        for _ in 0..4 {
            let mut query = sqlx::query(&sql);
            for _ in 0..64 {
                seq += 1;
                query = query
                    .bind("bare")
                    .bind(raw_http::consent_id(next_id()))
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
                    .bind(0i64)
                    .bind(row.consent_mode.clone())
                    .bind(row.decided_at_ms)
                    .bind(row.expires_at_ms)
                    .bind(row.banner_version.clone())
                    .bind(row.received_at_ms)
                    .bind(row.ip_truncated.clone())
                    .bind(row.browser_family.clone())
                    .bind(row.found_trackers.clone())
                    .bind(seq)
                    .bind(row.config_sha256.clone())
                    .bind(row.config_sha256.clone());
            }
            query.execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
        rows += 256;
        commits.push(began.elapsed().as_micros() as u64);
    }
    commits.sort_unstable();
    Figures {
        what: "SQLite: bare INSERT loop, 256/commit".into(),
        target: None,
        writes_per_sec: rows as f64 / start.elapsed().as_secs_f64(),
        latencies_us: commits,
        errors: 0,
    }
}

/// The store's group commit with its hash chain, driven directly by 256 concurrent writers: the endpoint minus HTTP.
async fn store_direct(database: &str, url: &str, duration: Duration) -> Figures {
    let store = Store::connect(url).await.expect("opening the store");
    let deadline = Instant::now() + duration;
    let start = Instant::now();
    let tasks: Vec<_> = (0..256)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let mut row = sample_row();
                    row.consent_id = raw_http::consent_id(next_id());
                    let sent = Instant::now();
                    if store.insert(row).await.is_ok() {
                        latencies.push(sent.elapsed().as_micros() as u64);
                    }
                }
                (latencies, 0)
            })
        })
        .collect();
    let (rate, latencies_us, errors) = collect(tasks, start).await;
    Figures {
        what: format!("{database}: group commit, no HTTP, 256 tasks"),
        target: None,
        writes_per_sec: rate,
        latencies_us,
        errors,
    }
}

fn sample_row() -> StoredRow {
    StoredRow {
        site: "demo-shop".into(),
        consent_id: String::new(),
        previous_id: None,
        action: "custom".into(),
        decisions: r#"{"analytics":"granted","marketing":"denied","necessary":"granted"}"#.into(),
        services: r#"{"demo-ads":"denied","demo-analytics":"granted","demo-video":"denied"}"#.into(),
        config_revision: 1,
        config_sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        policy_sha256: None,
        locale: "en-GB".into(),
        ui_layer: "preferences".into(),
        region: "default".into(),
        page_url: "https://shop.example/cart".into(),
        gpc: false,
        consent_mode: "{}".into(),
        decided_at_ms: 1_764_000_000_000,
        expires_at_ms: 1_779_000_000_000,
        banner_version: "0.1.0".into(),
        received_at_ms: 1_764_000_000_000,
        ip_truncated: "127.0.0.0".into(),
        browser_family: "firefox".into(),
        found_trackers: consent_server::row::NO_FOUND_TRACKERS.into(),
    }
}

/// A new database on the PostgreSQL server of `TEST_DATABASE_URL`, if there is one.
async fn postgres_database() -> Option<String> {
    let server = std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty())?;
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&server).await.expect("connecting to TEST_DATABASE_URL");
    let (fsync,): (String,) = sqlx::query_as("SHOW fsync").fetch_one(&mut admin).await.unwrap();
    let (sync_commit,): (String,) = sqlx::query_as("SHOW synchronous_commit").fetch_one(&mut admin).await.unwrap();
    println!("PostgreSQL: fsync={fsync}, synchronous_commit={sync_commit}");
    let name = format!("bench_{}", std::process::id());
    sqlx::raw_sql(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    let (base, _) = server.rsplit_once('/').expect("a postgres:// URL with a database");
    Some(format!("{base}/{name}"))
}

fn main() {
    // The load generator gets one core's worth of threads; the server (another process) the rest.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    runtime.block_on(async {
        let duration = seconds();
        if let Some(addr) = std::env::var("BENCH_TARGET").ok().and_then(|a| a.parse::<SocketAddr>().ok()) {
            // Load a server started elsewhere (to profile it): at BENCH_RATE over 64 connections, or flat out.
            let target = std::env::var("BENCH_RATE").ok().and_then(|rate| rate.parse::<u64>().ok());
            let (rate, latencies_us, errors) = match target {
                Some(rate) => fixed_rate(addr, rate, 64, duration).await,
                None => max_rate(addr, MAX_CONNECTIONS, duration).await,
            };
            Figures { what: addr.to_string(), target, writes_per_sec: rate, latencies_us, errors }.print();
            return;
        }
        let dir = tempfile::tempdir_in(std::env::var("TMPDIR").unwrap_or_else(|_| "/tmp".into())).unwrap();
        let sqlite = |name: &str| format!("sqlite://{}", dir.path().join(name).display());
        println!("consent-banner endpoint benchmark: {} s per line, {} CPU(s)", duration.as_secs_f64(), cores());
        println!("Latencies in ms; for the bare loop, per 256-row commit. Every write is durable (fsync'd) before it counts.");
        println!();
        println!("| {:<42} | {:>7} | {:>10} | {:>8} | {:>8} | {:>8} | {:>6} |", "what", "target", "writes/s", "p50", "p99", "max", "errors");
        println!("|{:-<44}|{:->9}|{:->12}|{:->10}|{:->10}|{:->10}|{:->8}|", "", "", "", "", "", "", "");
        bare_sqlite(&sqlite("bare.db"), duration).await.print();
        store_direct("SQLite", &sqlite("store.db"), duration).await.print();
        for figures in endpoint("SQLite", &sqlite("endpoint.db"), duration).await {
            figures.print();
        }
        match postgres_database().await {
            Some(url) => {
                for figures in endpoint("PostgreSQL", &url, duration).await {
                    figures.print();
                }
            }
            None => println!("(PostgreSQL skipped: TEST_DATABASE_URL is not set; run through scripts/bench-endpoint)"),
        }
    });
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
