//! Retention: deleting a site's oldest records while keeping what remains verifiable.

use serde::Serialize;

use super::checkpoint::Checkpoint;
use super::dashboard::{count_records, Delta};
use super::{for_update, Store, StoreError};
use crate::chain::verify::{Break, Verifier};
use crate::chain::ChainKey;
use crate::time::now_ms;

/// What a purge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Purged {
    /// The site whose records were purged.
    pub site: String,
    /// How many records were deleted; 0 when none was old enough.
    pub purged_records: i64,
    /// The checkpoint written, or `None` when nothing was old enough to purge.
    pub checkpoint: Option<Checkpoint>,
}

impl Store {
    /// Deletes the records of `site` received before `cutoff_ms`, and writes a checkpoint (signed with `key`, if
    /// given) holding the last deleted record's place and hash, from which verification then starts.
    ///
    /// Only a prefix of the chain is ever deleted: the records up to the first one received at or after the cutoff
    /// (with several servers, arrival times can be slightly out of chain order; such a record waits for the next
    /// purge). The records to delete are verified first, in the same transaction: a purge never destroys the evidence
    /// of tampering, and answers with the break instead (the inner error).
    pub async fn purge(
        &self,
        site: &str,
        cutoff_ms: i64,
        key: Option<&ChainKey>,
    ) -> Result<Result<Purged, Break>, StoreError> {
        let nothing = Purged { site: site.to_owned(), purged_records: 0, checkpoint: None };
        let mut tx = self.begin_write().await?;
        // Locking the head holds off appends to this site until the purge commits.
        let sql = format!("SELECT seq, record_hash FROM chain_heads WHERE site = $1{}", for_update(self.backend()));
        let Some((head_seq, head_hash)) =
            sqlx::query_as::<_, (i64, String)>(&sql).bind(site).fetch_optional(&mut *tx).await?
        else {
            return Ok(Ok(nothing));
        };
        let start: Option<(i64, String)> =
            sqlx::query_as("SELECT seq, record_hash FROM chain_checkpoints WHERE site = $1 ORDER BY seq DESC LIMIT 1")
                .bind(site)
                .fetch_optional(&mut *tx)
                .await?;
        let start_seq = start.as_ref().map_or(0, |(seq, _)| *seq);
        let (first_kept,): (Option<i64>,) =
            sqlx::query_as("SELECT MIN(seq) FROM consent_records WHERE site = $1 AND received_at_ms >= $2")
                .bind(site)
                .bind(cutoff_ms)
                .fetch_one(&mut *tx)
                .await?;
        let last_purged = first_kept.map_or(head_seq, |seq| seq - 1);
        if last_purged <= start_seq {
            return Ok(Ok(nothing));
        }

        let mut verifier = Verifier::new(start, Some((head_seq, head_hash)));
        if let Err(broken) = verifier.check_log(&mut tx, site, last_purged).await? {
            return Ok(Err(broken));
        }
        let (last_seq, last_hash) = verifier.position();
        if last_seq != last_purged {
            return Ok(Err(Break::Deleted { seq: last_seq + 1, through: last_purged }));
        }

        // The tree must cover the records before they go: proofs of the records kept still need their hashes.
        match super::tree::grow(&mut tx, self.backend(), site, last_purged).await {
            Ok(_) | Err(StoreError::TreeGap { .. }) => {} // a gap: purged before trees were kept; nothing more is lost
            Err(other) => return Err(other),
        }
        // The dashboard counts what the log holds: the purged records leave its rollups in the same transaction.
        let mut delta = Delta::default();
        count_records(&mut tx, site, start_seq, last_purged, -1, &mut delta).await?;
        delta.apply(&mut tx, self.backend()).await?;
        let deleted = sqlx::query("DELETE FROM consent_records WHERE site = $1 AND seq <= $2")
            .bind(site)
            .bind(last_purged)
            .execute(&mut *tx)
            .await?;
        let mut checkpoint = Checkpoint {
            site: site.to_owned(),
            seq: last_purged,
            record_hash: last_hash,
            cutoff_ms,
            purged_records: i64::try_from(deleted.rows_affected()).unwrap_or(i64::MAX),
            purged_at_ms: now_ms(),
            mac: None,
        };
        checkpoint.mac = key.map(|key| checkpoint.mac_under(key));
        sqlx::query(
            "INSERT INTO chain_checkpoints (site, seq, record_hash, cutoff_ms, purged_records, purged_at_ms, mac) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&checkpoint.site)
        .bind(checkpoint.seq)
        .bind(&checkpoint.record_hash)
        .bind(checkpoint.cutoff_ms)
        .bind(checkpoint.purged_records)
        .bind(checkpoint.purged_at_ms)
        .bind(&checkpoint.mac)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(Purged {
            site: site.to_owned(),
            purged_records: checkpoint.purged_records,
            checkpoint: Some(checkpoint),
        }))
    }
}
