//! `kill -9` of one of several `consent serve` processes on one database while all of them take load, and the audit
//! afterwards: is every consent that was acknowledged (`201`) in the log, and does every site's chain verify? Shared
//! by the crash test (small scale) and `scripts/bench-endpoint` (full scale), so both judge the same way.

#![allow(dead_code)] // the crash test and the benchmark use different parts

use std::collections::HashSet;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use consent_server::fixture::consent_id;
use sqlx::Connection as _;

use crate::raw_http::{consent_body_for, Connection};
use crate::server_process::ServerProcess;

/// What the load saw: the ids acknowledged with `201`, and the answers that were neither `201` nor a dropped
/// connection (a survivor refusing work is a failure too).
pub struct Load {
    pub acknowledged: Vec<String>,
    pub refused: Vec<String>,
}

/// When to kill: once `acknowledged` consents got their `201`, or `elapsed` passed, whichever comes first.
pub struct KillAt {
    pub acknowledged: usize,
    pub elapsed: Duration,
}

/// Loads every server over `connections` keep-alive connections (connection i to server i mod n, consent k for site
/// k mod sites, ids from `first_id` on) until `kill_at`, SIGKILLs `servers[0]` with requests in flight, keeps the
/// survivors loaded for `after`, and returns what was acknowledged.
pub async fn load_and_kill(
    servers: &mut [ServerProcess],
    sites: &[String],
    connections: usize,
    first_id: u64,
    kill_at: KillAt,
    after: Duration,
) -> Load {
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let refused = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let next_id = Arc::new(AtomicU64::new(first_id));
    let writers: Vec<_> = (0..connections)
        .map(|i| {
            let addr = servers[i % servers.len()].addr;
            let (acknowledged, refused, stop, next_id) =
                (acknowledged.clone(), refused.clone(), stop.clone(), next_id.clone());
            let sites = sites.to_vec();
            tokio::spawn(async move {
                let Ok(mut connection) = Connection::open(addr).await else { return };
                while !stop.load(Ordering::Relaxed) {
                    let n = next_id.fetch_add(1, Ordering::Relaxed);
                    let body = consent_body_for(n, &sites[(n % sites.len() as u64) as usize]);
                    match connection.post_json("/v1/consents", &body).await {
                        Ok(response) if response.status == 201 => acknowledged.lock().unwrap().push(consent_id(n)),
                        Ok(response) => refused.lock().unwrap().push(format!(
                            "{} to {addr}: {} {}",
                            consent_id(n),
                            response.status,
                            String::from_utf8_lossy(&response.body)
                        )),
                        // The server is gone: this last request may or may not be stored, but it was never
                        // acknowledged, so nothing was promised.
                        Err(_) => return,
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < kill_at.acknowledged && started.elapsed() < kill_at.elapsed {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    servers[0].kill_hard();
    tokio::time::sleep(after).await;
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.await.expect("a writer panicked");
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let refused = refused.lock().unwrap().clone();
    Load { acknowledged, refused }
}

/// The acknowledged ids that are not in the log of `database_url`, read in one query.
pub async fn missing(database_url: &str, acknowledged: &[String]) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let mut connection = sqlx::AnyConnection::connect(database_url).await.expect("connecting to the log");
    let stored: HashSet<String> = sqlx::query_as::<_, (String,)>("SELECT consent_id FROM consent_records")
        .fetch_all(&mut connection)
        .await
        .expect("reading the logged consent ids")
        .into_iter()
        .map(|(id,)| id)
        .collect();
    acknowledged.iter().filter(|id| !stored.contains(*id)).cloned().collect()
}

/// `consent log verify` on every site of `database_url`: whether all chains are intact, and its report.
pub fn verify(binary: &str, database_url: &str) -> (bool, String) {
    let output = Command::new(binary)
        .args(["log", "verify", "--database", database_url])
        .output()
        .expect("running consent log verify");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), report.trim_end().to_owned())
}
