//! The config's `policy`: where the site's privacy policy comes from, for the banner's policy view.
//!
//! ```json
//! "policy": {"markdown": "# Privacy policy\n…"}
//! "policy": {"text": "PRIVACY POLICY\n1. Who we are …"}
//! "policy": {"url": "/privacy.json", "format": "json", "cookie_section": "cookies"}
//! "policy": {"document": { …the JSON `consent policy import` writes… }}
//! ```
//!
//! The banner renders an imported policy only: the Markdown and plain-text importers would cost its WebAssembly about
//! 35 KB compressed. So the server and the CLI import a config's `markdown` or `text` when they load it
//! (`consent_policy_import::import_config_policy`), and the config they serve carries the imported `document` and the
//! section about cookies found in it. A policy by `url` is shown in the view when it is JSON; a Markdown or text file by
//! URL is linked instead.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::field_error::FieldError;
use crate::policy::json::document_from_value;
use crate::policy::{Policy, SectionId};

/// Where the policy comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicySource {
    /// Markdown written in the config, until the server or CLI imports it into a [`PolicySource::Document`].
    Markdown(String),
    /// Plain text written in the config, until the server or CLI imports it into a [`PolicySource::Document`].
    Text(String),
    /// An imported policy.
    Document(Box<Policy>),
    /// A file the banner fetches when it starts.
    Url {
        /// Where the file is: an http(s) URL, or one relative to the page.
        url: String,
        /// What the file holds: as `format` says, else guessed from the URL's extension (`.json`, `.md`), else text.
        format: PolicyFileFormat,
    },
}

/// The format of a policy file given by URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyFileFormat {
    /// A Markdown file: linked to, not shown in the banner's view.
    Markdown,
    /// A plain-text file: linked to, not shown in the banner's view.
    Text,
    /// The JSON `consent policy import` writes: the only format the banner's view renders from a URL.
    Json,
}

impl PolicyFileFormat {
    fn as_str(self) -> &'static str {
        match self {
            PolicyFileFormat::Markdown => "markdown",
            PolicyFileFormat::Text => "text",
            PolicyFileFormat::Json => "json",
        }
    }
}

/// The checked `policy` of a config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyConfig {
    /// Where the policy comes from: written in the config, imported, or a file by URL.
    pub source: PolicySource,
    /// The section about cookies and similar technologies, when the config names it (or, in the served form, when the
    /// import found it).
    pub cookie_section: Option<SectionId>,
}

/// Reads `policy` from a config, appending every problem found.
pub(crate) fn parse_policy(value: &Value, problems: &mut Vec<FieldError>) -> Option<PolicyConfig> {
    let Some(object) = value.as_object() else {
        problems.push(FieldError::new("policy", "must be an object with markdown, text, url or document"));
        return None;
    };
    let before = problems.len();
    let allowed = ["markdown", "text", "url", "format", "document", "cookie_section"];
    for key in object.keys().filter(|k| !allowed.contains(&k.as_str())) {
        problems.push(FieldError::new(
            format!("policy.{key}"),
            "is not a policy setting (markdown, text, url, format, document, cookie_section)",
        ));
    }
    let sources: Vec<&str> =
        ["markdown", "text", "url", "document"].into_iter().filter(|k| object.contains_key(*k)).collect();
    if sources.len() != 1 {
        problems.push(FieldError::new("policy", "must have exactly one of markdown, text, url or document"));
        return None;
    }
    let text = |key: &str, problems: &mut Vec<FieldError>| -> Option<String> {
        let text = object.get(key)?.as_str().map(str::to_owned);
        match text {
            Some(text) if is_policy_text(&text) => Some(text),
            Some(_) => {
                problems
                    .push(FieldError::new(format!("policy.{key}"), "must be the policy's text, not empty or binary"));
                None
            }
            None => {
                problems.push(FieldError::new(format!("policy.{key}"), "must be a string"));
                None
            }
        }
    };
    let source = match sources[0] {
        "markdown" => text("markdown", problems).map(PolicySource::Markdown),
        "text" => text("text", problems).map(PolicySource::Text),
        "url" => url_source(object, problems),
        _ => match document_from_value(&object["document"], "policy.document")
            .and_then(|document| Policy::try_from(document).map_err(|e| format!("policy.document.{e}")))
        {
            Ok(policy) => Some(PolicySource::Document(Box::new(policy))),
            Err(problem) => {
                let (path, reason) = problem.split_once(": ").unwrap_or(("policy.document", problem.as_str()));
                problems.push(FieldError::new(path, reason));
                None
            }
        },
    };
    let cookie_section =
        match object.get("cookie_section").map(|v| v.as_str().map(|s| SectionId::try_from(s.to_owned()))) {
            None => None,
            Some(Some(Ok(id))) => Some(id),
            Some(Some(Err(e))) => {
                problems.push(FieldError::new("policy.cookie_section", e.to_string()));
                None
            }
            Some(None) => {
                problems.push(FieldError::new("policy.cookie_section", "must be a section id"));
                None
            }
        };
    if let (Some(PolicySource::Document(policy)), Some(id)) = (&source, &cookie_section) {
        if policy.section(id).is_none() {
            problems
                .push(FieldError::new("policy.cookie_section", format!("no section of the policy has the id '{id}'")));
        }
    }
    let source = source.filter(|_| problems.len() == before)?;
    Some(PolicyConfig { source, cookie_section })
}

fn url_source(object: &serde_json::Map<String, Value>, problems: &mut Vec<FieldError>) -> Option<PolicySource> {
    let Some(url) = object["url"].as_str().filter(|u| is_link(u)) else {
        problems.push(FieldError::new("policy.url", "must be an http(s) or relative URL"));
        return None;
    };
    let format = match object.get("format").map(|f| f.as_str()) {
        None => {
            let lower = url.to_ascii_lowercase();
            let path = lower.split(['?', '#']).next().unwrap_or_default();
            if path.ends_with(".json") {
                PolicyFileFormat::Json
            } else if path.ends_with(".md") || path.ends_with(".markdown") {
                PolicyFileFormat::Markdown
            } else {
                PolicyFileFormat::Text
            }
        }
        Some(Some("json")) => PolicyFileFormat::Json,
        Some(Some("markdown")) => PolicyFileFormat::Markdown,
        Some(Some("text")) => PolicyFileFormat::Text,
        Some(_) => {
            problems.push(FieldError::new("policy.format", "must be markdown, text or json"));
            return None;
        }
    };
    Some(PolicySource::Url { url: url.to_owned(), format })
}

/// A link a browser may follow: http(s) or relative, never `javascript:` or `data:`.
fn is_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    !lower.is_empty()
        && !lower.starts_with("javascript:")
        && !lower.starts_with("data:")
        && !lower.starts_with("vbscript:")
}

/// Text, rather than nothing or a binary file: not blank, and free of the control characters text files do not have.
fn is_policy_text(text: &str) -> bool {
    !is_blank(text) && !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
}

/// White space only, or a byte-order mark alone: text the importer refuses, so checked text always imports.
#[cfg(any(not(target_arch = "wasm32"), feature = "full-check"))]
fn is_blank(text: &str) -> bool {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty()
}

/// The banner reads configs the endpoint has checked, and has no importer: white space is enough to tell blank.
#[cfg(all(target_arch = "wasm32", not(feature = "full-check")))]
fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

impl Serialize for PolicyConfig {
    /// The config's policy as it is: the server imports `markdown` and `text` into a `document` before it serves a
    /// config, so serialising never runs the importer.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match &self.source {
            PolicySource::Markdown(text) => map.serialize_entry("markdown", text)?,
            PolicySource::Text(text) => map.serialize_entry("text", text)?,
            PolicySource::Document(policy) => map.serialize_entry("document", policy)?,
            PolicySource::Url { url, format } => {
                map.serialize_entry("url", url)?;
                map.serialize_entry("format", format.as_str())?;
            }
        }
        if let Some(id) = &self.cookie_section {
            map.serialize_entry("cookie_section", id)?;
        }
        map.end()
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
