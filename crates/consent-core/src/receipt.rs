//! The endpoint's answer to a stored record: what the banner keeps beside the visitor's choice, and shows them, so that
//! they can quote it when they ask the site about their consent.

use serde::{Deserialize, Serialize};

/// A receipt for one consent record. Unknown fields are ignored, so that an endpoint may tell more than a banner reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub consent_id: String,
    /// The record's place in its site's log: 1, 2, 3 … without gaps.
    pub seq: i64,
    /// When the endpoint first received this consent id, in Unix milliseconds.
    pub received_at_ms: i64,
    /// The record's hash in the site's hash chain (SHA-256, lowercase hex).
    pub chain_hash: String,
}
