//! Signing in to the console: the admin token exchanged for a session cookie (`HttpOnly`, `SameSite=Strict`,
//! `Secure` off loopback, expiring), a CSRF token on every change, and a sign-out that ends the session; on SQLite and
//! PostgreSQL.

mod backend;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use backend::{json, send, TestDb, TOKEN};
use consent_server::{app, AdminToken, RateLimits, ServerOptions};
use serde_json::json;

/// A request as a browser on `host` sends it, with the session cookie when given.
fn request(
    method: &str,
    uri: &str,
    host: &str,
    session: Option<&str>,
    csrf: Option<&str>,
    body: &str,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri).header(header::HOST, host);
    if let Some(id) = session {
        builder = builder.header(header::COOKIE, format!("theme=dark; consent_admin_session={id}"));
    }
    if let Some(csrf) = csrf {
        builder = builder.header("x-csrf-token", csrf);
    }
    if !body.is_empty() {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

/// Signs in on `host`: the `Set-Cookie` header, the session id in it, and the CSRF token answered.
async fn sign_in(app: &Router, host: &str) -> (String, String, String) {
    let body = json!({ "token": TOKEN }).to_string();
    let response = send(app.clone(), request("POST", "/v1/admin/session", host, None, None, &body)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let set_cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let id = set_cookie.split(';').next().unwrap().trim_start_matches("consent_admin_session=").to_owned();
    let csrf = json(response).await["csrf_token"].as_str().unwrap().to_owned();
    (set_cookie, id, csrf)
}

async fn a_wrong_token_gets_no_session(db: TestDb) {
    let app = db.admin_app().await;
    let body = json!({ "token": "not-the-admin-token-at-all" }).to_string();
    let response = send(app.clone(), request("POST", "/v1/admin/session", "console.example", None, None, &body)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    // A body that is not a sign-in names the field.
    let response = send(app, request("POST", "/v1/admin/session", "console.example", None, None, "{}")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(json(response).await["error"].as_str().unwrap().contains("token"));
}

async fn the_session_cookie_cannot_be_read_by_scripts_sent_by_other_sites_or_sent_in_clear(db: TestDb) {
    let app = db.admin_app().await;
    let (cookie, id, csrf) = sign_in(&app, "console.example").await;
    for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/", "Max-Age=28800"] {
        assert!(cookie.split("; ").any(|part| part == flag), "{flag} in {cookie}");
    }
    assert_eq!((id.len(), csrf.len()), (64, 64), "256 random bits each");
    assert_ne!(id, csrf);
    // The database keeps only the id's hash: reading it gives no one a session.
    let stored: Vec<String> = sqlx_rows(&db, "SELECT id_sha256 FROM admin_sessions").await;
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], id);

    // On this machine over plain HTTP, a Secure cookie would not come back: there it is left off, unless a proxy
    // says the request came over HTTPS.
    let (local, _, _) = sign_in(&app, "localhost:8080").await;
    assert!(!local.contains("Secure"), "{local}");
    let body = json!({ "token": TOKEN }).to_string();
    let mut proxied = request("POST", "/v1/admin/session", "127.0.0.1:8080", None, None, &body);
    proxied.headers_mut().insert("x-forwarded-proto", "https".parse().unwrap());
    let response = send(app, proxied).await;
    assert!(response.headers()[header::SET_COOKIE].to_str().unwrap().contains("; Secure"));
}

async fn a_session_reads_freely_but_changes_only_with_its_csrf_token(db: TestDb) {
    let app = db.admin_app().await;
    let host = "console.example";
    let (_, id, csrf) = sign_in(&app, host).await;
    let again = send(app.clone(), request("GET", "/v1/admin/session", host, Some(&id), None, "")).await;
    assert_eq!(json(again).await["csrf_token"], csrf.as_str(), "a reloaded console gets its CSRF token again");
    let stats = request("GET", "/v1/sites/demo-shop/stats", host, Some(&id), None, "");
    assert_eq!(send(app.clone(), stats).await.status(), StatusCode::OK);

    let origins = json!({ "origins": ["https://www.shop.example"] }).to_string();
    for csrf in [None, Some("0".repeat(64).as_str())] {
        let change = request("PUT", "/v1/sites/demo-shop/origins", host, Some(&id), csrf, &origins);
        let response = send(app.clone(), change).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "CSRF {csrf:?}");
        assert!(json(response).await["error"].as_str().unwrap().contains("X-CSRF-Token"));
    }
    let change = request("PUT", "/v1/sites/demo-shop/origins", host, Some(&id), Some(&csrf), &origins);
    assert_eq!(send(app.clone(), change).await.status(), StatusCode::OK);

    // No session, or one the server never gave: 401.
    for session in [None, Some("f".repeat(64))] {
        let stats = request("GET", "/v1/sites/demo-shop/stats", host, session.as_deref(), None, "");
        assert_eq!(send(app.clone(), stats).await.status(), StatusCode::UNAUTHORIZED);
    }
}

async fn signing_out_ends_the_session_everywhere(db: TestDb) {
    let app = db.admin_app().await;
    let host = "console.example";
    let (_, id, csrf) = sign_in(&app, host).await;
    // Another site cannot sign the console out: the sign-out is a change.
    let forged = send(app.clone(), request("DELETE", "/v1/admin/session", host, Some(&id), None, "")).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    let response = send(app.clone(), request("DELETE", "/v1/admin/session", host, Some(&id), Some(&csrf), "")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let cleared = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cleared.starts_with("consent_admin_session=;") && cleared.contains("Max-Age=0"), "{cleared}");
    // Another server on the same database (a new router on it) no longer knows the session either.
    let other_server = db.admin_app().await;
    for app in [app, other_server] {
        let session = send(app.clone(), request("GET", "/v1/admin/session", host, Some(&id), None, "")).await;
        assert_eq!(session.status(), StatusCode::UNAUTHORIZED);
        let stats = request("GET", "/v1/sites/demo-shop/stats", host, Some(&id), None, "");
        assert_eq!(send(app, stats).await.status(), StatusCode::UNAUTHORIZED);
    }
}

async fn a_session_expires(db: TestDb) {
    let options = ServerOptions {
        admin_token: Some(AdminToken::new(TOKEN).unwrap()),
        rate_limits: RateLimits::OFF,
        admin_session_ttl: Duration::from_millis(300),
        ..ServerOptions::new(std::env::temp_dir(), std::env::temp_dir())
    };
    let app = app(db.open_state(options).await);
    let (_, id, _) = sign_in(&app, "console.example").await;
    let stats = || request("GET", "/v1/sites/demo-shop/stats", "console.example", Some(&id), None, "");
    assert_eq!(send(app.clone(), stats()).await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(send(app, stats()).await.status(), StatusCode::UNAUTHORIZED);
}

async fn without_an_admin_token_there_is_no_console_to_sign_in_to(db: TestDb) {
    let body = json!({ "token": TOKEN }).to_string();
    let response =
        send(db.app().await, request("POST", "/v1/admin/session", "console.example", None, None, &body)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// The first column of every row `sql` selects, read as text.
async fn sqlx_rows(db: &TestDb, sql: &str) -> Vec<String> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(&mut conn).await.unwrap();
    rows.into_iter().map(|(value,)| value).collect()
}

for_each_backend!(
    a_wrong_token_gets_no_session,
    the_session_cookie_cannot_be_read_by_scripts_sent_by_other_sites_or_sent_in_clear,
    a_session_reads_freely_but_changes_only_with_its_csrf_token,
    signing_out_ends_the_session_everywhere,
    a_session_expires,
    without_an_admin_token_there_is_no_console_to_sign_in_to,
);
