//! Several servers on one database: their writers interleave, but each site's chain stays one chain, with no gap and
//! no fork. On SQLite (two processes' worth of connections on one file) and PostgreSQL (the scale-out deployment).

mod backend;

use axum::http::StatusCode;
use backend::{post_json, send, submission_n, TestDb};
use consent_server::chain::verify::verify_site;
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
