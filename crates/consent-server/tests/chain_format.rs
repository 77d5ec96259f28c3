//! The `consent-log-v1` chain and the `consent-checkpoint-v1` MAC are a promise to every log already written: these
//! fixtures were computed by the endpoint before it moved from hand-written SHA-256 and HMAC to the `sha2` and
//! `hmac` crates, and must verify byte for byte whatever implementation computes them now.

use consent_server::chain::verify::Verifier;
use consent_server::row::LoggedRow;
use consent_server::store::checkpoint::Checkpoint;
use consent_server::ChainKey;

/// Three records of one site as an NDJSON export wrote them: non-ASCII text, a NULL and a set `policy_sha256`, a
/// replacement, GPC and found trackers, so that every kind of field is hashed.
const LOG_V1: &str = include_str!("fixtures/log-v1.ndjson");

/// The hash of the fixture's last record, as the endpoint computed it when the record was written.
const LAST_HASH: &str = "1de7a6a150c091b401ac5452cad1d49e2198138e6b426b2fe6b8c7f65ccbcc86";

#[test]
fn a_log_written_before_the_hashing_crates_still_verifies() {
    let records: Vec<LoggedRow> =
        LOG_V1.lines().map(|line| serde_json::from_str(line).expect("a fixture line is an exported record")).collect();
    let mut verifier = Verifier::new(None, Some((3, LAST_HASH.to_owned())));
    for record in &records {
        assert_eq!(verifier.check(record), Ok(()), "record {} no longer verifies", record.link.seq);
    }
    let summary = verifier.finish("demo-shop").expect("the fixture's head matches");
    assert_eq!((summary.records, summary.last_hash.as_str()), (3, LAST_HASH));
}

#[test]
fn an_auditor_verifying_an_export_written_before_the_hashing_crates_finds_it_intact() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/log-v1.ndjson");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_consent"))
        .args(["log", "verify-export", fixture])
        .output()
        .expect("running consent log verify-export");
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(
        report.contains(&format!("site demo-shop: intact, 3 record(s) (seq 1 to 3), last hash {LAST_HASH}")),
        "{report}"
    );
}

#[test]
fn a_checkpoint_signed_before_the_hashing_crates_keeps_its_mac() {
    let checkpoint = Checkpoint {
        site: "demo-shop".into(),
        seq: 3,
        record_hash: LAST_HASH.into(),
        cutoff_ms: 1_764_000_001_000,
        purged_records: 3,
        purged_at_ms: 1_764_000_002_000,
        mac: None,
    };
    let key = ChainKey::new("fixture-chain-key-0123456789").expect("a long enough key");
    assert_eq!(checkpoint.mac_under(&key), "fcf9b5a466bd722494cae39f1b6cd3836b1f62190469f97105bbff299a3e88b2");
    // A key longer than SHA-256's 64-byte block is hashed first (RFC 2104); the old code did so too.
    let long_key = ChainKey::new(&"k".repeat(100)).expect("a long enough key");
    assert_eq!(long_key.mac(b"message"), "1c28735416d320163f56f81bdbb83d651eed508d184e6b8b03662740a533293e");
}

/// A TCF record's hash covers its TC and AC strings, each appended after the fields before it (`tc_string`, then
/// `ac_string`) only when present: the hash below was computed when the AC string joined the log, and a record
/// without one hashes as the fixture's records always did.
#[test]
fn a_record_with_tc_and_ac_strings_hashes_as_when_the_ac_string_joined_the_log() {
    let first = LOG_V1.lines().next().expect("the fixture has records");
    let mut record: LoggedRow = serde_json::from_str(first).expect("a fixture line is an exported record");
    let untouched = record.row.hash(record.link.seq, &record.link.prev_hash);
    assert_eq!(untouched, record.link.record_hash, "no AC string: hashed as before");
    record.row.tc_string =
        Some("CQu26YAQu26YAEsACBDECOFgAPOAAEKAAAYgF5wAoAAgAEAvMC84AQAAgF5gAAAA.IF5wAoAAgAEAvMAA".into());
    let with_tc = record.row.hash(record.link.seq, &record.link.prev_hash);
    record.row.ac_string = Some("2~1097~dv.89".into());
    let with_both = record.row.hash(record.link.seq, &record.link.prev_hash);
    assert_ne!(with_both, with_tc, "the AC string is hashed");
    assert_eq!(with_both, "7bdecda19e016f900c1393fa2f0997715d4b3b68e173ab2c98f69b3ffb769058");
}
