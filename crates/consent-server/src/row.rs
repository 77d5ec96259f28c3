//! The stored form of one consent record: the checked record plus what the server itself observed, and the link that
//! chains it to the site's previous record.

use consent_core::client::BrowserFamily;
use consent_core::regions::{Applicable, Regime};
use consent_core::{ConsentRecord, FieldError, RecordError};
use serde::{Deserialize, Serialize};

use crate::chain::canonical::{Canonical, FORMAT};

/// Every column of `consent_records` except the chain link, in the order they are hashed (see [`StoredRow::hash`]).
pub const CONTENT_COLUMNS: &str = "site, consent_id, previous_id, action, decisions, services, config_revision, \
     config_sha256, policy_sha256, locale, ui_layer, region, page_url, gpc, consent_mode, decided_at_ms, expires_at_ms, \
     banner_version, received_at_ms, ip_truncated, browser_family, found_trackers, jurisdiction, tc_string, ac_string";

/// Every column of `consent_records`: the content, then the chain link.
pub const ALL_COLUMNS: &str = "site, consent_id, previous_id, action, decisions, services, config_revision, \
     config_sha256, policy_sha256, locale, ui_layer, region, page_url, gpc, consent_mode, decided_at_ms, expires_at_ms, \
     banner_version, received_at_ms, ip_truncated, browser_family, found_trackers, jurisdiction, tc_string, ac_string, seq, prev_hash, \
     record_hash";

/// One record of the proof-of-consent log, exactly as stored (without its chain link, see [`LoggedRow`]).
///
/// Enumerations are stored by their wire names (`accept_all`, `first_layer`), decisions as the JSON object the banner
/// sent (`{"analytics":"granted","marketing":"denied"}`, keys sorted), times as Unix milliseconds. The client's
/// address is only ever stored truncated and its User-Agent only as a family, see [`consent_core::client`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRow {
    /// The site whose log holds the record.
    pub site: String,
    /// The decision's id, made by the banner (a lowercase UUID); unique in the log.
    pub consent_id: String,
    /// The decision this one replaced, when the visitor changed an earlier answer.
    pub previous_id: Option<String>,
    /// What the visitor did: `accept_all`, `reject_all`, `custom`, `withdraw` or `gpc`.
    pub action: String,
    /// JSON object: category id → `granted` | `denied`.
    pub decisions: String,
    /// JSON object: service id → `granted` | `denied`.
    pub services: String,
    /// The config revision the banner was shown with.
    pub config_revision: i64,
    /// SHA-256 (lowercase hex) of the config text the banner was shown with.
    pub config_sha256: String,
    /// SHA-256 (lowercase hex) of the policy text the visitor could read, when there was one.
    pub policy_sha256: Option<String>,
    /// The language tag the banner was shown in.
    pub locale: String,
    /// Where the decision was made: `first_layer`, `preferences`, `placeholder`, `api` or `signal`.
    pub ui_layer: String,
    /// The regime the endpoint applied (`opt_in`, `opt_out`, `notice`, `none`) for a site whose config has
    /// `regions`; otherwise the rule set the banner named (`default`: opt-in everywhere).
    pub region: String,
    /// Without query string or fragment.
    pub page_url: String,
    /// Whether the browser sent Global Privacy Control.
    pub gpc: bool,
    /// JSON object: Consent Mode type → `granted` | `denied`.
    pub consent_mode: String,
    /// When the visitor decided, by the browser's clock.
    pub decided_at_ms: i64,
    /// When the decision stops being valid, by the browser's clock.
    pub expires_at_ms: i64,
    /// The version of the banner that sent the record.
    pub banner_version: String,
    /// The server's clock when the record arrived.
    pub received_at_ms: i64,
    /// The client's address with its host part removed (`203.0.113.0`, `2001:db8:1234::`), or `unknown`.
    pub ip_truncated: String,
    /// `chrome`, `firefox`, `safari`, `edge` or `other`.
    pub browser_family: String,
    /// JSON array of the trackers auto-blocking held that the config does not name, with what the choice meant for
    /// each ([`consent_core::found_tracker::FoundTrackerUse`]); `[]` for none, and for records older than the field.
    #[serde(default = "no_found_trackers")]
    pub found_trackers: String,
    /// Where the endpoint decided the visitor was, from the trusted region header (`US-CA`, `FR`, or `unknown`):
    /// never what the page said. `None` only for records from before the field, which hash as they always did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// A TCF site's TC string for the choice, as the banner sent it and the endpoint decoded it; absent (NULL, and
    /// left out of an export line) for other records and for records older than the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tc_string: Option<String>,
    /// A TCF site's Google Additional Consent string for the choice (`2~<consented>~dv.<disclosed>`), as the banner
    /// sent it and the endpoint checked it against the site's providers; absent (NULL, and left out of an export line)
    /// for other records and for records older than the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ac_string: Option<String>,
}

/// The stored text of "no found trackers", which the chain hash leaves out so records from before the field verify.
pub const NO_FOUND_TRACKERS: &str = "[]";

fn no_found_trackers() -> String {
    NO_FOUND_TRACKERS.to_owned()
}

/// Where a record sits in its site's hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLink {
    /// The record's position in its site's log: 1, 2, 3 … without gaps.
    pub seq: i64,
    /// The `record_hash` of the site's record `seq - 1` (or of the purge checkpoint), or 64 zeros for the first.
    pub prev_hash: String,
    /// SHA-256 over the record's canonical form, see [`StoredRow::hash`].
    pub record_hash: String,
}

/// A record as the log holds it: its content and its chain link. Serialised, it is one line of an NDJSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedRow {
    /// The record's content.
    #[serde(flatten)]
    pub row: StoredRow,
    /// Its place and hashes in the site's chain.
    #[serde(flatten)]
    pub link: ChainLink,
}

fn content_from_row(row: &sqlx::any::AnyRow) -> Result<StoredRow, sqlx::Error> {
    use sqlx::Row;
    Ok(StoredRow {
        site: row.try_get("site")?,
        consent_id: row.try_get("consent_id")?,
        previous_id: row.try_get("previous_id")?,
        action: row.try_get("action")?,
        decisions: row.try_get("decisions")?,
        services: row.try_get("services")?,
        config_revision: row.try_get("config_revision")?,
        config_sha256: row.try_get("config_sha256")?,
        policy_sha256: row.try_get("policy_sha256")?,
        locale: row.try_get("locale")?,
        ui_layer: row.try_get("ui_layer")?,
        region: row.try_get("region")?,
        page_url: row.try_get("page_url")?,
        gpc: row.try_get::<i64, _>("gpc")? != 0,
        consent_mode: row.try_get("consent_mode")?,
        decided_at_ms: row.try_get("decided_at_ms")?,
        expires_at_ms: row.try_get("expires_at_ms")?,
        banner_version: row.try_get("banner_version")?,
        received_at_ms: row.try_get("received_at_ms")?,
        ip_truncated: row.try_get("ip_truncated")?,
        browser_family: row.try_get("browser_family")?,
        found_trackers: row.try_get("found_trackers")?,
        jurisdiction: row.try_get("jurisdiction")?,
        tc_string: row.try_get("tc_string")?,
        ac_string: row.try_get("ac_string")?,
    })
}

/// Read by hand rather than derived because `gpc` is stored as a `0`/`1` BIGINT: sqlx's `Any` driver cannot decode
/// SQLite's BOOLEAN, and an integer column means the same on both databases.
impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for StoredRow {
    fn from_row(row: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        content_from_row(row)
    }
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for LoggedRow {
    fn from_row(row: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        Ok(LoggedRow {
            row: content_from_row(row)?,
            link: ChainLink {
                seq: row.try_get("seq")?,
                prev_hash: row.try_get("prev_hash")?,
                record_hash: row.try_get("record_hash")?,
            },
        })
    }
}

/// What the server observed about a submission, as opposed to what the client claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerMeta {
    /// The server's clock when the record arrived, in Unix milliseconds.
    pub received_at_ms: i64,
    /// Already truncated by [`consent_core::client::truncate_ip`], or `unknown`.
    pub ip_truncated: String,
    /// The browser family its `User-Agent` names.
    pub browser_family: BrowserFamily,
    /// The regime and jurisdiction the endpoint decided from the trusted region header
    /// ([`crate::visitor_region::applicable`]).
    pub applicable: Applicable,
    /// Whether the site's config has `regions`: then the record's `region` is the regime applied, replacing the
    /// rule set the banner named.
    pub regional: bool,
}

impl StoredRow {
    /// The row for a checked record. Fails only for times too large for the database's signed 64-bit integers, which
    /// no real clock produces.
    pub fn new(record: ConsentRecord, meta: ServerMeta) -> Result<Self, RecordError> {
        let mut problems = Vec::new();
        let mut millis = |path: &str, value: u64| {
            i64::try_from(value).unwrap_or_else(|_| {
                problems.push(FieldError::new(path, "is too large to be a time in milliseconds"));
                0
            })
        };
        let decided_at_ms = millis("decided_at_ms", record.decided_at_ms);
        let expires_at_ms = millis("expires_at_ms", record.expires_at_ms);
        let action = wire_name(&record.action, "action", &mut problems);
        let ui_layer = wire_name(&record.ui_layer, "ui_layer", &mut problems);
        let decisions = json_text(&record.decisions, "decisions", &mut problems);
        let services = json_text(&record.services, "services", &mut problems);
        let consent_mode = json_text(&record.consent_mode, "consent_mode", &mut problems);
        let found_trackers = json_text(&record.found_trackers, "found_trackers", &mut problems);
        if !problems.is_empty() {
            return Err(RecordError(problems));
        }
        Ok(StoredRow {
            site: record.site,
            consent_id: record.consent_id.to_string(),
            previous_id: record.previous_id.map(String::from),
            action,
            decisions,
            services,
            config_revision: i64::from(record.config_revision),
            config_sha256: record.config_sha256,
            policy_sha256: record.policy_sha256,
            locale: record.locale,
            ui_layer,
            region: if meta.regional { regime_name(meta.applicable.regime) } else { record.region },
            page_url: record.page_url,
            gpc: record.gpc,
            consent_mode,
            decided_at_ms,
            expires_at_ms,
            banner_version: record.banner_version,
            received_at_ms: meta.received_at_ms,
            ip_truncated: meta.ip_truncated,
            browser_family: meta.browser_family.as_str().to_owned(),
            found_trackers,
            jurisdiction: Some(meta.applicable.jurisdiction),
            tc_string: record.tc_string,
            ac_string: record.ac_string,
        })
    }

    /// The record's chain hash when it sits at `seq` after a record whose hash is `prev_hash`.
    ///
    /// SHA-256 over the `consent-log-v1` canonical form (see [`crate::chain::canonical`]) of these fields, in this
    /// order: `seq`, `prev_hash`, then every stored column as [`CONTENT_COLUMNS`] lists them, with `gpc` as `0`/`1`
    /// and absent `previous_id` / `policy_sha256` as NULL; `found_trackers` only when it lists any, `jurisdiction`,
    /// `tc_string` and `ac_string` only when there is one (records from before those fields, and records without them,
    /// hash as they always did). Every field the log stores is covered,
    /// the server-observed ones included, so editing any of them breaks the chain.
    pub fn hash(&self, seq: i64, prev_hash: &str) -> String {
        let mut entry = Canonical::new(FORMAT);
        entry
            .integer("seq", seq)
            .text("prev_hash", prev_hash)
            .text("site", &self.site)
            .text("consent_id", &self.consent_id)
            .optional("previous_id", self.previous_id.as_deref())
            .text("action", &self.action)
            .text("decisions", &self.decisions)
            .text("services", &self.services)
            .integer("config_revision", self.config_revision)
            .text("config_sha256", &self.config_sha256)
            .optional("policy_sha256", self.policy_sha256.as_deref())
            .text("locale", &self.locale)
            .text("ui_layer", &self.ui_layer)
            .text("region", &self.region)
            .text("page_url", &self.page_url)
            .integer("gpc", i64::from(self.gpc))
            .text("consent_mode", &self.consent_mode)
            .integer("decided_at_ms", self.decided_at_ms)
            .integer("expires_at_ms", self.expires_at_ms)
            .text("banner_version", &self.banner_version)
            .integer("received_at_ms", self.received_at_ms)
            .text("ip_truncated", &self.ip_truncated)
            .text("browser_family", &self.browser_family);
        if self.found_trackers != NO_FOUND_TRACKERS {
            entry.text("found_trackers", &self.found_trackers);
        }
        if let Some(jurisdiction) = &self.jurisdiction {
            entry.text("jurisdiction", jurisdiction);
        }
        if let Some(tc_string) = &self.tc_string {
            entry.text("tc_string", tc_string);
        }
        if let Some(ac_string) = &self.ac_string {
            entry.text("ac_string", ac_string);
        }
        entry.sha256_hex()
    }

    /// This row placed at `seq` after `prev_hash`.
    pub fn link(self, seq: i64, prev_hash: String) -> LoggedRow {
        let record_hash = self.hash(seq, &prev_hash);
        LoggedRow { row: self, link: ChainLink { seq, prev_hash, record_hash } }
    }
}

impl LoggedRow {
    /// Whether the stored hash is the hash of the stored content and link.
    pub fn hash_matches(&self) -> bool {
        self.row.hash(self.link.seq, &self.link.prev_hash) == self.link.record_hash
    }
}

/// The regime's name as a config writes it (`opt_out`).
fn regime_name(regime: Regime) -> String {
    let mut problems = Vec::new();
    wire_name(&regime, "region", &mut problems)
}

/// The name serde gives a unit enum variant (`AcceptAll` → `accept_all`), so the log spells values as the wire does.
fn wire_name<T: Serialize>(value: &T, path: &str, problems: &mut Vec<FieldError>) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => {
            problems.push(FieldError::new(path, "could not be encoded"));
            String::new()
        }
    }
}

/// Maps are serialised from `BTreeMap`s, so their keys are sorted and the same decisions always give the same text
/// (and the same hash).
fn json_text<T: Serialize>(value: &T, path: &str, problems: &mut Vec<FieldError>) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| {
        problems.push(FieldError::new(path, format!("could not be encoded: {e}")));
        String::new()
    })
}
