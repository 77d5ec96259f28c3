//! The trackers a visitor decided about without the site's config naming them (auto-blocking held them, the
//! preferences listed them) are part of the proof of consent: stored with the record, covered by its hash, shown by
//! the lookup, and refused with the field named when they contradict the record's own decisions.

mod backend;

use axum::http::StatusCode;
use backend::{get, json, post_json, send, submission, TestDb, ID};
use serde_json::{json, Value};

/// The demo submission (analytics granted, marketing denied) with what the preferences listed as found on the page.
fn with_found_trackers() -> Value {
    let mut body = submission();
    body["found_trackers"] = json!([
        {"name": "Hotjar", "category": "analytics", "hosts": ["static.hotjar.com"], "decision": "granted"},
        {"name": "TikTok", "category": "marketing", "hosts": ["analytics.tiktok.com"], "decision": "denied"},
        {"name": "Google Tag Manager", "category": "*", "hosts": ["www.googletagmanager.com"], "decision": "denied"}
    ]);
    body
}

async fn found_trackers_are_stored_with_the_record_and_covered_by_its_hash(db: TestDb) {
    assert_eq!(send(db.app().await, post_json(&with_found_trackers())).await.status(), StatusCode::CREATED);
    let logged = db.store().await.get_logged(ID).await.unwrap().expect("the record is stored");
    let stored: Value = serde_json::from_str(&logged.row.found_trackers).unwrap();
    assert_eq!(stored, with_found_trackers()["found_trackers"]);
    assert!(logged.hash_matches());
    let mut without = logged.clone();
    without.row.found_trackers = consent_server::row::NO_FOUND_TRACKERS.into();
    assert!(!without.hash_matches(), "dropping the found trackers must break the record's hash");
}

async fn the_lookup_shows_the_found_trackers_as_json(db: TestDb) {
    let app = db.app().await;
    send(app.clone(), post_json(&with_found_trackers())).await;
    let latest = json(send(app, get(&format!("/v1/consents/{ID}"))).await).await;
    assert_eq!(latest["record"]["found_trackers"][0]["name"], "Hotjar", "{latest}");
    assert_eq!(latest["record"]["found_trackers"][2]["category"], "*", "{latest}");
}

async fn a_record_without_found_trackers_stores_an_empty_list(db: TestDb) {
    assert_eq!(send(db.app().await, post_json(&submission())).await.status(), StatusCode::CREATED);
    let logged = db.store().await.get_logged(ID).await.unwrap().unwrap();
    assert_eq!(logged.row.found_trackers, "[]");
    assert!(logged.hash_matches());
}

async fn a_found_tracker_released_against_its_category_is_a_422_naming_it(db: TestDb) {
    let mut body = with_found_trackers();
    body["found_trackers"][1]["decision"] = json!("granted");
    body["found_trackers"][0]["hosts"][0] = json!("<script>");
    let response = send(db.app().await, post_json(&body)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = json(response).await;
    assert_eq!(error["fields"][0]["path"], "found_trackers[0].hosts[0]", "{error}");
    body["found_trackers"][0]["hosts"][0] = json!("static.hotjar.com");
    let response = send(db.app().await, post_json(&body)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = json(response).await;
    assert_eq!(error["fields"][0]["path"], "found_trackers[1].decision", "{error}");
    assert!(error["fields"][0]["reason"].as_str().unwrap().contains("must be 'denied'"), "{error}");
    assert_eq!(db.store().await.count().await.unwrap(), 0);
}

for_each_backend!(
    found_trackers_are_stored_with_the_record_and_covered_by_its_hash,
    the_lookup_shows_the_found_trackers_as_json,
    a_record_without_found_trackers_stores_an_empty_list,
    a_found_tracker_released_against_its_category_is_a_422_naming_it,
);
