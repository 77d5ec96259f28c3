//! Makes the site's privacy policy ready for the policy view: taken from the config, or fetched once when the banner
//! starts (a JSON file by URL), so that it is there when the visitor opens it and its hash can go into every record.

use std::cell::RefCell;
use std::sync::Arc;

use consent_core::config::policy::{PolicyFileFormat, PolicySource};
use consent_core::policy::json::document_from_value;
use consent_core::policy::links;
use consent_core::policy::{Policy, SectionId};
use consent_core::SiteConfig;
use leptos::prelude::*;

use crate::browser;

/// A policy the view can show, with the id of its section about cookies when one was named or found on import.
#[derive(Debug, PartialEq, Eq)]
pub struct LoadedPolicy {
    pub policy: Policy,
    pub cookie_section: Option<SectionId>,
}

/// Where the policy is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyState {
    /// The config has no policy the view can show (none, or a Markdown or text file by URL, which is linked instead).
    None,
    Loading,
    Ready(Arc<LoadedPolicy>),
    /// It could not be loaded: the view says so, and links to the file.
    Failed,
}

thread_local! {
    static DIGEST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The SHA-256 of the policy text the visitor could read (`policy_sha256`), once the policy is loaded.
pub fn digest() -> Option<String> {
    DIGEST.with(|digest| digest.borrow().clone())
}

/// Whether the config has a policy the view can show (in the config, or a JSON file by URL; Markdown and text are
/// imported where the config is served), so that the first layer opens the view rather than linking to `policy_url`.
pub fn viewable(config: &SiteConfig) -> bool {
    config.policy.as_ref().is_some_and(|policy| match &policy.source {
        PolicySource::Document(_) | PolicySource::Url { format: PolicyFileFormat::Json, .. } => true,
        PolicySource::Markdown(_) | PolicySource::Text(_) | PolicySource::Url { .. } => false,
    })
}

/// Starts making the policy ready, and returns the signal that says where it is.
pub fn load(config: &SiteConfig) -> RwSignal<PolicyState> {
    let Some(policy) = &config.policy else { return RwSignal::new(PolicyState::None) };
    let named = policy.cookie_section.clone();
    match &policy.source {
        PolicySource::Document(document) => RwSignal::new(ready((**document).clone(), named)),
        PolicySource::Url { url, format: PolicyFileFormat::Json } => {
            let state = RwSignal::new(PolicyState::Loading);
            let url = url.clone();
            wasm_bindgen_futures::spawn_local(async move { state.set(fetched(&url, named).await) });
            state
        }
        // Imported where the config is served; a config read straight from a file has them as written.
        PolicySource::Markdown(_) | PolicySource::Text(_) | PolicySource::Url { .. } => {
            RwSignal::new(PolicyState::None)
        }
    }
}

fn ready(policy: Policy, cookie_section: Option<SectionId>) -> PolicyState {
    let digest = links::digest(&policy);
    DIGEST.with(|d| *d.borrow_mut() = Some(digest));
    PolicyState::Ready(Arc::new(LoadedPolicy { policy, cookie_section }))
}

/// For a policy fetched by URL, fetches it now and says where it is once that is done; `None` for any other policy,
/// which [`load`] has at once.
pub async fn fetch_now(config: &SiteConfig) -> Option<PolicyState> {
    let policy = config.policy.as_ref()?;
    match &policy.source {
        PolicySource::Url { url, format: PolicyFileFormat::Json } => {
            Some(fetched(url, policy.cookie_section.clone()).await)
        }
        _ => None,
    }
}

/// The policy at `url`, ready, or failed (and said so on the console).
async fn fetched(url: &str, named: Option<SectionId>) -> PolicyState {
    let loaded = fetch(url).await.map(|(policy, found)| ready(policy, named.or(found)));
    loaded.unwrap_or_else(|e| {
        browser::console_warn(&format!("the privacy policy at {url} could not be shown: {e}"));
        PolicyState::Failed
    })
}

/// Fetches and reads a policy JSON file: the document, and the `cookie_section_id` `consent policy import` adds.
async fn fetch(url: &str) -> Result<(Policy, Option<SectionId>), String> {
    let text = crate::fetch::text(url).await?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let document = document_from_value(&value, "policy")?;
    let policy = Policy::try_from(document).map_err(|e| e.to_string())?;
    let found = value
        .get("cookie_section_id")
        .and_then(|id| id.as_str())
        .and_then(|id| SectionId::try_from(id.to_owned()).ok());
    Ok((policy, found))
}
