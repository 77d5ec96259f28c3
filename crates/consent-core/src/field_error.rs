//! One problem with one field of some input, phrased so that the person who wrote the input can fix it.

use std::fmt;

/// A problem with one field: `path` names it the way the input spells it (`categories[2].id`), `reason` says what is
/// wrong and, where it helps, what would be right.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The field as the input spells it: `categories[2].id`, `decisions.analytics`.
    pub path: String,
    /// What is wrong, phrased to follow the path: "must be lowercase".
    pub reason: String,
}

impl FieldError {
    /// A problem with the field at `path`.
    pub fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { path: path.into(), reason: reason.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// Joins several field errors into one message, one per line, for logs and consoles.
pub fn join(errors: &[FieldError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}
