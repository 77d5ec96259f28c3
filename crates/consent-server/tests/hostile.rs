//! Hostile input: every case is refused with a 4xx and the one JSON error shape (naming the field when the problem is
//! in one), or stored inert, exactly as sent and served back only as data; and the server keeps serving real
//! requests afterwards. On SQLite and PostgreSQL.

mod backend;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use backend::{json, send, submission, submission_n, TestDb, FIREFOX, TOKEN};
use consent_server::StoredRow;
use serde_json::{json, Value};

/// What a case must lead to.
enum Expect {
    /// Refused with this status; the JSON error names this field, when given.
    Refused(StatusCode, Option<&'static str>),
    /// Stored (201) under this consent id, and the stored row passes the check.
    Inert(String, fn(&StoredRow) -> bool),
}

struct Case {
    name: String,
    request: Request<Body>,
    expect: Expect,
}

fn raw(body: impl Into<Body>, content_type: &str) -> Request<Body> {
    Request::post("/v1/consents")
        .header(header::CONTENT_TYPE, content_type)
        .header(header::USER_AGENT, FIREFOX)
        .body(body.into())
        .unwrap()
}

fn case(name: &str, request: Request<Body>, expect: Expect) -> Case {
    Case { name: name.to_owned(), request, expect }
}

/// A submission with one field replaced (`path` is `a` or `a.b`).
fn with(path: &str, value: Value) -> Request<Body> {
    let mut body = submission();
    match path.split_once('.') {
        Some((outer, inner)) => body[outer][inner] = value,
        None => body[path] = value,
    }
    raw(body.to_string(), "application/json")
}

/// A submission with a map key replaced by `key`.
fn with_key(map: &str, old: &str, key: &str) -> Request<Body> {
    let mut body = submission();
    let decision = body[map][old].take();
    let object = body[map].as_object_mut().unwrap();
    object.remove(old);
    object.insert(key.to_owned(), decision);
    raw(body.to_string(), "application/json")
}

fn refused(status: StatusCode, field: Option<&'static str>) -> Expect {
    Expect::Refused(status, field)
}

fn get(uri: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, token);
    }
    request.body(Body::empty()).unwrap()
}

fn cases() -> Vec<Case> {
    use StatusCode as S;
    let bad = S::BAD_REQUEST;
    let invalid = S::UNPROCESSABLE_ENTITY;
    let script = json!("<script>alert(1)</script>");
    let mut cases = vec![
        // Malformed JSON.
        case("empty body", raw("", "application/json"), refused(bad, None)),
        case("truncated object", raw("{\"consent_id\": ", "application/json"), refused(bad, None)),
        case("null", raw("null", "application/json"), refused(bad, None)),
        case("empty array", raw("[]", "application/json"), refused(invalid, Some("[]"))),
        case(
            "array of 51",
            raw(format!("[{}]", vec![submission().to_string(); 51].join(",")), "application/json"),
            refused(S::PAYLOAD_TOO_LARGE, None),
        ),
        case("array of junk", raw("[1, 2]", "application/json"), refused(bad, Some("[0]"))),
        case("bare string", raw("\"consent\"", "application/json"), refused(bad, None)),
        case("trailing garbage", raw(format!("{}xyz", submission()), "application/json"), refused(bad, None)),
        case("invalid UTF-8", raw(&b"{\"consent_id\": \"\xff\xfe\"}"[..], "application/json"), refused(bad, None)),
        case("nested 10,000 deep", raw("[".repeat(10_000), "application/json"), refused(bad, None)),
        case(
            "duplicate key",
            raw(submission().to_string().replacen('{', "{\"site\":\"demo-shop\",", 1), "application/json"),
            refused(bad, None),
        ),
        // Huge bodies.
        case("17 KiB body", with("banner_version", json!("x".repeat(17 * 1024))), refused(S::PAYLOAD_TOO_LARGE, None)),
        case("1 MiB body", raw(vec![b' '; 1 << 20], "application/json"), refused(S::PAYLOAD_TOO_LARGE, None)),
        case("10,000 categories", with("decisions", big_map(10_000)), refused(S::PAYLOAD_TOO_LARGE, None)),
        // Wrong types.
        case("consent_id as number", with("consent_id", json!(42)), refused(bad, Some("consent_id"))),
        case("decisions as array", with("decisions", json!(["granted"])), refused(bad, Some("decisions"))),
        case("gpc as string", with("gpc", json!("yes")), refused(bad, Some("gpc"))),
        case("negative time", with("decided_at_ms", json!(-1)), refused(bad, Some("decided_at_ms"))),
        case("float time", with("decided_at_ms", json!(1e30)), refused(bad, Some("decided_at_ms"))),
        case("revision over u32", with("config_revision", json!(1u64 << 40)), refused(bad, Some("config_revision"))),
        case("unknown action", with("action", json!("maybe")), refused(bad, Some("action"))),
        case("decision yes", with("decisions.analytics", json!("yes")), refused(bad, Some("decisions.analytics"))),
        case("time beyond i64", with("expires_at_ms", json!(u64::MAX)), refused(invalid, Some("expires_at_ms"))),
        case("unknown field", with("ip", json!("203.0.113.77")), refused(bad, Some("ip"))),
        case("NUL in locale", with("locale", json!("en\u{0}")), refused(invalid, Some("locale"))),
        // SQL metacharacters.
        case("SQL in consent_id", with("consent_id", json!("' OR 1=1 --")), refused(invalid, Some("consent_id"))),
        case(
            "SQL in site",
            with("site", json!("demo-shop'; DROP TABLE consent_records; --")),
            refused(invalid, Some("site")),
        ),
        case(
            "SQL in a category id",
            with_key("decisions", "analytics", "analytics'--"),
            refused(invalid, Some("decisions.analytics'--")),
        ),
        case("SQL in locale", with("locale", json!("en'--")), refused(invalid, Some("locale"))),
        case("SQL in region", with("region", json!("x'; DELETE FROM sites")), refused(invalid, Some("region"))),
        case(
            "SQL in page_url",
            inert_request(1, "page_url", json!("https://shop.example/');DELETE%20FROM%20consent_records;--")),
            Expect::Inert(backend::consent_id(1), |row| {
                row.page_url == "https://shop.example/');DELETE%20FROM%20consent_records;--"
            }),
        ),
        // <script> in every string field.
        case("script in consent_id", with("consent_id", script.clone()), refused(invalid, Some("consent_id"))),
        case("script in previous_id", with("previous_id", script.clone()), refused(invalid, Some("previous_id"))),
        case("script in site", with("site", script.clone()), refused(invalid, Some("site"))),
        case(
            "script in a category id",
            with_key("decisions", "analytics", "<script>"),
            refused(invalid, Some("decisions.<script>")),
        ),
        case(
            "script in a service id",
            with_key("services", "demo-ads", "<script>"),
            refused(invalid, Some("services.<script>")),
        ),
        case("script in config_sha256", with("config_sha256", script.clone()), refused(invalid, Some("config_sha256"))),
        case("script in policy_sha256", with("policy_sha256", script.clone()), refused(invalid, Some("policy_sha256"))),
        case("script in locale", with("locale", script.clone()), refused(invalid, Some("locale"))),
        case("script in region", with("region", script.clone()), refused(invalid, Some("region"))),
        case(
            "script in page_url",
            with("page_url", json!("https://shop.example/<script>alert(1)</script>")),
            refused(invalid, Some("page_url")),
        ),
        case(
            "script in page_url's query",
            inert_request(2, "page_url", json!("https://shop.example/cart?q=<script>alert(1)</script>")),
            Expect::Inert(backend::consent_id(2), |row| row.page_url == "https://shop.example/cart"),
        ),
        case(
            "script in banner_version",
            with("banner_version", script.clone()),
            refused(invalid, Some("banner_version")),
        ),
        case("script as action", with("action", script.clone()), refused(bad, Some("action"))),
        case("script as ui_layer", with("ui_layer", script.clone()), refused(bad, Some("ui_layer"))),
        case(
            "script as a Consent Mode type",
            with("consent_mode", json!({"<script>": "granted"})),
            refused(bad, Some("consent_mode")),
        ),
        case(
            "script as a decision",
            with("decisions.analytics", script.clone()),
            refused(bad, Some("decisions.analytics")),
        ),
        // Media types and methods.
        case(
            "form post",
            raw(submission().to_string(), "application/x-www-form-urlencoded"),
            refused(S::UNSUPPORTED_MEDIA_TYPE, None),
        ),
        case(
            "multipart",
            raw(submission().to_string(), "multipart/form-data; boundary=x"),
            refused(S::UNSUPPORTED_MEDIA_TYPE, None),
        ),
        case("XML", raw("<consent/>", "application/xml"), refused(S::UNSUPPORTED_MEDIA_TYPE, None)),
        case(
            "DELETE on the consents",
            Request::delete("/v1/consents").body(Body::empty()).unwrap(),
            refused(S::METHOD_NOT_ALLOWED, None),
        ),
        case("unknown API route", get("/v1/consents/a/b/c", None), refused(S::NOT_FOUND, None)),
    ];
    // Origins.
    for origin in ["https://evil.example", "null", "https://shop.example.evil.example", "http://shop.example"] {
        let mut request = raw(submission().to_string(), "application/json");
        request.headers_mut().insert(header::ORIGIN, origin.parse().unwrap());
        cases.push(case(&format!("origin {origin}"), request, refused(S::FORBIDDEN, Some("site"))));
    }
    let preflight = Request::options("/v1/consents")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .body(Body::empty())
        .unwrap();
    cases.push(case("preflight from evil.example", preflight, refused(S::FORBIDDEN, None)));
    // Admin tokens.
    let bearer = format!("Bearer {TOKEN}");
    for (name, token) in [
        ("no token", None),
        ("wrong token", Some("Bearer not-the-token-at-all")),
        ("token prefix", Some(&bearer[..bearer.len() - 1])),
        ("token plus a byte", Some(&*format!("{bearer}x"))),
        ("basic auth", Some("Basic YWRtaW46YWRtaW4=")),
        ("bare token", Some(TOKEN)),
    ] {
        cases.push(case(name, get("/v1/sites/demo-shop/consents", token), refused(S::UNAUTHORIZED, None)));
    }
    let put = Request::put("/v1/sites/demo-shop/config")
        .header(header::AUTHORIZATION, "Bearer wrong-token-wrong-token")
        .body(Body::from(backend::DEMO_CONFIG.replace("\"revision\": 1", "\"revision\": 9")))
        .unwrap();
    cases.push(case("config upload with a wrong token", put, refused(S::UNAUTHORIZED, None)));
    cases.push(case(
        "token in the query",
        get(&format!("/v1/sites/demo-shop/stats?token={TOKEN}"), None),
        refused(S::UNAUTHORIZED, None),
    ));
    // Path traversal and junk in site ids.
    let long = format!("/v1/sites/{}/config", "a".repeat(5000));
    for uri in [
        "/v1/sites/..%2F..%2Fetc%2Fpasswd/config",
        "/v1/sites/../config",
        "/v1/sites/%2e%2e/config",
        "/v1/sites/Demo-Shop/config",
        "/v1/sites/demo-shop%00/config",
        "/v1/sites/%3Cscript%3E/config",
        long.as_str(),
    ] {
        cases.push(case(&format!("GET {}", &uri[..uri.len().min(60)]), get(uri, None), refused(S::NOT_FOUND, None)));
    }
    for uri in ["/v1/sites/..%2Fdemo-shop/consents", "/v1/sites/..%2F..%2Fetc/stats"] {
        cases.push(case(&format!("admin GET {uri}"), get(uri, Some(&bearer)), refused(S::NOT_FOUND, None)));
    }
    cases.push(case(
        "consent lookup by traversal",
        get("/v1/consents/..%2F..%2Fetc%2Fpasswd", None),
        refused(bad, Some("consent_id")),
    ));
    cases
}

fn big_map(n: usize) -> Value {
    Value::Object((0..n).map(|i| (format!("category-{i}"), json!("granted"))).collect())
}

fn inert_request(n: u64, field: &str, value: Value) -> Request<Body> {
    let mut body = submission_n(n);
    body[field] = value;
    raw(body.to_string(), "application/json")
}

async fn hostile_input_is_refused_or_stored_inert_and_the_server_stays_up(db: TestDb) {
    let app = db.admin_app().await;
    let store = db.store().await;
    let cases = cases();
    let total = cases.len();
    let mut inert: i64 = 0;
    for Case { name, request, expect } in cases {
        let response = send(app.clone(), request).await;
        let status = response.status();
        let is_json = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|value| value.to_str().unwrap_or_default().starts_with("application/json"));
        match expect {
            Expect::Refused(expected, field) => {
                assert_eq!(status, expected, "{name}");
                assert!(is_json, "{name}: the error is JSON");
                let body = json(response).await;
                assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "{name}: {body}");
                if let Some(field) = field {
                    let paths: Vec<&str> =
                        body["fields"].as_array().unwrap().iter().filter_map(|f| f["path"].as_str()).collect();
                    assert!(paths.contains(&field), "{name}: expected field {field:?} in {body}");
                }
            }
            Expect::Inert(consent_id, check) => {
                assert_eq!(status, StatusCode::CREATED, "{name}");
                let row = store.get(&consent_id).await.unwrap().unwrap_or_else(|| panic!("{name}: not stored"));
                assert!(check(&row), "{name}: stored as {row:?}");
                inert += 1;
            }
        }
    }
    println!("hostile-input cases: {total} ({inert} stored inert, {} refused)", total as i64 - inert);
    assert!(total >= 70, "the suite has {total} cases");

    // Still up, and nothing else reached the log.
    let response = send(app.clone(), raw(submission_n(99).to_string(), "application/json")).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(store.count().await.unwrap(), inert + 1);
    let verified = consent_server::chain::verify::verify_site(&store, "demo-shop", None).await.unwrap();
    assert!(verified.is_ok(), "{verified:?}");
    let config = send(app, get("/v1/sites/demo-shop/config", None)).await;
    assert_eq!(json(config).await["revision"], 1, "the config upload with a wrong token changed nothing");
}

/// Every route under `/v1/sites/{site}/` refuses a site id that is not one (upper case, a traversal) with the same 404
/// naming the id and what site ids look like, whether it is public or admin-only, read or write.
async fn an_invalid_site_id_is_refused_alike_by_every_site_route(db: TestDb) {
    let app = db.admin_app().await;
    let config = backend::DEMO_CONFIG.replace("demo-shop", "Demo-Shop");
    for site in ["Demo-Shop", "..%2Fdemo-shop"] {
        let routes = [
            ("GET", "config", String::new()),
            ("PUT", "config", config.clone()),
            ("GET", "origins", String::new()),
            ("PUT", "origins", r#"{"origins": ["https://shop.example"]}"#.to_owned()),
            ("GET", "consents", String::new()),
            ("GET", "stats", String::new()),
            ("POST", "purge", String::new()),
            ("GET", "log/head", String::new()),
            ("GET", "log/consistency?from=1", String::new()),
        ];
        for (method, route, body) in routes {
            let request = backend::admin(method, &format!("/v1/sites/{site}/{route}"), body);
            let response = send(app.clone(), request).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {site}/{route}");
            let error = json(response).await["error"].as_str().unwrap_or_default().to_owned();
            let named = site.replace("%2F", "/");
            assert_eq!(error, format!("no site '{named}' is served here (site ids are lowercase tokens)"));
        }
    }
}

for_each_backend!(
    hostile_input_is_refused_or_stored_inert_and_the_server_stays_up,
    an_invalid_site_id_is_refused_alike_by_every_site_route
);
