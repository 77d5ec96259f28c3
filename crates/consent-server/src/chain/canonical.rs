//! The canonical serialisation that the hash chain is computed over, and the two primitives the log needs besides it:
//! HMAC-SHA-256 (for purge checkpoints) and a constant-time comparison (for the admin token). All three use the
//! RustCrypto crates (`sha2`, `hmac`, `subtle`): the server does not pay for bytes the way the banner's WASM does, so
//! it uses well-reviewed implementations rather than consent-core's hand-written SHA-256.
//!
//! # Format `consent-log-v1`
//!
//! The bytes hashed for one entry are the ASCII line `consent-log-v1\n` followed by one line per field, in an order the
//! caller fixes and documents (see [`crate::row`]):
//!
//! ```text
//! NAME=LENGTH:VALUE\n     a text (or a number written in decimal) of LENGTH bytes, UTF-8
//! NAME=-\n                an absent value (SQL NULL)
//! ```
//!
//! The length prefix makes the encoding injective whatever the values contain (newlines, `=`, `:`), so no two
//! different entries hash the same bytes, and it is simple enough to re-implement in any language for an offline
//! audit. The entry's hash is the SHA-256 of these bytes as 64 lowercase hex digits.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The first line of every hashed entry: names the format, so a future format can never be confused with this one.
pub const FORMAT: &str = "consent-log-v1";

/// The `prev_hash` of a site's first record: 64 zeros.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Builds the canonical bytes of one entry, hashing them as they are written.
#[derive(Debug, Clone)]
pub struct Canonical {
    hasher: Sha256,
}

impl Canonical {
    /// An entry of the given format (`consent-log-v1` for records, another name for checkpoints).
    pub fn new(format: &str) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(format.as_bytes());
        hasher.update(b"\n");
        Canonical { hasher }
    }

    /// Adds a text field.
    pub fn text(&mut self, name: &str, value: &str) -> &mut Self {
        for part in [name.as_bytes(), b"=", value.len().to_string().as_bytes(), b":", value.as_bytes(), b"\n"] {
            self.hasher.update(part);
        }
        self
    }

    /// Adds a field that may be absent.
    pub fn optional(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(value) => self.text(name, value),
            None => {
                self.hasher.update(name.as_bytes());
                self.hasher.update(b"=-\n");
                self
            }
        }
    }

    /// Adds an integer field, written in decimal (so `-5` is the 2-byte text `-5`).
    pub fn integer(&mut self, name: &str, value: i64) -> &mut Self {
        self.text(name, &value.to_string())
    }

    /// The SHA-256 of everything added, as 64 lowercase hex digits.
    pub fn sha256_hex(&self) -> String {
        hex::encode(self.hasher.clone().finalize())
    }
}

/// HMAC-SHA-256 (RFC 2104) of `message` under `key`, as 64 lowercase hex digits.
pub fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC takes a key of any length (a longer one is hashed first): `new_from_slice` cannot fail for it.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC-SHA-256 takes keys of any length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `a` equals `b`, taking the same time whatever their contents and lengths: both are hashed first, so the
/// comparison always runs over 32 bytes and leaks neither a matching prefix nor the secret's length.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    Sha256::digest(a).ct_eq(&Sha256::digest(b)).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_format_is_the_documented_one() {
        // Recomputed by hand from the documentation: an auditor's implementation must get the same digest.
        let mut entry = Canonical::new("consent-log-v1");
        entry.integer("seq", 1).text("site", "demo-shop").optional("previous_id", None);
        let bytes = b"consent-log-v1\nseq=1:1\nsite=9:demo-shop\nprevious_id=-\n";
        assert_eq!(entry.sha256_hex(), hex::encode(Sha256::digest(bytes)));
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // RFC 4231 test cases 1 and 6 (a key longer than the block is hashed first).
        assert_eq!(
            hmac_sha256_hex(&[0x0b; 20], b"Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hmac_sha256_hex(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn constant_time_eq_compares_contents() {
        assert!(constant_time_eq(b"s3cret-token", b"s3cret-token"));
        assert!(!constant_time_eq(b"s3cret-token", b"s3cret-tokeN"));
        assert!(!constant_time_eq(b"s3cret-token", b"s3cret"));
        assert!(!constant_time_eq(b"", b"x"));
    }

    fn hash_of(fields: &[(String, Option<String>)]) -> String {
        let mut entry = Canonical::new(FORMAT);
        for (name, value) in fields {
            entry.optional(name, value.as_deref());
        }
        entry.sha256_hex()
    }

    proptest! {
        /// Injectivity: moving bytes from one field to the next, or turning a value into NULL, changes the hash.
        #[test]
        fn different_entries_hash_differently(a in "[a-z=:\n-]{0,12}", b in "[a-z=:\n-]{0,12}",
                                              c in "[a-z=:\n-]{0,12}", d in "[a-z=:\n-]{0,12}") {
            let left = [("x".to_owned(), Some(a.clone())), ("y".to_owned(), Some(b.clone()))];
            let right = [("x".to_owned(), Some(c.clone())), ("y".to_owned(), Some(d.clone()))];
            prop_assert_eq!(hash_of(&left) == hash_of(&right), (a, b) == (c, d));
            let null = [("x".to_owned(), None), ("y".to_owned(), Some(String::new()))];
            let empty = [("x".to_owned(), Some(String::new())), ("y".to_owned(), Some(String::new()))];
            prop_assert_ne!(hash_of(&null), hash_of(&empty));
        }
    }
}
