//! A config's Markdown or plain-text `policy`, imported into the policy model when the server or the CLI loads or
//! checks the config, so that the served config carries the `document` the banner renders (the banner has no
//! importer) and the section about cookies found in it.

use consent_core::config::policy::{PolicyConfig, PolicySource};
use consent_core::field_error::FieldError;
use consent_core::SiteConfig;

use crate::import::{import, PolicyFormat};
use crate::tracking::cookie_section;

/// Replaces a `markdown` or `text` policy of `config` by the imported `document` and, unless the config names one,
/// sets the section about cookies the import found. Other policies, and configs without one, are left as they are.
///
/// Fails, naming the field, only on text the importer refuses (see [`crate::ImportError`]).
pub fn import_config_policy(config: &mut SiteConfig) -> Result<(), FieldError> {
    let Some(PolicyConfig { source, cookie_section: named }) = config.policy.as_mut() else { return Ok(()) };
    let (text, format, field) = match source {
        PolicySource::Markdown(text) => (text, PolicyFormat::Markdown, "policy.markdown"),
        PolicySource::Text(text) => (text, PolicyFormat::Text, "policy.text"),
        PolicySource::Document(_) | PolicySource::Url { .. } => return Ok(()),
    };
    let policy = import(text, format).map_err(|e| FieldError::new(field, e.to_string()))?;
    if named.is_none() {
        *named = cookie_section(&policy).map(|section| section.id().clone());
    }
    *source = PolicySource::Document(Box::new(policy));
    Ok(())
}
