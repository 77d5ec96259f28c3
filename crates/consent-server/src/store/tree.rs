//! Each site's Merkle tree (RFC 9162, see [`consent_core::merkle`]), kept as its complete subtrees in `merkle_nodes`.
//!
//! The leaf of a record is its chain hash (32 bytes): it already commits to the record's canonical bytes and, through
//! `prev_hash`, to every record before it, it is on the visitor's receipt, and it keeps leaves a fixed size.
//!
//! The tree is grown lazily, when a head, a proof or a purge needs it, from where it stopped: growing by k records
//! reads those k records and writes about 2k nodes (each complete subtree once), so its cost over the log's life is
//! O(n) in all and nothing on the write path. A root or a proof then reads O(log n) stored nodes, in one query, however
//! large the log. Growers of one site queue on its `merkle_trees` row (never on the chain head, so appends go on);
//! nodes are deterministic, so a node already written by another server is simply kept.

use std::collections::HashMap;

use consent_core::merkle::{leaf_hash, node_hash, Hash, Node};
use hex::encode as to_hex;
use sqlx::AnyConnection;

use super::append::params;
use super::{for_update, Backend, Store, StoreError};

/// Records read per round trip while growing.
const GROW_PAGE: i64 = 2000;

/// Nodes per INSERT (4 parameters each).
const NODES_PER_INSERT: usize = 250;

/// Nodes per look-up query (3 parameters each beyond the site).
const NODES_PER_LOOKUP: usize = 128;

impl Store {
    /// Grows `site`'s tree over every committed record and returns how many records it covers.
    pub async fn grow_tree(&self, site: &str) -> Result<u64, StoreError> {
        let head: Option<(i64,)> = sqlx::query_as("SELECT seq FROM chain_heads WHERE site = $1")
            .bind(site)
            .fetch_optional(self.pool())
            .await?;
        let Some((head,)) = head else { return Ok(0) };
        let mut tx = self.begin_write().await?;
        let size = grow(&mut tx, self.backend(), site, head).await?;
        tx.commit().await?;
        Ok(size)
    }

    /// How many records `site`'s stored tree covers (0 if it has none yet).
    pub async fn tree_size(&self, site: &str) -> Result<u64, StoreError> {
        let size: Option<(i64,)> = sqlx::query_as("SELECT size FROM merkle_trees WHERE site = $1")
            .bind(site)
            .fetch_optional(self.pool())
            .await?;
        Ok(size.map_or(0, |(size,)| u64::try_from(size).unwrap_or(0)))
    }

    /// The stored hashes of `nodes` in `site`'s tree (those that exist).
    pub async fn tree_nodes(&self, site: &str, nodes: &[Node]) -> Result<HashMap<Node, Hash>, StoreError> {
        let mut connection = self.pool().acquire().await?;
        let mut found = HashMap::with_capacity(nodes.len());
        for chunk in nodes.chunks(NODES_PER_LOOKUP) {
            let wanted: Vec<String> = (0..chunk.len())
                .map(|i| match self.backend() {
                    Backend::Sqlite => "(level = ? AND idx = ?)".to_owned(),
                    Backend::Postgres => format!("(level = ${} AND idx = ${})", 2 + 2 * i, 3 + 2 * i),
                })
                .collect();
            let first = match self.backend() {
                Backend::Sqlite => "?",
                Backend::Postgres => "$1",
            };
            let sql =
                format!("SELECT level, idx, hash FROM merkle_nodes WHERE site = {first} AND ({})", wanted.join(" OR "));
            let mut query = sqlx::query_as::<_, (i64, i64, String)>(&sql).bind(site);
            for node in chunk {
                query = query.bind(i64::from(node.level)).bind(i64::try_from(node.index).unwrap_or(i64::MAX));
            }
            for (level, index, hash) in query.fetch_all(&mut *connection).await? {
                let node = Node {
                    level: u32::try_from(level).map_err(|_| corrupt(site, format!("node level {level}")))?,
                    index: u64::try_from(index).map_err(|_| corrupt(site, format!("node index {index}")))?,
                };
                found.insert(node, parse_stored(site, &hash)?);
            }
        }
        Ok(found)
    }
}

/// Grows `site`'s tree inside the caller's write transaction until it covers the records up to `to_seq` (all
/// committed), and returns its size. Fails, naming the record, if a record it needs is missing (deleted, or purged
/// before this endpoint kept trees) or its chain hash is not a hash.
pub(crate) async fn grow(
    connection: &mut AnyConnection,
    backend: Backend,
    site: &str,
    to_seq: i64,
) -> Result<u64, StoreError> {
    sqlx::query("INSERT INTO merkle_trees (site, size) VALUES ($1, 0) ON CONFLICT (site) DO NOTHING")
        .bind(site)
        .execute(&mut *connection)
        .await?;
    let sql = format!("SELECT size FROM merkle_trees WHERE site = $1{}", for_update(backend));
    let (built,): (i64,) = sqlx::query_as(&sql).bind(site).fetch_one(&mut *connection).await?;
    if built >= to_seq {
        return Ok(u64::try_from(built).unwrap_or(0));
    }
    let mut edge = match stored_edge(connection, site, u64::try_from(built).unwrap_or(0)).await? {
        Ok(edge) => edge,
        Err(node) => {
            return Err(corrupt(
                site,
                format!("the Merkle tree's node at level {}, index {} is missing", node.level, node.index),
            ))
        }
    };
    let mut size = built;
    while size < to_seq {
        let mut new_nodes = Vec::with_capacity(2 * GROW_PAGE as usize);
        size = edge.extend(connection, site, size, to_seq, GROW_PAGE, &mut new_nodes).await?;
        insert_nodes(connection, backend, site, &new_nodes).await?;
    }
    sqlx::query("UPDATE merkle_trees SET size = $2 WHERE site = $1")
        .bind(site)
        .bind(size)
        .execute(&mut *connection)
        .await?;
    Ok(u64::try_from(size).unwrap_or(0))
}

/// The right edge of a tree being built leaf by leaf: its complete subtrees, largest first, which new leaves merge
/// into. Growing the stored tree and checking it ([`crate::chain::tree_check`]) build it the same way.
#[derive(Debug, Default)]
pub(crate) struct Edge(Vec<(Node, Hash)>);

impl Edge {
    /// Appends the leaf of the chain hash `chain_hash` at leaf index `index` (the next one), and pushes onto `out`
    /// the leaf and every complete subtree it completes, lowest first.
    pub(crate) fn push(&mut self, index: u64, chain_hash: &Hash, out: &mut Vec<(Node, Hash)>) {
        let leaf = (Node { level: 0, index }, leaf_hash(chain_hash));
        out.push(leaf);
        self.0.push(leaf);
        while let [.., (left, left_hash), (right, right_hash)] = self.0.as_slice() {
            if left.level != right.level {
                break;
            }
            let parent = (Node { level: left.level + 1, index: left.index / 2 }, node_hash(left_hash, right_hash));
            self.0.truncate(self.0.len() - 2);
            self.0.push(parent);
            out.push(parent);
        }
    }

    /// Appends the leaves of `site`'s next records (at most `limit`, those after seq `after` up to `to_seq`, read in
    /// one query) and pushes onto `out` every node they complete; returns the seq of the last one. Fails naming the
    /// record if one is missing (deleted, or purged before trees were kept) or its chain hash is not a hash.
    pub(crate) async fn extend(
        &mut self,
        connection: &mut AnyConnection,
        site: &str,
        after: i64,
        to_seq: i64,
        limit: i64,
        out: &mut Vec<(Node, Hash)>,
    ) -> Result<i64, StoreError> {
        let page: Vec<(i64, String)> = sqlx::query_as(
            "SELECT seq, record_hash FROM consent_records WHERE site = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4",
        )
        .bind(site)
        .bind(after)
        .bind(to_seq)
        .bind(limit)
        .fetch_all(&mut *connection)
        .await?;
        if page.is_empty() {
            return Err(StoreError::TreeGap { site: site.to_owned(), seq: after + 1 });
        }
        let mut last = after;
        for (seq, record_hash) in &page {
            if *seq != last + 1 {
                return Err(StoreError::TreeGap { site: site.to_owned(), seq: last + 1 });
            }
            self.push(last.unsigned_abs(), &parse_stored(site, record_hash)?, out);
            last = *seq;
        }
        Ok(last)
    }
}

/// The stored right edge of `site`'s tree at `size` leaves, or the first of its nodes that is not stored.
pub(crate) async fn stored_edge(
    connection: &mut AnyConnection,
    site: &str,
    size: u64,
) -> Result<Result<Edge, Node>, StoreError> {
    let nodes = edge(size);
    let stored = fetch_nodes(connection, site, &nodes).await?;
    let mut edge = Edge::default();
    for node in nodes {
        match stored.get(&node) {
            Some(hash) => edge.0.push((node, *hash)),
            None => return Ok(Err(node)),
        }
    }
    Ok(Ok(edge))
}

/// The complete subtrees that make up the first `size` leaves, largest first.
fn edge(size: u64) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut at = 0;
    for level in (0..64u32).rev() {
        if size & (1 << level) != 0 {
            nodes.push(Node { level, index: at >> level });
            at += 1 << level;
        }
    }
    nodes
}

/// The stored hashes of `nodes` (at most 64: a tree's right edge), one look-up each.
pub(crate) async fn fetch_nodes(
    connection: &mut AnyConnection,
    site: &str,
    nodes: &[Node],
) -> Result<HashMap<Node, Hash>, StoreError> {
    let mut found = HashMap::new();
    for node in nodes {
        let sql = "SELECT hash FROM merkle_nodes WHERE site = $1 AND level = $2 AND idx = $3";
        let hash: Option<(String,)> = sqlx::query_as(sql)
            .bind(site)
            .bind(i64::from(node.level))
            .bind(i64::try_from(node.index).unwrap_or(i64::MAX))
            .fetch_optional(&mut *connection)
            .await?;
        if let Some((hash,)) = hash {
            found.insert(*node, parse_stored(site, &hash)?);
        }
    }
    Ok(found)
}

async fn insert_nodes(
    connection: &mut AnyConnection,
    backend: Backend,
    site: &str,
    nodes: &[(Node, Hash)],
) -> Result<(), StoreError> {
    for chunk in nodes.chunks(NODES_PER_INSERT) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("({})", params(backend, 4 * i, 4))).collect();
        let sql = format!(
            "INSERT INTO merkle_nodes (site, level, idx, hash) VALUES {} ON CONFLICT (site, level, idx) DO NOTHING",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (node, hash) in chunk {
            query = query
                .bind(site)
                .bind(i64::from(node.level))
                .bind(i64::try_from(node.index).unwrap_or(i64::MAX))
                .bind(to_hex(hash));
        }
        query.execute(&mut *connection).await?;
    }
    Ok(())
}

/// A stored hash (chain hash or node), or the error naming what is wrong with it.
pub(crate) fn parse_stored(site: &str, hex: &str) -> Result<Hash, StoreError> {
    consent_core::log_proof::parse_hash("hash", hex)
        .map_err(|_| corrupt(site, format!("'{}' is not a SHA-256 hash", hex.chars().take(80).collect::<String>())))
}

fn corrupt(site: &str, reason: String) -> StoreError {
    StoreError::Corrupt { site: site.to_owned(), reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edge_is_the_binary_decomposition_of_the_size() {
        assert_eq!(edge(0), vec![]);
        assert_eq!(edge(1), vec![Node { level: 0, index: 0 }]);
        assert_eq!(edge(6), vec![Node { level: 2, index: 0 }, Node { level: 1, index: 2 }]);
        assert_eq!(
            edge(7),
            vec![Node { level: 2, index: 0 }, Node { level: 1, index: 2 }, Node { level: 0, index: 6 }]
        );
    }
}
