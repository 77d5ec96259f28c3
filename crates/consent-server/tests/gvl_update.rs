//! `consent gvl update` as a site owner runs it: the `consent` binary downloads the fixture list and its translations
//! from a real HTTP server on a local port (standing in for `https://vendor-list.consensu.org/v3/`), checks them, and
//! writes them where `consent serve --gvl` reads them; on any failure the old files are left as they were.

use std::collections::HashMap;
use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::Router;

const BIN: &str = env!("CARGO_BIN_EXE_consent");
const GVL: &str = include_str!("../../consent-core/tests/fixtures/vendor-list.json");
const GERMAN: &str = include_str!("../../consent-core/tests/fixtures/purposes-de.json");

/// A French translation made from the German fixture, so the server has two languages to offer.
fn french() -> String {
    GERMAN.replace("\"language\": \"de\"", "\"language\": \"fr\"")
}

/// The fixture list under another version number.
fn list_version(version: u16) -> String {
    GVL.replace("\"vendorListVersion\": 142", &format!("\"vendorListVersion\": {version}"))
}

/// Serves `files` under `/v3/` on a local port; anything else is a 404. Returns the source URL to pass.
async fn iab(files: &[(&str, String)]) -> String {
    let files: Arc<HashMap<String, String>> =
        Arc::new(files.iter().map(|(name, text)| (format!("/v3/{name}"), text.clone())).collect());
    let router = Router::new().fallback(|State(files): State<Arc<HashMap<String, String>>>, uri: Uri| async move {
        match files.get(uri.path()) {
            Some(text) => (StatusCode::OK, text.clone()),
            None => (StatusCode::NOT_FOUND, "no such file".to_owned()),
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router.with_state(files)).await });
    format!("http://{addr}/v3/")
}

/// Runs `consent gvl update --out FOLDER/vendor-list.json --source SOURCE ARGS…`.
async fn update(folder: &Path, source: &str, args: &[&str]) -> Output {
    let mut command = std::process::Command::new(BIN);
    command.args(["gvl", "update", "--out"]).arg(folder.join("vendor-list.json")).args(["--source", source]).args(args);
    // The test's HTTP server runs on this thread's runtime: wait for the binary on another.
    tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file in the folder, by name: what a server starting now would find.
fn folder_files(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_list_and_the_asked_translations_are_written_where_the_server_reads_them() {
    let source = iab(&[
        ("vendor-list.json", GVL.to_owned()),
        ("purposes-de.json", GERMAN.to_owned()),
        ("purposes-fr.json", french()),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("gvl");

    let output = update(&folder, &source, &["--languages", "de,FR"]).await;

    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(
        stdout.contains("Global Vendor List version 142 (TCF policy version 5, published 2026-11-26T16:05:00Z): 8 vendors (1 more deleted), translations: de, fr"),
        "{stdout}"
    );
    assert!(stdout.contains("restart `consent serve --gvl"), "{stdout}");
    assert_eq!(folder_files(&folder), ["purposes-de.json", "purposes-fr.json", "vendor-list.json"]);
    let list = consent_server::gvl_file::load(&folder.join("vendor-list.json")).unwrap();
    assert_eq!(list.gvl.vendor_list_version, 142);
    assert_eq!(list.translations.keys().collect::<Vec<_>>(), ["de", "fr"]);
    assert_eq!(std::fs::read_to_string(folder.join("vendor-list.json")).unwrap(), GVL, "IAB's bytes, as published");
}

#[tokio::test]
async fn by_default_every_translation_iab_publishes_is_fetched_and_the_others_are_named() {
    let source = iab(&[("vendor-list.json", GVL.to_owned()), ("purposes-de.json", GERMAN.to_owned())]).await;
    let dir = tempfile::tempdir().unwrap();

    let output = update(dir.path(), &source, &[]).await;

    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(stdout.contains("IAB publishes no translation for: ar, bg, bs,"), "{stdout}");
    assert!(stdout.contains("translations: de"), "{stdout}");
    assert_eq!(folder_files(dir.path()), ["purposes-de.json", "vendor-list.json"]);
}

#[tokio::test]
async fn a_missing_translation_that_was_asked_for_writes_nothing_and_names_the_url() {
    let source = iab(&[("vendor-list.json", list_version(150)), ("purposes-de.json", GERMAN.to_owned())]).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendor-list.json"), GVL).unwrap();

    let output = update(dir.path(), &source, &["--languages", "de,fr"]).await;

    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("GET {source}purposes-fr.json answered 404 Not Found")), "{stderr}");
    assert_eq!(folder_files(dir.path()), ["vendor-list.json"], "not even the German file, which downloaded fine");
    assert_eq!(std::fs::read_to_string(dir.path().join("vendor-list.json")).unwrap(), GVL);
}

#[tokio::test]
async fn a_list_that_is_not_json_leaves_the_old_list_whole() {
    let broken = GVL[..GVL.len() / 2].to_owned();
    let source = iab(&[("vendor-list.json", broken), ("purposes-de.json", GERMAN.to_owned())]).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendor-list.json"), GVL).unwrap();
    std::fs::write(dir.path().join("purposes-de.json"), GERMAN).unwrap();

    let output = update(dir.path(), &source, &["--languages", "de"]).await;

    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("{source}vendor-list.json is not usable: the vendor list is not GVL v3 JSON")),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("vendor-list.json")).unwrap(), GVL);
    assert_eq!(folder_files(dir.path()), ["purposes-de.json", "vendor-list.json"], "no temporary file left behind");
}

#[tokio::test]
async fn a_translation_of_another_policy_version_names_its_url_and_field() {
    let old_policy = GERMAN.replace("\"tcfPolicyVersion\": 5", "\"tcfPolicyVersion\": 4");
    let source = iab(&[("vendor-list.json", list_version(150)), ("purposes-de.json", old_policy)]).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendor-list.json"), GVL).unwrap();

    let output = update(dir.path(), &source, &["--languages", "de"]).await;

    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("{source}purposes-de.json is not usable")), "{stderr}");
    assert!(stderr.contains("tcfPolicyVersion: 4 is not the vendor list's 5"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("vendor-list.json")).unwrap(), GVL);
}

#[tokio::test]
async fn an_older_list_is_refused_unless_allowed() {
    let source = iab(&[("vendor-list.json", GVL.to_owned())]).await;
    let dir = tempfile::tempdir().unwrap();
    let newer = list_version(150);
    std::fs::write(dir.path().join("vendor-list.json"), &newer).unwrap();

    let refused = update(dir.path(), &source, &["--languages", ""]).await;
    let stderr = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is version 142, older than version 150 in"), "{stderr}");
    assert!(stderr.contains("--allow-older"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("vendor-list.json")).unwrap(), newer);

    let allowed = update(dir.path(), &source, &["--languages", "", "--allow-older"]).await;
    let stdout = text(&allowed.stdout);
    assert!(allowed.status.success(), "{stdout}{}", text(&allowed.stderr));
    assert!(stdout.contains("version 142") && stdout.contains("replacing version 150"), "{stdout}");
    assert_eq!(std::fs::read_to_string(dir.path().join("vendor-list.json")).unwrap(), GVL);
}

#[tokio::test]
async fn a_translation_left_beside_the_list_that_no_longer_fits_stops_the_update() {
    // The server reads every purposes-*.json beside the list: one from an older policy would stop it at start-up.
    let next_policy = |text: &str| text.replace("\"tcfPolicyVersion\": 5", "\"tcfPolicyVersion\": 6");
    let source =
        iab(&[("vendor-list.json", next_policy(&list_version(150))), ("purposes-de.json", next_policy(GERMAN))]).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendor-list.json"), GVL).unwrap();
    std::fs::write(dir.path().join("purposes-fr.json"), french()).unwrap();

    let output = update(dir.path(), &source, &["--languages", "de"]).await;

    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("purposes-fr.json does not fit the new list"), "{stderr}");
    assert!(stderr.contains("add its language to --languages or delete it"), "{stderr}");
    assert_eq!(folder_files(dir.path()), ["purposes-fr.json", "vendor-list.json"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("vendor-list.json")).unwrap(), GVL);
}
