//! The stored form of one consent record: the checked record plus what the server itself observed.

use consent_core::client::BrowserFamily;
use consent_core::{ConsentRecord, FieldError, RecordError};
use serde::Serialize;

/// One row of the proof-of-consent log, exactly as stored.
///
/// Enumerations are stored by their wire names (`accept_all`, `first_layer`), decisions as the JSON object the banner
/// sent (`{"analytics":"granted","marketing":"denied"}`), times as Unix milliseconds. The client's address is only
/// ever stored truncated and its User-Agent only as a family, see [`consent_core::client`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredRow {
    pub consent_id: String,
    pub previous_id: Option<String>,
    pub site: String,
    pub action: String,
    pub decisions: String,
    pub config_revision: i64,
    pub locale: String,
    pub ui_layer: String,
    /// Without query string or fragment.
    pub page_url: String,
    pub gpc: bool,
    pub decided_at_ms: i64,
    pub expires_at_ms: i64,
    pub banner_version: String,
    /// The server's clock when the record arrived.
    pub received_at_ms: i64,
    pub ip_truncated: String,
    /// `chrome`, `firefox`, `safari`, `edge` or `other`.
    pub browser_family: String,
}

/// Read by hand rather than derived because `gpc` is stored as a `0`/`1` BIGINT: sqlx's `Any` driver cannot decode
/// SQLite's BOOLEAN, and an integer column means the same on both databases.
impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for StoredRow {
    fn from_row(row: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        Ok(StoredRow {
            consent_id: row.try_get("consent_id")?,
            previous_id: row.try_get("previous_id")?,
            site: row.try_get("site")?,
            action: row.try_get("action")?,
            decisions: row.try_get("decisions")?,
            config_revision: row.try_get("config_revision")?,
            locale: row.try_get("locale")?,
            ui_layer: row.try_get("ui_layer")?,
            page_url: row.try_get("page_url")?,
            gpc: row.try_get::<i64, _>("gpc")? != 0,
            decided_at_ms: row.try_get("decided_at_ms")?,
            expires_at_ms: row.try_get("expires_at_ms")?,
            banner_version: row.try_get("banner_version")?,
            received_at_ms: row.try_get("received_at_ms")?,
            ip_truncated: row.try_get("ip_truncated")?,
            browser_family: row.try_get("browser_family")?,
        })
    }
}

/// What the server observed about a submission, as opposed to what the client claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerMeta {
    pub received_at_ms: i64,
    /// Already truncated by [`consent_core::client::truncate_ip`], or `unknown`.
    pub ip_truncated: String,
    pub browser_family: BrowserFamily,
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
        let decisions = serde_json::to_string(&record.decisions).unwrap_or_else(|e| {
            problems.push(FieldError::new("decisions", format!("could not be encoded: {e}")));
            String::new()
        });
        if !problems.is_empty() {
            return Err(RecordError(problems));
        }
        Ok(StoredRow {
            consent_id: record.consent_id.to_string(),
            previous_id: record.previous_id.map(String::from),
            site: record.site,
            action,
            decisions,
            config_revision: i64::from(record.config_revision),
            locale: record.locale,
            ui_layer,
            page_url: record.page_url,
            gpc: record.gpc,
            decided_at_ms,
            expires_at_ms,
            banner_version: record.banner_version,
            received_at_ms: meta.received_at_ms,
            ip_truncated: meta.ip_truncated,
            browser_family: meta.browser_family.as_str().to_owned(),
        })
    }
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
