//! The console's dashboard (`GET /v1/sites/{site}/dashboard`): every number equals what was posted, per day, week and
//! month, as JSON and CSV; a purge takes purged records out of it; a log written before the rollups existed is
//! counted when the store opens it; on SQLite and PostgreSQL.

mod backend;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use backend::{admin, json, post_json, send, submission_n, text, TestDb, TOKEN};
use consent_server::fixture::stored_row;
use serde_json::{json, Value};
use sqlx::Connection;

/// Posts four consents through the endpoint, as banners do: an acceptance on the first layer in English, a refusal
/// with GPC in German, a custom choice with GPC in the preferences, and a withdrawal that replaces the acceptance.
async fn post_four(app: &axum::Router) {
    let mut accept = submission_n(1);
    accept["action"] = json!("accept_all");
    accept["gpc"] = json!(false);
    accept["ui_layer"] = json!("first_layer");
    accept["decisions"] = json!({"necessary": "granted", "analytics": "granted", "marketing": "granted"});
    accept["services"] = json!({"demo-analytics": "granted", "demo-ads": "granted", "demo-video": "granted"});
    let mut refuse = submission_n(2);
    refuse["action"] = json!("reject_all");
    refuse["locale"] = json!("de");
    refuse["ui_layer"] = json!("first_layer");
    refuse["decisions"] = json!({"necessary": "granted", "analytics": "denied", "marketing": "denied"});
    refuse["services"] = json!({"demo-analytics": "denied", "demo-ads": "denied", "demo-video": "denied"});
    let custom = submission_n(3); // custom, en-GB, preferences, GPC on: analytics granted, marketing denied
    let mut withdraw = submission_n(4);
    withdraw["previous_id"] = accept["consent_id"].clone();
    withdraw["action"] = json!("withdraw");
    withdraw["gpc"] = json!(false);
    withdraw["decisions"] = json!({"necessary": "granted", "analytics": "denied", "marketing": "denied"});
    withdraw["services"] = json!({"demo-analytics": "denied", "demo-ads": "denied", "demo-video": "denied"});
    for body in [&accept, &refuse, &custom, &withdraw] {
        assert_eq!(send(app.clone(), post_json(body)).await.status(), StatusCode::CREATED);
    }
}

async fn dashboard(app: &axum::Router, query: &str) -> Value {
    let response =
        send(app.clone(), admin("GET", &format!("/v1/sites/demo-shop/dashboard{query}"), Body::empty())).await;
    assert_eq!(response.status(), StatusCode::OK);
    json(response).await
}

/// The numbers of [`post_four`]: in `totals`, and in a period that holds today.
fn assert_the_four(numbers: &Value) {
    assert_eq!((numbers["decisions"].as_u64(), numbers["replacements"].as_u64()), (Some(4), Some(1)));
    assert_eq!(numbers["gpc"], json!({"decisions": 2, "share": 0.5}));
    let actions = &numbers["actions"];
    for action in ["accept_all", "reject_all", "custom", "withdraw"] {
        assert_eq!(actions[action], json!({"decisions": 1, "share": 0.25}), "{action}");
    }
    assert_eq!(actions["gpc"], json!({"decisions": 0, "share": 0.0}), "listed even when none");
    assert_eq!(
        numbers["categories"],
        json!({
            "analytics": {"decisions": 4, "granted": 2, "opt_in_rate": 0.5},
            "marketing": {"decisions": 4, "granted": 1, "opt_in_rate": 0.25},
            "necessary": {"decisions": 4, "granted": 4, "opt_in_rate": 1.0},
        })
    );
    assert_eq!(
        numbers["locales"],
        json!({"de": {"decisions": 1, "share": 0.25}, "en-GB": {"decisions": 3, "share": 0.75}})
    );
    assert_eq!(
        numbers["ui_layers"],
        json!({"first_layer": {"decisions": 2, "share": 0.5}, "preferences": {"decisions": 2, "share": 0.5}})
    );
}

async fn every_number_equals_what_was_posted(db: TestDb) {
    let app = db.admin_app().await;
    post_four(&app).await;

    let days = dashboard(&app, "").await;
    assert_eq!(days["granularity"], "day");
    assert_the_four(&days["totals"]);
    let periods = days["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 30, "the last 30 days, today included, empty days too");
    let today = consent_server::time::day_of(consent_server::time::now_ms());
    assert_eq!(periods[29]["start"], today);
    assert_the_four(&periods[29]);
    assert!(periods[..29].iter().all(|day| day["decisions"] == 0 && day["categories"] == json!({})));
    assert_eq!(days["from"], periods[0]["start"]);

    for granularity in ["week", "month"] {
        let grouped = dashboard(&app, &format!("?granularity={granularity}")).await;
        let periods = grouped["periods"].as_array().unwrap();
        assert!((5..=6).contains(&periods.len()) || granularity == "month", "{granularity}: {}", periods.len());
        assert_the_four(periods.last().unwrap());
        assert_the_four(&grouped["totals"]);
    }

    // `to` is exclusive: the day after the last one counted. A range that ends at today's midnight holds none.
    let through_today = dashboard(&app, &format!("?to={}", days["to"].as_str().unwrap())).await;
    assert_eq!(through_today["totals"]["decisions"], 4);
    let before_today = dashboard(&app, &format!("?from={}&to={today}", periods[0]["start"].as_str().unwrap())).await;
    assert_eq!(before_today["totals"]["decisions"], 0);
    assert_eq!(before_today["periods"].as_array().unwrap().len(), 29);
}

async fn the_same_numbers_download_as_csv(db: TestDb) {
    let app = db.admin_app().await;
    post_four(&app).await;
    let request = Request::get("/v1/sites/demo-shop/dashboard?granularity=month")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::ACCEPT, "text/csv")
        .body(Body::empty())
        .unwrap();
    let response = send(app.clone(), request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
    let csv = text(response).await;
    let lines: Vec<Vec<&str>> = csv.split_terminator("\r\n").map(|line| line.split(',').collect()).collect();
    let header = &lines[0];
    let total = lines.last().unwrap();
    assert_eq!(total[0], "total");
    let cell = |line: &Vec<&str>, column: &str| {
        let at = header.iter().position(|name| *name == column).unwrap_or_else(|| panic!("no {column} in {header:?}"));
        line[at].to_owned()
    };
    for (column, value) in [
        ("decisions", "4"),
        ("replacements", "1"),
        ("gpc", "2"),
        ("gpc_share", "0.5"),
        ("action:accept_all", "1"),
        ("action:reject_all:share", "0.25"),
        ("action:withdraw", "1"),
        ("category:analytics:granted", "2"),
        ("category:marketing:opt_in_rate", "0.25"),
        ("locale:en-GB", "3"),
        ("ui_layer:first_layer", "2"),
    ] {
        assert_eq!(cell(total, column), value, "{column}");
        assert_eq!(cell(&lines[lines.len() - 2], column), value, "{column} this month");
    }
    // ?format=csv asks the same without the header; ?format=json wins over Accept.
    let by_query =
        send(app.clone(), admin("GET", "/v1/sites/demo-shop/dashboard?granularity=month&format=csv", Body::empty()));
    assert_eq!(text(by_query.await).await, csv);
    let bad = send(app, admin("GET", "/v1/sites/demo-shop/dashboard?format=xml&granularity=hour", Body::empty())).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let fields: Vec<String> =
        json(bad).await["fields"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["granularity", "format"]);
}

async fn purged_records_leave_the_dashboard_and_old_logs_are_counted_on_upgrade(db: TestDb) {
    let app = db.admin_app().await;
    // Two records received two years ago (on the same day), through the store as the endpoint writes them.
    let store = db.store().await;
    let two_years_ago = consent_server::time::now_ms() - 730 * 86_400_000;
    for n in 101..=102 {
        let mut row = stored_row(n);
        row.received_at_ms = two_years_ago + i64::try_from(n).unwrap();
        store.insert(row).await.unwrap();
    }
    post_four(&app).await;
    let now = consent_server::time::now_ms();
    let (from, to) =
        (consent_server::time::day_of(now - 1000 * 86_400_000), consent_server::time::day_of(now + 86_400_000));
    let all = &format!("?from={from}&to={to}&granularity=month");
    let before = dashboard(&app, all).await;
    assert_eq!(before["totals"]["decisions"], 6);
    assert_eq!(before["totals"]["categories"]["analytics"]["granted"], 4, "the fixture's records grant analytics");

    // The log as it was before migration 0006: no rollups, the site marked for a rebuild. Opening it counts it.
    db.execute("DELETE FROM dashboard_days; DELETE FROM dashboard_category_days").await;
    assert_eq!(dashboard(&app, all).await["totals"]["decisions"], 0);
    db.execute("INSERT INTO dashboard_rebuilds (site) VALUES ('demo-shop')").await;
    let reopened = db.store().await;
    assert_eq!(dashboard(&app, all).await, before);
    drop(reopened);

    let response = send(app.clone(), admin("POST", "/v1/sites/demo-shop/purge", "{\"older_than_days\": 365}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json(response).await["purged_records"], 2);
    let after = dashboard(&app, all).await;
    assert_the_four(&after["totals"]);
    assert_eq!(old_rollup_rows(&db).await, 0, "the purged day's rollup rows are gone, not left at zero");
}

/// How many rollup rows are about days more than a year ago.
async fn old_rollup_rows(db: &TestDb) -> i64 {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let year_ago = consent_server::time::now_ms() - 365 * 86_400_000;
    let mut rows = 0;
    for table in ["dashboard_days", "dashboard_category_days"] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE day_ms < $1");
        let (count,): (i64,) = sqlx::query_as(&sql).bind(year_ago).fetch_one(&mut conn).await.unwrap();
        rows += count;
    }
    rows
}

for_each_backend!(
    every_number_equals_what_was_posted,
    the_same_numbers_download_as_csv,
    purged_records_leave_the_dashboard_and_old_logs_are_counted_on_upgrade,
);
