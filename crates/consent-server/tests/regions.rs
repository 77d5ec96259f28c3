//! Regional rules on the endpoint, against a real SQLite file and a real PostgreSQL database: the region read from
//! the trusted header (`consent serve --region-header`), the regime the first layer's answer names (and the `Vary`
//! and ETag a CDN caches it by), and the regime and jurisdiction the endpoint writes into every record, whatever the
//! page says.

mod backend;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use backend::{json, post_json, send, submission, TestDb, DEMO_CONFIG, ID, ID2};
use consent_core::SiteConfig;
use consent_server::visitor_region::RegionHeaders;
use consent_server::{app, AppState, RateLimits, ServerOptions};
use serde_json::{json, Value};

/// The regional matrix of the brief: opt-out in California, notice elsewhere in the US, none in Brazil, opt-in
/// everywhere else (and so for an unknown region, the strictest).
const REGIONS: &str = r#"{"default": "opt_in", "rules": [{"regions": ["US-CA"], "regime": "opt_out"},
    {"regions": ["US"], "regime": "notice"}, {"regions": ["BR"], "regime": "none"}]}"#;

fn regional_config() -> SiteConfig {
    let mut config: Value = serde_json::from_str(DEMO_CONFIG).unwrap();
    config["regions"] = serde_json::from_str(REGIONS).unwrap();
    config.as_object_mut().unwrap().remove("policy");
    SiteConfig::from_json(&config.to_string()).expect("a valid config")
}

/// The endpoint serving `config`, trusting `X-Test-Country` (and `X-Test-Subdivision`) when `trusted`.
async fn endpoint(db: &TestDb, config: SiteConfig, trusted: bool) -> Router {
    let bundle = tempfile::tempdir().unwrap().keep();
    let options = ServerOptions {
        rate_limits: RateLimits::OFF,
        region_headers: trusted
            .then(|| RegionHeaders::parse(Some("X-Test-Country"), Some("X-Test-Subdivision")).unwrap().unwrap()),
        ..ServerOptions::new(bundle.clone(), bundle)
    };
    app(AppState::open(db.store().await, Some((config, None)), options).await.expect("opening the state"))
}

fn from(mut request: Request<Body>, headers: &[(&str, &str)]) -> Request<Body> {
    for (name, value) in headers {
        let name = header::HeaderName::try_from(*name).unwrap();
        request.headers_mut().insert(name, value.parse().unwrap());
    }
    request
}

fn layer_request(headers: &[(&str, &str)]) -> Request<Body> {
    from(Request::get("/v1/sites/demo-shop/first-layer/en.json").body(Body::empty()).unwrap(), headers)
}

async fn stored_as(db: &TestDb, app: Router, id: &str, headers: &[(&str, &str)]) -> (String, Option<String>) {
    let mut body = submission();
    body["consent_id"] = json!(id);
    body["region"] = json!("none"); // what a page could claim; never trusted
    let response = send(app, from(post_json(&body), headers)).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", backend::text(response).await);
    let row = db.store().await.get_logged(id).await.unwrap().expect("stored").row;
    (row.region, row.jurisdiction)
}

async fn each_region_gets_its_regime_in_the_first_layer(db: TestDb) {
    let app = endpoint(&db, regional_config(), true).await;
    for (headers, regime, jurisdiction, marketing_on) in [
        (&[("x-test-country", "DE")][..], "opt_in", "DE", false),
        (&[("x-test-country", "US"), ("x-test-subdivision", "CA")][..], "opt_out", "US-CA", true),
        (&[("x-test-country", "US-TX")][..], "notice", "US-TX", true),
        (&[("x-test-country", "BR")][..], "none", "BR", true),
        (&[][..], "opt_in", "unknown", false),
        (&[("x-test-country", "XX")][..], "opt_in", "unknown", false),
    ] {
        let response = send(app.clone(), layer_request(headers)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let vary = response.headers().get_all(header::VARY).iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        let vary: Vec<String> = vary;
        assert!(vary.iter().any(|v| v == "x-test-country, x-test-subdivision"), "{headers:?}: {vary:?}");
        let etag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert!(etag.ends_with(&format!("-en-{jurisdiction}\"")), "{etag}");
        let layer = json(response).await;
        assert_eq!(
            (layer["region"]["regime"].as_str(), layer["region"]["jurisdiction"].as_str()),
            (Some(regime), Some(jurisdiction)),
            "{headers:?}"
        );
        let on = layer["region"]["before_choice"]["categories"].as_array().unwrap();
        assert_eq!(on.contains(&json!("marketing")), marketing_on, "{headers:?}: {on:?}");
        let with_gpc = layer["region"]["with_gpc"]["categories"].as_array().unwrap();
        assert!(!with_gpc.contains(&json!("marketing")), "GPC keeps sale and sharing off: {with_gpc:?}");
        assert_eq!(layer["choices"]["gpc"]["submission"]["action"], "gpc");
    }
    // A page may force a region to test its regimes: the answer follows it (and does not vary on the headers).
    let forced = Request::get("/v1/sites/demo-shop/first-layer/en.json?region=US-CA").body(Body::empty()).unwrap();
    let response = send(app.clone(), from(forced, &[("x-test-country", "DE")])).await;
    assert!(response.headers().get(header::VARY).is_none_or(|v| !v.to_str().unwrap().contains("x-test")));
    assert_eq!(json(response).await["region"]["regime"], "opt_out");
}

async fn a_cached_layer_is_revalidated_per_region(db: TestDb) {
    let app = endpoint(&db, regional_config(), true).await;
    let german = send(app.clone(), layer_request(&[("x-test-country", "DE")])).await;
    let etag = german.headers()[header::ETAG].to_str().unwrap().to_owned();
    let again = send(app.clone(), layer_request(&[("x-test-country", "DE"), ("if-none-match", &etag)])).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // The German copy is not the Californian's: revalidating it from California gets the Californian layer.
    let moved = send(app, layer_request(&[("x-test-country", "US-CA"), ("if-none-match", &etag)])).await;
    assert_eq!(moved.status(), StatusCode::OK);
    assert_eq!(json(moved).await["region"]["regime"], "opt_out");
}

async fn without_a_trusted_header_every_visitor_gets_the_strictest(db: TestDb) {
    let app = endpoint(&db, regional_config(), false).await;
    let response = send(app.clone(), layer_request(&[("x-test-country", "BR")])).await;
    assert!(response.headers().get(header::VARY).is_none_or(|v| !v.to_str().unwrap().contains("x-test")));
    let layer = json(response).await;
    assert_eq!(
        (layer["region"]["regime"].as_str(), layer["region"]["jurisdiction"].as_str()),
        (Some("opt_in"), Some("unknown"))
    );
    assert_eq!(
        stored_as(&db, app, ID, &[("x-test-country", "BR")]).await,
        ("opt_in".to_owned(), Some("unknown".to_owned()))
    );
}

async fn a_site_without_regions_gets_the_layer_it_always_got(db: TestDb) {
    let config = SiteConfig::from_json(DEMO_CONFIG).unwrap();
    let app = endpoint(&db, config, true).await;
    let response = send(app.clone(), layer_request(&[("x-test-country", "US-CA")])).await;
    assert!(response.headers().get(header::VARY).is_none_or(|v| !v.to_str().unwrap().contains("x-test")));
    let etag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.ends_with("-en\""), "{etag}");
    let layer = json(response).await;
    assert!(layer.get("region").is_none() && layer["choices"].get("gpc").is_none(), "{layer}");
    // Its records keep the rule set the banner names, and state the jurisdiction the endpoint read.
    assert_eq!(
        stored_as(&db, app, ID, &[("x-test-country", "US-CA")]).await,
        ("none".to_owned(), Some("US-CA".to_owned()))
    );
}

async fn every_record_states_the_regime_and_jurisdiction_the_endpoint_decided(db: TestDb) {
    let app = endpoint(&db, regional_config(), true).await;
    let californian = [("x-test-country", "US"), ("x-test-subdivision", "US-CA")];
    assert_eq!(stored_as(&db, app.clone(), ID, &californian).await, ("opt_out".to_owned(), Some("US-CA".to_owned())));
    assert_eq!(
        stored_as(&db, app, ID2, &[("x-test-country", "FR")]).await,
        ("opt_in".to_owned(), Some("FR".to_owned()))
    );
}

async fn a_log_with_records_from_before_the_field_still_verifies(db: TestDb) {
    // A record as an endpoint before the field wrote it: no jurisdiction.
    let store = db.store().await;
    let old = consent_server::fixture::stored_row(1);
    assert_eq!(old.jurisdiction, None);
    store.insert(old).await.unwrap();
    let app = endpoint(&db, regional_config(), true).await;
    stored_as(&db, app, ID2, &[("x-test-country", "DE")]).await;
    let verify = |db: &TestDb| {
        std::process::Command::new(env!("CARGO_BIN_EXE_consent"))
            .args(["log", "verify", "--site", "demo-shop", "--database", &db.url])
            .output()
            .expect("running consent log verify")
    };
    let output = verify(&db);
    let report = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(report.contains("intact, 2 record(s)"), "{report}");
    // The jurisdiction is hashed: moving a record to another jurisdiction breaks the chain there.
    db.execute(&format!("UPDATE consent_records SET jurisdiction = 'BR' WHERE consent_id = '{ID2}'")).await;
    let output = verify(&db);
    assert_ne!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
}

for_each_backend!(
    each_region_gets_its_regime_in_the_first_layer,
    a_cached_layer_is_revalidated_per_region,
    without_a_trusted_header_every_visitor_gets_the_strictest,
    a_site_without_regions_gets_the_layer_it_always_got,
    every_record_states_the_regime_and_jurisdiction_the_endpoint_decided,
    a_log_with_records_from_before_the_field_still_verifies,
);
