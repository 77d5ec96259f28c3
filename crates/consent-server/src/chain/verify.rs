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
mod tests {
    use super::*;
    use crate::fixture::stored_row;

    /// A well-formed chain of `n` records.
    fn chain(n: i64) -> Vec<LoggedRow> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let logged = stored_row(seq.unsigned_abs()).link(seq, prev.clone());
                prev = logged.link.record_hash.clone();
                logged
            })
            .collect()
    }

    fn head_of(records: &[LoggedRow]) -> Option<(i64, String)> {
        records.last().map(|r| (r.link.seq, r.link.record_hash.clone()))
    }

    fn verify(records: &[LoggedRow], head: Option<(i64, String)>) -> Result<Summary, Break> {
        let mut verifier = Verifier::new(None, head);
        for record in records {
            verifier.check(record)?;
        }
        verifier.finish("demo-shop")
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        let records = chain(5);
        let summary = verify(&records, head_of(&records)).unwrap();
        assert_eq!((summary.records, summary.last_seq), (5, 5));
    }

    #[test]
    fn an_edited_field_is_found_at_its_record() {
        let mut records = chain(5);
        let head = head_of(&records);
        records[2].row.action = "reject_all".into();
        assert_eq!(verify(&records, head), Err(Break::Edited { seq: 3 }));
    }

    #[test]
    fn an_edit_with_a_recomputed_hash_is_found_by_the_next_link() {
        let mut records = chain(5);
        let head = head_of(&records);
        records[2].row.ip_truncated = "198.51.100.0".into();
        records[2] = records[2].row.clone().link(3, records[2].link.prev_hash.clone());
        assert_eq!(verify(&records, head), Err(Break::Rehashed { seq: 3 }));
    }

    #[test]
    fn a_deleted_record_leaves_a_gap() {
        let mut records = chain(5);
        let head = head_of(&records);
        records.remove(1);
        assert_eq!(verify(&records, head), Err(Break::Deleted { seq: 2, through: 2 }));
    }

    #[test]
    fn a_deleted_record_is_found_even_if_the_rest_was_renumbered() {
        let mut records = chain(5);
        let head = head_of(&records);
        records.remove(1);
        for record in &mut records[1..] {
            record.link.seq -= 1;
        }
        assert_eq!(verify(&records, head), Err(Break::DeletedRenumbered { seq: 2 }));
    }

    #[test]
    fn the_last_record_deleted_is_found_by_the_head() {
        let mut records = chain(5);
        let head = head_of(&records);
        records.pop();
        assert_eq!(verify(&records, head), Err(Break::TailDeleted { seq: 5, head: 5 }));
    }

    #[test]
    fn a_record_slotted_in_is_found_at_its_place() {
        let mut records = chain(5);
        let head = head_of(&records);
        let forged = stored_row(99).link(3, records[1].link.record_hash.clone());
        for record in &mut records[2..] {
            record.link.seq += 1;
        }
        records.insert(2, forged);
        assert_eq!(verify(&records, head), Err(Break::Inserted { seq: 3 }));
    }

    #[test]
    fn a_record_appended_behind_the_heads_back_is_found() {
        let mut records = chain(5);
        let head = head_of(&records);
        let forged = stored_row(99).link(6, records[4].link.record_hash.clone());
        records.push(forged);
        assert_eq!(verify(&records, head), Err(Break::InsertedPastHead { seq: 6, head: 5 }));
    }

    #[test]
    fn a_chain_restarts_at_its_checkpoint() {
        let records = chain(5);
        let start = Some((2, records[1].link.record_hash.clone()));
        let mut verifier = Verifier::new(start, head_of(&records));
        for record in &records[2..] {
            verifier.check(record).unwrap();
        }
        let summary = verifier.finish("demo-shop").unwrap();
        assert_eq!((summary.records, summary.start_seq), (3, 2));
        assert!(summary.to_string().contains("records up to 2 were purged"), "{summary}");
    }

    proptest::proptest! {
        /// A live log is read as it stood at one moment (a snapshot): whatever length it had then, its records up to
        /// the head of that moment verify intact, with every one of them counted.
        #[test]
        fn a_chain_read_at_any_moment_of_its_growth_is_intact(len in 0i64..60) {
            let records = chain(len);
            let summary = verify(&records, head_of(&records));
            proptest::prop_assert_eq!(summary.map(|s| (s.records, s.last_seq)), Ok((len as u64, len)));
        }

        /// Whatever single change is made to a chain of any length, verification reports the record it was made at.
        #[test]
        fn any_single_tampering_is_reported_at_its_record(len in 2i64..40, at in 0i64..40, kind in 0u8..4) {
            let at = at % len;
            let mut records = chain(len);
            let head = head_of(&records);
            let seq = at + 1;
            let expected = match kind {
                0 => {
                    records[at as usize].row.page_url.push('x');
                    Break::Edited { seq }
                }
                1 => {
                    records.remove(at as usize);
                    if at == len - 1 { Break::TailDeleted { seq, head: len } } else { Break::Deleted { seq, through: seq } }
                }
                2 => {
                    let prev = if at == 0 { GENESIS_HASH.to_owned() } else { records[at as usize - 1].link.record_hash.clone() };
                    for record in &mut records[at as usize..] {
                        record.link.seq += 1;
                    }
                    records.insert(at as usize, stored_row(1000).link(seq, prev));
                    Break::Inserted { seq }
                }
                _ => {
                    let original = records[at as usize].clone();
                    let mut edited = original.row.clone();
                    edited.received_at_ms += 1;
                    records[at as usize] = edited.link(seq, original.link.prev_hash);
                    if at == len - 1 { Break::HeadMismatch { seq } } else { Break::Rehashed { seq } }
                }
            };
            proptest::prop_assert_eq!(verify(&records, head), Err(expected));
        }
    }

    #[test]
    fn breaks_name_their_record() {
        assert_eq!(Break::Deleted { seq: 7, through: 9 }.to_string(), "records 7 to 9 are missing (deleted)");
        assert_eq!(Break::Edited { seq: 4 }.seq(), 4);
    }
}
