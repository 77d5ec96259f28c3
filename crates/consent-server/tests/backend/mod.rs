//! Fresh, empty consent logs for tests: a new SQLite file, or a new PostgreSQL database on the server named by
//! `TEST_DATABASE_URL` (which `scripts/with-postgres` provides).

#![allow(dead_code)] // each test binary uses a different part of this module

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{Request, Response};
use axum::Router;
use consent_core::SiteConfig;
use consent_server::{app, AppState, Store};
use http_body_util::BodyExt;
use sqlx::Connection;
use tower::ServiceExt;

/// The demo site's real config, so tests check what a visitor of the demo would get.
pub const DEMO_CONFIG: &str = include_str!("../../../../demo/consent.json");

/// An empty consent log that lives as long as this value.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A new connection to the same log, as another process (or the server after a restart) would open it.
    pub async fn store(&self) -> Store {
        Store::connect(&self.url).await.expect("connecting to the test database")
    }

    /// The endpoint's router on this log with the demo config, serving no files.
    pub async fn app(&self) -> Router {
        let config = SiteConfig::from_json(DEMO_CONFIG).expect("the demo config is valid");
        let empty = std::env::temp_dir().join("consent-server-tests-no-files");
        app(AppState::new(config, self.store().await, empty.clone(), empty))
    }
}

/// A log in a new SQLite file in a temporary directory.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("creating a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("consent.db").display());
    TestDb { url, _dir: Some(dir) }
}

/// A log in a new database on the PostgreSQL server named by `TEST_DATABASE_URL`.
///
/// Panics if the variable is unset: a PostgreSQL test that passes without PostgreSQL would hide the half of the
/// storage promise that production deployments rely on.
pub async fn postgres() -> TestDb {
    let server = std::env::var("TEST_DATABASE_URL").unwrap_or_default();
    assert!(
        !server.is_empty(),
        "TEST_DATABASE_URL is not set: run the tests through scripts/with-postgres (the README's test command does)"
    );
    sqlx::any::install_default_drivers();
    let name = unique_database_name();
    let mut admin = sqlx::AnyConnection::connect(&server).await.expect("connecting to TEST_DATABASE_URL");
    sqlx::raw_sql(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("creating a test database");
    admin.close().await.ok();
    TestDb { url: with_database(&server, &name), _dir: None }
}

fn unique_database_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or_default();
    format!("t_{}_{}_{}", std::process::id(), nanos, NEXT.fetch_add(1, Ordering::Relaxed))
}

/// `url` with its database name replaced by `name`, keeping credentials, host and query.
fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("TEST_DATABASE_URL must look like postgres://host/db");
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, format!("?{query}")),
        None => (rest, String::new()),
    };
    let authority = before_query.split('/').next().unwrap_or(before_query);
    format!("{scheme}://{authority}/{name}{query}")
}

/// Sends one request through the router, as a client would, without a socket.
pub async fn send(app: Router, request: Request<Body>) -> Response<Body> {
    app.oneshot(request).await.expect("the router never fails")
}

/// The body of a response as text.
pub async fn text(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.expect("reading the response body").to_bytes();
    String::from_utf8(bytes.to_vec()).expect("a UTF-8 body")
}

/// The body of a response as JSON.
pub async fn json(response: Response<Body>) -> serde_json::Value {
    let body = text(response).await;
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("expected JSON, got {body:?}: {e}"))
}
