//! The tree against RFC 9162 / Certificate Transparency's test vectors (the eight leaves of CT's merkle_tree_test,
//! expected hashes computed independently with Python's hashlib and a direct transcription of the RFC's recursive
//! definitions), and properties of every proof.

use proptest::prelude::*;

use super::*;
use crate::sha256::to_hex;

const LEAVES: [&str; 8] =
    ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

fn hash(text: &str) -> Hash {
    unhex(text).try_into().unwrap()
}

fn vector_leaves() -> Vec<Hash> {
    LEAVES.iter().map(|leaf| leaf_hash(&unhex(leaf))).collect()
}

fn tree_root(leaves: &[Hash]) -> Hash {
    root(leaves.len() as u64, |node| complete_subtree(leaves, node)).unwrap()
}

fn hexes(hashes: &[Hash]) -> Vec<String> {
    hashes.iter().map(|h| to_hex(h)).collect()
}

#[test]
fn roots_match_the_certificate_transparency_vectors() {
    let leaves = vector_leaves();
    for (size, expected) in (1..=8).zip(ROOTS) {
        assert_eq!(to_hex(&tree_root(&leaves[..size])), expected, "tree of {size}");
    }
    assert_eq!(to_hex(&root(0, |_| None).unwrap()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

#[test]
fn inclusion_proofs_match_the_vectors() {
    let leaves = vector_leaves();
    let cases: [(u64, u64, &[&str]); 6] = [
        (0, 1, &[]),
        (
            0,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            5,
            8,
            &[
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (2, 3, &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (
            1,
            5,
            &[
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
        (
            6,
            7,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
    ];
    for (index, size, expected) in cases {
        let proof = inclusion_proof(index, size, |node| complete_subtree(&leaves, node)).unwrap();
        assert_eq!(hexes(&proof), expected, "leaf {index} of {size}");
        let root = hash(ROOTS[size as usize - 1]);
        assert_eq!(verify_inclusion(&leaves[index as usize], index, size, &proof, &root), Ok(()));
    }
}

#[test]
fn consistency_proofs_match_the_vectors() {
    let leaves = vector_leaves();
    let cases: [(u64, u64, &[&str]); 5] = [
        (
            1,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            6,
            8,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            5,
            &[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
        (
            3,
            7,
            &[
                "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
                "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e",
            ],
        ),
        (4, 7, &["837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e"]),
    ];
    for (old, new, expected) in cases {
        let proof = consistency_proof(old, new, |node| complete_subtree(&leaves, node)).unwrap();
        assert_eq!(hexes(&proof), expected, "{old} -> {new}");
        let (old_root, new_root) = (hash(ROOTS[old as usize - 1]), hash(ROOTS[new as usize - 1]));
        assert_eq!(verify_consistency(old, new, &old_root, &new_root, &proof), Ok(()));
    }
}

#[test]
fn proofs_outside_the_tree_are_refused() {
    let leaves = vector_leaves();
    let lookup = |node| complete_subtree(&leaves, node);
    assert_eq!(inclusion_proof(8, 8, lookup), Err(ProofError::IndexOutOfRange { index: 8, size: 8 }));
    assert_eq!(consistency_proof(0, 8, lookup), Err(ProofError::SizesOutOfOrder { old: 0, new: 8 }));
    assert_eq!(consistency_proof(9, 8, lookup), Err(ProofError::SizesOutOfOrder { old: 9, new: 8 }));
    // A look-up that lacks a subtree is named, not papered over.
    assert_eq!(root(8, |_| None), Err(ProofError::MissingNode(Node { level: 3, index: 0 })));
}

#[test]
fn the_needed_nodes_are_few_and_enough() {
    let leaves: Vec<Hash> = (0..1000u32).map(|i| leaf_hash(&i.to_be_bytes())).collect();
    let needed = nodes_needed(1000, Some(377), Some(600));
    assert!(needed.len() <= 4 * 10, "{} nodes for a tree of 1000", needed.len());
    let only = |node: Node| needed.contains(&node).then(|| complete_subtree(&leaves, node)).flatten();
    let root = root(1000, only).unwrap();
    assert_eq!(root, tree_root(&leaves));
    assert!(inclusion_proof(377, 1000, only).is_ok());
    assert!(consistency_proof(600, 1000, only).is_ok());
}

fn leaves_strategy() -> impl Strategy<Value = Vec<Hash>> {
    prop::collection::vec(any::<[u8; 8]>().prop_map(|bytes| leaf_hash(&bytes)), 1..70)
}

proptest! {
    #[test]
    fn every_leaf_proves_against_the_root_and_nothing_else_does(
        leaves in leaves_strategy(),
        pick in any::<prop::sample::Index>(),
        other in any::<prop::sample::Index>(),
        flip in any::<(usize, u8)>(),
    ) {
        let size = leaves.len() as u64;
        let root = tree_root(&leaves);
        for (index, leaf) in leaves.iter().enumerate() {
            let proof = inclusion_proof(index as u64, size, |node| complete_subtree(&leaves, node)).unwrap();
            prop_assert_eq!(verify_inclusion(leaf, index as u64, size, &proof, &root), Ok(()));
        }
        let index = pick.index(leaves.len());
        let proof = inclusion_proof(index as u64, size, |node| complete_subtree(&leaves, node)).unwrap();
        // Another leaf at this place.
        let mut changed = leaves[index];
        changed[flip.0 % 32] ^= flip.1.max(1);
        prop_assert!(verify_inclusion(&changed, index as u64, size, &proof, &root).is_err());
        // This leaf claimed at another place (distinct leaves: random 8-byte leaves do not repeat).
        let elsewhere = other.index(leaves.len());
        if elsewhere != index && leaves[elsewhere] != leaves[index] {
            prop_assert!(verify_inclusion(&leaves[index], elsewhere as u64, size, &proof, &root).is_err());
        }
        // Any sibling changed.
        for at in 0..proof.len() {
            let mut forged = proof.clone();
            forged[at][flip.0 % 32] ^= flip.1.max(1);
            prop_assert!(verify_inclusion(&leaves[index], index as u64, size, &forged, &root).is_err());
        }
        // A sibling dropped or added.
        if !proof.is_empty() {
            prop_assert!(verify_inclusion(&leaves[index], index as u64, size, &proof[1..], &root).is_err());
        }
        let mut longer = proof.clone();
        longer.push(root);
        prop_assert!(verify_inclusion(&leaves[index], index as u64, size, &longer, &root).is_err());
    }

    #[test]
    fn every_prefix_is_consistent_with_the_whole_and_an_edited_one_is_not(
        leaves in leaves_strategy(),
        cut in any::<prop::sample::Index>(),
        flip in any::<(usize, u8)>(),
    ) {
        let new = leaves.len() as u64;
        let old = cut.index(leaves.len()) as u64 + 1;
        let (old_root, new_root) = (tree_root(&leaves[..old as usize]), tree_root(&leaves));
        let proof = consistency_proof(old, new, |node| complete_subtree(&leaves, node)).unwrap();
        prop_assert_eq!(verify_consistency(old, new, &old_root, &new_root, &proof), Ok(()));
        // The old tree with one of its leaves edited is not a prefix of the new one.
        let mut edited = leaves[..old as usize].to_vec();
        let at = flip.0 % edited.len();
        edited[at][0] ^= flip.1.max(1);
        prop_assert!(verify_consistency(old, new, &tree_root(&edited), &new_root, &proof).is_err());
        for at in 0..proof.len() {
            let mut forged = proof.clone();
            forged[at][flip.0 % 32] ^= flip.1.max(1);
            prop_assert!(verify_consistency(old, new, &old_root, &new_root, &forged).is_err());
        }
    }
}
