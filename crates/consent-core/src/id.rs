//! Identifiers that site owners write in their markup and config: category ids (`data-category="analytics"`) and
//! service ids (`data-service="google-analytics"`).
//!
//! Both are kept to characters that need no escaping in HTML attributes, cookies or CSS selectors: lowercase ASCII
//! letters, digits, `-` and `_`, starting with a letter.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not an id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The id is an empty string.
    #[error("must not be empty")]
    Empty,
    /// The id is longer than its type allows: the id (cut to 64 characters) and the limit.
    #[error("'{0}' is longer than {1} characters")]
    TooLong(String, usize),
    /// The id starts with something other than a lowercase letter (a digit, a capital, `-`).
    #[error("'{0}' must start with a lowercase letter a-z")]
    BadStart(String),
    /// The id holds a character other than a-z, 0-9, `-` and `_` (a capital, a space, a dot).
    #[error("'{0}' may only contain lowercase letters a-z, digits, '-' and '_'")]
    BadCharacter(String),
}

fn check(value: &str, max_len: usize) -> Result<(), IdError> {
    let first = value.chars().next().ok_or(IdError::Empty)?;
    if value.len() > max_len {
        return Err(IdError::TooLong(value.chars().take(64).collect(), max_len));
    }
    if !first.is_ascii_lowercase() {
        return Err(IdError::BadStart(value.to_owned()));
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
    if !value.chars().all(allowed) {
        return Err(IdError::BadCharacter(value.to_owned()));
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The longest id accepted.
            pub const MAX_LEN: usize = $max;

            /// The id as written in the config and the markup.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;

            fn try_from(value: String) -> Result<Self, IdError> {
                check(&value, Self::MAX_LEN)?;
                Ok(Self(value))
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;

            fn try_from(value: &str) -> Result<Self, IdError> {
                check(value, Self::MAX_LEN)?;
                Ok(Self(value.to_owned()))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A consent category: `necessary`, `analytics`, `marketing` … Ids travel in the consent cookie, so they are short.
    CategoryId,
    32
);

id_type!(
    /// A service (a tracker or an embed) inside a category: `google-analytics`, `youtube` …
    ServiceId,
    48
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_usual_names() {
        for ok in ["necessary", "analytics", "ads-2", "social_media"] {
            assert_eq!(CategoryId::try_from(ok).unwrap().as_str(), ok);
        }
        assert_eq!(ServiceId::try_from("google-analytics").unwrap().to_string(), "google-analytics");
    }

    #[test]
    fn rejects_uppercase_with_a_message_naming_the_value() {
        let err = CategoryId::try_from("Analytics").unwrap_err();
        assert_eq!(err.to_string(), "'Analytics' must start with a lowercase letter a-z");
    }

    #[test]
    fn rejects_empty_long_and_odd_characters() {
        assert_eq!(CategoryId::try_from(""), Err(IdError::Empty));
        assert!(matches!(CategoryId::try_from("a".repeat(33)), Err(IdError::TooLong(_, 32))));
        assert!(ServiceId::try_from("a".repeat(48)).is_ok());
        assert!(matches!(CategoryId::try_from("ana lytics"), Err(IdError::BadCharacter(_))));
        assert!(matches!(CategoryId::try_from("a\"b"), Err(IdError::BadCharacter(_))));
    }

    proptest! {
        #[test]
        fn every_accepted_id_is_safe_in_markup_and_cookies(s in ".{0,60}") {
            if let Ok(id) = ServiceId::try_from(s.as_str()) {
                prop_assert!(id.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
                prop_assert!(id.as_str().len() <= ServiceId::MAX_LEN);
            }
        }
    }
}
