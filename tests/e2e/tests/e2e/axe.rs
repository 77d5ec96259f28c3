//! Runs axe-core (node_modules/axe-core, pinned in package.json) in the page, and reports its violations.

use anyhow::{Context, Result};
use consent_e2e::browser::Browser;
use consent_e2e::site::workspace;
use serde_json::{json, Value};

/// Every axe violation inside the banner (its root inside the shadow root of `<consent-banner>`, which axe enters
/// when a selector path names the host first), one line per rule and element, empty if there is none. All rules run
/// (WCAG 2.0–2.2 A and AA and best practices) except page-level ones that judge the demo site rather than the banner.
pub async fn violations(browser: &Browser) -> Result<Vec<String>> {
    violations_in(browser, json!({ "fromShadowDom": ["consent-banner", ".cb-root"] })).await
}

/// Every axe violation inside `include` (an axe context: a selector, or a path into shadow roots), as [`violations`]
/// reports them.
pub async fn violations_in(browser: &Browser, include: Value) -> Result<Vec<String>> {
    let source = std::fs::read_to_string(workspace().join("node_modules/axe-core/axe.min.js"))
        .context("node_modules/axe-core is missing: run `npm ci` (scripts/setup does)")?;
    browser.client.execute(&source, vec![]).await.context("loading axe-core into the page")?;
    let result = browser
        .client
        .execute_async(
            r#"var done = arguments[arguments.length - 1];
               var options = { rules: { 'region': { enabled: false } }, resultTypes: ['violations'] };
               axe.run({ include: [arguments[0]] }, options)
                 .then(function (r) { done(r.violations); }, function (e) { done([{ id: 'axe-error', help: String(e), nodes: [] }]); });"#,
            vec![include],
        )
        .await
        .context("running axe")?;
    let list = result.as_array().cloned().unwrap_or_default();
    Ok(list
        .iter()
        .flat_map(|violation| {
            let id = violation["id"].as_str().unwrap_or_default().to_owned();
            let help = violation["help"].as_str().unwrap_or_default().to_owned();
            let nodes = violation["nodes"].as_array().cloned().unwrap_or_default();
            let targets: Vec<String> = nodes
                .iter()
                .map(|n| format!("{} ({})", n["target"], n["failureSummary"].as_str().unwrap_or_default()))
                .collect();
            if targets.is_empty() {
                vec![format!("{id}: {help}")]
            } else {
                targets.into_iter().map(|t| format!("{id}: {help}: {t}")).collect()
            }
        })
        .collect())
}

/// Switches the page's `prefers-color-scheme` (DevTools emulation), as a visitor's system setting would.
pub async fn color_scheme(browser: &Browser, scheme: &str) -> Result<Value> {
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }))
        .await
}
