//! `consent policy import` as a product team uses it: on the real policies, on Markdown, and on files that are not
//! policies at all.

use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_consent");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../consent-policy-import/tests/fixtures");

fn consent(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

/// Imports a fixture and returns the printed JSON, failing the test unless the command succeeded.
fn imported(name: &str, extra: &[&str]) -> Value {
    let path = format!("{FIXTURES}/{name}");
    let mut args = vec!["policy", "import", path.as_str()];
    args.extend_from_slice(extra);
    let output = consent(&args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn top_level_headings(json: &Value) -> Vec<&str> {
    json["sections"].as_array().unwrap().iter().map(|s| s["heading"].as_str().unwrap()).collect()
}

fn technologies(json: &Value) -> Vec<&str> {
    json["tracking"].as_array().unwrap().iter().map(|t| t["technology"].as_str().unwrap()).collect()
}

#[test]
fn zosi_prints_its_roman_sections_date_and_cookie_section() {
    let json = imported("zosi.txt", &[]);
    assert_eq!(json["title"], "Privacy Policy");
    assert_eq!(json["effective_date"], "June 1, 2019");
    assert_eq!(json["effective_date_iso"], "2019-06-01");
    let headings = top_level_headings(&json);
    assert_eq!(headings.len(), 8);
    assert_eq!(headings[1], "How Do We Use Cookies and Similar Technologies");
    let cookies = &json["sections"][1];
    assert_eq!(cookies["level"], 1);
    assert_eq!(cookies["sections"][0]["heading"], "Cookie");
    assert_eq!(cookies["sections"][0]["level"], 2);
    assert_eq!(technologies(&json), ["cookies", "web_beacons", "device_identifiers"]);
    assert_eq!(json["tracking"][0]["section_headings"][0], "How Do We Use Cookies and Similar Technologies");
    assert_eq!(json["cookie_section_id"], cookies["id"]);
    assert!(json["suggested_categories"].as_array().unwrap().contains(&"personalisation".into()));
}

#[test]
fn frs_cloud_prints_the_statement_and_eleven_numbered_sections() {
    let json = imported("frs-cloud.txt", &[]);
    assert_eq!(json["effective_date_iso"], "2022-07-15");
    let headings = top_level_headings(&json);
    assert_eq!(headings.len(), 12);
    assert_eq!(headings[..3], ["The statement", "Information that we might collect", "How do we use your information"]);
    assert_eq!(json["sections"][1]["sections"][0]["heading"], "Information provided by users");
    assert_eq!(technologies(&json), ["cookies", "web_beacons", "flash_cookies", "sdk"]);
}

#[test]
fn absoloop_prints_eight_sections_no_date_and_no_tracking() {
    let json = imported("absoloop.txt", &[]);
    assert_eq!(json["title"], "User privacy agreement");
    assert_eq!(json["effective_date"], Value::Null);
    let headings = top_level_headings(&json);
    assert_eq!(headings.first(), Some(&"What personal information do we collect about you"));
    assert_eq!(headings.last(), Some(&"Contact us"));
    assert_eq!(headings.len(), 8);
    assert_eq!(json["sections"][0]["sections"][0]["heading"], "When you register an account");
    assert_eq!(json["tracking"], Value::Array(vec![]));
    assert_eq!(json["suggested_categories"], Value::Array(vec![]));
}

#[test]
fn the_format_follows_the_extension_unless_given() {
    let markdown = imported("cookie-notice.md", &[]);
    assert_eq!(markdown["title"], "Cookie Notice");
    assert_eq!(top_level_headings(&markdown), ["What we use", "Your choices"]);
    // Read as plain text, "# Cookie Notice" is not shaped like a title.
    let as_text = imported("cookie-notice.md", &["--format", "text"]);
    assert_eq!(as_text["title"], Value::Null);
    let forced = imported("zosi.txt", &["--format", "markdown"]);
    assert_eq!(forced["sections"], Value::Array(vec![]), "Markdown has no Roman-numeral headings");
}

#[test]
fn unreadable_input_exits_with_2_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"Politique de confidentialit\xe9\n").unwrap();
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, " \n\n\t\n").unwrap();
    let binary = dir.path().join("policy.txt");
    std::fs::write(&binary, b"PK\x03\x04\x00\x00 word/document.xml").unwrap();
    let cases = [
        (&missing, "cannot read the policy file"),
        (&latin1, "is not UTF-8 text (invalid byte at offset 27)"),
        (&empty, "the policy is empty"),
        (&binary, "looks like a binary file"),
    ];
    for (path, message) in cases {
        let output = consent(&["policy", "import", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{}", path.display());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message) && stderr.contains(path.to_str().unwrap()), "{stderr}");
        assert!(output.stdout.is_empty());
    }
}
