//! The tamper evidence of the log: each site's records form a hash chain (see [`canonical`] for the hashed form and
//! [`crate::row::StoredRow::hash`] for the fields), purges leave a checkpoint the chain restarts from, and
//! [`verify`] recomputes it all.

use std::fmt;

pub mod breaks;
pub mod canonical;
mod tree_check;
pub mod verify;

/// The shortest secret accepted as a chain key or admin token: 16 characters, so it cannot be guessed online.
pub const MIN_SECRET_LEN: usize = 16;

/// The operator's secret that signs purge checkpoints (HMAC-SHA-256), so that a checkpoint cannot be forged to hide
/// deleted records by someone who can write to the database but does not know the key.
#[derive(Clone, PartialEq, Eq)]
pub struct ChainKey(Vec<u8>);

/// Why a secret (chain key, admin token) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} must be at least {MIN_SECRET_LEN} characters long (a random string, e.g. `openssl rand -hex 32`)")]
pub struct WeakSecret {
    /// Which secret, in words ("the chain key", "the admin token").
    pub what: &'static str,
}

impl ChainKey {
    /// The key from its text form (at least [`MIN_SECRET_LEN`] characters).
    pub fn new(text: &str) -> Result<Self, WeakSecret> {
        if text.chars().count() < MIN_SECRET_LEN {
            return Err(WeakSecret { what: "the chain key" });
        }
        Ok(ChainKey(text.as_bytes().to_vec()))
    }

    /// HMAC-SHA-256 of `message` under this key.
    pub fn mac(&self, message: &[u8]) -> String {
        canonical::hmac_sha256_hex(&self.0, message)
    }
}

/// Never prints the key.
impl fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChainKey(***)")
    }
}
