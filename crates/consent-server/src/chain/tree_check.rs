//! Checking a site's stored Merkle tree against its chain: the tree's size, nodes and signed heads are what visitors'
//! proofs and published heads are made from, so a stored node someone rewrote would make the endpoint hand out false
//! proofs while the chain itself still verifies. Every complete subtree of the stored tree is recomputed from the
//! records' chain hashes (as [`crate::store::tree`] grew it) and compared with the stored row; rows the tree cannot
//! have (beyond its size) and a size beyond the chain are reported too. Signed heads are not stored: each is signed
//! from the root of these nodes when asked for, so checking the nodes checks every head the endpoint can sign.
//!
//! Nodes wholly over purged records can no longer be recomputed (their records are gone); the tree's right edge at
//! the purge checkpoint is taken as stored, and everything after it is checked.

use std::collections::HashMap;

use consent_core::merkle::{Hash, Node};
use hex::encode as to_hex;
use sqlx::AnyConnection;

use super::breaks::Break;
use crate::store::tree::stored_edge;
use crate::store::StoreError;

/// Records read per round trip.
const PAGE: i64 = 1000;

/// Checks `site`'s stored tree against its chain (already verified, in the same snapshot), whose records after
/// `start_seq` (the purge checkpoint, or 0) up to `head_seq` are in the log. Returns how many records the stored tree
/// covers, or the first stored row that does not match the chain.
pub(crate) async fn check_tree(
    connection: &mut AnyConnection,
    site: &str,
    start_seq: i64,
    head_seq: i64,
) -> Result<Result<u64, Break>, StoreError> {
    let size: Option<(i64,)> = sqlx::query_as("SELECT size FROM merkle_trees WHERE site = $1")
        .bind(site)
        .fetch_optional(&mut *connection)
        .await?;
    let size = size.map_or(0, |(size,)| size);
    if size < 0 || size > head_seq {
        return Ok(Err(Break::TreeBeyondChain { size, head: head_seq }));
    }
    let size = size.unsigned_abs();
    if let Some((level, index)) = node_beyond(connection, site, size).await? {
        return Ok(Err(Break::TreeNodeExtra { level, index, size }));
    }
    if size <= start_seq.unsigned_abs() {
        return Ok(Ok(size)); // the tree only covers purged records (or none): nothing left to recompute it from
    }
    let mut edge = match stored_edge(connection, site, start_seq.unsigned_abs()).await? {
        Ok(edge) => edge,
        Err(node) => return Ok(Err(Break::TreeNodeMissing { level: node.level, index: node.index })),
    };
    let mut after = start_seq;
    while after.unsigned_abs() < size {
        let mut expected = Vec::with_capacity(2 * PAGE as usize);
        after =
            edge.extend(connection, site, after, i64::try_from(size).unwrap_or(i64::MAX), PAGE, &mut expected).await?;
        let stored = nodes_in_ranges(connection, site, &expected).await?;
        for (node, hash) in expected {
            match stored.get(&node) {
                None => return Ok(Err(Break::TreeNodeMissing { level: node.level, index: node.index })),
                Some(found) if *found != to_hex(hash) => {
                    return Ok(Err(Break::TreeNodeAltered {
                        level: node.level,
                        index: node.index,
                        stored: found.chars().take(80).collect(),
                        computed: to_hex(hash),
                    }))
                }
                Some(_) => {}
            }
        }
    }
    Ok(Ok(size))
}

/// The first stored node of `site` that a tree of `size` leaves cannot have: a node is a complete subtree, so at
/// level L only indices below size / 2^L exist.
async fn node_beyond(connection: &mut AnyConnection, site: &str, size: u64) -> Result<Option<(i64, i64)>, StoreError> {
    // The bounds are numbers computed here, not outside input, so they are written into the query.
    let per_level: Vec<String> =
        (0..64u32).map(|level| format!("(level = {level} AND idx >= {})", size >> level)).collect();
    let sql = format!(
        "SELECT level, idx FROM merkle_nodes WHERE site = $1 AND (level < 0 OR level > 63 OR idx < 0 OR {}) \
         ORDER BY level, idx LIMIT 1",
        per_level.join(" OR ")
    );
    Ok(sqlx::query_as(&sql).bind(site).fetch_optional(&mut *connection).await?)
}

/// The stored hashes (as stored text) of every node of `site` at the levels of `nodes` and within their index range
/// at each level: one query for a page's worth of new subtrees.
async fn nodes_in_ranges(
    connection: &mut AnyConnection,
    site: &str,
    nodes: &[(Node, Hash)],
) -> Result<HashMap<Node, String>, StoreError> {
    let mut ranges: HashMap<u32, (u64, u64)> = HashMap::new();
    for (node, _) in nodes {
        let range = ranges.entry(node.level).or_insert((node.index, node.index));
        *range = (range.0.min(node.index), range.1.max(node.index));
    }
    if ranges.is_empty() {
        return Ok(HashMap::new());
    }
    let wanted: Vec<String> = ranges
        .iter()
        .map(|(level, (low, high))| format!("(level = {level} AND idx BETWEEN {low} AND {high})"))
        .collect();
    let sql = format!("SELECT level, idx, hash FROM merkle_nodes WHERE site = $1 AND ({})", wanted.join(" OR "));
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(&sql).bind(site).fetch_all(&mut *connection).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(level, index, hash)| {
            Some((Node { level: u32::try_from(level).ok()?, index: u64::try_from(index).ok()? }, hash))
        })
        .collect())
}
