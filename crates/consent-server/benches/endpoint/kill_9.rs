//! `kill -9` under multi-server load: 2 `consent serve` processes on one PostgreSQL database (fsync on) take load for
//! 100 sites, one is SIGKILLed half-way, the other goes on; then every acknowledged consent is looked up and every
//! site's chain verified with `consent log verify`.

use std::path::Path;
use std::time::Duration;

use crate::kill_under_load::{load_and_kill, missing, verify, KillAt};
use crate::scale_out::{seed_sites, site_names};
use crate::server_process::ServerProcess;
use crate::{postgres_database, BIN};

const SERVERS: usize = 2;
const SITES: usize = 100;
const CONNECTIONS: usize = 256;

/// Prints the run's figures (nothing without `TEST_DATABASE_URL`).
pub async fn print(duration: Duration) {
    let Some(url) = postgres_database("kill9").await else { return };
    let names = site_names(SITES);
    seed_sites(&url, &names).await;
    let mut servers: Vec<ServerProcess> =
        (0..SERVERS).map(|_| ServerProcess::start(Path::new(BIN), &url, &[])).collect();
    let half = duration / 2;
    let kill_at = KillAt { acknowledged: usize::MAX, elapsed: half };
    let load = load_and_kill(&mut servers, &names, CONNECTIONS, 1, kill_at, half).await;
    drop(servers);
    let missing = missing(&url, &load.acknowledged).await;
    let (intact, report) = verify(BIN, &url);
    let broken: Vec<&str> = report.lines().filter(|line| line.contains("BROKEN")).collect();
    println!();
    println!(
        "kill -9 under load on PostgreSQL: {SERVERS} servers, {SITES} sites, {CONNECTIONS} connections; one server \
         SIGKILLed after {:.1} s, the other loaded {:.1} s more.",
        half.as_secs_f64(),
        half.as_secs_f64()
    );
    println!(
        "acknowledged (201): {}, found in the log: {}, missing: {}, refused by a server: {}",
        load.acknowledged.len(),
        load.acknowledged.len() - missing.len(),
        missing.len(),
        load.refused.len()
    );
    for id in missing.iter().take(5) {
        println!("  missing: {id}");
    }
    for refusal in load.refused.iter().take(5) {
        println!("  refused: {refusal}");
    }
    if intact {
        println!("consent log verify: all {} chains intact", report.lines().filter(|l| l.contains(": intact")).count());
    } else {
        println!("consent log verify: {} chain(s) BROKEN", broken.len().max(1));
        for line in broken.iter().take(5) {
            println!("  {line}");
        }
        if broken.is_empty() {
            println!("  {report}");
        }
    }
}
