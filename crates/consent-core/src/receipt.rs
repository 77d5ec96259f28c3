//! The endpoint's answer to a stored record: what the banner keeps beside the visitor's choice, and shows them, so that
//! they can quote it when they ask the site about their consent. One type for both sides, so that what the endpoint
//! answers and what the banner reads cannot drift apart.

use serde::{Deserialize, Serialize};

/// A receipt for one consent record. Unknown fields are ignored, so that a newer endpoint may tell more than an older
/// banner reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The record's consent id, as the banner made it.
    pub consent_id: String,
    /// The site whose log holds the record.
    pub site: String,
    /// The record's place in its site's log: 1, 2, 3 … without gaps.
    pub seq: i64,
    /// When the endpoint first received this consent id, in Unix milliseconds.
    pub received_at_ms: i64,
    /// The same instant as an RFC 3339 UTC timestamp.
    pub received_at: String,
    /// The record's hash in the site's hash chain (SHA-256, lowercase hex).
    pub chain_hash: String,
    /// Whether this request stored the record or found it stored by an earlier one.
    pub status: ReceiptStatus,
}

/// Whether the request that got the receipt stored the record or found it already stored (a retry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptStatus {
    /// This request stored the record.
    Stored,
    /// The record was already stored (the banner retried); the receipt is the first one's.
    Duplicate,
}
