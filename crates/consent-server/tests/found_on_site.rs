//! `GET /v1/sites/{site}/found-trackers` (admin): the trackers auto-blocking held on the site's pages that its config
//! does not name, counted from the records' `found_trackers`, for the console's "Found on your site"; on SQLite and
//! PostgreSQL.

mod backend;

use axum::http::StatusCode;
use backend::{admin, get, json, post_json, send, submission_n, text, TestDb};
use serde_json::{json, Value};

/// A record whose page held `found` (name, category, hosts, decision).
fn with_found(n: u64, found: &[(&str, &str, &[&str], &str)]) -> Value {
    let mut body = submission_n(n);
    body["found_trackers"] = found
        .iter()
        .map(|(name, category, hosts, decision)| {
            json!({"name": name, "category": category, "hosts": hosts, "decision": decision})
        })
        .collect();
    body
}

async fn the_trackers_visitors_pages_held_are_counted_most_met_first(db: TestDb) {
    let app = db.admin_app().await;
    // The demo submission grants analytics and denies marketing; the third visitor denied analytics too.
    let mut refused_analytics = with_found(3, &[("Hotjar", "analytics", &["static.hotjar.com"], "denied")]);
    refused_analytics["decisions"]["analytics"] = json!("denied");
    refused_analytics["services"]["demo-analytics"] = json!("denied");
    let posts = [
        with_found(1, &[("Hotjar", "analytics", &["static.hotjar.com"], "granted")]),
        with_found(
            2,
            &[
                ("Hotjar", "analytics", &["script.hotjar.com"], "granted"),
                ("Taboola", "marketing", &["cdn.taboola.com"], "denied"),
            ],
        ),
        refused_analytics,
        with_found(4, &[]),
        submission_n(5),
    ];
    for body in &posts {
        let response = send(app.clone(), post_json(body)).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{}", text(response).await);
    }
    let answer = json(send(app.clone(), admin("GET", "/v1/sites/demo-shop/found-trackers", "")).await).await;
    assert_eq!(answer["site"], "demo-shop");
    let trackers = answer["trackers"].as_array().unwrap();
    assert_eq!(trackers.len(), 2, "{answer}");
    assert_eq!(trackers[0]["name"], "Hotjar");
    assert_eq!((trackers[0]["decisions"].as_u64(), trackers[0]["granted"].as_u64()), (Some(3), Some(2)));
    assert_eq!(trackers[0]["hosts"], json!(["script.hotjar.com", "static.hotjar.com"]));
    assert_eq!((trackers[1]["name"].as_str(), trackers[1]["category"].as_str()), (Some("Taboola"), Some("marketing")));
    assert!(trackers[1]["last_seen_ms"].as_i64().unwrap() > 0);
}

async fn it_needs_the_admin_token_and_names_a_bad_range(db: TestDb) {
    let app = db.admin_app().await;
    assert_eq!(send(app.clone(), get("/v1/sites/demo-shop/found-trackers")).await.status(), StatusCode::UNAUTHORIZED);
    for days in ["0", "400", "week"] {
        let response =
            send(app.clone(), admin("GET", &format!("/v1/sites/demo-shop/found-trackers?days={days}"), "")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{days}");
        assert!(text(response).await.contains("days"), "{days}");
    }
    let unknown = send(app.clone(), admin("GET", "/v1/sites/no-such-shop/found-trackers", "")).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let none = json(send(app, admin("GET", "/v1/sites/demo-shop/found-trackers?days=7", "")).await).await;
    assert_eq!(none["trackers"], json!([]), "a site whose pages held nothing unlisted");
}

for_each_backend!(
    the_trackers_visitors_pages_held_are_counted_most_met_first,
    it_needs_the_admin_token_and_names_a_bad_range,
);
