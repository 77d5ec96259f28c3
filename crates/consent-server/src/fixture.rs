//! The records the tests and benchmarks of this crate build, in one place so that a new column is added once.
//! Compiled only for them (`cfg(test)` or the `fixture` feature that the crate's dev-dependency on itself turns on).

use crate::row::{StoredRow, NO_FOUND_TRACKERS};
use crate::time::now_ms;

/// The `n`th test consent id: a version-4 UUID made from `n` (`00000000-0000-4000-8000-00000000000a` for 10).
pub fn consent_id(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// A checked record for the demo shop with consent id number `n`, received now, as the endpoint hands it to the log:
/// the visitor chose which categories with the preferences dialog of the demo config (revision 1), from Firefox.
pub fn stored_row(n: u64) -> StoredRow {
    StoredRow {
        site: "demo-shop".into(),
        consent_id: consent_id(n),
        previous_id: None,
        action: "custom".into(),
        decisions: r#"{"analytics":"granted","marketing":"denied","necessary":"granted"}"#.into(),
        services: r#"{"demo-ads":"denied","demo-analytics":"granted","demo-video":"denied"}"#.into(),
        config_revision: 1,
        config_sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        policy_sha256: None,
        locale: "en-GB".into(),
        ui_layer: "preferences".into(),
        region: "default".into(),
        page_url: "https://shop.example/cart".into(),
        gpc: false,
        consent_mode: "{}".into(),
        decided_at_ms: 1_764_000_000_000,
        expires_at_ms: 1_779_000_000_000,
        banner_version: "0.1.0".into(),
        received_at_ms: now_ms(),
        ip_truncated: "203.0.113.0".into(),
        browser_family: "firefox".into(),
        found_trackers: NO_FOUND_TRACKERS.into(),
        jurisdiction: None,
        tc_string: None,
        ac_string: None,
    }
}
