//! The entry point for importing a policy in either format, and what can stop an import.

use std::path::Path;

use crate::markdown_import::import_markdown;
use crate::text_import::import_text;
use consent_core::policy::Policy;

/// The formats a policy can be imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyFormat {
    /// Plain text as copied from a web page or a document.
    Text,
    /// Markdown (CommonMark headings, lists and paragraphs; inline markup is reduced to its text).
    Markdown,
}

impl PolicyFormat {
    /// The format a file's extension suggests: `.md` and `.markdown` (any case) are Markdown, anything else text.
    pub fn from_path(path: &Path) -> PolicyFormat {
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("md" | "markdown") => PolicyFormat::Markdown,
            _ => PolicyFormat::Text,
        }
    }
}

/// Why a policy could not be imported. Any real text imports; only input that is not a policy's text fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Nothing but white space.
    #[error("the policy is empty: there is no text to import")]
    Empty,
    /// Control characters that text does not contain: a word-processor, PDF or archive file.
    #[error("the policy looks like a binary file, not text (control character U+{code:04X} at byte {offset}); export it as plain text or Markdown first")]
    Binary {
        /// Where the first such character is, in bytes from the start.
        offset: usize,
        /// The character's code point.
        code: u32,
    },
}

/// Imports a policy written in `format`.
pub fn import(input: &str, format: PolicyFormat) -> Result<Policy, ImportError> {
    match format {
        PolicyFormat::Text => import_text(input),
        PolicyFormat::Markdown => import_markdown(input),
    }
}

/// Refuses input with no text, or with control characters that text files do not contain (NUL and the like, which
/// mean a word-processor or PDF file was passed instead of its text).
pub(crate) fn check_input(input: &str) -> Result<(), ImportError> {
    let binary = input
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}' | '\u{b}' | '\u{85}'));
    if let Some((offset, c)) = binary {
        return Err(ImportError::Binary { offset, code: c as u32 });
    }
    if input.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_picks_the_format() {
        assert_eq!(PolicyFormat::from_path(Path::new("policy.md")), PolicyFormat::Markdown);
        assert_eq!(PolicyFormat::from_path(Path::new("POLICY.MARKDOWN")), PolicyFormat::Markdown);
        assert_eq!(PolicyFormat::from_path(Path::new("policy.txt")), PolicyFormat::Text);
        assert_eq!(PolicyFormat::from_path(Path::new("policy")), PolicyFormat::Text);
    }

    #[test]
    fn empty_and_binary_input_is_refused() {
        assert_eq!(import("", PolicyFormat::Text), Err(ImportError::Empty));
        assert_eq!(import(" \n\t\u{feff}\n", PolicyFormat::Markdown), Err(ImportError::Empty));
        assert_eq!(import("PK\u{3}\u{4}", PolicyFormat::Text), Err(ImportError::Binary { offset: 2, code: 3 }));
    }
}
