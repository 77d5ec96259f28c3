//! The durability promise, tested the hard way: the real `consent serve` under concurrent writers is killed with
//! SIGKILL mid-load and restarted; every consent that got a `201` must be in the log, and the chain must verify.

mod backend;
mod kill_under_load;
mod raw_http;
mod server_process;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use consent_server::fixture::consent_id;
use raw_http::{consent_body, Connection};
use server_process::ServerProcess;

const BIN: &str = env!("CARGO_BIN_EXE_consent");
const WRITERS: u64 = 16;

/// Loads the server with `WRITERS` connections until it dies; returns the ids it acknowledged with `201`.
async fn load_until_killed(server: &mut ServerProcess) -> Vec<String> {
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let addr = server.addr;
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let acknowledged = acknowledged.clone();
            tokio::spawn(async move {
                let Ok(mut connection) = Connection::open(addr).await else { return };
                for n in (writer..).step_by(WRITERS as usize) {
                    match connection.post_json("/v1/consents", &consent_body(n + 1)).await {
                        Ok(response) if response.status == 201 => {
                            acknowledged.lock().unwrap().push(consent_id(n + 1));
                        }
                        Ok(response) => {
                            panic!("consent {n}: {} {}", response.status, String::from_utf8_lossy(&response.body))
                        }
                        // The server is gone: this writer's last request may or may not be stored, but it was never
                        // acknowledged, so nothing was promised.
                        Err(_) => return,
                    }
                }
            })
        })
        .collect();
    // Kill once the load is well under way, with requests in flight on every connection.
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < 300 && started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill_hard();
    for writer in writers {
        writer.await.expect("a writer panicked");
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    acknowledged
}

fn verify(database_url: &str) -> (bool, String) {
    kill_under_load::verify(BIN, database_url)
}

async fn every_acknowledged_consent_survives_a_kill_9(db: backend::TestDb) {
    let mut server = ServerProcess::start(Path::new(BIN), &db.url, &[]);
    let acknowledged = load_until_killed(&mut server).await;
    assert!(acknowledged.len() >= 300, "the load never got going: {} acknowledged", acknowledged.len());

    let store = db.store().await;
    let mut missing = Vec::new();
    for id in &acknowledged {
        if store.get(id).await.unwrap().is_none() {
            missing.push(id.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged consents were lost: {missing:?}",
        missing.len(),
        acknowledged.len()
    );
    let (intact, report) = verify(&db.url);
    assert!(intact, "{report}");
    let stored = store.count().await.unwrap();
    println!(
        "crash test: {} acknowledged, {stored} stored (in flight at the kill: {})",
        acknowledged.len(),
        stored - acknowledged.len() as i64
    );

    // Restarted, the server continues the same chain.
    let server = ServerProcess::start(Path::new(BIN), &db.url, &[]);
    let mut connection = Connection::open(server.addr).await.unwrap();
    let response = connection.post_json("/v1/consents", &consent_body(1_000_000)).await.unwrap();
    assert_eq!(response.status, 201, "{}", String::from_utf8_lossy(&response.body));
    let receipt: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(receipt["seq"].as_i64(), Some(stored + 1));
    drop(server);
    let (intact, report) = verify(&db.url);
    assert!(intact, "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_every_acknowledged_consent_survives_a_kill_9() {
    every_acknowledged_consent_survives_a_kill_9(backend::sqlite().await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_every_acknowledged_consent_survives_a_kill_9() {
    every_acknowledged_consent_survives_a_kill_9(backend::postgres().await).await
}

/// Two servers on one PostgreSQL database share the load on one site's chain; one is SIGKILLed mid-load while the
/// other goes on. Every consent either server acknowledged must be in the log, the survivor must refuse nothing, and
/// the chain must verify.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_kill_9_of_one_of_two_servers_loses_no_acknowledged_consent() {
    let db = backend::postgres().await;
    let mut servers: Vec<ServerProcess> = (0..2).map(|_| ServerProcess::start(Path::new(BIN), &db.url, &[])).collect();
    let sites = vec!["demo-shop".to_owned()];
    let kill_at = kill_under_load::KillAt { acknowledged: 400, elapsed: Duration::from_secs(20) };
    let load = kill_under_load::load_and_kill(&mut servers, &sites, 16, 1, kill_at, Duration::from_millis(500)).await;
    drop(servers);
    assert!(load.acknowledged.len() >= 400, "the load never got going: {} acknowledged", load.acknowledged.len());
    assert!(load.refused.is_empty(), "a server refused consents: {:?}", load.refused);
    let missing = kill_under_load::missing(&db.url, &load.acknowledged).await;
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged consents were lost: {missing:?}",
        missing.len(),
        load.acknowledged.len()
    );
    let (intact, report) = verify(&db.url);
    assert!(intact, "{report}");
    println!("two servers, one killed: {} acknowledged, all stored; {report}", load.acknowledged.len());
}
