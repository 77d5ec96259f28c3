//! The scale-out table: several `consent serve` processes on one PostgreSQL database, one and many sites, next to the
//! bare batched-insert ceiling on PostgreSQL.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use consent_server::Store;

use crate::cpu::{self, us, CpuPerWrite};
use crate::figures::{ms, Figures};
use crate::load::closed_loop;
use crate::server_process::{self, ServerProcess};
use crate::{bare_insert, postgres_database, BIN};

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
    cpu: CpuPerWrite,
}

/// Prints the table (nothing without `TEST_DATABASE_URL`).
pub async fn print(duration: Duration) {
    let Some(bare_url) = postgres_database("bare").await else { return };
    let postmaster = cpu::postmaster_pid(&bare_url).await;
    println!();
    let writers = commit_writers_setting().unwrap_or_else(|| "the default number of".to_owned());
    println!(
        "Scale-out on PostgreSQL: N `consent serve` on one database, {SCALE_OUT_CONNECTIONS} connections spread over \
         them, flat out, {writers} commit writers per server; deadlocks from pg_stat_database, failed group commits \
         from the servers' /metrics."
    );
    println!(
        "CPU µs per acknowledged write from /proc/PID/stat (utime + stime) of the servers, of every process of the \
         PostgreSQL cluster{} and of the load generator; ceiling = {} cores × 1e6 / (their sum) writes/s; busy = the \
         whole machine's busy share of its cores (anyone's), ours = these processes' share. Load average at the start: \
         {}.",
        if postmaster.is_some() {
            ""
        } else {
            " (not found: PostgreSQL is not local or its data directory unreadable)"
        },
        cpu::cores(),
        load_average()
    );
    println!();
    println!(
        "| {:<44} | {:>10} | {:>8} | {:>9} | {:>14} | {:>6} | {:>6} | {:>6} | {:>6} | {:>6} | {:>8} | {:>9} |",
        "what",
        "writes/s",
        "p99",
        "deadlocks",
        "failed commits",
        "errors",
        "µs srv",
        "µs PG",
        "µs gen",
        "µs all",
        "ceiling",
        "busy/ours"
    );
    println!(
        "|{:-<46}|{:->12}|{:->10}|{:->11}|{:->16}|{:->8}|{:->8}|{:->8}|{:->8}|{:->8}|{:->10}|{:->11}|",
        "", "", "", "", "", "", "", "", "", "", "", ""
    );
    let processes = |servers: Vec<u32>| cpu::Processes { servers, postmaster };
    for connections in [1, 4] {
        let before = processes(Vec::new()).snapshot();
        let bare = bare_insert::postgres(&bare_url, connections, duration).await;
        let after = processes(Vec::new()).snapshot();
        let rows = bare.latencies_us.len() * bare_insert::ROWS_PER_COMMIT;
        let cpu = CpuPerWrite { server_us: Some(0.0), ..CpuPerWrite::between(&before, &after, rows) };
        let p99 = ms(bare.percentile(0.99));
        println!(
            "| {:<44} | {:>10.0} | {:>8} | {:>9} | {:>14} | {:>6} | {} |",
            bare.what,
            bare.writes_per_sec,
            p99,
            "-",
            "-",
            0,
            cpu_columns(&cpu)
        );
    }
    let mut one_server: Option<f64> = None;
    for (servers, sites) in SCALE_OUT {
        let Some(line) = scale_out(servers, sites, postmaster, duration).await else { return };
        if servers == 1 {
            one_server = Some(line.writes_per_sec);
        }
        let speedup = one_server.map_or_else(String::new, |one| format!(" ({:.2}x one)", line.writes_per_sec / one));
        let what = format!("{} server(s), {} site(s){speedup}", line.servers, line.sites);
        println!(
            "| {:<44} | {:>10.0} | {:>8} | {:>9} | {:>14} | {:>6} | {} |",
            what,
            line.writes_per_sec,
            ms(line.p99_ms),
            line.deadlocks,
            line.failed_commits,
            line.errors,
            cpu_columns(&line.cpu)
        );
    }
}

/// The CPU columns of a line: µs per write (server, PostgreSQL, load generator, all), the ceiling, busy/ours.
fn cpu_columns(cpu: &CpuPerWrite) -> String {
    let pct = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.0}%"));
    format!(
        "{:>6} | {:>6} | {:>6} | {:>6} | {:>8} | {:>9}",
        us(cpu.server_us),
        us(cpu.postgres_us),
        us(cpu.load_us),
        us(cpu.total_us()),
        us(cpu.ceiling()),
        format!("{}/{}", pct(cpu.machine_busy_pct), pct(cpu.ours_pct))
    )
}

/// `/proc/loadavg`'s 1, 5 and 15 minute averages (other people's work on the machine shows there).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// `servers` `consent serve` processes on one new PostgreSQL database with `sites` sites, loaded flat out over
/// [`SCALE_OUT_CONNECTIONS`] connections, each request for a site drawn round-robin: writes/s, p99, PostgreSQL's
/// deadlock count for the database, the group commits the servers report as failed (`/metrics`), and the CPU time
/// per write of the servers, PostgreSQL's processes and the load generator.
async fn scale_out(servers: usize, sites: usize, postmaster: Option<u32>, duration: Duration) -> Option<ScaleOut> {
    let url = postgres_database(&format!("scale_{servers}_{sites}")).await?;
    let names = site_names(sites);
    seed_sites(&url, &names).await;
    let writers = commit_writers_setting();
    let extra: Vec<&str> = writers.iter().flat_map(|n| ["--commit-writers", n.as_str()]).collect();
    let processes: Vec<ServerProcess> =
        (0..servers).map(|_| ServerProcess::start(Path::new(BIN), &url, &extra)).collect();
    let addrs: Vec<SocketAddr> = processes.iter().map(|p| p.addr).collect();
    let deadlocks_before = deadlocks(&url).await;
    // Warm-up: every server's connections and prepared statements.
    let _ = closed_loop(&addrs, &names, 16, Duration::from_millis(500)).await;
    let measured = cpu::Processes { servers: processes.iter().map(ServerProcess::pid).collect(), postmaster };
    let before = measured.snapshot();
    let (rate, latencies, errors) = closed_loop(&addrs, &names, SCALE_OUT_CONNECTIONS, duration).await;
    let cpu = CpuPerWrite::between(&before, &measured.snapshot(), latencies.len());
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
        cpu,
    })
}

/// `BENCH_COMMIT_WRITERS`, passed to every server as `--commit-writers` (unset: the server's default), so that one
/// build can be measured with one writer per server (how appends were written before several writers shared a queue)
/// and with several.
fn commit_writers_setting() -> Option<String> {
    std::env::var("BENCH_COMMIT_WRITERS").ok().filter(|n| !n.is_empty())
}

/// `count` site ids: the demo site, then `shop-001`, `shop-002` ….
pub fn site_names(count: usize) -> Vec<String> {
    (0..count).map(|i| if i == 0 { "demo-shop".to_owned() } else { format!("shop-{i:03}") }).collect()
}

/// Stores the demo config under each of `names` (the site id changed), before the servers start and load them.
pub async fn seed_sites(url: &str, names: &[String]) {
    let store = Store::connect(url).await.expect("opening the scale-out database");
    let demo = std::fs::read_to_string(server_process::DEMO_CONFIG_PATH).expect("reading the demo config");
    for name in names {
        let mut config: serde_json::Value = serde_json::from_str(&demo).expect("the demo config is JSON");
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

/// PostgreSQL's count of deadlocks detected in the database of `url`.
async fn deadlocks(url: &str) -> i64 {
    use sqlx::Connection as _;
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
