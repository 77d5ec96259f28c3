//! The Ed25519 key that signs tree heads, so that a visitor's proof can be checked against a head the endpoint
//! cannot later disown, and the check of a signed head.
//!
//! The operator may give the key as a file (`--log-key-file`: the 32-byte secret seed as 64 hex characters), which
//! keeps it away from anyone who can only write to the database. Without one, the first server to need a key
//! generates it and stores it in the database (`log_signing_keys`), where every server on that database finds it: heads
//! are then as trustworthy as the database, which is the same trust the hash chain already rests on.

use std::fmt;
use std::path::Path;

use consent_core::log_proof::{parse_hex, SignedTreeHead, TreeHead};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hex::encode as to_hex;

use crate::store::{Store, StoreError};
use crate::time::now_ms;

/// The name of the database-kept key.
const STORED_KEY_NAME: &str = "tree-head";

/// The key that signs tree heads.
#[derive(Clone)]
pub struct LogKey(SigningKey);

/// Why a key could not be had, or a signed head is not to be believed.
#[derive(Debug, thiserror::Error)]
pub enum LogKeyError {
    /// The key file named by `--log-key-file` cannot be read.
    #[error("could not read the log key file {path}: {source}")]
    Read {
        /// The key file as given.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The key file does not hold 64 hex characters.
    #[error("the log key file {path} must hold the 32-byte Ed25519 secret seed as 64 hex characters (e.g. `openssl rand -hex 32`)")]
    Malformed {
        /// The key file as given.
        path: String,
    },
    #[error(
        "the database's stored log key is not 64 hex characters; delete the row of log_signing_keys to make a new one"
    )]
    /// The key kept in the database is not 64 hex characters: the row was edited by hand.
    StoredMalformed,
    /// The operating system gave no random bytes to make a new key (its error).
    #[error("the operating system gave no randomness for a new log key: {0}")]
    Random(String),
    /// The database could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A public key or signature is not hex of the right length, or not a valid Ed25519 value.
    #[error("{field} is not a valid Ed25519 {what}")]
    BadKeyOrSignature {
        /// The field of the head or proof (`public_key`, `signature`).
        field: &'static str,
        /// What it should be, in words.
        what: &'static str,
    },
    /// The signature does not verify: the head was altered, or signed by another key.
    #[error("the tree head's signature does not verify under its public key {public_key}: the head was altered or not signed by this log")]
    BadSignature {
        /// The key it was checked under (hex).
        public_key: String,
    },
    /// The head verifies, but under another key than the one the auditor pinned.
    #[error("the tree head was signed by {signed_by}, not by the pinned key {pinned}")]
    NotPinnedKey {
        /// The key the head names (hex).
        signed_by: String,
        /// The key given with `--public-key` (hex).
        pinned: String,
    },
}

impl LogKey {
    /// The key in `path` (64 hex characters, surrounding whitespace ignored).
    pub fn from_file(path: &Path) -> Result<Self, LogKeyError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| LogKeyError::Read { path: path.display().to_string(), source })?;
        let seed: [u8; 32] = parse_hex("log key", text.trim())
            .map_err(|_| LogKeyError::Malformed { path: path.display().to_string() })?;
        Ok(LogKey(SigningKey::from_bytes(&seed)))
    }

    /// The key kept in the database, generated and stored first if there is none (by whichever server gets there
    /// first: the others read theirs).
    pub async fn stored(store: &Store) -> Result<Self, LogKeyError> {
        if let Some(seed) = store.log_key_seed(STORED_KEY_NAME).await? {
            return Self::from_seed_hex(&seed);
        }
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed).map_err(|error| LogKeyError::Random(error.to_string()))?;
        store.offer_log_key_seed(STORED_KEY_NAME, &to_hex(seed), now_ms()).await?;
        let seed = store.log_key_seed(STORED_KEY_NAME).await?.ok_or(LogKeyError::StoredMalformed)?;
        Self::from_seed_hex(&seed)
    }

    fn from_seed_hex(seed: &str) -> Result<Self, LogKeyError> {
        let seed: [u8; 32] = parse_hex("log key", seed).map_err(|_| LogKeyError::StoredMalformed)?;
        Ok(LogKey(SigningKey::from_bytes(&seed)))
    }

    /// The public half, lowercase hex: what a visitor pins.
    pub fn public_key_hex(&self) -> String {
        to_hex(self.0.verifying_key().as_bytes())
    }

    /// `head` signed.
    pub fn sign(&self, head: TreeHead) -> SignedTreeHead {
        let signature = self.0.sign(&head.message());
        SignedTreeHead { head, public_key: self.public_key_hex(), signature: to_hex(signature.to_bytes()) }
    }
}

/// Never prints the secret.
impl fmt::Debug for LogKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LogKey(public {})", self.public_key_hex())
    }
}

/// Checks `signed`'s signature under its public key, and that this key is `pinned` when one is given.
pub fn check_signature(signed: &SignedTreeHead, pinned: Option<&str>) -> Result<(), LogKeyError> {
    let public: [u8; 32] = parse_hex("public_key", &signed.public_key)
        .map_err(|_| LogKeyError::BadKeyOrSignature { field: "public_key", what: "public key (64 hex characters)" })?;
    if let Some(pinned) = pinned {
        if !pinned.trim().eq_ignore_ascii_case(&signed.public_key) {
            return Err(LogKeyError::NotPinnedKey {
                signed_by: signed.public_key.clone(),
                pinned: pinned.trim().to_owned(),
            });
        }
    }
    let key = VerifyingKey::from_bytes(&public)
        .map_err(|_| LogKeyError::BadKeyOrSignature { field: "public_key", what: "public key" })?;
    let signature: [u8; 64] = parse_hex("signature", &signed.signature)
        .map_err(|_| LogKeyError::BadKeyOrSignature { field: "signature", what: "signature (128 hex characters)" })?;
    key.verify_strict(&signed.head.message(), &Signature::from_bytes(&signature))
        .map_err(|_| LogKeyError::BadSignature { public_key: signed.public_key.clone() })
}

impl Store {
    /// The stored seed of the key named `name`, if any.
    pub async fn log_key_seed(&self, name: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT secret_key FROM log_signing_keys WHERE name = $1")
            .bind(name)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|(seed,)| seed))
    }

    /// Stores `seed` as the key named `name` unless one is stored already.
    async fn offer_log_key_seed(&self, name: &str, seed: &str, now_ms: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO log_signing_keys (name, secret_key, created_at_ms) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(seed)
        .bind(now_ms)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_head_verifies_and_any_change_is_caught() {
        let key = LogKey(SigningKey::from_bytes(&[7; 32]));
        let head = TreeHead { site: "shop".into(), tree_size: 5, root_hash: "ab".repeat(32), timestamp_ms: 1 };
        let signed = key.sign(head);
        assert!(check_signature(&signed, None).is_ok());
        assert!(check_signature(&signed, Some(&key.public_key_hex())).is_ok());

        let mut grown = signed.clone();
        grown.head.tree_size = 6;
        assert!(matches!(check_signature(&grown, None), Err(LogKeyError::BadSignature { .. })));

        let other = LogKey(SigningKey::from_bytes(&[8; 32]));
        assert!(matches!(
            check_signature(&signed, Some(&other.public_key_hex())),
            Err(LogKeyError::NotPinnedKey { .. })
        ));
        // Re-signed by another key and claiming it: valid, but not the pinned key.
        let forged = other.sign(signed.head.clone());
        assert!(check_signature(&forged, None).is_ok());
        assert!(check_signature(&forged, Some(&key.public_key_hex())).is_err());
    }
}
