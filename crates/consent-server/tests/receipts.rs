//! Receipts a visitor can check: every record's inclusion proof leads to the site's signed tree head, and
//! `consent log check-proof` accepts it offline and rejects a tampered one, on SQLite and PostgreSQL.

mod backend;

use std::process::Command;

use axum::http::StatusCode;
use backend::{consent_id, get, json, post_json, send, submission_n, TestDb};
use consent_core::log_proof::{ConsistencyProof, InclusionProof, SignedTreeHead};
use consent_server::log_key::{check_signature, LogKey};
use consent_server::ServerOptions;

const BIN: &str = env!("CARGO_BIN_EXE_consent");

/// Posts records `from..=to` of the demo site and returns their receipts' chain hashes.
async fn post_records(app: &axum::Router, from: u64, to: u64) -> Vec<String> {
    let mut hashes = Vec::new();
    for n in from..=to {
        let response = send(app.clone(), post_json(&submission_n(n))).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        hashes.push(json(response).await["chain_hash"].as_str().unwrap().to_owned());
    }
    hashes
}

async fn head_of(app: &axum::Router, query: &str) -> SignedTreeHead {
    let response = send(app.clone(), get(&format!("/v1/sites/demo-shop/log/head{query}"))).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).unwrap()
}

async fn proof_of(app: &axum::Router, n: u64, query: &str) -> InclusionProof {
    let response = send(app.clone(), get(&format!("/v1/consents/{}/proof{query}", consent_id(n)))).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).unwrap()
}

fn cli(args: &[&str]) -> (i32, String) {
    let output = Command::new(BIN).args(args).env_remove("CONSENT_LOG_KEY_FILE").output().expect("running consent");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap_or(-1), text)
}

fn write_json(dir: &std::path::Path, name: &str, value: &impl serde::Serialize) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path.display().to_string()
}

async fn every_record_proves_against_the_published_head(db: TestDb) {
    let app = db.admin_app().await;
    let chain_hashes = post_records(&app, 1, 13).await;
    let head = head_of(&app, "").await;
    assert_eq!(head.head.tree_size, 13);
    assert!(check_signature(&head, None).is_ok());
    for n in 1..=13u64 {
        let proof = proof_of(&app, n, "").await;
        assert_eq!((proof.seq, proof.leaf_index), (n as i64, n - 1));
        assert_eq!(proof.leaf, chain_hashes[n as usize - 1], "the leaf is the receipt's chain hash");
        assert_eq!(proof.check(), Ok(()), "record {n}");
        assert_eq!(proof.head.head.root_hash, head.head.root_hash);
        assert_eq!(proof.head.public_key, head.public_key, "one key signs every head");
        assert!(check_signature(&proof.head, Some(&head.public_key)).is_ok());
    }
}

/// The heads of the demo site's log at 5 records and, after 7 more, at 12.
async fn heads_at_5_and_12(app: &axum::Router) -> (SignedTreeHead, SignedTreeHead) {
    post_records(app, 1, 5).await;
    let old = head_of(app, "").await;
    post_records(app, 6, 12).await;
    (old, head_of(app, "").await)
}

async fn an_old_head_still_proves_after_the_log_grows(db: TestDb) {
    let app = db.admin_app().await;
    let (old, new) = heads_at_5_and_12(&app).await;
    assert_eq!((old.head.tree_size, new.head.tree_size), (5, 12));
    assert_ne!(old.head.root_hash, new.head.root_hash);
    // The tree at 5 records is the same tree, however much was appended since.
    assert_eq!(head_of(&app, "?tree_size=5").await.head.root_hash, old.head.root_hash);
    let proof = proof_of(&app, 3, "?tree_size=5").await;
    assert_eq!((proof.check(), proof.head.head.root_hash.as_str()), (Ok(()), old.head.root_hash.as_str()));
    // A tree that does not reach the record, or the log, is refused naming tree_size.
    for query in ["?tree_size=2", "?tree_size=99"] {
        let response = send(app.clone(), get(&format!("/v1/consents/{}/proof{query}", consent_id(3)))).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(json(response).await["fields"][0]["path"], "tree_size");
    }
    // The head at 5 records is a prefix of the head at 12: nothing it covered was changed.
    let response = send(app.clone(), get("/v1/sites/demo-shop/log/consistency?from=5")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let consistency: ConsistencyProof = serde_json::from_value(json(response).await).unwrap();
    assert_eq!((consistency.old_size, consistency.new_size), (5, 12));
    assert_eq!(consistency.check(&old.head, &new.head), Ok(()));
    let mut forged = consistency.clone();
    forged.proof[0] = "0".repeat(64);
    assert!(forged.check(&old.head, &new.head).is_err());
    let mut rewritten = old.head.clone();
    rewritten.root_hash = "1".repeat(64);
    assert!(consistency.check(&rewritten, &new.head).is_err(), "a head of a rewritten log is not a prefix");
    for (query, field) in [("?from=0", "from"), ("?from=9&to=7", "from"), ("?from=3&to=99", "to")] {
        let response = send(app.clone(), get(&format!("/v1/sites/demo-shop/log/consistency{query}"))).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(json(response).await["fields"][0]["path"], field, "{query}");
    }
    let response = send(app.clone(), get(&format!("/v1/consents/{}/proof", consent_id(77)))).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(app.clone(), get("/v1/sites/no-such-site/log/head")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

async fn check_proof_accepts_a_true_proof_and_rejects_tampering(db: TestDb) {
    let app = db.admin_app().await;
    post_records(&app, 1, 9).await;
    let head = head_of(&app, "").await;
    let proof = proof_of(&app, 6, "").await;
    let dir = tempfile::tempdir().unwrap();
    let proof_file = write_json(dir.path(), "proof.json", &proof);
    let head_file = write_json(dir.path(), "head.json", &head);

    let (code, output) =
        cli(&["log", "check-proof", &proof_file, "--head", &head_file, "--public-key", &head.public_key]);
    assert_eq!(code, 0, "{output}");
    assert!(output.starts_with(&format!("OK: consent {} is record 6 of site 'demo-shop'", consent_id(6))), "{output}");
    assert!(output.contains("(the pinned key)"), "{output}");

    let rejected = |name: &str, proof: &InclusionProof, extra: &[&str], reason: &str| {
        let file = write_json(dir.path(), name, proof);
        let mut args = vec!["log", "check-proof", file.as_str()];
        args.extend_from_slice(extra);
        let (code, output) = cli(&args);
        assert_eq!(code, 1, "{name}: {output}");
        assert!(output.contains("NOT PROVEN") && output.contains(reason), "{name}: expected {reason:?} in {output}");
    };
    let mut sibling = proof.clone();
    sibling.audit_path[0] = "0".repeat(64);
    rejected("sibling.json", &sibling, &[], "does not lead to the tree head's root");
    let mut leaf = proof.clone();
    leaf.leaf = "1".repeat(64);
    leaf.leaf_hash = consent_core::sha256::to_hex(&consent_core::merkle::leaf_hash(&[0x11; 32]));
    rejected("leaf.json", &leaf, &[], "does not lead to the tree head's root");
    let mut moved = proof.clone();
    (moved.seq, moved.leaf_index) = (5, 4);
    rejected("moved.json", &moved, &[], "does not lead to the tree head's root");
    // A head whose size or root was changed no longer carries the log's signature.
    let mut resized = proof.clone();
    resized.head.head.root_hash = head.head.root_hash.clone();
    resized.head.head.timestamp_ms += 1;
    rejected("resized.json", &resized, &[], "signature does not verify");
    // A head re-signed by someone else's key is refused when the log's key is pinned.
    let forger = dir.path().join("forger.key");
    std::fs::write(&forger, "42".repeat(32)).unwrap();
    let forged = LogKey::from_file(&forger).unwrap().sign(proof.head.head.clone());
    let mut reclaimed = proof.clone();
    reclaimed.head = forged;
    rejected("reclaimed.json", &reclaimed, &["--public-key", &head.public_key], "not by the pinned key");
    // A proof against another tree than the published head says how to get the matching one.
    post_records(&app, 10, 10).await;
    let newer = proof_of(&app, 6, "").await;
    rejected("newer.json", &newer, &["--head", &head_file], "?tree_size=9");
}

async fn the_cli_proves_what_the_api_proves(db: TestDb) {
    let app = db.admin_app().await;
    post_records(&app, 1, 4).await;
    let api = proof_of(&app, 2, "").await;
    let output = Command::new(BIN)
        .args(["log", "prove", &consent_id(2), "--database", &db.url])
        .env_remove("CONSENT_LOG_KEY_FILE")
        .output()
        .expect("running consent log prove");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed: InclusionProof = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!((&printed.leaf, &printed.audit_path, printed.leaf_index), (&api.leaf, &api.audit_path, 1));
    assert_eq!(printed.head.head.root_hash, api.head.head.root_hash);
    assert_eq!(printed.head.public_key, api.head.public_key, "the CLI signs with the key the servers keep");
    let (code, output) = cli(&["log", "head", "--site", "demo-shop", "--database", &db.url]);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("\"tree_size\": 4"), "{output}");
}

async fn an_operator_key_file_signs_the_heads(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("log.key");
    std::fs::write(&key_file, format!("{}\n", "ab".repeat(32))).unwrap();
    let key = LogKey::from_file(&key_file).unwrap();
    let options = ServerOptions {
        log_key: Some(key.clone()),
        rate_limits: consent_server::RateLimits::OFF,
        ..ServerOptions::new("no-files".into(), "no-files".into())
    };
    let app = consent_server::app(db.open_state(options).await);
    post_records(&app, 1, 3).await;
    let head = head_of(&app, "").await;
    assert_eq!(head.public_key, key.public_key_hex());
    let key_path = key_file.display().to_string();
    let log_head = || cli(&["log", "head", "--site", "demo-shop", "--database", &db.url, "--log-key-file", &key_path]);
    let (code, output) = log_head();
    assert_eq!(code, 0, "{output}");
    assert!(output.contains(&key.public_key_hex()), "{output}");
    std::fs::write(&key_file, "not a key").unwrap();
    let (code, output) = log_head();
    assert_ne!(code, 0);
    assert!(output.contains("must hold the 32-byte Ed25519 secret seed as 64 hex characters"), "{output}");
}

async fn a_purge_keeps_the_kept_records_provable(db: TestDb) {
    let store = db.store().await;
    for n in 1..=6u64 {
        let mut row = consent_server::fixture::stored_row(n);
        if n <= 3 {
            row.received_at_ms = 1000 + n as i64;
        }
        assert!(matches!(store.insert(row).await.unwrap(), consent_server::Inserted::Stored(_)));
    }
    let app = db.admin_app().await;
    let (code, output) = cli(&["log", "purge", "--site", "demo-shop", "--database", &db.url]);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("purged 3 record(s)"), "{output}");
    post_records(&app, 7, 8).await;
    let proof = proof_of(&app, 5, "").await;
    assert_eq!((proof.head.head.tree_size, proof.check()), (8, Ok(())));
}

/// Two servers on one database growing the tree while a third writes: every head they publish stays the tree of its
/// size, and every record proves.
async fn heads_published_during_writes_stay_true(db: TestDb) {
    let writer = db.admin_app().await;
    let (reader_a, reader_b) = (db.admin_app().await, db.admin_app().await);
    let writing = tokio::spawn(async move { post_records(&writer, 1, 120).await });
    let mut heads = Vec::new();
    while !writing.is_finished() {
        heads.push(head_of(&reader_a, "").await);
        heads.push(head_of(&reader_b, "").await);
    }
    writing.await.unwrap();
    let last = head_of(&reader_a, "").await;
    assert_eq!(last.head.tree_size, 120);
    for head in heads.iter().filter(|head| head.head.tree_size > 0) {
        let again = head_of(&reader_b, &format!("?tree_size={}", head.head.tree_size)).await;
        assert_eq!(again.head.root_hash, head.head.root_hash, "tree of {}", head.head.tree_size);
    }
    for n in (1..=120).step_by(7) {
        assert_eq!(proof_of(&reader_b, n, "").await.check(), Ok(()));
    }
}

/// `consent log consistency` prints the proof the API gives; `consent log check-consistency` accepts it between the
/// two published heads, and rejects a forged proof, a head of a rewritten log, heads of another site or another key,
/// and heads given in the wrong order.
async fn check_consistency_accepts_a_grown_log_and_rejects_forgery(db: TestDb) {
    let app = db.admin_app().await;
    let (old, new) = heads_at_5_and_12(&app).await;
    let output = Command::new(BIN)
        .args(["log", "consistency", "--site", "demo-shop", "--from", "5", "--database", &db.url])
        .output()
        .expect("running consent log consistency");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let proof: ConsistencyProof = serde_json::from_slice(&output.stdout).unwrap();
    let api = send(app.clone(), get("/v1/sites/demo-shop/log/consistency?from=5&to=12")).await;
    assert_eq!(proof, serde_json::from_value::<ConsistencyProof>(json(api).await).unwrap());
    assert_eq!((proof.old_size, proof.new_size), (5, 12));

    let dir = tempfile::tempdir().unwrap();
    let check = |name: &str, proof: &ConsistencyProof, old: &SignedTreeHead, new: &SignedTreeHead, pin: bool| {
        let proof_file = write_json(dir.path(), &format!("{name}-proof.json"), proof);
        let old_file = write_json(dir.path(), &format!("{name}-old.json"), old);
        let new_file = write_json(dir.path(), &format!("{name}-new.json"), new);
        let mut args = vec!["log", "check-consistency", &proof_file, "--old", &old_file, "--new", &new_file];
        if pin {
            args.extend(["--public-key", old.public_key.as_str()]);
        }
        cli(&args)
    };
    let rejected = |name: &str, proof: &ConsistencyProof, old: &SignedTreeHead, new: &SignedTreeHead, reason: &str| {
        let (code, output) = check(name, proof, old, new, false);
        assert_eq!(code, 1, "{name}: {output}");
        assert!(
            output.contains("NOT CONSISTENT") && output.contains(reason),
            "{name}: expected {reason:?} in {output}"
        );
    };

    let (code, output) = check("good", &proof, &old, &new, true);
    assert_eq!(code, 0, "{output}");
    assert!(output.starts_with("OK: site 'demo-shop': its log of 5 records"), "{output}");
    assert!(output.contains("is a prefix of its log of 12 records") && output.contains("(the pinned key)"), "{output}");

    let mut forged = proof.clone();
    forged.proof[0] = "0".repeat(64);
    rejected("forged", &forged, &old, &new, "does not join the two roots");
    // The log's own key signs a head over a rewritten first five records: no proof joins it to the newer head.
    let key = LogKey::stored(&db.store().await).await.unwrap();
    let mut rewritten = old.head.clone();
    rewritten.root_hash = "ab".repeat(32);
    rejected("rewritten", &proof, &key.sign(rewritten), &new, "does not join the two roots");
    rejected("swapped", &proof, &new, &old, "pass the heads in order");

    // Heads of another site of the same log.
    let store = db.store().await;
    for n in 100..112u64 {
        let row = consent_server::StoredRow { site: "second-shop".into(), ..consent_server::fixture::stored_row(n) };
        assert!(matches!(store.insert(row).await.unwrap(), consent_server::Inserted::Stored(_)));
    }
    let printed = Command::new(BIN)
        .args(["log", "head", "--site", "second-shop", "--database", &db.url])
        .output()
        .expect("running consent log head");
    assert!(printed.status.success(), "{}", String::from_utf8_lossy(&printed.stderr));
    let other_site: SignedTreeHead = serde_json::from_slice(&printed.stdout).unwrap();
    rejected(
        "other-site",
        &proof,
        &old,
        &other_site,
        "the heads are of different sites ('demo-shop' and 'second-shop')",
    );
    // The same head re-signed by someone else's key.
    let forger = dir.path().join("forger.key");
    std::fs::write(&forger, "42".repeat(32)).unwrap();
    let resigned = LogKey::from_file(&forger).unwrap().sign(new.head.clone());
    rejected("other-key", &proof, &old, &resigned, "the heads are signed by different keys");
    let (code, output) = check("pinned", &proof, &resigned, &new, true);
    assert_eq!(code, 1, "{output}");
}

for_each_backend!(
    every_record_proves_against_the_published_head,
    an_old_head_still_proves_after_the_log_grows,
    check_proof_accepts_a_true_proof_and_rejects_tampering,
    the_cli_proves_what_the_api_proves,
    an_operator_key_file_signs_the_heads,
    a_purge_keeps_the_kept_records_provable,
    heads_published_during_writes_stay_true,
    check_consistency_accepts_a_grown_log_and_rejects_forgery,
);
