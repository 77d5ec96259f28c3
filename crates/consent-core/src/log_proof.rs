//! What a visitor is given to check that their record is in a site's log, and checks it with: the endpoint's signed
//! tree head (the log's size and Merkle root at a moment, signed with its Ed25519 key) and a record's inclusion proof
//! against it. Only the Merkle part is checked here; the signature is checked by the tools that hold an Ed25519
//! implementation (`consent log check-proof`), so that the banner does not carry one.

use serde::{Deserialize, Serialize};

use crate::merkle::{self, Hash, ProofError};
use crate::sha256::to_hex;

/// The name that heads every signed tree head's message, so a signature over one cannot pass for anything else.
pub const TREE_HEAD_FORMAT: &str = "consent-tree-head-v1";

/// A site's log at one moment: its first `tree_size` records form the Merkle tree with root `root_hash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeHead {
    /// The site whose log this is.
    pub site: String,
    /// How many records the tree covers: records with seq 1 to `tree_size` (leaf index = seq − 1).
    pub tree_size: u64,
    /// The RFC 9162 Merkle tree hash over those records' chain hashes (lowercase hex).
    pub root_hash: String,
    /// When the endpoint signed it, in Unix milliseconds.
    pub timestamp_ms: i64,
}

impl TreeHead {
    /// The bytes the signature covers: `consent-tree-head-v1`, site, tree size, root and timestamp, each on its own
    /// line (`\n`-terminated). Site ids are lowercase tokens, so no field can spill into the next.
    pub fn message(&self) -> Vec<u8> {
        format!("{TREE_HEAD_FORMAT}\n{}\n{}\n{}\n{}\n", self.site, self.tree_size, self.root_hash, self.timestamp_ms)
            .into_bytes()
    }
}

/// A tree head with the endpoint's Ed25519 signature over [`TreeHead::message`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedTreeHead {
    /// The signed head: site, size, root and time.
    #[serde(flatten)]
    pub head: TreeHead,
    /// The signing key's public half (32 bytes, lowercase hex). Pin it (`--public-key`) rather than trust this copy.
    pub public_key: String,
    /// The Ed25519 signature (64 bytes, lowercase hex).
    pub signature: String,
}

/// A record's receipt that it is in its site's log: its leaf, place and audit path, and the head they lead to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InclusionProof {
    /// The record's consent id, so the visitor can match the proof to the receipt they kept.
    pub consent_id: String,
    /// The record's place in its site's chain (1, 2, 3 …); its leaf index is `seq − 1`.
    pub seq: i64,
    /// The leaf's index in the tree, `seq − 1`; checked against `seq`.
    pub leaf_index: u64,
    /// The leaf: the record's chain hash (as on the visitor's receipt), lowercase hex of 32 bytes.
    pub leaf: String,
    /// SHA-256(0x00 ‖ leaf), lowercase hex.
    pub leaf_hash: String,
    /// The sibling hashes from the leaf up to the root (RFC 9162 §2.1.3), lowercase hex.
    pub audit_path: Vec<String>,
    /// The signed head the audit path leads to; check its signature with the endpoint's pinned key.
    pub head: SignedTreeHead,
}

/// The proof that a site's tree at `old_size` records is a prefix of its tree at `new_size` records (RFC 9162
/// §2.1.4): with two signed heads of those sizes, it shows that nothing the older head covered was changed or
/// removed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsistencyProof {
    /// The site whose log both heads describe.
    pub site: String,
    /// The record count of the older head.
    pub old_size: u64,
    /// The record count of the newer head; at least `old_size`.
    pub new_size: u64,
    /// Lowercase hex hashes, as RFC 9162's SUBPROOF orders them.
    pub proof: Vec<String>,
}

impl ConsistencyProof {
    /// Checks the proof against the roots of the two heads it joins.
    pub fn check(&self, old: &TreeHead, new: &TreeHead) -> Result<(), ProofCheckError> {
        if (old.tree_size, new.tree_size) != (self.old_size, self.new_size)
            || old.site != self.site
            || new.site != self.site
        {
            return Err(ProofCheckError::OtherHeads {
                proof: format!("site '{}' at {} and {} records", self.site, self.old_size, self.new_size),
                heads: format!(
                    "site '{}' at {} records, site '{}' at {}",
                    old.site, old.tree_size, new.site, new.tree_size
                ),
            });
        }
        let path = self
            .proof
            .iter()
            .enumerate()
            .map(|(i, hash)| parse_hash(&format!("proof[{i}]"), hash))
            .collect::<Result<Vec<_>, _>>()?;
        let old_root = parse_hash("old.root_hash", &old.root_hash)?;
        let new_root = parse_hash("new.root_hash", &new.root_hash)?;
        merkle::verify_consistency(self.old_size, self.new_size, &old_root, &new_root, &path)?;
        Ok(())
    }
}

/// Why a proof does not show its record in the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofCheckError {
    /// A hash or key field is not the expected number of bytes written in hex.
    #[error("{field} is not {bytes} bytes of hex: '{value}'")]
    NotHex {
        /// The field's path in the proof (`audit_path[2]`, `old.root_hash`).
        field: String,
        /// How many bytes the field must hold.
        bytes: usize,
        /// The text found there.
        value: String,
    },
    /// The proof's `leaf_index` is not `seq − 1`, so it speaks of another leaf than the record.
    #[error("leaf_index is {leaf_index} but seq {seq} means leaf index {}", .seq - 1)]
    IndexNotSeq {
        /// The leaf index the proof gives.
        leaf_index: u64,
        /// The record's place in the chain the proof gives.
        seq: i64,
    },
    /// The proof's `leaf_hash` is not SHA-256(0x00 ‖ leaf): the proof was altered or made for another leaf.
    #[error("leaf_hash {given} is not the hash of leaf (that is {computed})")]
    LeafHash {
        /// The `leaf_hash` the proof gives (hex).
        given: String,
        /// The hash of its leaf, as computed here (hex).
        computed: String,
    },
    /// The consistency proof was made for other tree sizes or another site than the heads it is checked against.
    #[error("the consistency proof joins {proof}, not the heads given ({heads})")]
    OtherHeads {
        /// The site and sizes the proof joins, in words.
        proof: String,
        /// The sites and sizes of the heads given, in words.
        heads: String,
    },
    /// The audit path does not lead from the leaf to the head's root: the record is not in that tree.
    #[error("the record is not in the tree the head describes: {0}")]
    Merkle(#[from] ProofError),
}

/// 32 bytes from `value`'s lowercase or uppercase hex, or an error naming `field`.
pub fn parse_hash(field: &str, value: &str) -> Result<Hash, ProofCheckError> {
    parse_hex(field, value)
}

/// `N` bytes from hex, or an error naming `field`.
pub fn parse_hex<const N: usize>(field: &str, value: &str) -> Result<[u8; N], ProofCheckError> {
    let bad = || ProofCheckError::NotHex { field: field.to_owned(), bytes: N, value: value.chars().take(80).collect() };
    if value.len() != 2 * N || !value.is_ascii() {
        return Err(bad());
    }
    let mut bytes = [0u8; N];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&value[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(bytes)
}

impl InclusionProof {
    /// Checks the Merkle part: the leaf's hash, its place, and that the audit path leads to the head's root. The
    /// head's signature is the caller's to check.
    pub fn check(&self) -> Result<(), ProofCheckError> {
        let leaf = parse_hash("leaf", &self.leaf)?;
        let computed = merkle::leaf_hash(&leaf);
        if parse_hash("leaf_hash", &self.leaf_hash)? != computed {
            return Err(ProofCheckError::LeafHash { given: self.leaf_hash.clone(), computed: to_hex(&computed) });
        }
        if i64::try_from(self.leaf_index).ok().and_then(|index| index.checked_add(1)) != Some(self.seq) {
            return Err(ProofCheckError::IndexNotSeq { leaf_index: self.leaf_index, seq: self.seq });
        }
        let path = self
            .audit_path
            .iter()
            .enumerate()
            .map(|(i, hash)| parse_hash(&format!("audit_path[{i}]"), hash))
            .collect::<Result<Vec<_>, _>>()?;
        let root = parse_hash("head.root_hash", &self.head.head.root_hash)?;
        merkle::verify_inclusion(&computed, self.leaf_index, self.head.head.tree_size, &path, &root)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::{complete_subtree, inclusion_proof, leaf_hash, root};

    fn proof_for(index: u64, chain_hashes: &[Hash]) -> InclusionProof {
        let leaves: Vec<Hash> = chain_hashes.iter().map(|hash| leaf_hash(hash)).collect();
        let size = leaves.len() as u64;
        let lookup = |node| complete_subtree(&leaves, node);
        InclusionProof {
            consent_id: "c".into(),
            seq: index as i64 + 1,
            leaf_index: index,
            leaf: to_hex(&chain_hashes[index as usize]),
            leaf_hash: to_hex(&leaves[index as usize]),
            audit_path: inclusion_proof(index, size, lookup).unwrap().iter().map(|h| to_hex(h)).collect(),
            head: SignedTreeHead {
                head: TreeHead {
                    site: "shop".into(),
                    tree_size: size,
                    root_hash: to_hex(&root(size, lookup).unwrap()),
                    timestamp_ms: 1,
                },
                public_key: String::new(),
                signature: String::new(),
            },
        }
    }

    #[test]
    fn a_proof_checks_and_each_kind_of_tampering_is_named() {
        let chain: Vec<Hash> = (0..11u8).map(|i| [i; 32]).collect();
        let proof = proof_for(6, &chain);
        assert_eq!(proof.check(), Ok(()));

        let mut other_leaf = proof.clone();
        other_leaf.leaf = to_hex(&[99; 32]);
        assert!(matches!(other_leaf.check(), Err(ProofCheckError::LeafHash { .. })));

        let mut moved = proof.clone();
        moved.leaf_index = 5;
        assert!(matches!(moved.check(), Err(ProofCheckError::IndexNotSeq { leaf_index: 5, seq: 7 })));
        moved.seq = 6;
        assert!(matches!(moved.check(), Err(ProofCheckError::Merkle(ProofError::RootMismatch))));

        let mut forged = proof.clone();
        forged.audit_path[1] = to_hex(&[7; 32]);
        assert!(matches!(forged.check(), Err(ProofCheckError::Merkle(ProofError::RootMismatch))));

        let mut junk = proof.clone();
        junk.audit_path[0] = "zz".into();
        assert_eq!(
            junk.check(),
            Err(ProofCheckError::NotHex { field: "audit_path[0]".into(), bytes: 32, value: "zz".into() })
        );
    }

    #[test]
    fn the_signed_message_is_line_per_field() {
        let head = TreeHead { site: "shop".into(), tree_size: 3, root_hash: "ab".into(), timestamp_ms: 42 };
        assert_eq!(head.message(), b"consent-tree-head-v1\nshop\n3\nab\n42\n");
    }
}
