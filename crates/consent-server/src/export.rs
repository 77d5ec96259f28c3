//! Exports of a site's log, as NDJSON or CSV, produced a page at a time so that a log of any size streams out in
//! constant memory.
//!
//! Every row carries its chain link (`seq`, `prev_hash`, `record_hash`), and the fields exactly as they were hashed:
//! the maps (`decisions`, `services`, `consent_mode`) as the stored JSON text, not re-encoded. An auditor can thus
//! recompute every hash offline (the `consent-log-v1` form, see [`crate::chain::canonical`] and
//! [`crate::row::StoredRow::hash`]; `gpc` is hashed as `0`/`1`) and check that each row's `prev_hash` is the previous
//! row's `record_hash`. The first row's `prev_hash` is the genesis (64 zeros), a purge checkpoint's hash, or, for an
//! export that starts at `from`, the hash of the record before it.

use axum::body::Bytes;
use futures_util::stream::{self, Stream};

use crate::row::{LoggedRow, ALL_COLUMNS};
use crate::store::pages::Range;
use crate::store::{Store, StoreError};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line; `gpc` as a boolean, absent values as `null`.
    Ndjson,
    /// RFC 4180 CSV with a header row; `gpc` as `0`/`1`, absent values as empty cells.
    Csv,
}

impl Format {
    /// The format named `text` (`ndjson`, `jsonl`, `csv`).
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The format an `Accept` header asks for, if it names one.
    pub fn from_accept(accept: &str) -> Option<Self> {
        accept.split(',').map(|part| part.split(';').next().unwrap_or_default().trim()).find_map(|media| {
            match media.to_ascii_lowercase().as_str() {
                "text/csv" => Some(Format::Csv),
                "application/x-ndjson" | "application/jsonl" | "application/ndjson" => Some(Format::Ndjson),
                _ => None,
            }
        })
    }

    /// The response's content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Ndjson => "application/x-ndjson",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Ndjson => "ndjson",
            Format::Csv => "csv",
        }
    }

    fn header(self) -> Option<String> {
        match self {
            Format::Ndjson => None,
            Format::Csv => Some(format!("{}\r\n", ALL_COLUMNS.split(", ").collect::<Vec<_>>().join(","))),
        }
    }

    /// One row, with its line ending.
    pub fn line(self, logged: &LoggedRow) -> String {
        match self {
            Format::Ndjson => {
                let mut line = serde_json::to_string(logged).unwrap_or_else(|_| "{}".into());
                line.push('\n');
                line
            }
            Format::Csv => {
                let (row, link) = (&logged.row, &logged.link);
                let cells: [&str; 28] = [
                    &row.site,
                    &row.consent_id,
                    row.previous_id.as_deref().unwrap_or(""),
                    &row.action,
                    &row.decisions,
                    &row.services,
                    &row.config_revision.to_string(),
                    &row.config_sha256,
                    row.policy_sha256.as_deref().unwrap_or(""),
                    &row.locale,
                    &row.ui_layer,
                    &row.region,
                    &row.page_url,
                    if row.gpc { "1" } else { "0" },
                    &row.consent_mode,
                    &row.decided_at_ms.to_string(),
                    &row.expires_at_ms.to_string(),
                    &row.banner_version,
                    &row.received_at_ms.to_string(),
                    &row.ip_truncated,
                    &row.browser_family,
                    &row.found_trackers,
                    row.jurisdiction.as_deref().unwrap_or(""),
                    row.tc_string.as_deref().unwrap_or(""),
                    row.ac_string.as_deref().unwrap_or(""),
                    &link.seq.to_string(),
                    &link.prev_hash,
                    &link.record_hash,
                ];
                let mut line = cells.iter().map(|cell| csv_cell(cell)).collect::<Vec<_>>().join(",");
                line.push_str("\r\n");
                line
            }
        }
    }
}

/// A cell quoted when it must be (it holds a comma, a quote or a line break), with quotes doubled.
pub(crate) fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

struct Cursor {
    store: Store,
    range: Range,
    format: Format,
    after: i64,
    header: Option<String>,
    done: bool,
}

/// The export of `range` in `format`: the header (CSV), then one chunk per page of rows, in chain order.
pub fn stream(store: Store, range: Range, format: Format) -> impl Stream<Item = Result<Bytes, StoreError>> + Send {
    let cursor = Cursor { store, range, format, after: i64::MIN, header: format.header(), done: false };
    stream::try_unfold(cursor, |mut cursor| async move {
        if let Some(header) = cursor.header.take() {
            return Ok(Some((Bytes::from(header), cursor)));
        }
        if cursor.done {
            return Ok(None);
        }
        let page = cursor.store.page(&cursor.range, cursor.after).await?;
        let Some(last) = page.last() else { return Ok(None) };
        cursor.after = last.link.seq;
        cursor.done = page.len() < crate::store::pages::PAGE_ROWS as usize;
        let chunk: String = page.iter().map(|logged| cursor.format.line(logged)).collect();
        Ok(Some((Bytes::from(chunk), cursor)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_only_when_needed() {
        assert_eq!(csv_cell("demo-shop"), "demo-shop");
        assert_eq!(csv_cell(r#"{"a":"granted","b":"denied"}"#), r#""{""a"":""granted"",""b"":""denied""}""#);
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn formats_are_negotiated() {
        assert_eq!(Format::parse("CSV"), Some(Format::Csv));
        assert_eq!(Format::from_accept("text/html, text/csv;q=0.9"), Some(Format::Csv));
        assert_eq!(Format::from_accept("application/x-ndjson"), Some(Format::Ndjson));
        assert_eq!(Format::from_accept("*/*"), None);
    }
}
