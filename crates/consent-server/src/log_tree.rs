//! Signed tree heads and inclusion proofs of a site's log, for the API and the command line: the log's Merkle tree is
//! grown to cover every committed record (see [`crate::store::tree`]), then the O(log n) stored subtrees a root or a
//! proof needs are read in one query.

use consent_core::log_proof::{ConsistencyProof, InclusionProof, SignedTreeHead, TreeHead};
use consent_core::merkle::{self, Hash, Node, ProofError};
use hex::encode as to_hex;

use crate::log_key::LogKey;
use crate::store::{Store, StoreError};
use crate::time::now_ms;

/// Why no head or proof could be given.
#[derive(Debug, thiserror::Error)]
pub enum ProveError {
    /// No record with this consent id is in the log.
    #[error("no consent with id {0} is in the log")]
    UnknownConsent(String),
    /// A tree size was asked for that the site's log has not reached.
    #[error("tree_size {asked} is larger than the log of site '{site}', whose tree covers {size} records")]
    BeyondLog {
        /// The site whose log was asked about.
        site: String,
        /// The size asked for.
        asked: u64,
        /// How many records the site's tree covers now.
        size: u64,
    },
    /// An inclusion proof was asked for against a tree too small to hold the record.
    #[error("tree_size {asked} is before record {seq}, which a tree must reach to include it")]
    BeforeRecord {
        /// The size asked for.
        asked: u64,
        /// The record's place in the chain.
        seq: i64,
    },
    /// A consistency proof was asked for between sizes out of order (or from 0).
    #[error("from ({old}) must be 1 or more and at most to ({new})")]
    BadRange {
        /// The older size asked for.
        old: u64,
        /// The newer size asked for.
        new: u64,
    },
    /// The database could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The stored tree could not give the proof (a node missing, a size out of range).
    #[error("site '{site}': {source}")]
    Tree {
        /// The site whose log was asked about.
        site: String,
        /// What the proof builder found.
        source: ProofError,
    },
}

/// The signed head of `site`'s tree at `size` records (default: all committed records).
pub async fn head(store: &Store, key: &LogKey, site: &str, size: Option<u64>) -> Result<SignedTreeHead, ProveError> {
    let current = store.grow_tree(site).await?;
    let size = checked_size(site, size, current)?;
    let stored = store.tree_nodes(site, &merkle::nodes_needed(size, None, None)).await?;
    let root = merkle::root(size, |node| stored.get(&node).copied()).map_err(|source| tree(site, source))?;
    Ok(sign(key, site, size, &root))
}

/// The inclusion proof of the record `consent_id` in its site's tree at `size` records (default: all committed
/// records), with the signed head it leads to.
pub async fn prove(
    store: &Store,
    key: &LogKey,
    consent_id: &str,
    size: Option<u64>,
) -> Result<InclusionProof, ProveError> {
    let logged =
        store.get_logged(consent_id).await?.ok_or_else(|| ProveError::UnknownConsent(consent_id.to_owned()))?;
    let site = logged.row.site.as_str();
    let seq = logged.link.seq;
    let current = store.grow_tree(site).await?;
    let size = checked_size(site, size, current)?;
    let index = u64::try_from(seq - 1).unwrap_or(u64::MAX);
    if index >= size {
        return Err(ProveError::BeforeRecord { asked: size, seq });
    }
    let mut needed = merkle::nodes_needed(size, Some(index), None);
    needed.push(Node { level: 0, index });
    let stored = store.tree_nodes(site, &needed).await?;
    let lookup = |node: Node| stored.get(&node).copied();
    let root = merkle::root(size, lookup).map_err(|source| tree(site, source))?;
    let path = merkle::inclusion_proof(index, size, lookup).map_err(|source| tree(site, source))?;
    let leaf = lookup(Node { level: 0, index })
        .ok_or_else(|| tree(site, ProofError::MissingNode(Node { level: 0, index })))?;
    Ok(InclusionProof {
        consent_id: consent_id.to_owned(),
        seq,
        leaf_index: index,
        leaf: logged.link.record_hash.clone(),
        leaf_hash: to_hex(leaf),
        audit_path: path.iter().map(to_hex).collect(),
        head: sign(key, site, size, &root),
    })
}

/// The proof that `site`'s tree at `old` records is a prefix of its tree at `new` records (default: every committed
/// record).
pub async fn consistency(
    store: &Store,
    site: &str,
    old: u64,
    new: Option<u64>,
) -> Result<ConsistencyProof, ProveError> {
    let current = store.grow_tree(site).await?;
    let new = checked_size(site, new, current)?;
    if old == 0 || old > new {
        return Err(ProveError::BadRange { old, new });
    }
    let stored = store.tree_nodes(site, &merkle::nodes_needed(new, None, Some(old))).await?;
    let proof =
        merkle::consistency_proof(old, new, |node| stored.get(&node).copied()).map_err(|source| tree(site, source))?;
    Ok(ConsistencyProof {
        site: site.to_owned(),
        old_size: old,
        new_size: new,
        proof: proof.iter().map(to_hex).collect(),
    })
}

fn checked_size(site: &str, asked: Option<u64>, current: u64) -> Result<u64, ProveError> {
    match asked {
        None => Ok(current),
        Some(asked) if asked > current => Err(ProveError::BeyondLog { site: site.to_owned(), asked, size: current }),
        Some(asked) => Ok(asked),
    }
}

fn sign(key: &LogKey, site: &str, size: u64, root: &Hash) -> SignedTreeHead {
    key.sign(TreeHead { site: site.to_owned(), tree_size: size, root_hash: to_hex(root), timestamp_ms: now_ms() })
}

fn tree(site: &str, source: ProofError) -> ProveError {
    ProveError::Tree { site: site.to_owned(), source }
}
