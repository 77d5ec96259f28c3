//! The Merkle tree of a site's consent log, as RFC 9162 (Certificate Transparency 2.0) defines it, so that a visitor
//! can check that their record is in the log with a few hashes instead of the whole log.
//!
//! Leaf hash = SHA-256(0x00 ‖ leaf), node hash = SHA-256(0x01 ‖ left ‖ right); a tree of n leaves splits at the
//! largest power of two below n (RFC 9162 §2.1.1). The tree is never held in memory: every hash in it is a fold of
//! *complete* subtrees ([`Node`]: 2^level leaves, aligned), which a store can keep once computed (they never change
//! as the log grows). [`root`], [`inclusion_proof`] and [`consistency_proof`] ask for the O(log n) complete subtrees
//! they need through a look-up; the verifiers need nothing but the proof.

use crate::sha256::{digest, Sha256};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// The hash of a leaf: SHA-256(0x00 ‖ leaf). The prefix keeps a leaf from passing for an inner node.
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    Sha256::new().update(&[0x00]).update(leaf).finish()
}

/// The hash of an inner node: SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    Sha256::new().update(&[0x01]).update(left).update(right).finish()
}

/// The root of the empty tree: SHA-256 of nothing.
pub fn empty_root() -> Hash {
    digest(&[])
}

/// A complete subtree: the 2^`level` leaves from `index` × 2^`level` on. Level 0 is a leaf's hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node {
    /// The subtree's height: 0 for a single leaf, `k` for 2^k leaves.
    pub level: u32,
    /// Its position among the subtrees of the same level, counted from the left from 0.
    pub index: u64,
}

impl Node {
    /// The two halves of this subtree (for level > 0).
    pub fn children(self) -> (Node, Node) {
        let child = Node { level: self.level - 1, index: self.index * 2 };
        (child, Node { index: child.index + 1, ..child })
    }
}

/// Why a proof or a request for one was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// A proof was asked for or given for a leaf the tree does not have yet.
    #[error("leaf index {index} is outside a tree of {size} leaves")]
    IndexOutOfRange {
        /// The leaf index asked for.
        index: u64,
        /// How many leaves the tree has.
        size: u64,
    },
    /// A consistency proof between an empty tree, or from a larger tree to a smaller one.
    #[error("a consistency proof needs 0 < old size ({old}) <= new size ({new})")]
    SizesOutOfOrder {
        /// The older tree's size.
        old: u64,
        /// The newer tree's size.
        new: u64,
    },
    /// The proof has more or fewer hashes than a tree of that size needs: it was cut, padded or made for another size.
    #[error("the proof has {actual} hashes; a tree of {size} leaves needs {expected}")]
    WrongLength {
        /// How many hashes the proof has.
        actual: usize,
        /// How many the tree's shape needs.
        expected: usize,
        /// The tree's size in leaves.
        size: u64,
    },
    /// Every hash is well formed but they do not lead to the head's root: the record is not there, or something
    /// changed.
    #[error("the proof does not lead to the tree head's root: the record is not at that place in that tree")]
    RootMismatch,
    /// The store that builds a proof has no hash for a subtree the proof needs: its tree table is behind the log.
    #[error("the look-up has no hash for the complete subtree at level {}, index {}", .0.level, .0.index)]
    MissingNode(Node),
}

/// The largest power of two strictly below `n` (n ≥ 2): where RFC 9162 splits a tree of n leaves.
fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// The leaves `start..end` of a tree, as the RFC's recursion meets them: `start` is always a multiple of the largest
/// power of two not above `end - start`, so the range is a run of complete subtrees of decreasing size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    start: u64,
    end: u64,
}

impl Range {
    /// The complete subtrees that make up this range, largest (leftmost) first.
    fn nodes(self) -> Vec<Node> {
        let mut nodes = Vec::new();
        let mut at = self.start;
        let mut left = self.end - self.start;
        while left > 0 {
            let level = 63 - left.leading_zeros();
            nodes.push(Node { level, index: at >> level });
            at += 1 << level;
            left -= 1 << level;
        }
        nodes
    }

    /// MTH(D[start:end]): the complete subtrees folded from the right, as the RFC's recursion nests them.
    fn hash(self, lookup: &mut impl FnMut(Node) -> Option<Hash>) -> Result<Hash, ProofError> {
        let mut nodes = self.nodes().into_iter().rev();
        let last = nodes.next().ok_or(ProofError::MissingNode(Node { level: 0, index: self.start }))?;
        let mut hash = lookup(last).ok_or(ProofError::MissingNode(last))?;
        for node in nodes {
            hash = node_hash(&lookup(node).ok_or(ProofError::MissingNode(node))?, &hash);
        }
        Ok(hash)
    }
}

/// The ranges whose hashes make the inclusion proof of leaf `index` in a tree of `size` leaves (RFC 9162 §2.1.3.1),
/// nearest the leaf first.
fn inclusion_ranges(index: u64, size: u64) -> Vec<Range> {
    let (mut m, mut start, mut end) = (index, 0, size);
    let mut ranges = Vec::new();
    while end - start > 1 {
        let k = split(end - start);
        if m < k {
            ranges.push(Range { start: start + k, end });
            end = start + k;
        } else {
            ranges.push(Range { start, end: start + k });
            start += k;
            m -= k;
        }
    }
    ranges.reverse();
    ranges
}

/// The ranges whose hashes make the consistency proof from `old` to `new` leaves (RFC 9162 §2.1.4.1, SUBPROOF).
fn consistency_ranges(old: u64, new: u64) -> Vec<Range> {
    let (mut m, mut start, mut end, mut whole) = (old, 0, new, true);
    let mut ranges = Vec::new();
    while m != end - start {
        let k = split(end - start);
        if m <= k {
            ranges.push(Range { start: start + k, end });
            end = start + k;
        } else {
            ranges.push(Range { start, end: start + k });
            start += k;
            m -= k;
            whole = false;
        }
    }
    if !whole {
        ranges.push(Range { start, end });
    }
    ranges.reverse();
    ranges
}

/// Every complete subtree that [`root`], [`inclusion_proof`] or [`consistency_proof`] will ask for, so that a store
/// can fetch them in one query: O(log n) of them.
pub fn nodes_needed(size: u64, index: Option<u64>, old_size: Option<u64>) -> Vec<Node> {
    let mut ranges = vec![Range { start: 0, end: size }];
    if let Some(index) = index.filter(|index| *index < size) {
        ranges.extend(inclusion_ranges(index, size));
    }
    if let Some(old) = old_size.filter(|old| (1..=size).contains(old)) {
        ranges.extend(consistency_ranges(old, size));
    }
    let mut nodes: Vec<Node> = ranges.into_iter().filter(|r| r.end > r.start).flat_map(Range::nodes).collect();
    nodes.sort_unstable();
    nodes.dedup();
    nodes
}

/// The root of a tree of `size` leaves whose complete subtrees `lookup` gives.
pub fn root(size: u64, mut lookup: impl FnMut(Node) -> Option<Hash>) -> Result<Hash, ProofError> {
    if size == 0 {
        return Ok(empty_root());
    }
    Range { start: 0, end: size }.hash(&mut lookup)
}

/// The inclusion proof (audit path) of leaf `index` in a tree of `size` leaves, nearest the leaf first.
pub fn inclusion_proof(
    index: u64,
    size: u64,
    mut lookup: impl FnMut(Node) -> Option<Hash>,
) -> Result<Vec<Hash>, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    inclusion_ranges(index, size).into_iter().map(|range| range.hash(&mut lookup)).collect()
}

/// The consistency proof that the tree of `old` leaves is a prefix of the tree of `new` leaves.
pub fn consistency_proof(
    old: u64,
    new: u64,
    mut lookup: impl FnMut(Node) -> Option<Hash>,
) -> Result<Vec<Hash>, ProofError> {
    if old == 0 || old > new {
        return Err(ProofError::SizesOutOfOrder { old, new });
    }
    consistency_ranges(old, new).into_iter().map(|range| range.hash(&mut lookup)).collect()
}

/// Checks that the leaf whose hash is `leaf` sits at `index` in the tree of `size` leaves whose root is `root`
/// (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let expected = inclusion_ranges(index, size).len();
    if proof.len() != expected {
        return Err(ProofError::WrongLength { actual: proof.len(), expected, size });
    }
    let (mut fnode, mut snode) = (index, size - 1);
    let mut hash = *leaf;
    for sibling in proof {
        if snode == 0 {
            return Err(ProofError::RootMismatch);
        }
        if fnode & 1 == 1 || fnode == snode {
            hash = node_hash(sibling, &hash);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            hash = node_hash(&hash, sibling);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 || hash != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `old` leaves with root `old_root` is a prefix of the tree of `new` leaves with root
/// `new_root` (RFC 9162 §2.1.4.2): nothing the old head covered was changed or removed.
pub fn verify_consistency(
    old: u64,
    new: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old == 0 || old > new {
        return Err(ProofError::SizesOutOfOrder { old, new });
    }
    let expected = consistency_ranges(old, new).len();
    if proof.len() != expected {
        return Err(ProofError::WrongLength { actual: proof.len(), expected, size: new });
    }
    if old == new {
        return if old_root == new_root { Ok(()) } else { Err(ProofError::RootMismatch) };
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let (mut fnode, mut snode) = (old - 1, new - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let (mut first, mut second) = (path[0], path[0]);
    for c in &path[1..] {
        if snode == 0 {
            return Err(ProofError::RootMismatch);
        }
        if fnode & 1 == 1 || fnode == snode {
            first = node_hash(c, &first);
            second = node_hash(c, &second);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            second = node_hash(&second, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 || first != *old_root || second != *new_root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// The hash of a complete subtree of in-memory leaf hashes (O(2^level): for tests and small trees), or `None` if the
/// leaves do not reach that far.
pub fn complete_subtree(leaves: &[Hash], node: Node) -> Option<Hash> {
    if node.level == 0 {
        return usize::try_from(node.index).ok().and_then(|index| leaves.get(index)).copied();
    }
    let (left, right) = node.children();
    Some(node_hash(&complete_subtree(leaves, left)?, &complete_subtree(leaves, right)?))
}

#[cfg(test)]
#[path = "merkle_tests.rs"]
mod tests;
