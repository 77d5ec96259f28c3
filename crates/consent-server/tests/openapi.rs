//! The API description (`openapi.json`, served at `/openapi.json`) matches the routes the server has.

mod backend;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use backend::{get, json, send, text, TOKEN};
use serde_json::Value;

const DOCUMENT: &str = include_str!("../openapi.json");

fn document() -> Value {
    serde_json::from_str(DOCUMENT).expect("openapi.json is JSON")
}

#[tokio::test]
async fn the_served_description_is_the_shipped_file() {
    let db = backend::sqlite().await;
    let response = send(db.admin_app().await, get("/openapi.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    assert_eq!(text(response).await, DOCUMENT);
    assert_eq!(document()["openapi"], "3.1.0");
}

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let db = backend::sqlite().await;
    let app = db.admin_app().await;
    let doc = document();
    let paths = doc["paths"].as_object().unwrap();
    let mut checked = 0;
    for (path, item) in paths {
        let uri = path.replace("{site}", "demo-shop").replace("{consent_id}", backend::ID);
        for method in ["get", "put", "post", "options"].into_iter().filter(|m| item.get(*m).is_some()) {
            let request = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                .body(Body::empty())
                .unwrap();
            let response = send(app.clone(), request).await;
            let status = response.status();
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            if status == StatusCode::NOT_FOUND {
                let error = json(response).await["error"].as_str().unwrap_or_default().to_owned();
                assert!(!error.contains("no such API route"), "{method} {path} is documented but not routed");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 35);
}

#[test]
fn every_route_is_documented() {
    // The server's routes (lib.rs and routes/): keep this list and openapi.json in step.
    let routes = [
        "/v1/admin/session",
        "/v1/schema/config.json",
        "/v1/consents",
        "/v1/consents/{consent_id}",
        "/v1/consents/{consent_id}/proof",
        "/v1/sites",
        "/v1/sites/{site}/config",
        "/v1/sites/{site}/config/history",
        "/v1/sites/{site}/config/history/{config_sha256}",
        "/v1/sites/{site}/first-layer",
        "/v1/sites/{site}/first-layer/{file}",
        "/v1/sites/{site}/vendors/{file}",
        "/v1/sites/{site}/log/head",
        "/v1/sites/{site}/log/consistency",
        "/v1/sites/{site}/origins",
        "/v1/sites/{site}/consents",
        "/v1/sites/{site}/stats",
        "/v1/sites/{site}/dashboard",
        "/v1/sites/{site}/found-trackers",
        "/v1/admin/endpoint",
        "/v1/admin/gvl/vendors",
        "/v1/admin/gvl/disclosure",
        "/v1/admin/gvl/preview",
        "/v1/policy/import",
        "/v1/sites/{site}/purge",
        "/consent.json",
        "/healthz",
        "/metrics",
        "/openapi.json",
    ];
    let doc = document();
    let documented: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    for route in routes {
        assert!(documented.iter().any(|path| *path == route), "{route} is not in openapi.json");
    }
    assert_eq!(documented.len(), routes.len());
}
