//! The durability promise against the database itself: PostgreSQL is crashed (every process killed at once) while
//! `consent serve` is under concurrent load, then started again. Appends commit without waiting for the WAL flush
//! and each batch is made durable by its writer before anyone is answered (store/durable.rs): every consent that got
//! a `201` must be in the log after the crash, and every chain must verify after PostgreSQL's crash recovery (a
//! replayed WAL prefix must never leave a gap in a chain).
//!
//! What it cannot show: answering *before* the flush. Killing PostgreSQL's processes leaves the WAL they had written
//! in the operating system's cache, and the WAL writer writes async commits out within milliseconds, so a writer
//! that skipped its flush still passes here (tried: it passed twice, also with `wal_writer_delay=10s`). Only a crash
//! of the machine loses that cache; the flush's correctness rests on the argument in store/durable.rs.

mod kill_under_load;
mod pg_cluster;
mod raw_http;
mod server_process;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use consent_server::fixture::consent_id;
use pg_cluster::PgCluster;
use raw_http::{consent_body, Connection};
use server_process::ServerProcess;

const BIN: &str = env!("CARGO_BIN_EXE_consent");
const CONNECTIONS: u64 = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_crash_under_load_loses_no_acknowledged_consent() {
    let Some(cluster) = PgCluster::start() else {
        assert!(
            std::env::var("TEST_DATABASE_URL").is_err(),
            "PostgreSQL's server binaries are missing but TEST_DATABASE_URL is set: install the 'postgresql' package"
        );
        return;
    };
    let url = cluster.database("crash").await;
    let server = ServerProcess::start(Path::new(BIN), &url, &[]);

    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let next_id = Arc::new(AtomicU64::new(1));
    let loaders: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (acknowledged, stop, next_id) = (acknowledged.clone(), stop.clone(), next_id.clone());
            let addr = server.addr;
            tokio::spawn(async move {
                let mut connection = Connection::open(addr).await.expect("connecting to the server");
                while !stop.load(Ordering::Relaxed) {
                    let n = next_id.fetch_add(1, Ordering::Relaxed);
                    match connection.post_json("/v1/consents", &consent_body(n)).await {
                        Ok(response) if response.status == 201 => acknowledged.lock().unwrap().push(consent_id(n)),
                        // The database is down: refused, never acknowledged, so nothing was promised.
                        Ok(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                        Err(_) => match Connection::open(addr).await {
                            Ok(fresh) => connection = fresh,
                            Err(_) => return,
                        },
                    }
                }
            })
        })
        .collect();
    // Crash once the load is well under way, with batches in flight.
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < 1500 && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    cluster.crash();
    let at_crash = acknowledged.lock().unwrap().len();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for loader in loaders {
        loader.await.expect("a loader panicked");
    }
    drop(server);
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(at_crash >= 1500, "the load never got going: {at_crash} acknowledged");

    cluster.up();
    let missing = kill_under_load::missing(&url, &acknowledged).await;
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged consents were lost in the database crash: {:?}",
        missing.len(),
        acknowledged.len(),
        &missing[..missing.len().min(10)]
    );
    let (intact, report) = kill_under_load::verify(BIN, &url);
    assert!(intact, "{report}");
    println!("PostgreSQL crashed under load: {} acknowledged, all stored; {report}", acknowledged.len());
}
