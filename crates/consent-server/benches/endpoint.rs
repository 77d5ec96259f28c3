//! Durable consent writes per second, and their latency, against the real `consent serve` (release build) on
//! 127.0.0.1, for SQLite and PostgreSQL; next to two ceilings measured in the same run: a bare SQLite batched-insert
//! loop (what the disk and SQLite allow at all) and the store's group commit without HTTP.
//!
//! Prints figures; it is not a pass/fail test. `scripts/bench-endpoint` builds it in release mode, starts a throw-away
//! PostgreSQL (with fsync on) and runs it. Settings (environment): `BENCH_SECONDS` (per measurement, default 3),
//! `TEST_DATABASE_URL` (PostgreSQL; without it only SQLite is measured; its `fsync` setting is printed),
//! `BENCH_ONLY=scale-out` (only the PostgreSQL scale-out table: 1, 2 and 4 servers × 1 and 100 sites, next to a bare
//! batched-insert ceiling on 1 and 4 connections), `BENCH_TARGET=127.0.0.1:PORT` (only load a server started elsewhere, e.g. to profile it, at `BENCH_RATE` per
//! second or flat out).

#[path = "../tests/raw_http/mod.rs"]
mod raw_http;
#[path = "../tests/server_process/mod.rs"]
mod server_process;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use consent_server::fixture::{consent_id, stored_row};
use consent_server::Store;
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
    let row = stored_row(0);
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

/// Servers × sites of the scale-out table, each on a fresh PostgreSQL database.
const SCALE_OUT: [(usize, usize); 6] = [(1, 1), (2, 1), (4, 1), (1, 100), (2, 100), (4, 100)];

/// Connections of a scale-out measurement, spread evenly over the servers (as a load balancer would).
const SCALE_OUT_CONNECTIONS: usize = 256;

/// One line of the scale-out table.
struct ScaleOut {
    servers: usize,
    sites: usize,
    writes_per_sec: f64,
    p99_ms: Option<f64>,
    errors: u64,
    deadlocks: i64,
    failed_commits: u64,
}

/// `servers` `consent serve` processes on one new PostgreSQL database with `sites` sites, loaded flat out over
/// [`SCALE_OUT_CONNECTIONS`] connections, each request for a site drawn round-robin: writes/s, p99, PostgreSQL's
/// deadlock count for the database, and the group commits the servers report as failed (`/metrics`).
async fn scale_out(servers: usize, sites: usize, duration: Duration) -> Option<ScaleOut> {
    let url = postgres_database(&format!("scale_{servers}_{sites}")).await?;
    let names: Vec<String> =
        (0..sites).map(|i| if i == 0 { "demo-shop".to_owned() } else { format!("shop-{i:03}") }).collect();
    seed_sites(&url, &names).await;
    let processes: Vec<ServerProcess> = (0..servers).map(|_| ServerProcess::start(Path::new(BIN), &url, &[])).collect();
    let addrs: Vec<SocketAddr> = processes.iter().map(|p| p.addr).collect();
    let deadlocks_before = deadlocks(&url).await;
    // Warm-up: every server's connections and prepared statements.
    let _ = closed_loop(&addrs, &names, 16, Duration::from_millis(500)).await;
    let (rate, latencies, errors) = closed_loop(&addrs, &names, SCALE_OUT_CONNECTIONS, duration).await;
    let figures = Figures { what: String::new(), target: None, writes_per_sec: rate, latencies_us: latencies, errors };
    let failed_commits = addrs.iter().map(|addr| metric(*addr, "consent_commit_failures_total")).sum();
    Some(ScaleOut {
        servers,
        sites,
        writes_per_sec: figures.writes_per_sec,
        p99_ms: figures.percentile(0.99),
        errors: figures.errors,
        deadlocks: deadlocks(&url).await - deadlocks_before,
        failed_commits,
    })
}

/// Stores the demo config under each of `names` (the site id changed), before the servers start and load them.
async fn seed_sites(url: &str, names: &[String]) {
    let store = Store::connect(url).await.expect("opening the scale-out database");
    let demo = std::fs::read_to_string(server_process::DEMO_CONFIG_PATH).expect("reading the demo config");
    for name in names {
        let mut config: serde_json::Value = serde_json::from_str(&demo).unwrap();
        config["site"] = serde_json::Value::String(name.clone());
        let config = consent_core::SiteConfig::from_json(&config.to_string()).expect("a valid config");
        let site = consent_server::sites::Site::from_config(config, Vec::new());
        let json = String::from_utf8_lossy(&site.json).into_owned();
        let new = consent_server::store::sites::NewConfig {
            site: name,
            revision: 1,
            json: &json,
            sha256: &site.sha256,
            allowed_origins: None,
        };
        store.save_config(new, consent_server::store::sites::SaveRule::Seed).await.expect("seeding a site");
    }
}

/// Closed loop over `connections` connections, connection i to server i mod n, request k for site k mod sites.
async fn closed_loop(
    addrs: &[SocketAddr],
    sites: &[String],
    connections: usize,
    duration: Duration,
) -> (f64, Vec<u64>, u64) {
    let start = Instant::now();
    let deadline = start + duration;
    let tasks: Vec<_> = (0..connections)
        .map(|i| {
            let addr = addrs[i % addrs.len()];
            let sites = sites.to_vec();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                let Ok(mut connection) = Connection::open(addr).await else { return (latencies, 1) };
                while Instant::now() < deadline {
                    let n = next_id();
                    let site = &sites[(n % sites.len() as u64) as usize];
                    let body = String::from_utf8_lossy(&consent_body(n))
                        .replace("\"site\":\"demo-shop\"", &format!("\"site\":\"{site}\""))
                        .into_bytes();
                    let sent = Instant::now();
                    match connection.post_json("/v1/consents", &body).await {
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

/// PostgreSQL's count of deadlocks detected in the database of `url`.
async fn deadlocks(url: &str) -> i64 {
    let mut connection = sqlx::AnyConnection::connect(url).await.expect("connecting for pg_stat_database");
    let (count,): (i64,) = sqlx::query_as("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        .fetch_one(&mut connection)
        .await
        .unwrap_or((-1,));
    count
}

/// A counter from a server's `/metrics` (0 if it cannot be read).
fn metric(addr: SocketAddr, name: &str) -> u64 {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(addr) else { return 0 };
    let _ = write!(stream, "GET /metrics HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    text.lines().find_map(|line| line.strip_prefix(name).and_then(|rest| rest.trim().parse().ok())).unwrap_or(0)
}

/// The PostgreSQL ceiling: rows inserted as the server writes them (64 rows per INSERT, 256 per commit), without
/// HTTP, hashing, duplicate look-ups or chain heads, over `connections` connections each committing on its own.
async fn bare_postgres(url: &str, connections: usize, duration: Duration) -> Figures {
    drop(Store::connect(url).await.expect("creating the schema"));
    let start = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|lane| {
            let url = url.to_owned();
            tokio::spawn(async move {
                let mut connection = sqlx::AnyConnection::connect(&url).await.expect("opening PostgreSQL");
                let row = stored_row(0);
                let one = |at: usize| {
                    format!(
                        "({})",
                        (at * 25 + 1..=at * 25 + 25).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
                    )
                };
                let sql = format!(
                    "INSERT INTO consent_records ({}) VALUES {}",
                    consent_server::row::ALL_COLUMNS,
                    (0..64).map(one).collect::<Vec<_>>().join(", ")
                );
                let site = format!("bare-{connections}-{lane}");
                let (mut commits, mut seq) = (Vec::new(), 0i64);
                while start.elapsed() < duration {
                    let began = Instant::now();
                    let mut tx = connection.begin().await.unwrap();
                    for _ in 0..4 {
                        let mut query = sqlx::query(&sql);
                        for _ in 0..64 {
                            seq += 1;
                            query = query
                                .bind(site.clone())
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
                    commits.push(began.elapsed().as_micros() as u64);
                }
                (commits, 0)
            })
        })
        .collect();
    let (_, commits, _) = collect(tasks, start).await;
    let rows = commits.len() as f64 * 256.0;
    Figures {
        what: format!("PostgreSQL: bare INSERT loop, 256/commit, {connections} conn"),
        target: None,
        writes_per_sec: rows / start.elapsed().as_secs_f64(),
        latencies_us: commits,
        errors: 0,
    }
}

/// A new database (named `bench_{pid}_{suffix}`) on the PostgreSQL server of `TEST_DATABASE_URL`, if there is one.
async fn postgres_database(suffix: &str) -> Option<String> {
    let server = std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty())?;
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&server).await.expect("connecting to TEST_DATABASE_URL");
    let (fsync,): (String,) = sqlx::query_as("SHOW fsync").fetch_one(&mut admin).await.unwrap();
    let (sync_commit,): (String,) = sqlx::query_as("SHOW synchronous_commit").fetch_one(&mut admin).await.unwrap();
    if suffix == "endpoint" {
        println!("PostgreSQL: fsync={fsync}, synchronous_commit={sync_commit}");
    }
    let name = format!("bench_{}_{suffix}", std::process::id());
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
        if std::env::var("BENCH_ONLY").as_deref() == Ok("scale-out") {
            print_scale_out(duration).await;
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
        if std::env::var("BENCH_ONLY").as_deref() != Ok("scale-out") {
            match postgres_database("endpoint").await {
                Some(url) => {
                    for figures in endpoint("PostgreSQL", &url, duration).await {
                        figures.print();
                    }
                }
                None => println!("(PostgreSQL skipped: TEST_DATABASE_URL is not set; run through scripts/bench-endpoint)"),
            }
        }
        print_scale_out(duration).await;
    });
}

/// The scale-out table: several servers on one PostgreSQL database, next to the bare batched-insert ceiling.
async fn print_scale_out(duration: Duration) {
    let Some(bare_url) = postgres_database("bare").await else { return };
    println!();
    println!(
        "Scale-out on PostgreSQL: N `consent serve` on one database, {SCALE_OUT_CONNECTIONS} connections spread over \
         them, flat out; deadlocks from pg_stat_database, failed group commits from the servers' /metrics."
    );
    println!();
    println!(
        "| {:<44} | {:>10} | {:>8} | {:>9} | {:>14} | {:>6} |",
        "what", "writes/s", "p99", "deadlocks", "failed commits", "errors"
    );
    println!("|{:-<46}|{:->12}|{:->10}|{:->11}|{:->16}|{:->8}|", "", "", "", "", "", "");
    for connections in [1, 4] {
        let bare = bare_postgres(&bare_url, connections, duration).await;
        let ms = bare.percentile(0.99).map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        println!(
            "| {:<44} | {:>10.0} | {:>8} | {:>9} | {:>14} | {:>6} |",
            bare.what, bare.writes_per_sec, ms, "-", "-", 0
        );
    }
    let mut one_server: Option<f64> = None;
    for (servers, sites) in SCALE_OUT {
        let Some(line) = scale_out(servers, sites, duration).await else { return };
        if servers == 1 {
            one_server = Some(line.writes_per_sec);
        }
        let speedup = one_server.map_or_else(String::new, |one| format!(" ({:.2}x one)", line.writes_per_sec / one));
        let what = format!("{} server(s), {} site(s){speedup}", line.servers, line.sites);
        let p99 = line.p99_ms.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        println!(
            "| {:<44} | {:>10.0} | {:>8} | {:>9} | {:>14} | {:>6} |",
            what, line.writes_per_sec, p99, line.deadlocks, line.failed_commits, line.errors
        );
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
