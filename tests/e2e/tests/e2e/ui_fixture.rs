//! What the banner's UI tests share: the demo page without its own "Cookie settings" links, the choice the banner
//! stored, and the record the endpoint logged for it.

use anyhow::{Context, Result};
use consent_core::stored::COOKIE_NAME;
use consent_core::StoredConsent;
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{wait_for, PROMPTLY};
use consent_server::StoredRow;
use serde_json::Value;

use crate::fixture::Visit;

/// The demo shop's page with its two "Cookie settings" links taken out, as `plain.html`: a page that relies on the
/// floating button.
pub fn page_without_settings_links() -> Result<(String, String)> {
    let page = std::fs::read_to_string(workspace().join("demo/index.html"))?;
    let plain = page
        .replace("<a href=\"#\" data-consent-open>Cookie settings</a>", "")
        .replace(" · <a href=\"#\" data-consent-open>Cookie settings</a>", "");
    assert!(!plain.contains("data-consent-open"), "the demo page's links changed; update this fixture");
    Ok(("plain.html".into(), plain))
}

/// The demo page in another language: `<html lang="…">`, or no `lang` at all when `lang` is empty.
pub fn page_in_language(name: &str, lang: &str) -> Result<(String, String)> {
    let page = std::fs::read_to_string(workspace().join("demo/index.html"))?;
    let attribute = if lang.is_empty() { String::new() } else { format!(" lang=\"{lang}\"") };
    Ok((name.into(), page.replacen("<html lang=\"en\">", &format!("<html{attribute}>"), 1)))
}

/// The demo config changed by `change`, as the text a test site serves.
pub fn demo_config_with(change: impl FnOnce(&mut Value)) -> Result<String> {
    let mut config: Value = serde_json::from_str(&std::fs::read_to_string(workspace().join("demo/consent.json"))?)?;
    change(&mut config);
    Ok(config.to_string())
}

/// The demo site with extra files and, optionally, another config.
pub async fn visit_with(files: Vec<(String, String)>, config: Option<String>) -> Result<Visit> {
    Visit::with(SiteOptions { files, config, ..SiteOptions::default() }).await
}

/// The choice the banner stored in its cookie, if any.
pub async fn stored_consent(visit: &Visit) -> Result<Option<StoredConsent>> {
    let cookies = visit.browser.js("return document.cookie;", vec![]).await?;
    let cookies = cookies.as_str().context("document.cookie is a string")?;
    let value = cookies.split("; ").find_map(|pair| pair.strip_prefix(COOKIE_NAME)?.strip_prefix('='));
    Ok(value.map(StoredConsent::from_cookie_value).transpose()?)
}

/// Waits until the banner has stored a choice other than `not`, and returns it.
pub async fn new_choice(visit: &Visit, not: Option<&StoredConsent>) -> Result<StoredConsent> {
    let not_id = not.map(|s| s.id.clone());
    wait_for(
        || async { Ok(stored_consent(visit).await?.filter(|s| Some(&s.id) != not_id.as_ref())) },
        PROMPTLY,
        "a new stored choice",
    )
    .await
}

/// Waits for the endpoint to log `choice`, and returns the row.
pub async fn logged(visit: &Visit, choice: &StoredConsent) -> Result<StoredRow> {
    let store = visit.site.store();
    let id = choice.id.as_str();
    wait_for(|| async move { Ok(store.get(id).await?) }, PROMPTLY, "the consent to be logged").await
}

/// The `checked` state of every switch matching `selector`, as `hook=value` pairs in document order.
pub async fn switches(visit: &Visit, selector: &str, hook: &str) -> Result<Vec<String>> {
    let found = visit
        .browser
        .in_banner(
            "var hook = arguments[1];
             return Array.from(root.querySelectorAll(arguments[0])).map(function (i) {
                 return i.getAttribute(hook) + '=' + i.checked + (i.disabled ? ' (locked)' : '');
             });",
            vec![selector.into(), hook.into()],
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}

/// Waits until every decision the banner queued has been acknowledged by the endpoint, so that the next page is a
/// plain returning visit (the boot loader loads the banner to send what is still queued).
pub async fn synced(visit: &Visit) -> Result<()> {
    let empty = || async {
        let queue = visit.browser.js("return localStorage.getItem('consent_banner_queue');", vec![]).await?;
        Ok(queue.is_null())
    };
    consent_e2e::wait::wait_until(empty, PROMPTLY, "the endpoint to acknowledge every decision").await
}
