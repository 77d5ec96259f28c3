//! Purge checkpoints: where a site's chain restarts after its oldest records were deleted.

use serde::Serialize;

use super::{Store, StoreError};
use crate::chain::canonical::Canonical;
use crate::chain::ChainKey;

/// The format name of a checkpoint's signed form.
const CHECKPOINT_FORMAT: &str = "consent-checkpoint-v1";

/// The record of one purge: every record of the site up to `seq` was deleted, and the last of them had `record_hash`.
/// Verification starts from here: the first remaining record must be `seq + 1` and chain to `record_hash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkpoint {
    /// The site whose records were purged.
    pub site: String,
    /// The chain place of the last deleted record; the first remaining record is `seq + 1`.
    pub seq: i64,
    /// The chain hash of the last deleted record (lowercase hex), which the first remaining record chains to.
    pub record_hash: String,
    /// Records received before this time were due for deletion.
    pub cutoff_ms: i64,
    /// How many records this purge deleted.
    pub purged_records: i64,
    /// When the purge ran, in Unix milliseconds.
    pub purged_at_ms: i64,
    /// HMAC-SHA-256 under the chain key over the `consent-checkpoint-v1` form of the fields above, when the server
    /// that purged had a key.
    pub mac: Option<String>,
}

impl Checkpoint {
    /// The MAC of this checkpoint under `key`: over its site, seq, record_hash, cutoff_ms, purged_records and
    /// purged_at_ms, in the canonical form of [`crate::chain::canonical`] headed `consent-checkpoint-v1`.
    pub fn mac_under(&self, key: &ChainKey) -> String {
        let mut entry = Canonical::new(CHECKPOINT_FORMAT);
        entry
            .text("site", &self.site)
            .integer("seq", self.seq)
            .text("record_hash", &self.record_hash)
            .integer("cutoff_ms", self.cutoff_ms)
            .integer("purged_records", self.purged_records)
            .integer("purged_at_ms", self.purged_at_ms);
        // The canonical form's digest is what is signed: a fixed-size message, computed the same way as record hashes.
        key.mac(entry.sha256_hex().as_bytes())
    }
}

type CheckpointTuple = (String, i64, String, i64, i64, i64, Option<String>);

/// The site's most recent checkpoint (the one with the highest seq), if it was ever purged; on the pool or inside a
/// transaction.
pub(crate) async fn latest<'e, E>(executor: E, site: &str) -> Result<Option<Checkpoint>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<CheckpointTuple> = sqlx::query_as(
        "SELECT site, seq, record_hash, cutoff_ms, purged_records, purged_at_ms, mac FROM chain_checkpoints \
         WHERE site = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(site)
    .fetch_optional(executor)
    .await?;
    Ok(row.map(|(site, seq, record_hash, cutoff_ms, purged_records, purged_at_ms, mac)| Checkpoint {
        site,
        seq,
        record_hash,
        cutoff_ms,
        purged_records,
        purged_at_ms,
        mac,
    }))
}

impl Store {
    /// The site's most recent checkpoint (the one with the highest seq), if it was ever purged.
    pub async fn latest_checkpoint(&self, site: &str) -> Result<Option<Checkpoint>, StoreError> {
        Ok(latest(self.pool(), site).await?)
    }
}
