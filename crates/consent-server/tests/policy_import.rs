//! `POST /v1/policy/import`: the console's Policy card imports a pasted or uploaded policy through the admin API and
//! gets what `consent policy import` prints; bad input is a 400 naming the field, and a console session must carry
//! its CSRF token. On SQLite and PostgreSQL (sessions live in the store).

mod backend;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use backend::{admin, json, send, TestDb, TOKEN};
use consent_server::routes::policy_import::MAX_POLICY_BODY_BYTES;
use serde_json::{json, Value};

const NOTICE: &str = include_str!("../../consent-policy-import/tests/fixtures/cookie-notice.md");

fn import(body: &Value) -> Request<Body> {
    admin("POST", "/v1/policy/import", body.to_string())
}

async fn a_markdown_policy_is_answered_with_its_sections_tracking_and_suggested_categories(db: TestDb) {
    let response = send(db.admin_app().await, import(&json!({"text": NOTICE, "format": "markdown"}))).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let report = json(response).await;
    assert_eq!(report["title"], "Cookie Notice", "{report}");
    let headings: Vec<&str> =
        report["sections"].as_array().unwrap().iter().filter_map(|s| s["heading"].as_str()).collect();
    assert_eq!(headings, ["What we use", "Your choices"]);
    assert_eq!(report["tracking"][0]["technology"], "cookies", "{report}");
    let suggested = report["suggested_categories"].as_array().unwrap();
    assert!(suggested.contains(&json!("analytics")) && suggested.contains(&json!("social_media")), "{report}");
}

async fn an_unknown_format_or_an_empty_text_is_a_400_naming_the_field(db: TestDb) {
    let app = db.admin_app().await;
    let response = send(app.clone(), import(&json!({"text": NOTICE, "format": "pdf"}))).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(response).await["fields"][0]["path"], "format");
    let response = send(app.clone(), import(&json!({"text": " \n ", "format": "text"}))).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error = json(response).await;
    assert_eq!(error["fields"][0]["path"], "text", "{error}");
    assert!(error["fields"][0]["reason"].as_str().unwrap().contains("empty"), "{error}");
    let response = send(app, import(&json!({"format": "text"}))).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(response).await["fields"][0]["path"], "text");
}

async fn a_body_over_the_limit_is_a_413(db: TestDb) {
    let text = "a".repeat(MAX_POLICY_BODY_BYTES + 1);
    let response = send(db.admin_app().await, import(&json!({"text": text, "format": "text"}))).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

async fn without_the_token_or_the_sessions_csrf_token_it_is_refused(db: TestDb) {
    let app = db.admin_app().await;
    let body = json!({"text": NOTICE, "format": "markdown"}).to_string();
    let anonymous = Request::post("/v1/policy/import")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.clone()))
        .unwrap();
    assert_eq!(send(app.clone(), anonymous).await.status(), StatusCode::UNAUTHORIZED);

    let sign_in = Request::post("/v1/admin/session")
        .header(header::HOST, "127.0.0.1")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "token": TOKEN }).to_string()))
        .unwrap();
    let response = send(app.clone(), sign_in).await;
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let csrf = json(response).await["csrf_token"].as_str().unwrap().to_owned();
    let with_session = |csrf: Option<&str>| {
        let mut builder = Request::post("/v1/policy/import")
            .header(header::HOST, "127.0.0.1")
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(csrf) = csrf {
            builder = builder.header("x-csrf-token", csrf);
        }
        builder.body(Body::from(body.clone())).unwrap()
    };
    assert_eq!(send(app.clone(), with_session(None)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(send(app, with_session(Some(&csrf))).await.status(), StatusCode::OK);
}

for_each_backend!(
    a_markdown_policy_is_answered_with_its_sections_tracking_and_suggested_categories,
    an_unknown_format_or_an_empty_text_is_a_400_naming_the_field,
    a_body_over_the_limit_is_a_413,
    without_the_token_or_the_sessions_csrf_token_it_is_refused,
);
