//! Turns a visitor's choice into its effects: stored, released (or held again), cleaned up, recorded.

use std::collections::BTreeMap;

use consent_core::choice::{action_with_services, service_decisions, CustomChoice, Decision, ServiceDecisions};
use consent_core::config::consent_mode;
use consent_core::found_tracker::{self, FoundTrackerUse};
use consent_core::{
    sha256, Action, Choice, ConsentId, ConsentSubmission, Decisions, SiteConfig, StoredConsent, UiLayer, BANNER_VERSION,
};

use crate::{boot, browser, cleanup, gpc, locale, policy_loader, storage, sync};

/// The TC string and the AC string of an answer given in the banner, which its record and event carry (see
/// `crate::tcf::strings`; none in the plain WASM, built without the `tcf` feature).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TcfStrings {
    /// The TC string.
    pub tc: Option<String>,
    /// Google's Additional Consent string, for a site naming Google's providers (only beside a TC string).
    pub ac: Option<String>,
}

/// Applies `choice`, made on `layer`, with no TC string (see [`apply_answer`]).
pub fn apply(config: &SiteConfig, choice: &Choice, layer: UiLayer) {
    apply_answer(config, choice, layer, TcfStrings::default());
}

/// Applies `choice`, made on `layer`. The choice is stored locally first, then released, then sent to the endpoint,
/// so that a network failure loses nothing the visitor can see. For a TCF site, `strings` are the answer's TC string
/// and AC string ([`crate::tcf::strings`]): the record keeps both, and the `consent` / `change` event carries
/// both for the boot loader's `__tcfapi` to write to the `euconsent-v2` and `addtl_consent` cookies (an event without
/// a TC string deletes them).
pub fn apply_answer(config: &SiteConfig, choice: &Choice, layer: UiLayer, strings: TcfStrings) {
    let gpc = gpc::is_set();
    let decisions = choice.decide_with_gpc(config, gpc);
    let services = choice.decide_services(config, &decisions);
    let previous = storage::load_for(&config.site);
    let before = previous.as_ref().map(|p| (p.decisions(), p.service_decisions()));
    let action = action_with_services(choice, before.as_ref().map(|(c, s)| (c, s)), (&decisions, &services), config);
    record(config, action, decisions, services, (layer, strings), gpc, previous);
}

fn record(
    config: &SiteConfig,
    action: Action,
    decisions: Decisions,
    services: ServiceDecisions,
    (layer, strings): (UiLayer, TcfStrings),
    gpc: bool,
    previous: Option<StoredConsent>,
) {
    let Some(bytes) = browser::random_bytes() else {
        browser::console_error("the browser gave no random bytes for a consent id.");
        return;
    };
    let now = browser::now_ms();
    let stored = StoredConsent::new(ConsentId::from_random_bytes(bytes), config, &decisions, &services, now);
    storage::save(&stored);
    boot::apply(&stored);
    // `consent` when the page learns the visitor's first answer; `change` when an answer replaces another.
    let detail = boot::consent_summary(&stored);
    for (name, value) in [("tc_string", &strings.tc), ("ac_string", &strings.ac)] {
        if let Some(value) = value {
            let _ = js_sys::Reflect::set(&detail, &name.into(), &value.into());
        }
    }
    boot::emit(if previous.is_some() { "change" } else { "consent" }, &detail);
    cleanup::remove_denied(config, &decisions, &services);
    let reload = needs_reload(config, previous.as_ref(), &services);
    let submission = ConsentSubmission {
        consent_id: stored.id.to_string(),
        previous_id: previous.map(|p| p.id.to_string()),
        site: config.site.clone(),
        action,
        decisions: by_name(&decisions),
        services: by_name(&services),
        config_revision: config.revision,
        config_sha256: sha256::hex_digest(boot::config_text().unwrap_or_default().as_bytes()),
        policy_sha256: policy_loader::digest(),
        locale: consent_core::record::normalise_locale(
            &locale::current().map_or_else(browser::page_language, |language| language.to_string()),
        ),
        ui_layer: layer,
        region: "default".into(),
        page_url: browser::page_url(),
        gpc,
        consent_mode: consent_mode::state(&config.consent_mode, &decisions),
        decided_at_ms: now,
        expires_at_ms: stored.expires_at_ms,
        banner_version: BANNER_VERSION.into(),
        found_trackers: found_tracker_uses(&decisions),
        tc_string: strings.tc,
        ac_string: strings.ac,
    };
    sync::send(submission, reload);
}

/// Records "Always allow <category>" from a blocked embed's placeholder: the standing choice plus that category.
pub fn grant_category(config: &SiteConfig, category: &str) {
    let standing = storage::load_for(&config.site).filter(|s| s.is_valid_for(config, browser::now_ms()));
    let mut chosen = standing
        .as_ref()
        .map_or_else(CustomChoice::none, |s| CustomChoice::from_decisions(&s.decisions(), &s.service_decisions()));
    let Some(category) = config.categories.iter().find(|c| c.id.as_str() == category) else {
        browser::console_warn(&format!("a placeholder asked to allow '{category}', which the config does not have."));
        return;
    };
    chosen.set_category(config, &category.id, true);
    let choice = Choice::Custom(chosen);
    let answered = consent_core::tcf::Answered { layer: UiLayer::Placeholder, by_vendor: false };
    let strings = crate::tcf::strings(config, &choice, answered, &Default::default());
    apply_answer(config, &choice, UiLayer::Placeholder, strings);
}

/// Whether a service that was granted and now is not asked for a reload: its scripts cannot be stopped otherwise.
fn needs_reload(config: &SiteConfig, previous: Option<&StoredConsent>, services: &ServiceDecisions) -> bool {
    let Some(previous) = previous else { return false };
    config.services.iter().any(|service| {
        service.reload_on_withdraw
            && previous.granted_services.contains(&service.id)
            && services.get(&service.id) != Some(&Decision::Granted)
    })
}

/// Forgets the visitor's choice (the JS API's `reset`): everything optional is held again and its cookies deleted, and
/// the banner asks again. Decisions already made stay in the queue to the endpoint: they were made.
pub fn reset(config: &SiteConfig) {
    storage::clear();
    boot::hold_all();
    let refused = Choice::RejectAll.decide(config);
    cleanup::remove_denied(config, &refused, &service_decisions(config, &refused));
}

/// The trackers auto-blocking held on this page that the config does not name, with what this choice means for each:
/// the visitor saw them under "Also found on this page", so the proof of consent names them.
fn found_tracker_uses(decisions: &Decisions) -> Vec<FoundTrackerUse> {
    let found = boot::found_trackers().into_iter().map(|tracker| (tracker.name, tracker.category, tracker.hosts));
    found_tracker::uses_for(found, decisions)
}

/// The wire form of decisions (keyed by id text), built by inserting: `collect()` into a BTreeMap sorts first, which
/// costs the banner about 3 KB of WASM per key type.
fn by_name<K: ToString>(decisions: &BTreeMap<K, Decision>) -> BTreeMap<String, Decision> {
    let mut named = BTreeMap::new();
    named.extend(decisions.iter().map(|(id, d)| (id.to_string(), *d)));
    named
}
