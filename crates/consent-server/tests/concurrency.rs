//! Several servers on one database: their writers interleave, but each site's chain stays one chain, with no gap and
//! no fork. On SQLite (two processes' worth of connections on one file) and PostgreSQL (the scale-out deployment).

mod backend;

use std::collections::BTreeMap;
use std::time::Duration;

use axum::http::StatusCode;
use backend::{post_json, send, submission_n, TestDb};
use consent_server::chain::verify::verify_site;
use consent_server::fixture::stored_row;
use consent_server::{CommitOptions, Inserted, Store, StoredRow};
use futures_util::future::join_all;
use serde_json::json;

const PER_SERVER: u64 = 150;

async fn two_servers_writing_at_once_keep_one_chain_per_site(db: TestDb) {
    let (first_state, second_state) = (db.admin_state().await, db.admin_state().await);
    let (first, second) = (consent_server::app(first_state.clone()), consent_server::app(second_state.clone()));
    // Half the records of each server go to a second site, so both chains grow at once on both servers.
    let mut config: serde_json::Value = serde_json::from_str(backend::DEMO_CONFIG).unwrap();
    config["site"] = json!("second-shop");
    let upload = backend::admin("PUT", "/v1/sites/second-shop/config", config.to_string());
    assert_eq!(send(first.clone(), upload).await.status(), StatusCode::OK);

    let requests = (0..2 * PER_SERVER).map(|n| {
        let app = if n % 2 == 0 { first.clone() } else { second.clone() };
        let mut body = submission_n(n + 1);
        if n % 4 < 2 {
            body["site"] = json!("second-shop");
        }
        tokio::spawn(async move { send(app, post_json(&body)).await.status() })
    });
    let statuses: Vec<StatusCode> = join_all(requests).await.into_iter().map(|joined| joined.unwrap()).collect();
    assert!(statuses.iter().all(|status| *status == StatusCode::CREATED), "{statuses:?}");
    // The chain lock serialises the writers: neither ever had to retry a group commit that collided with the other.
    for state in [&first_state, &second_state] {
        assert_eq!(state.store().writer_stats().failed_transactions(), 0);
    }

    let store = db.store().await;
    assert_eq!(store.count().await.unwrap(), (2 * PER_SERVER) as i64);
    for site in ["demo-shop", "second-shop"] {
        let summary =
            verify_site(&store, site, None).await.unwrap().unwrap_or_else(|broken| panic!("{site}: {broken}"));
        assert_eq!((summary.records, summary.last_seq), (PER_SERVER, PER_SERVER as i64), "{site}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_two_servers_writing_at_once_keep_one_chain_per_site() {
    two_servers_writing_at_once_keep_one_chain_per_site(backend::sqlite().await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_two_servers_writing_at_once_keep_one_chain_per_site() {
    two_servers_writing_at_once_keep_one_chain_per_site(backend::postgres().await).await
}

/// Servers and sites of the stress test: every server's group commits hold rows of many sites in arrival order.
const STRESS_SERVERS: usize = 4;
const STRESS_SITES: u64 = 12;
const STRESS_PER_SERVER: u64 = 300;

/// The rows each stress-test server is sent, in order: sites drawn by a fixed-seed xorshift, so every batch mixes sites
/// in a different order on every server.
fn stress_rows() -> Vec<Vec<StoredRow>> {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next_site = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % STRESS_SITES
    };
    (0..STRESS_SERVERS as u64)
        .map(|server| {
            (0..STRESS_PER_SERVER)
                .map(|n| StoredRow {
                    site: format!("site-{:02}", next_site()),
                    ..stored_row(server * STRESS_PER_SERVER + n + 1)
                })
                .collect()
        })
        .collect()
}

/// Regression test for the deadlock between two writers whose batches locked the heads of the same sites in opposite
/// orders: PostgreSQL aborted one of them, and its rows were committed again one by one. Here four servers take rows
/// of twelve sites at once, each batch mixing sites in its own order; no group commit may fail, and every chain holds
/// exactly the rows sent to its site.
async fn many_servers_and_sites_commit_every_batch_without_collision(db: TestDb) {
    // A short linger, so that batches hold many rows of many sites.
    let options = CommitOptions { linger: Duration::from_millis(5), max_batch: 64, ..CommitOptions::default() };
    let mut stores = Vec::new();
    for _ in 0..STRESS_SERVERS {
        stores.push(Store::connect_with(&db.url, options).await.expect("connecting a server's store"));
    }
    let rows = stress_rows();
    let mut per_site: BTreeMap<String, u64> = BTreeMap::new();
    let mut inserts = Vec::new();
    for (store, rows) in stores.iter().zip(rows) {
        for row in rows {
            *per_site.entry(row.site.clone()).or_default() += 1;
            let store = store.clone();
            inserts.push(tokio::spawn(async move { store.insert(row).await }));
        }
    }
    for joined in join_all(inserts).await {
        assert!(matches!(joined.unwrap(), Ok(Inserted::Stored(_))), "every row is stored once");
    }
    let failed: Vec<u64> = stores.iter().map(|store| store.writer_stats().failed_transactions()).collect();
    assert_eq!(failed, vec![0; STRESS_SERVERS], "failed group commits per server");

    for (site, sent) in per_site {
        let summary =
            verify_site(&stores[0], &site, None).await.unwrap().unwrap_or_else(|broken| panic!("{site}: {broken}"));
        assert_eq!((summary.records, summary.last_seq), (sent, sent as i64), "{site}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_many_servers_and_sites_commit_every_batch_without_collision() {
    many_servers_and_sites_commit_every_batch_without_collision(backend::sqlite().await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_many_servers_and_sites_commit_every_batch_without_collision() {
    many_servers_and_sites_commit_every_batch_without_collision(backend::postgres().await).await
}

/// Regression test for `consent log verify` crying tampering on a live log: it read the chain head, then the records,
/// and took those appended in between for records slotted in behind the head's back. Two servers append to two sites
/// while the log is verified again and again and their Merkle trees are grown; every verification must find the chain
/// and the stored tree intact.
async fn verification_while_servers_append_never_reports_a_break(db: TestDb) {
    const ROWS: u64 = 2_000;
    const BURST: u64 = 40;
    let stores = [db.store().await, db.store().await];
    let writing = tokio::spawn({
        let stores = stores.clone();
        async move {
            // Bursts one after the other, so that the log grows all through the verifications.
            for burst in 0..ROWS / BURST {
                let inserts = (0..BURST).map(|k| {
                    let n = burst * BURST + k + 1;
                    let store = stores[(n % 2) as usize].clone();
                    let site = if n.is_multiple_of(3) { "second-shop" } else { "demo-shop" };
                    tokio::spawn(async move { store.insert(StoredRow { site: site.into(), ..stored_row(n) }).await })
                });
                for joined in join_all(inserts).await {
                    assert!(matches!(joined.unwrap(), Ok(Inserted::Stored(_))));
                }
            }
        }
    });
    // Meanwhile the sites' Merkle trees are grown (as heads and proofs asked for by visitors grow them), so that
    // verification also recomputes a stored tree that moves under it.
    let growing = tokio::spawn({
        let store = stores[1].clone();
        let writing = writing.abort_handle();
        async move {
            while !writing.is_finished() {
                for site in ["demo-shop", "second-shop"] {
                    store.grow_tree(site).await.unwrap();
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    });
    let mut verified = 0;
    let mut false_alarms = Vec::new();
    while !writing.is_finished() {
        for site in ["demo-shop", "second-shop"] {
            match verify_site(&stores[0], site, None).await.unwrap() {
                Ok(_) => verified += 1,
                Err(broken) => false_alarms.push(format!("{site}: {broken}")),
            }
        }
    }
    writing.await.unwrap();
    growing.await.unwrap();
    assert!(verified >= 4, "the writes outlasted only {verified} verifications: the test proves nothing");
    assert_eq!(false_alarms, Vec::<String>::new(), "after {verified} intact verifications");
    let total: u64 = join_all(["demo-shop", "second-shop"].map(|site| verify_site(&stores[1], site, None)))
        .await
        .into_iter()
        .map(|verified| verified.unwrap().unwrap())
        .map(|summary| {
            assert!(summary.tree_size > 0, "no tree was grown and checked: {summary}");
            summary.records
        })
        .sum();
    assert_eq!(total, ROWS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_verification_while_servers_append_never_reports_a_break() {
    verification_while_servers_append_never_reports_a_break(backend::sqlite().await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_verification_while_servers_append_never_reports_a_break() {
    verification_while_servers_append_never_reports_a_break(backend::postgres().await).await
}
