//! Fresh, empty consent logs for tests: a new SQLite file, or a new PostgreSQL database on the server named by
//! `TEST_DATABASE_URL` (which `scripts/with-postgres` provides).

#![allow(dead_code)] // each test binary uses a different part of this module

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{header, Request, Response};
use axum::Router;
use consent_core::SiteConfig;
pub use consent_server::fixture::consent_id;
use consent_server::{app, AdminToken, AppState, RateLimits, ServerOptions, Store};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sqlx::Connection;
use tower::ServiceExt;

pub mod tcf;

/// The demo site's real config, so tests check what a visitor of the demo would get.
pub const DEMO_CONFIG: &str = include_str!("../../../../demo/consent.json");

/// The admin token of [`TestDb::admin_app`].
pub const TOKEN: &str = "test-admin-token-0123456789";

/// A consent id, and a second one for a replacing record.
pub const ID: &str = "3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f";
pub const ID2: &str = "9b1d3c5e-7f9a-4b2c-9d4e-6f8a0b2c4d6e";
pub const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

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

    /// The endpoint's router on this log with the demo config given at start-up ([`AppState::new`]), serving no
    /// files, with the default options.
    pub async fn app(&self) -> Router {
        let config = SiteConfig::from_json(DEMO_CONFIG).expect("the demo config is valid");
        let empty = no_files();
        app(AppState::new(config, self.store().await, empty.clone(), empty))
    }

    /// The endpoint as `consent serve` runs it: the demo config stored in the database, the admin API on (with
    /// [`TOKEN`]), `https://shop.example` allowed, and no rate limits (tests send bursts).
    pub async fn admin_app(&self) -> Router {
        app(self.admin_state().await)
    }

    /// The state behind [`TestDb::admin_app`].
    pub async fn admin_state(&self) -> AppState {
        let options = ServerOptions {
            admin_token: Some(AdminToken::new(TOKEN).unwrap()),
            rate_limits: RateLimits::OFF,
            ..ServerOptions::new(no_files(), no_files())
        };
        self.open_state(options).await
    }

    /// The state of a server with `options` that stores the demo config and allows `https://shop.example`.
    pub async fn open_state(&self, options: ServerOptions) -> AppState {
        let config = SiteConfig::from_json(DEMO_CONFIG).expect("the demo config is valid");
        let origins = vec![consent_server::Origin::parse("https://shop.example").unwrap()];
        AppState::open(self.store().await, Some((config, Some(origins))), options).await.expect("opening the state")
    }

    /// Runs raw SQL on the log, as someone with database access would (to tamper with it).
    pub async fn execute(&self, sql: &str) {
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(&self.url).await.expect("connecting");
        sqlx::raw_sql(sql).execute(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        conn.close().await.ok();
    }
}

fn no_files() -> std::path::PathBuf {
    std::env::temp_dir().join("consent-server-tests-no-files")
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

/// A valid submission for the demo config, as the banner sends it.
pub fn submission() -> Value {
    json!({
        "consent_id": ID,
        "site": "demo-shop",
        "action": "custom",
        "decisions": {"necessary": "granted", "analytics": "granted", "marketing": "denied"},
        "services": {"demo-analytics": "granted", "demo-ads": "denied", "demo-video": "denied"},
        "config_revision": 1,
        "config_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "locale": "en-GB",
        "ui_layer": "preferences",
        "page_url": "https://shop.example/cart?email=visitor@mail.example#basket",
        "gpc": true,
        "decided_at_ms": 1764000000000u64,
        "expires_at_ms": 1779000000000u64,
        "banner_version": "0.1.0"
    })
}

/// A valid submission with consent id number `n` (a UUID made from it).
pub fn submission_n(n: u64) -> Value {
    let mut body = submission();
    body["consent_id"] = json!(consent_id(n));
    body
}

/// `POST /v1/consents` with this body and content type, from Firefox.
pub fn post(body: impl Into<Body>, content_type: &str) -> Request<Body> {
    Request::post("/v1/consents")
        .header(header::CONTENT_TYPE, content_type)
        .header(header::USER_AGENT, FIREFOX)
        .body(body.into())
        .expect("a valid request")
}

/// `POST /v1/consents` with this JSON body.
pub fn post_json(body: &Value) -> Request<Body> {
    post(body.to_string(), "application/json")
}

/// A `GET` request.
pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("a valid request")
}

/// A request carrying the admin token.
pub fn admin(method: &str, uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .expect("a valid request")
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
pub async fn json(response: Response<Body>) -> Value {
    let body = text(response).await;
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("expected JSON, got {body:?}: {e}"))
}

/// Runs every listed async test once per backend: `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! for_each_backend {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::backend::sqlite().await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::backend::postgres().await).await
                }
            )*
        }
    };
}
