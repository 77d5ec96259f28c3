//! How a hash chain can be broken, each way named by the sequence number an auditor should look at.

use std::fmt;

/// The first break found in a site's chain. Every variant names the sequence number an auditor should look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The record's stored fields no longer produce its stored hash.
    Edited {
        /// The record's place in the chain (1, 2, 3 …).
        seq: i64,
    },
    /// The record's fields and hash were both rewritten: its hash is consistent, but the next record was chained to
    /// another.
    Rehashed {
        /// The place of the rewritten record.
        seq: i64,
    },
    /// Records `seq..=through` are missing.
    Deleted {
        /// The first missing place.
        seq: i64,
        /// The last missing place.
        through: i64,
    },
    /// The record at `seq` was deleted and the later records moved down to close the gap.
    DeletedRenumbered {
        /// The place the deleted record had.
        seq: i64,
    },
    /// The record at `seq` was slotted in: the record after it chains to the same predecessor.
    Inserted {
        /// The place of the slotted-in record.
        seq: i64,
    },
    /// The record at `seq` lies beyond the chain head at `head`.
    InsertedPastHead {
        /// The place of the extra record.
        seq: i64,
        /// The last place the chain head covers.
        head: i64,
    },
    /// The record at `seq` lies at or before the purge checkpoint at `checkpoint`.
    BeforeCheckpoint {
        /// The place of the record that should have been purged.
        seq: i64,
        /// The last place the checkpoint says was purged.
        checkpoint: i64,
    },
    /// The first record after the start (`after`: the checkpoint's seq, or 0) does not chain to the start's hash.
    BadStart {
        /// The place of the first record checked.
        seq: i64,
        /// Where the chain starts: the checkpoint's place, or 0.
        after: i64,
    },
    /// The records from `seq` to the chain head at `head` are missing from the end of the log.
    TailDeleted {
        /// The first missing place.
        seq: i64,
        /// The last place the chain head covers.
        head: i64,
    },
    /// The last record, at `seq`, does not have the hash the chain head recorded.
    HeadMismatch {
        /// The place of the last record.
        seq: i64,
    },
    /// The log has records but no chain head.
    HeadMissing {
        /// The place of the last record, which a head should have recorded.
        seq: i64,
    },
    /// The purge checkpoint at `seq` is not signed by the chain key.
    CheckpointForged {
        /// The last place the checkpoint says was purged.
        seq: i64,
    },
    /// The stored Merkle tree claims `size` records, but the chain ends at `head`.
    TreeBeyondChain {
        /// How many records the stored tree claims.
        size: i64,
        /// The last place in the chain.
        head: i64,
    },
    /// The stored Merkle tree's node (complete subtree) at `level`, `index` is not what the records' chain hashes
    /// give.
    TreeNodeAltered {
        /// The subtree's height (0 for a leaf).
        level: u32,
        /// Its position among subtrees of that height, from 0.
        index: u64,
        /// The hash the table holds (hex).
        stored: String,
        /// The hash the records give (hex).
        computed: String,
    },
    /// The stored Merkle tree lacks the node at `level`, `index`, which its size says it has.
    TreeNodeMissing {
        /// The subtree's height (0 for a leaf).
        level: u32,
        /// Its position among subtrees of that height, from 0.
        index: u64,
    },
    /// The stored Merkle tree holds a node at `level`, `index` beyond its size `size`.
    TreeNodeExtra {
        /// The subtree's height, as stored.
        level: i64,
        /// Its position among subtrees of that height, as stored.
        index: i64,
        /// How many records the tree has.
        size: u64,
    },
}

/// The first record (seq) under the complete subtree at `level`, `index`.
fn first_record(level: u32, index: u64) -> i64 {
    i64::try_from(index.checked_shl(level).unwrap_or(u64::MAX)).unwrap_or(i64::MAX - 1) + 1
}

/// The records `first_record ..= last` under the complete subtree at `level`, `index`, as words.
fn records_under(level: u32, index: u64) -> String {
    let first = first_record(level, index);
    if level == 0 {
        return format!("record {first}");
    }
    let last = first.saturating_add(i64::try_from(1u64 << level.min(62)).unwrap_or(i64::MAX) - 1);
    format!("records {first} to {last}")
}

impl Break {
    /// The sequence number of the first record found altered, inserted or missing.
    pub fn seq(&self) -> i64 {
        match *self {
            Break::Edited { seq }
            | Break::Rehashed { seq }
            | Break::Deleted { seq, .. }
            | Break::DeletedRenumbered { seq }
            | Break::Inserted { seq }
            | Break::InsertedPastHead { seq, .. }
            | Break::BeforeCheckpoint { seq, .. }
            | Break::BadStart { seq, .. }
            | Break::TailDeleted { seq, .. }
            | Break::HeadMismatch { seq }
            | Break::HeadMissing { seq }
            | Break::CheckpointForged { seq } => seq,
            Break::TreeBeyondChain { head, .. } => head + 1,
            Break::TreeNodeAltered { level, index, .. } | Break::TreeNodeMissing { level, index } => {
                first_record(level, index)
            }
            Break::TreeNodeExtra { level, index, .. } => {
                first_record(u32::try_from(level).unwrap_or(0), index.unsigned_abs())
            }
        }
    }
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Break::Edited { seq } => write!(f, "record {seq} was edited: its stored fields no longer match its hash"),
            Break::Rehashed { seq } => write!(
                f,
                "record {seq} was rewritten: its hash was recomputed, but record {} is chained to its original hash",
                seq + 1
            ),
            Break::Deleted { seq, through } if seq == through => write!(f, "record {seq} is missing (deleted)"),
            Break::Deleted { seq, through } => write!(f, "records {seq} to {through} are missing (deleted)"),
            Break::DeletedRenumbered { seq } => {
                write!(f, "record {seq} was deleted and the records after it renumbered to close the gap")
            }
            Break::Inserted { seq } => {
                write!(f, "record {seq} was inserted: record {} is chained to the record before it, not to it", seq + 1)
            }
            Break::InsertedPastHead { seq, head } => {
                write!(f, "record {seq} was inserted: the chain ends at record {head}, yet the log holds {seq}")
            }
            Break::BeforeCheckpoint { seq, checkpoint } => write!(
                f,
                "record {seq} was inserted: records up to {checkpoint} were purged, so none may remain at or before it"
            ),
            Break::BadStart { seq, after: 0 } => {
                write!(f, "record {seq} was edited: the first record must chain to the genesis hash (64 zeros)")
            }
            Break::BadStart { seq, after } => write!(
                f,
                "record {seq} does not chain to the purge checkpoint at {after}: it or the checkpoint was altered"
            ),
            Break::TailDeleted { seq, head } if seq == head => {
                write!(f, "record {seq}, the last of the chain, is missing (deleted)")
            }
            Break::TailDeleted { seq, head } => {
                write!(f, "records {seq} to {head}, at the end of the chain, are missing (deleted)")
            }
            Break::HeadMismatch { seq } => {
                write!(f, "record {seq}, the last, was rewritten: its hash is not the one the chain head recorded")
            }
            Break::HeadMissing { seq } => write!(
                f,
                "the chain head is missing though the log holds records (up to {seq}): the chain_heads row was deleted"
            ),
            Break::CheckpointForged { seq } => {
                write!(f, "the purge checkpoint at {seq} is not signed by the chain key: it was forged or altered")
            }
            Break::TreeBeyondChain { size, head } => write!(
                f,
                "the stored Merkle tree claims {size} records, but the chain ends at record {head}: its size \
                 (merkle_trees) was altered"
            ),
            Break::TreeNodeAltered { level, index, ref stored, ref computed } => write!(
                f,
                "the stored Merkle tree's node at level {level}, index {index} (over {}) is {stored}, but the chain \
                 gives {computed}: the stored tree was altered, and heads and proofs made from it are false",
                records_under(level, index)
            ),
            Break::TreeNodeMissing { level, index } => write!(
                f,
                "the stored Merkle tree's node at level {level}, index {index} (over {}) is missing, though the tree's \
                 size covers it: a merkle_nodes row was deleted or moved",
                records_under(level, index)
            ),
            Break::TreeNodeExtra { level, index, size } => write!(
                f,
                "the stored Merkle tree holds a node at level {level}, index {index}, beyond its {size} records: a \
                 merkle_nodes row was added or moved, or the tree's size lowered"
            ),
        }
    }
}
