//! The `consent` binary as a site owner uses it.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_consent");
const DEMO_CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/consent.json");

fn write_config(dir: &tempfile::TempDir, text: &str) -> String {
    let path = dir.path().join("consent.json");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn broken_config(dir: &tempfile::TempDir) -> String {
    let text = std::fs::read_to_string(DEMO_CONFIG).unwrap().replace("\"analytics\"", "\"Analytics\"");
    write_config(dir, &text)
}

#[test]
fn config_check_summarises_a_valid_config() {
    let output = Command::new(BIN).args(["config", "check", DEMO_CONFIG]).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.trim(), format!("{DEMO_CONFIG}: ok (site demo-shop, revision 1, 3 categories)"));
}

#[test]
fn config_check_names_the_bad_field_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(BIN).args(["config", "check", &broken_config(&dir)]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("categories[1].id: 'Analytics' must start with a lowercase letter"), "{stdout}");
}

#[test]
fn config_export_static_writes_the_files_a_static_host_serves_and_names_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("dist");
    std::fs::create_dir_all(bundle.join("locales")).unwrap();
    std::fs::write(bundle.join("locales/de.json"), include_str!("../../../locales/de.json")).unwrap();
    let out = dir.path().join("public");
    let output = Command::new(BIN)
        .args(["config", "export-static", DEMO_CONFIG, "--bundle"])
        .arg(&bundle)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    for file in ["consent.json", "v1/sites/demo-shop/first-layer/en.json", "v1/sites/demo-shop/first-layer/de.json"] {
        assert!(out.join(file).is_file(), "{file}: {stdout}");
        assert!(stdout.contains(&format!("wrote {}", out.join(file).display())), "{file}: {stdout}");
    }
    assert!(
        stdout.contains("skipped fr: no first layer in 'fr' here: the banner bundle's locales/fr.json is missing"),
        "{stdout}"
    );
    assert!(stdout.contains("3 files for site demo-shop"), "{stdout}");
}

#[test]
fn config_export_static_writes_nothing_for_an_invalid_config() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output =
        Command::new(BIN).args(["config", "export-static", &broken_config(&dir), "--out"]).arg(&out).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("categories[1].id: 'Analytics'"), "{stdout}");
    assert!(!out.exists());
}

#[test]
fn serve_refuses_to_start_with_an_invalid_config() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("c.db").display());
    let output = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--config", &broken_config(&dir), "--database", &database])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("categories[1].id: 'Analytics'"), "{stderr}");
    assert!(!dir.path().join("c.db").exists(), "nothing is created before the config is known to be good");
}

/// The demo config with a `tcf` section naming vendor 9999, which the fixture list (version 142) lacks.
fn tcf_config_with_unknown_vendor(dir: &tempfile::TempDir) -> String {
    let mut config: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(DEMO_CONFIG).unwrap()).unwrap();
    config["tcf"] = serde_json::json!({"cmp_id": 300, "cmp_version": 1, "vendors": [1, 2, 9999]});
    write_config(dir, &config.to_string())
}

#[test]
fn serve_refuses_a_tcf_config_naming_a_vendor_the_list_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let gvl = dir.path().join("vendor-list.json");
    std::fs::write(&gvl, include_str!("../../consent-core/tests/fixtures/vendor-list.json")).unwrap();
    let config = tcf_config_with_unknown_vendor(&dir);
    let database = format!("sqlite://{}", dir.path().join("c.db").display());
    let output = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--config", &config, "--database", &database, "--gvl"])
        .arg(&gvl)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("tcf.vendors[2]: vendor 9999 is not in the Global Vendor List (version 142)"), "{stderr}");

    let output = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--config", &config, "--database", &database])
        .env_remove("CONSENT_GVL_FILE")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("tcf: this endpoint has no Global Vendor List") && stderr.contains("--gvl"), "{stderr}");
    assert!(!dir.path().join("c.db").exists(), "refused before the database is touched");
}
