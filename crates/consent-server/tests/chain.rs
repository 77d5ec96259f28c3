//! Tamper evidence, as an auditor sees it: `consent log verify` on a real SQLite file and a real PostgreSQL database,
//! after someone with database access edited, deleted or inserted records.

mod backend;

use std::process::Command;

use backend::{consent_id, post_json, send, submission_n, TestDb};
use consent_server::chain::verify::{verify_site, Break, Summary};
use consent_server::fixture::stored_row;
use consent_server::row::ALL_COLUMNS;

const BIN: &str = env!("CARGO_BIN_EXE_consent");
const FORGED_ID: &str = "66666666-6666-4666-8666-666666666666";

/// A log with five records of the demo site.
async fn five_records(db: &TestDb) {
    let app = db.app().await;
    for n in 1..=5 {
        send(app.clone(), post_json(&submission_n(n))).await;
    }
}

/// Runs `consent log verify` on the log: its exit code and output.
fn verify(db: &TestDb) -> (i32, String) {
    let output = Command::new(BIN)
        .args(["log", "verify", "--site", "demo-shop", "--database", &db.url])
        .env_remove("CONSENT_CHAIN_KEY")
        .output()
        .expect("running consent log verify");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), format!("{stdout}{stderr}"))
}

fn assert_broken_at(db: &TestDb, seq: i64, what: &str) {
    let (code, output) = verify(db);
    assert_eq!(code, 1, "{output}");
    let expected = format!("site demo-shop: BROKEN at record {seq}: {what}");
    assert!(output.contains(&expected), "expected {expected:?} in {output:?}");
}

async fn an_untouched_log_verifies(db: TestDb) {
    five_records(&db).await;
    let (code, output) = verify(&db);
    assert_eq!(code, 0, "{output}");
    assert!(output.starts_with("site demo-shop: intact, 5 record(s) (seq 1 to 5), last hash "), "{output}");
}

async fn an_edited_field_is_reported_at_its_record(db: TestDb) {
    five_records(&db).await;
    db.execute("UPDATE consent_records SET decisions = '{\"analytics\":\"granted\"}' WHERE seq = 3").await;
    assert_broken_at(&db, 3, "record 3 was edited: its stored fields no longer match its hash");
}

async fn an_edited_server_observed_field_is_reported_too(db: TestDb) {
    five_records(&db).await;
    db.execute("UPDATE consent_records SET ip_truncated = '198.51.100.0' WHERE seq = 4").await;
    assert_broken_at(&db, 4, "record 4 was edited");
}

async fn found_trackers_added_or_removed_are_reported(db: TestDb) {
    five_records(&db).await;
    let mut sixth = submission_n(6);
    sixth["found_trackers"] = serde_json::json!([{"name": "Hotjar", "category": "analytics", "hosts": ["static.hotjar.com"], "decision": "granted"}]);
    send(db.app().await, post_json(&sixth)).await;
    assert_eq!(verify(&db).0, 0);
    db.execute("UPDATE consent_records SET found_trackers = '[]' WHERE seq = 6").await;
    assert_broken_at(&db, 6, "record 6 was edited");
    db.execute(r#"UPDATE consent_records SET found_trackers = '[{"name":"X"}]' WHERE seq = 2"#).await;
    assert_broken_at(&db, 2, "record 2 was edited");
}

async fn a_deleted_record_is_reported_at_its_place(db: TestDb) {
    five_records(&db).await;
    db.execute("DELETE FROM consent_records WHERE seq = 2").await;
    assert_broken_at(&db, 2, "record 2 is missing (deleted)");
}

async fn a_deleted_last_record_is_reported(db: TestDb) {
    five_records(&db).await;
    db.execute("DELETE FROM consent_records WHERE seq = 5").await;
    assert_broken_at(&db, 5, "record 5, the last of the chain, is missing (deleted)");
}

async fn a_record_slotted_into_the_chain_is_reported_at_its_place(db: TestDb) {
    five_records(&db).await;
    let store = db.store().await;
    let second = store.get_logged(&consent_id(2)).await.unwrap().unwrap();
    // The forger copies record 1 under a new id, links it properly after record 2, and moves 3..5 up by one.
    let mut forged = store.get_logged(&consent_id(1)).await.unwrap().unwrap().row;
    forged.consent_id = FORGED_ID.to_owned();
    let forged_hash = forged.hash(3, &second.link.record_hash);
    db.execute("UPDATE consent_records SET seq = seq + 1000 WHERE seq >= 3").await;
    db.execute("UPDATE consent_records SET seq = seq - 999 WHERE seq >= 1000").await;
    db.execute(&format!(
        "INSERT INTO consent_records ({ALL_COLUMNS}) SELECT site, '{FORGED_ID}', previous_id, action, decisions, services, \
         config_revision, config_sha256, policy_sha256, locale, ui_layer, region, page_url, gpc, consent_mode, \
         decided_at_ms, expires_at_ms, banner_version, received_at_ms, ip_truncated, browser_family, found_trackers, jurisdiction, tc_string, ac_string, 3, '{}', \
         '{forged_hash}' FROM consent_records WHERE seq = 1",
        second.link.record_hash
    ))
    .await;
    assert_broken_at(&db, 3, "record 3 was inserted");
}

async fn a_record_appended_without_the_writer_is_reported(db: TestDb) {
    five_records(&db).await;
    let store = db.store().await;
    let last = store.get_logged(&consent_id(5)).await.unwrap().unwrap();
    let mut forged = last.row.clone();
    forged.consent_id = FORGED_ID.to_owned();
    let forged_hash = forged.hash(6, &last.link.record_hash);
    db.execute(&format!(
        "INSERT INTO consent_records ({ALL_COLUMNS}) SELECT site, '{FORGED_ID}', previous_id, action, decisions, services, \
         config_revision, config_sha256, policy_sha256, locale, ui_layer, region, page_url, gpc, consent_mode, \
         decided_at_ms, expires_at_ms, banner_version, received_at_ms, ip_truncated, browser_family, found_trackers, jurisdiction, tc_string, ac_string, 6, \
         record_hash, '{forged_hash}' FROM consent_records WHERE seq = 5"
    ))
    .await;
    assert_broken_at(&db, 6, "record 6 was inserted: the chain ends at record 5");
}

async fn verify_without_a_site_checks_every_site(db: TestDb) {
    five_records(&db).await;
    let output = Command::new(BIN).args(["log", "verify", "--database", &db.url]).output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("site demo-shop: intact, 5 record(s)"));
}

async fn the_cli_export_carries_the_chain(db: TestDb) {
    five_records(&db).await;
    let output = Command::new(BIN)
        .args(["log", "export", "--site", "demo-shop", "--format", "ndjson", "--database", &db.url])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&output.stdout).lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(lines.len(), 5);
    assert!(lines.windows(2).all(|pair| pair[1]["prev_hash"] == pair[0]["record_hash"]));
}

async fn an_export_verifies_offline_and_an_edited_export_does_not(db: TestDb) {
    five_records(&db).await;
    let output =
        Command::new(BIN).args(["log", "export", "--site", "demo-shop", "--database", &db.url]).output().unwrap();
    let export = String::from_utf8(output.stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.ndjson");
    std::fs::write(&file, &export).unwrap();
    let offline = |path: &std::path::Path| {
        let output = Command::new(BIN).args(["log", "verify-export"]).arg(path).output().unwrap();
        (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let (code, report) = offline(&file);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("site demo-shop: intact, 5 record(s)"), "{report}");

    // The auditor's copy is changed: the fourth record now says the visitor accepted everything.
    let edited = export.replacen(
        &format!("\"consent_id\":\"{}\",\"previous_id\":null,\"action\":\"custom\"", consent_id(4)),
        &format!("\"consent_id\":\"{}\",\"previous_id\":null,\"action\":\"accept_all\"", consent_id(4)),
        1,
    );
    assert_ne!(edited, export);
    std::fs::write(&file, &edited).unwrap();
    let (code, report) = offline(&file);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("BROKEN at record 4: record 4 was edited"), "{report}");
}

/// Five records received a year and a day ago (as the store would have written them then), and two received now.
async fn old_and_new_records(db: &TestDb) {
    let store = db.store().await;
    let year_ago = consent_server::time::now_ms() - 366 * 86_400_000;
    for n in 1..=7u64 {
        let mut row = sample_row(n);
        if n <= 5 {
            row.received_at_ms = year_ago + n as i64;
        }
        assert!(matches!(store.insert(row).await.unwrap(), consent_server::Inserted::Stored(_)));
    }
}

fn sample_row(n: u64) -> consent_server::StoredRow {
    consent_server::StoredRow {
        action: "reject_all".into(),
        decisions: r#"{"analytics":"denied","marketing":"denied","necessary":"granted"}"#.into(),
        ..consent_server::fixture::stored_row(n)
    }
}

const CHAIN_KEY: &str = "an-operator-chain-key-0123456789";

fn cli(db: &TestDb, args: &[&str]) -> (i32, String) {
    let output = Command::new(BIN).args(args).args(["--database", &db.url]).output().expect("running consent");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap_or(-1), text)
}

async fn a_purged_log_verifies_from_its_signed_checkpoint(db: TestDb) {
    old_and_new_records(&db).await;
    let (code, output) = cli(&db, &["log", "purge", "--site", "demo-shop", "--chain-key", CHAIN_KEY]);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("purged 5 record(s) up to seq 5") && output.contains("signed"), "{output}");
    assert_eq!(db.store().await.count().await.unwrap(), 2);

    let (code, output) = cli(&db, &["log", "verify", "--site", "demo-shop", "--chain-key", CHAIN_KEY]);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("intact, 2 record(s) (seq 6 to 7)"), "{output}");
    assert!(output.contains("records up to 5 were purged (checkpoint signature good)"), "{output}");
}

async fn a_forged_checkpoint_is_reported(db: TestDb) {
    old_and_new_records(&db).await;
    let (code, output) = cli(&db, &["log", "purge", "--site", "demo-shop", "--chain-key", CHAIN_KEY]);
    assert_eq!(code, 0, "{output}");
    // Someone deletes record 6 too and moves the checkpoint forward to hide it, without the key.
    let store = db.store().await;
    let sixth = store.get_logged(&consent_id(6)).await.unwrap().unwrap();
    db.execute("DELETE FROM consent_records WHERE seq = 6").await;
    db.execute(&format!(
        "UPDATE chain_checkpoints SET seq = 6, record_hash = '{}' WHERE seq = 5",
        sixth.link.record_hash
    ))
    .await;
    let (code, output) = cli(&db, &["log", "verify", "--site", "demo-shop"]);
    assert_eq!(code, 0, "without the key the forgery cannot be seen: {output}");
    let (code, output) = cli(&db, &["log", "verify", "--site", "demo-shop", "--chain-key", CHAIN_KEY]);
    assert_eq!(code, 1, "{output}");
    assert!(
        output.contains("BROKEN at record 6: the purge checkpoint at 6 is not signed by the chain key"),
        "{output}"
    );
}

async fn records_left_behind_a_checkpoint_are_reported(db: TestDb) {
    old_and_new_records(&db).await;
    let (code, output) = cli(&db, &["log", "purge", "--site", "demo-shop"]);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("unsigned"), "{output}");
    // A record is put back under a purged sequence number.
    db.execute(&format!(
        "INSERT INTO consent_records ({ALL_COLUMNS}) SELECT site, '{FORGED_ID}', previous_id, action, decisions, services, \
         config_revision, config_sha256, policy_sha256, locale, ui_layer, region, page_url, gpc, consent_mode, \
         decided_at_ms, expires_at_ms, banner_version, received_at_ms, ip_truncated, browser_family, found_trackers, jurisdiction, tc_string, ac_string, 3, prev_hash, \
         record_hash FROM consent_records WHERE seq = 6"
    ))
    .await;
    assert_broken_at(&db, 3, "record 3 was inserted: records up to 5 were purged");
}

/// Someone rewrites a node of the stored Merkle tree, from which every signed head and proof is made: the chain still
/// verifies, but verification recomputes the tree and names the node.
async fn a_rewritten_tree_node_is_reported(db: TestDb) {
    five_records(&db).await;
    assert_eq!(db.store().await.grow_tree("demo-shop").await.unwrap(), 5);
    let (code, output) = verify(&db);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("its Merkle tree over 5 record(s) matches the chain"), "{output}");
    db.execute(&format!("UPDATE merkle_nodes SET hash = '{}' WHERE level = 1 AND idx = 1", "ab".repeat(32))).await;
    assert_broken_at(&db, 3, "the stored Merkle tree's node at level 1, index 1 (over records 3 to 4) is abab");
}

/// A stored tree whose size was raised past the chain, as if it covered records that do not exist.
async fn a_tree_size_beyond_the_chain_is_reported(db: TestDb) {
    five_records(&db).await;
    db.store().await.grow_tree("demo-shop").await.unwrap();
    db.execute("UPDATE merkle_trees SET size = 9").await;
    assert_broken_at(&db, 6, "the stored Merkle tree claims 9 records, but the chain ends at record 5");
}

for_each_backend!(
    an_untouched_log_verifies,
    an_edited_field_is_reported_at_its_record,
    an_edited_server_observed_field_is_reported_too,
    found_trackers_added_or_removed_are_reported,
    a_deleted_record_is_reported_at_its_place,
    a_deleted_last_record_is_reported,
    a_record_slotted_into_the_chain_is_reported_at_its_place,
    a_record_appended_without_the_writer_is_reported,
    a_rewritten_tree_node_is_reported,
    a_tree_size_beyond_the_chain_is_reported,
    verify_without_a_site_checks_every_site,
    the_cli_export_carries_the_chain,
    an_export_verifies_offline_and_an_edited_export_does_not,
    a_purged_log_verifies_from_its_signed_checkpoint,
    a_forged_checkpoint_is_reported,
    records_left_behind_a_checkpoint_are_reported,
);

/// A log of `records` records whose tree was grown, then `later` more records (not yet in the tree), then one change
/// to one stored tree row (`kind`, on the row `pick` selects): what verification says.
async fn verify_after_one_tree_change(
    records: u64,
    later: u64,
    pick: usize,
    kind: u8,
) -> (Result<Summary, Break>, String) {
    let db = backend::sqlite().await;
    let store = db.store().await;
    for n in 1..=records {
        store.insert(stored_row(n)).await.unwrap();
    }
    store.grow_tree("demo-shop").await.unwrap();
    for n in records + 1..=records + later {
        store.insert(stored_row(n)).await.unwrap();
    }
    let healthy = verify_site(&store, "demo-shop", None).await.unwrap().unwrap();
    assert_eq!((healthy.tree_size, healthy.last_seq), (records, (records + later) as i64), "before the change");
    let nodes: Vec<(i64, i64, String)> = {
        sqlx::any::install_default_drivers();
        let mut connection = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url).await.unwrap();
        sqlx::query_as("SELECT level, idx, hash FROM merkle_nodes ORDER BY level, idx")
            .fetch_all(&mut connection)
            .await
            .unwrap()
    };
    let (level, idx, hash) = &nodes[pick % nodes.len()];
    let row = format!("level = {level} AND idx = {idx}");
    let change = match kind {
        0 => {
            let first = if hash.starts_with('0') { '1' } else { '0' };
            let flipped = format!("{first}{}", hash.get(1..).unwrap_or_default());
            format!("UPDATE merkle_nodes SET hash = '{flipped}' WHERE {row}")
        }
        1 => format!("DELETE FROM merkle_nodes WHERE {row}"),
        2 => format!("UPDATE merkle_nodes SET idx = idx + 1000 WHERE {row}"),
        3 => format!("UPDATE merkle_nodes SET level = level + 40 WHERE {row}"),
        4 => format!("UPDATE merkle_nodes SET site = 'other-shop' WHERE {row}"),
        5 => format!("INSERT INTO merkle_nodes (site, level, idx, hash) VALUES ('demo-shop', 0, {records}, '{hash}')"),
        _ if pick.is_multiple_of(2) => "UPDATE merkle_trees SET size = size - 1".to_owned(),
        _ => "UPDATE merkle_trees SET size = size + 1".to_owned(),
    };
    db.execute(&change).await;
    (verify_site(&store, "demo-shop", None).await.unwrap(), change)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

    /// Whatever single stored tree row is edited, deleted, moved or added, or the tree's size changed, verification
    /// reports the tree broken (the chain itself is untouched).
    #[test]
    fn any_single_change_to_a_stored_tree_row_is_reported(
        records in 1u64..40,
        later in 0u64..4,
        pick in 0usize..1000,
        kind in 0u8..7,
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (verdict, change) = runtime.block_on(verify_after_one_tree_change(records, later, pick, kind));
        let caught = matches!(
            verdict,
            Err(Break::TreeNodeAltered { .. }
                | Break::TreeNodeMissing { .. }
                | Break::TreeNodeExtra { .. }
                | Break::TreeBeyondChain { .. })
        );
        proptest::prop_assert!(caught, "{change}: {verdict:?}");
    }
}
