//! Durable consent writes per second, and their latency, against the real `consent serve` (release build) on
//! 127.0.0.1, for SQLite and PostgreSQL; next to two ceilings measured in the same run: a bare SQLite batched-insert
//! loop (what the disk and SQLite allow at all) and the store's group commit without HTTP.
//!
//! Prints figures; it is not a pass/fail test. `scripts/bench-endpoint` builds it in release mode, starts a throw-away
//! PostgreSQL (with fsync on) and runs it. Settings (environment): `BENCH_SECONDS` (per measurement, default 3),
//! `TEST_DATABASE_URL` (PostgreSQL; without it only SQLite is measured; its `fsync` setting is printed),
//! `BENCH_ONLY=scale-out` (only the PostgreSQL scale-out table: 1, 2 and 4 servers × 1 and 100 sites, next to a bare
//! batched-insert ceiling on 1 and 4 connections, and the `kill -9` run; `BENCH_COMMIT_WRITERS=N` passes `--commit-writers N` to its servers), `BENCH_ONLY=dashboard` (only the dashboard query on 1,000,000
//! records, see dashboard.rs), `BENCH_ONLY=kill-9` (only the run where one
//! of 2 servers is SIGKILLed under load: acknowledged / found / missing consents and `consent log verify`), `BENCH_TARGET=127.0.0.1:PORT` (only load a server started elsewhere, e.g. to profile it, at `BENCH_RATE` per
//! second or flat out).

#[path = "../../tests/kill_under_load/mod.rs"]
mod kill_under_load;
#[path = "../../tests/raw_http/mod.rs"]
mod raw_http;
#[path = "../../tests/server_process/mod.rs"]
mod server_process;

mod bare_insert;
mod cpu;
mod dashboard;
mod figures;
mod kill_9;
mod load;
mod scale_out;

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use consent_server::fixture::stored_row;
use consent_server::Store;
use figures::{collect, Figures};
use load::{fixed_rate, max_rate, next_id};
use server_process::ServerProcess;
use sqlx::Connection as _;

const BIN: &str = env!("CARGO_BIN_EXE_consent");

/// Connections of the closed-loop ("max") measurement: enough requests in flight for full group commits.
const MAX_CONNECTIONS: usize = 512;

fn seconds() -> Duration {
    let secs = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse::<f64>().ok()).unwrap_or(3.0);
    Duration::from_secs_f64(secs)
}

/// `consent serve` on `url`: at 1,000/s over 16 connections, 5,000/s over 64, and flat out.
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
                    let row = stored_row(next_id());
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

/// A new database (named `bench_{pid}_{suffix}`) on the PostgreSQL server of `TEST_DATABASE_URL`, if there is one.
async fn postgres_database(suffix: &str) -> Option<String> {
    let server = std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty())?;
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&server).await.expect("connecting to TEST_DATABASE_URL");
    let (fsync,): (String,) = sqlx::query_as("SHOW fsync").fetch_one(&mut admin).await.expect("reading fsync");
    let (sync_commit,): (String,) =
        sqlx::query_as("SHOW synchronous_commit").fetch_one(&mut admin).await.expect("reading synchronous_commit");
    if suffix == "endpoint" {
        println!("PostgreSQL: fsync={fsync}, synchronous_commit={sync_commit}");
    }
    let name = format!("bench_{}_{suffix}", std::process::id());
    sqlx::raw_sql(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("creating a database");
    let (base, _) = server.rsplit_once('/').expect("a postgres:// URL with a database");
    Some(format!("{base}/{name}"))
}

fn main() {
    // The load generator gets one core's worth of threads; the server (another process) the rest.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("starting the load generator's runtime");
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
        if std::env::var("BENCH_ONLY").as_deref() == Ok("scale-out") {
            scale_out::print(duration).await;
            kill_9::print(duration).await;
            return;
        }
        if std::env::var("BENCH_ONLY").as_deref() == Ok("kill-9") {
            kill_9::print(duration).await;
            return;
        }
        let dir = tempfile::tempdir_in(std::env::var("TMPDIR").unwrap_or_else(|_| "/tmp".into()))
            .expect("creating a temporary directory");
        let sqlite = |name: &str| format!("sqlite://{}", dir.path().join(name).display());
        if std::env::var("BENCH_ONLY").as_deref() == Ok("dashboard") {
            dashboard::print(&sqlite("dashboard.db"), postgres_database("dashboard").await).await;
            return;
        }
        println!("consent-banner endpoint benchmark: {} s per line, {} CPU(s)", duration.as_secs_f64(), cpu::cores());
        println!("Latencies in ms; for the bare loop, per 256-row commit. Every write is durable (fsync'd) before it counts.");
        println!();
        Figures::print_header();
        bare_insert::sqlite(&sqlite("bare.db"), duration).await.print();
        store_direct("SQLite", &sqlite("store.db"), duration).await.print();
        for figures in endpoint("SQLite", &sqlite("endpoint.db"), duration).await {
            figures.print();
        }
        match postgres_database("endpoint").await {
            Some(url) => {
                for figures in endpoint("PostgreSQL", &url, duration).await {
                    figures.print();
                }
            }
            None => println!("(PostgreSQL skipped: TEST_DATABASE_URL is not set; run through scripts/bench-endpoint)"),
        }
        scale_out::print(duration).await;
        kill_9::print(duration).await;
    });
}
