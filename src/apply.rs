//! Turns a visitor's choice into its effects: stored, released, recorded.

use consent_core::choice::{granted, service_decisions};
use consent_core::{Choice, ConsentId, ConsentSubmission, SiteConfig, StoredConsent, UiLayer, BANNER_VERSION};

use crate::{boot, browser, storage, sync};

/// Applies `choice`, made on `layer`: the choice is stored locally first, then what it grants is released, then it is
/// sent to the endpoint, so that a network failure loses nothing the visitor can see.
pub fn apply(config: &SiteConfig, choice: &Choice, layer: UiLayer) {
    let Some(bytes) = browser::random_bytes() else {
        browser::console_error("the browser gave no random bytes for a consent id.");
        return;
    };
    let previous = storage::load().map(|s| s.id);
    let decisions = choice.decide(config);
    let now = browser::now_ms();
    let stored = StoredConsent::new(ConsentId::from_random_bytes(bytes), config, &decisions, now);
    storage::save(&stored);
    boot::release(&granted(&decisions).map(|id| id.to_string()).collect::<Vec<_>>());
    let submission = ConsentSubmission {
        consent_id: stored.id.to_string(),
        previous_id: previous.map(String::from),
        site: config.site.clone(),
        action: choice.action(),
        decisions: decisions.iter().map(|(id, d)| (id.to_string(), *d)).collect(),
        services: service_decisions(config, &decisions).into_iter().map(|(id, d)| (id.to_string(), d)).collect(),
        config_revision: config.revision,
        config_sha256: consent_core::sha256::hex_digest(boot::config_text().unwrap_or_default().as_bytes()),
        policy_sha256: None,
        region: "default".into(),
        consent_mode: Default::default(),
        locale: consent_core::record::normalise_locale(&browser::page_language()),
        ui_layer: layer,
        page_url: browser::page_url(),
        gpc: false,
        decided_at_ms: now,
        expires_at_ms: stored.expires_at_ms,
        banner_version: BANNER_VERSION.into(),
    };
    sync::send(&boot::endpoint(), submission);
}
