//! Recomputing a site's hash chain and naming the first record that was edited, inserted or deleted.
//!
//! [`Verifier`] is the pure part: fed a site's records in sequence order, it checks each record's hash against its
//! content and its link against the record before it, and at the end the last record against the chain head.
//! [`verify_site`] drives it over the database a page at a time.

use std::fmt;

pub use super::breaks::Break;
use super::canonical::GENESIS_HASH;
use super::ChainKey;
use crate::row::LoggedRow;
use crate::store::checkpoint::{self, Checkpoint};
use crate::store::pages::{self, Range};
use crate::store::{Store, StoreError};

/// What an intact chain holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The site whose chain was checked.
    pub site: String,
    /// Records checked.
    pub records: u64,
    /// The seq the chain restarts after (the latest purge checkpoint), or 0.
    pub start_seq: i64,
    /// The seq and hash of the last record (the checkpoint's when no record followed it).
    pub last_seq: i64,
    /// The chain hash of that record (lowercase hex): what the next record will chain to.
    pub last_hash: String,
    /// Whether the checkpoint's signature was checked and found good (`None`: no checkpoint, or no key to check).
    pub checkpoint_signed: Option<bool>,
    /// How many records the stored Merkle tree covers, every node of it recomputed from the chain and found equal
    /// (0: no tree stored yet, or not checked, as for an export).
    pub tree_size: u64,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "site {}: intact, {} record(s)", self.site, self.records)?;
        if self.records > 0 {
            write!(f, " (seq {} to {})", self.start_seq + 1, self.last_seq)?;
        }
        write!(f, ", last hash {}", self.last_hash)?;
        if self.tree_size > self.start_seq.unsigned_abs() {
            write!(f, "; its Merkle tree over {} record(s) matches the chain", self.tree_size)?;
            if self.start_seq > 0 {
                write!(f, " after record {}", self.start_seq)?;
            }
        }
        if self.start_seq > 0 {
            write!(f, "; records up to {} were purged", self.start_seq)?;
            match self.checkpoint_signed {
                Some(true) => write!(f, " (checkpoint signature good)")?,
                Some(false) => write!(f, " (checkpoint unsigned: it was written without a chain key)")?,
                None => {}
            }
        }
        Ok(())
    }
}

/// The last link checked: a record, or the start (checkpoint or genesis).
#[derive(Debug, Clone)]
struct Last {
    seq: i64,
    record_hash: String,
    /// The record's own `prev_hash`; `None` for the start.
    prev_hash: Option<String>,
}

/// Checks a site's records, fed in sequence order.
#[derive(Debug, Clone)]
pub struct Verifier {
    start_seq: i64,
    head: Option<(i64, String)>,
    last: Last,
    records: u64,
}

impl Verifier {
    /// A verifier for a chain that starts after `start` (`(seq, hash)` of the latest checkpoint, `None` for the
    /// genesis) and whose head, if known, is `head`.
    pub fn new(start: Option<(i64, String)>, head: Option<(i64, String)>) -> Self {
        let (start_seq, start_hash) = start.unwrap_or_else(|| (0, GENESIS_HASH.to_owned()));
        Verifier {
            start_seq,
            head,
            last: Last { seq: start_seq, record_hash: start_hash, prev_hash: None },
            records: 0,
        }
    }

    /// Checks the next record.
    pub fn check(&mut self, record: &LoggedRow) -> Result<(), Break> {
        let seq = record.link.seq;
        if seq <= self.start_seq {
            return Err(Break::BeforeCheckpoint { seq, checkpoint: self.start_seq });
        }
        let past_head = self.head.as_ref().map(|(head, _)| *head).filter(|head| seq > *head);
        let expected = self.last.seq + 1;
        if seq < expected {
            return Err(Break::Inserted { seq });
        }
        if seq > expected {
            return Err(match past_head {
                Some(head) => Break::InsertedPastHead { seq, head },
                None => Break::Deleted { seq: expected, through: seq - 1 },
            });
        }
        let linked = record.link.prev_hash == self.last.record_hash;
        if !linked && self.last.prev_hash.as_deref() == Some(record.link.prev_hash.as_str()) {
            return Err(Break::Inserted { seq: self.last.seq });
        }
        if !record.hash_matches() {
            let was_one_later = record.row.hash(seq + 1, &record.link.prev_hash) == record.link.record_hash;
            return Err(if was_one_later { Break::DeletedRenumbered { seq } } else { Break::Edited { seq } });
        }
        if !linked {
            return Err(if self.last.seq == self.start_seq {
                Break::BadStart { seq, after: self.start_seq }
            } else {
                Break::Rehashed { seq: self.last.seq }
            });
        }
        // Checked last, so that a record slotted in mid-chain (which pushes the last one past the head) is reported
        // where it was slotted in.
        if let Some(head) = past_head {
            return Err(Break::InsertedPastHead { seq, head });
        }
        self.last =
            Last { seq, record_hash: record.link.record_hash.clone(), prev_hash: Some(record.link.prev_hash.clone()) };
        self.records += 1;
        Ok(())
    }

    /// The seq and hash of the last record checked (or of the start, before any).
    pub fn position(&self) -> (i64, String) {
        (self.last.seq, self.last.record_hash.clone())
    }

    /// The summary of a chain whose head is not known (an export): everything fed was consistent.
    pub fn finish_without_head(self, site: &str) -> Summary {
        Summary {
            site: site.to_owned(),
            records: self.records,
            start_seq: self.start_seq,
            last_seq: self.last.seq,
            last_hash: self.last.record_hash,
            checkpoint_signed: None,
            tree_size: 0,
        }
    }

    /// Checks the end of the chain against its head, after the last record was fed.
    pub fn finish(self, site: &str) -> Result<Summary, Break> {
        match &self.head {
            None if self.records > 0 => return Err(Break::HeadMissing { seq: self.last.seq }),
            None => {}
            Some((head, _)) if self.last.seq < *head => {
                return Err(Break::TailDeleted { seq: self.last.seq + 1, head: *head })
            }
            Some((head, hash)) if *head == self.last.seq && *hash != self.last.record_hash => {
                return Err(Break::HeadMismatch { seq: self.last.seq })
            }
            Some(_) => {}
        }
        Ok(self.finish_without_head(site))
    }

    /// Feeds the site's records up to seq `through` as `connection` (a snapshot or a write transaction) sees them, a
    /// page at a time, and stops at the first break.
    pub(crate) async fn check_log(
        &mut self,
        connection: &mut sqlx::AnyConnection,
        site: &str,
        through: i64,
    ) -> Result<Result<(), Break>, sqlx::Error> {
        let range = Range::all(site);
        let mut after = i64::MIN;
        loop {
            let page = pages::fetch_page(&mut *connection, &range, after, through).await?;
            for record in &page {
                if let Err(broken) = self.check(record) {
                    return Ok(Err(broken));
                }
            }
            match page.last() {
                Some(last) => after = last.link.seq,
                None => return Ok(Ok(())),
            }
        }
    }
}

/// Recomputes `site`'s chain from the database, then its stored Merkle tree from the chain
/// ([`super::tree_check`]). With `key`, the latest checkpoint's signature is checked too.
///
/// The checkpoint, the head, every record and the tree are read in one snapshot ([`Store::begin_snapshot`]), so a log that
/// grows while it is verified is judged as it stood at the start: records appended meanwhile are neither counted
/// nor mistaken for records slotted in behind the head's back.
///
/// The outer error is a database failure; the inner one the first break in the chain.
pub async fn verify_site(
    store: &Store,
    site: &str,
    key: Option<&ChainKey>,
) -> Result<Result<Summary, Break>, StoreError> {
    let mut snapshot = store.begin_snapshot().await?;
    let checkpoint = checkpoint::latest(&mut *snapshot, site).await?;
    let checkpoint_signed = match (&checkpoint, key) {
        (Some(checkpoint), Some(key)) => match &checkpoint.mac {
            Some(mac) if *mac == checkpoint.mac_under(key) => Some(true),
            Some(_) => return Ok(Err(Break::CheckpointForged { seq: checkpoint.seq })),
            None => Some(false),
        },
        _ => None,
    };
    let start = checkpoint.as_ref().map(|c: &Checkpoint| (c.seq, c.record_hash.clone()));
    let head = pages::chain_head(&mut *snapshot, site).await?;
    let head_seq = head.as_ref().map_or(0, |(seq, _)| *seq);
    let mut verifier = Verifier::new(start, head);
    if let Err(broken) = verifier.check_log(&mut snapshot, site, i64::MAX).await? {
        return Ok(Err(broken));
    }
    let summary = match verifier.finish(site) {
        Ok(summary) => summary,
        Err(broken) => return Ok(Err(broken)),
    };
    let tree_size = match super::tree_check::check_tree(&mut snapshot, site, summary.start_seq, head_seq).await? {
        Ok(size) => size,
        Err(broken) => return Ok(Err(broken)),
    };
    snapshot.rollback().await?;
    Ok(Ok(Summary { checkpoint_signed, tree_size, ..summary }))
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
