//! Consent ids: random UUIDs made in the browser, so that a record is idempotent before the endpoint has seen it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A version-4 UUID in its canonical lowercase, hyphenated form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ConsentId(String);

/// Why a string is not a consent id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a lowercase UUID such as 3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f")]
pub struct ConsentIdError(String);

impl ConsentId {
    /// Makes a version-4 UUID from 16 random bytes (the caller supplies them: `crypto.getRandomValues` in the browser).
    pub fn from_random_bytes(mut bytes: [u8; 16]) -> Self {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Self(format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32]))
    }

    /// The id as written in the cookie and the log: 36 lowercase characters with hyphens.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ConsentId {
    type Error = ConsentIdError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        let shaped = value.len() == 36
            && value.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
            });
        if shaped {
            Ok(Self(value))
        } else {
            Err(ConsentIdError(value.chars().take(64).collect()))
        }
    }
}

impl From<ConsentId> for String {
    fn from(id: ConsentId) -> Self {
        id.0
    }
}

impl fmt::Display for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_random_id_parses_back_as_a_v4_uuid(bytes in any::<[u8; 16]>()) {
            let id = ConsentId::from_random_bytes(bytes);
            prop_assert_eq!(ConsentId::try_from(id.to_string()), Ok(id.clone()));
            prop_assert_eq!(&id.as_str()[14..15], "4");
            prop_assert!(matches!(&id.as_str()[19..20], "8" | "9" | "a" | "b"));
        }
    }

    #[test]
    fn refuses_uppercase_and_junk() {
        assert!(ConsentId::try_from("3F2B8C1E-9D4A-4C6B-8E2F-1A2B3C4D5E6F".to_string()).is_err());
        assert!(ConsentId::try_from("'; DROP TABLE consents; --".to_string()).is_err());
        assert!(ConsentId::try_from(String::new()).is_err());
    }
}
