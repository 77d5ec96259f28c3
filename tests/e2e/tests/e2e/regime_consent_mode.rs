//! Google Consent Mode follows the visitor's regime: denied by default for everyone (the boot loader's first run,
//! before the region is known), then, for a regime that runs trackers before a choice, the regime's state as the
//! endpoint's answer states it (`region.before_choice.consent_mode`, or `with_gpc` under Global Privacy Control), as
//! soon as the answer is in; an opt-in or unknown visitor stays denied until they choose.

use std::time::Duration;

use anyhow::{Context, Result};
use consent_e2e::site::{bundle_file, SiteOptions};
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;
use crate::regime::{
    analytics_loaded, first_layer_shown, open_in, regional_config, regional_site, regional_site_with_gpc,
};
use crate::ui_fixture::page_without_settings_links;

/// The page's Consent Mode: the `consent` commands on `dataLayer` in order, and the state they leave (folded as
/// gtag folds them).
async fn consent_mode(visit: &Visit) -> Result<Value> {
    let script = "var state = {}, commands = [];
        (window.dataLayer || []).forEach(function (e) {
          if (e[0] !== 'consent') return;
          commands.push(e[1]);
          Object.keys(e[2]).forEach(function (k) { if (k !== 'wait_for_update') state[k] = e[2][k]; });
        });
        return { commands: commands, state: state };";
    visit.browser.js(script, vec![]).await
}

/// What the endpoint answers for `region` (`with_gpc`: the state under Global Privacy Control), read by the page.
async fn answered_state(visit: &Visit, region: &str, with_gpc: bool) -> Result<Value> {
    let script = "var region = arguments[0], key = arguments[1], done = arguments[2];
        fetch('/v1/sites/demo-shop/first-layer/en.json?region=' + region)
          .then(function (r) { return r.json(); })
          .then(function (a) { done(a.region[key].consent_mode); }, function (e) { done(String(e)); });";
    let key = if with_gpc { "with_gpc" } else { "before_choice" };
    Ok(visit.browser.client.execute_async(script, vec![json!(region), json!(key)]).await?)
}

fn all_denied(state: &Value) -> bool {
    state.as_object().is_some_and(|s| !s.is_empty() && s.values().all(|v| v == "denied"))
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_consent_mode_in_each_region_is_the_regimes_state_before_a_choice() -> Result<()> {
    let visit = regional_site().await?;
    for region in ["DE", ""] {
        if region.is_empty() {
            visit.open("/plain.html").await?
        } else {
            open_in(&visit, region).await?
        }
        wait_until(|| first_layer_shown(&visit), PROMPTLY, "the first layer, which asks").await?;
        settle().await;
        let seen = consent_mode(&visit).await?;
        assert_eq!(seen["commands"], json!(["default"]), "{region:?}: denied by default, no update: {seen}");
        assert!(all_denied(&seen["state"]), "{region:?}: {seen}");
    }
    for region in ["US-CA", "US-TX", "BR"] {
        open_in(&visit, region).await?;
        analytics_loaded(&visit).await?;
        settle().await;
        let seen = consent_mode(&visit).await?;
        let answered = answered_state(&visit, region, false).await?;
        for (mode_type, decision) in answered.as_object().context("the answer's consent_mode")? {
            assert_eq!(&seen["state"][mode_type], decision, "{region}: {mode_type} as the regime has it: {seen}");
        }
        assert_eq!(seen["state"]["ad_storage"], "granted", "{region}: trackers run before a choice: {seen}");
        assert_eq!(seen["state"]["analytics_storage"], "granted", "{region}: {seen}");
    }

    let visit = regional_site_with_gpc().await?;
    open_in(&visit, "US-CA").await?;
    analytics_loaded(&visit).await?;
    settle().await;
    let seen = consent_mode(&visit).await?;
    let answered = answered_state(&visit, "US-CA", true).await?;
    for (mode_type, decision) in answered.as_object().context("the answer's consent_mode")? {
        assert_eq!(&seen["state"][mode_type], decision, "US-CA + GPC: {mode_type}: {seen}");
    }
    for mode_type in ["ad_storage", "ad_user_data", "ad_personalization"] {
        assert_eq!(seen["state"][mode_type], "denied", "GPC opts out of sale and sharing: {seen}");
    }
    assert_eq!(seen["state"]["analytics_storage"], "granted", "{seen}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_consent_mode_is_updated_before_the_held_tags_can_be_released() -> Result<()> {
    // The tracker database, which releasing waits for, arrives late: Consent Mode does not wait for it.
    let trackers = bundle_file("trackers", "json").context("the bundle is not built")?;
    let name = trackers.file_name().and_then(|n| n.to_str()).context("its name")?.to_owned();
    let visit = Visit::with(SiteOptions {
        files: vec![page_without_settings_links()?],
        config: Some(regional_config()?),
        delays: vec![(format!("/consent/{name}"), Duration::from_secs(3))],
        ..SiteOptions::default()
    })
    .await?;
    open_in(&visit, "US-CA").await?;
    // Read in one go: the state, and whether the tracker database had arrived by then.
    let snapshot = || async {
        let seen = consent_mode(&visit).await?;
        let script = "return performance.getEntriesByType('resource').some((e) => e.name.includes(arguments[0]));";
        let database_in = visit.browser.js(script, vec![json!(name)]).await?;
        Ok((seen["state"]["ad_storage"] == "granted").then_some(database_in))
    };
    let database_in = consent_e2e::wait::wait_for(snapshot, PROMPTLY, "Consent Mode's update for opt-out").await?;
    assert_eq!(database_in, false, "the update came before the tracker database, which releasing waits for");
    analytics_loaded(&visit).await
}
