//! Category identifiers: the names that tie a tag on the page (`data-category="analytics"`) to a choice.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest category id we accept; ids travel in cookies, so they are kept short.
pub const MAX_CATEGORY_ID_LEN: usize = 32;

/// A category id: 1 to 32 characters of lowercase ASCII letters, digits, `-` or `_`, starting with a letter.
///
/// The same string is written by site owners in their markup, so it is kept to characters that need no escaping in
/// HTML attributes, cookies or CSS selectors.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CategoryId(String);

/// Why a string is not a category id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CategoryIdError {
    #[error("must not be empty")]
    Empty,
    #[error("'{0}' is longer than {MAX_CATEGORY_ID_LEN} characters")]
    TooLong(String),
    #[error("'{0}' must start with a lowercase letter a-z")]
    BadStart(String),
    #[error("'{0}' may only contain lowercase letters a-z, digits, '-' and '_'")]
    BadCharacter(String),
}

impl CategoryId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CategoryId {
    type Error = CategoryIdError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        let first = value.chars().next().ok_or(CategoryIdError::Empty)?;
        if value.len() > MAX_CATEGORY_ID_LEN {
            return Err(CategoryIdError::TooLong(value));
        }
        if !first.is_ascii_lowercase() {
            return Err(CategoryIdError::BadStart(value));
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
        if !value.chars().all(allowed) {
            return Err(CategoryIdError::BadCharacter(value));
        }
        Ok(Self(value))
    }
}

impl TryFrom<&str> for CategoryId {
    type Error = CategoryIdError;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::try_from(value.to_owned())
    }
}

impl From<CategoryId> for String {
    fn from(id: CategoryId) -> Self {
        id.0
    }
}

impl fmt::Display for CategoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_usual_names() {
        for ok in ["necessary", "analytics", "ads-2", "social_media"] {
            assert_eq!(CategoryId::try_from(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn rejects_uppercase_with_a_message_naming_the_value() {
        let err = CategoryId::try_from("Analytics").unwrap_err();
        assert_eq!(err.to_string(), "'Analytics' must start with a lowercase letter a-z");
    }

    #[test]
    fn rejects_empty_long_and_odd_characters() {
        assert_eq!(CategoryId::try_from(""), Err(CategoryIdError::Empty));
        assert!(matches!(CategoryId::try_from("a".repeat(33)), Err(CategoryIdError::TooLong(_))));
        assert!(matches!(CategoryId::try_from("ana lytics"), Err(CategoryIdError::BadCharacter(_))));
        assert!(matches!(CategoryId::try_from("a\"b"), Err(CategoryIdError::BadCharacter(_))));
    }

    proptest! {
        #[test]
        fn every_accepted_id_is_safe_in_markup_and_cookies(s in ".{0,40}") {
            if let Ok(id) = CategoryId::try_from(s.as_str()) {
                prop_assert!(id.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
                prop_assert!(id.as_str().len() <= MAX_CATEGORY_ID_LEN);
            }
        }
    }
}
