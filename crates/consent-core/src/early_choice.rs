//! What "Accept all" and "Reject all" on the painted first layer mean under one config, computed where the layer is
//! rendered (the endpoint), so that the boot loader can carry them out without the banner's WebAssembly
//! (`boot/deferred/early-choice.js`): on a first visit, most visitors answer on the first layer, and downloading the
//! whole banner for that would be most of the visit's bytes.
//!
//! Everything that decides consent is here, in Rust: the decisions, the services they imply, the action, the Consent
//! Mode state, the lifetime, the locale, the policy's digest. The boot loader only copies these values and fills in
//! what only the browser knows — a fresh id (`crypto.randomUUID`), the time, the page's address, the config's digest
//! and the trackers auto-blocking held on the page — in the very formats the banner writes: the stored choice
//! ([`StoredConsent`], read back by the boot loader's `readStored` and by the banner) and the record
//! ([`ConsentSubmission`], which `POST /v1/consents` takes and the banner's sync queue holds).
//!
//! Only for a visitor the painted layer says nothing particular to (no stored choice, no Global Privacy Control
//! signal: the boot loader paints it only then), so there is no previous choice and GPC is off.
//!
//! ```
//! # use consent_core::early_choice::EarlyChoices;
//! # let config = consent_core::SiteConfig::from_json(r#"{"site":"shop","revision":1,"categories":[
//! #   {"id":"necessary","title":"Necessary","description":"Needed.","required":true},
//! #   {"id":"analytics","title":"Analytics","description":"Counts visits."}]}"#).unwrap();
//! let choices = EarlyChoices::for_config(&config, "en", None).expect("no policy fetched by URL");
//! assert_eq!(choices.accept_all.stored.granted.len(), 2);
//! assert_eq!(choices.reject_all.stored.granted.len(), 1); // the strictly necessary category
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use crate::choice::{action_with_services, service_decisions, Action, Choice, Decision, UiLayer};
use crate::config::consent_mode;
use crate::config::policy::{PolicyFileFormat, PolicySource};
use crate::consent_id::ConsentId;
use crate::decision::{Decisions, ServiceDecisions};
use crate::found_tracker::{decision_for, EVERY_CATEGORY};
use crate::policy::json::document_from_value;
use crate::policy::{links, Policy};
use crate::record::{normalise_locale, ConsentSubmission};
use crate::regions::{before_choice, Regime};
use crate::sha256;
use crate::stored::StoredConsent;
use crate::tcf::additional_consent;
use crate::tcf::{encode_tc_string, ConsentLanguage, ConsentScreen, Disclosure, TcStringContext, TcfChoice};
use crate::{LanguageTag, SiteConfig, BANNER_VERSION};

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// The two answers of the first layer, precomputed for one config and language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EarlyChoices {
    /// For a policy the banner fetches by URL (`policy.url`, format JSON): the SHA-256 of the file the digest in the
    /// records was computed from. The boot loader fetches the file as the banner would and carries an answer out
    /// only when the bytes it got have this digest; otherwise it leaves the answer to the banner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_file_sha256: Option<String>,
    /// "Accept all".
    #[serde(rename = "accept-all")]
    pub accept_all: EarlyChoice,
    /// "Reject all".
    #[serde(rename = "reject-all")]
    pub reject_all: EarlyChoice,
    /// For a config with `regions` only: the opt-out Global Privacy Control makes, with no click, where trackers run
    /// before a choice (the `opt_out` regime): sale and sharing off, everything else on, recorded as action `gpc`
    /// from the `signal` layer. Left out otherwise, so a config without `regions` gets the answer it always got.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpc: Option<EarlyChoice>,
}

/// One answer, as templates the boot loader completes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EarlyChoice {
    /// The stored choice, decided at time 0 under a placeholder id: the boot loader replaces `id`, `at` (now) and
    /// `exp` (now + [`EarlyChoice::lifetime_ms`]).
    pub stored: StoredConsent,
    /// How long the choice stands, in milliseconds (the config's `consent_days`).
    pub lifetime_ms: u64,
    /// The record to send, with placeholders the boot loader replaces: `consent_id`, `config_sha256`, `page_url`,
    /// `decided_at_ms`, `expires_at_ms` and `found_trackers`.
    pub submission: ConsentSubmission,
    /// What the answer means for a tracker auto-blocking held under each category id (and `*`, every category), for
    /// the record's `found_trackers`; a category not listed is denied (fail closed), as
    /// [`crate::found_tracker::decision_for`] has it.
    pub found_trackers: BTreeMap<String, Decision>,
    /// For a TCF site, the answer's TC string (Core String and Disclosed Vendors segment, see [`crate::tcf`]), for the
    /// `euconsent-v2` cookie and `__tcfapi`; `submission.tc_string` holds the same string, for the record. Absent for
    /// other sites.
    ///
    /// Its Created and LastUpdated are the day it was rendered: the boot loader rewrites both to the day of the
    /// choice before writing the cookie and sending the record. They are bits 6 to 41 and 42 to 77 of the first
    /// segment (the text before the first `.`, base64url without padding), each 36 bits, most significant bit
    /// first, holding deciseconds since the Unix epoch at midnight UTC of that day (TCF 2.2 keeps only the day).
    /// Nothing else in the string depends on the moment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tc_string: Option<String>,
    /// For a TCF site whose config names Google ad tech providers (`tcf.google_ad_tech_providers`), the answer's
    /// Google Additional Consent string (see [`crate::tcf::additional_consent`]), for the `addtl_consent` cookie and
    /// `__tcfapi`'s `addtlConsent`; `submission.ac_string` holds the same string, for the record (which then shows
    /// the providers' answer itself, not only the config revision it follows from). It has no date in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ac_string: Option<String>,
}

impl EarlyChoices {
    /// The two answers under `config`, for a layer shown in `language`. A policy the banner fetches by URL (JSON)
    /// is read from `policy_file`, the file's bytes as the endpoint has them. `None` when the record would need what
    /// only the banner can know: the digest of such a policy when the file is not given or does not read as a policy
    /// (the boot loader then leaves the answer to the banner).
    pub fn for_config(config: &SiteConfig, language: &str, policy_file: Option<&[u8]>) -> Option<Self> {
        let (policy_sha256, policy_file_sha256) = match config.policy.as_ref().map(|policy| &policy.source) {
            None => (None, None),
            Some(PolicySource::Document(document)) => (Some(links::digest(document)), None),
            Some(PolicySource::Url { format: PolicyFileFormat::Json, .. }) => {
                let file = policy_file?;
                (Some(policy_file_digest(file)?), Some(sha256::hex_digest(file)))
            }
            // Not viewable in the banner (linked instead), so no text it shows: no digest, as the banner sends.
            Some(PolicySource::Markdown(_) | PolicySource::Text(_) | PolicySource::Url { .. }) => (None, None),
        };
        let answer = |choice: Choice| {
            // The painted layer is never shown to a GPC visitor, nor to one with a choice stored.
            let decisions = choice.decide_with_gpc(config, false);
            let services = choice.decide_services(config, &decisions);
            let action = action_with_services(&choice, None, (&decisions, &services), config);
            let made = Made { action, ui_layer: UiLayer::FirstLayer, gpc: false };
            EarlyChoice::new(config, made, decisions, services, language, policy_sha256.clone())
        };
        let gpc = config.regions.as_ref().map(|_| {
            let decisions = before_choice(config, Regime::OptOut, true);
            let services = service_decisions(config, &decisions);
            let made = Made { action: Action::Gpc, ui_layer: UiLayer::Signal, gpc: true };
            EarlyChoice::new(config, made, decisions, services, language, policy_sha256.clone())
        });
        Some(Self {
            policy_file_sha256,
            accept_all: answer(Choice::AcceptAll),
            reject_all: answer(Choice::RejectAll),
            gpc,
        })
    }
}

/// How a decision was made: what its record says besides the decisions.
struct Made {
    action: Action,
    ui_layer: UiLayer,
    gpc: bool,
}

impl EarlyChoices {
    /// [`EarlyChoices::for_config`] for any site: for a TCF site, each answer also carries its TC string, written from
    /// `disclosure` (what the site's vendors make it disclose) as of `now_unix_seconds`, recording `language` as the
    /// language of the layer. `None` for a TCF site whose TC strings cannot be written (no disclosure, because the
    /// endpoint has no vendor list; or a language that is not two letters, all ConsentLanguage can hold): an answer
    /// without its TC string would leave the vendors without a signal, so the banner is left to answer.
    pub fn for_site(
        config: &SiteConfig,
        language: &str,
        policy_file: Option<&[u8]>,
        disclosure: Option<&Disclosure>,
        now_unix_seconds: u64,
    ) -> Option<Self> {
        let choices = Self::for_config(config, language, policy_file)?;
        if config.tcf.is_none() {
            return Some(choices);
        }
        let disclosure = disclosure?;
        let providers = config.tcf.as_ref().map(|tcf| tcf.google_ad_tech_providers.as_slice()).unwrap_or_default();
        let (accept_ac, reject_ac) = if providers.is_empty() {
            (None, None)
        } else {
            (Some(additional_consent::accept_all(providers)), Some(additional_consent::reject_all(providers)))
        };
        let tag = LanguageTag::try_from(language).ok()?;
        let context = TcStringContext {
            updated_at_unix_seconds: now_unix_seconds,
            consent_screen: ConsentScreen::FIRST_LAYER,
            consent_language: ConsentLanguage::try_from(&tag).ok()?,
            use_non_standard_texts: false,
        };
        let terms = disclosure.terms();
        let accept = encode_tc_string(&terms, &TcfChoice::accept_all(&terms), &context);
        let reject = encode_tc_string(&terms, &TcfChoice::reject_all(&terms), &context);
        Some(Self {
            policy_file_sha256: choices.policy_file_sha256,
            accept_all: choices.accept_all.with_tcf_strings(accept, accept_ac),
            reject_all: choices.reject_all.with_tcf_strings(reject, reject_ac),
            gpc: choices.gpc,
        })
    }
}

impl EarlyChoice {
    fn new(
        config: &SiteConfig,
        made: Made,
        decisions: Decisions,
        services: ServiceDecisions,
        language: &str,
        policy_sha256: Option<String>,
    ) -> Self {
        let Made { action, ui_layer, gpc } = made;
        let placeholder = ConsentId::from_random_bytes([0; 16]);
        let stored = StoredConsent::new(placeholder.clone(), config, &decisions, &services, 0);
        let submission = ConsentSubmission {
            consent_id: placeholder.to_string(),
            previous_id: None,
            site: config.site.clone(),
            action,
            decisions: by_name(&decisions),
            services: by_name(&services),
            config_revision: config.revision,
            config_sha256: String::new(),
            policy_sha256,
            locale: normalise_locale(language),
            ui_layer,
            region: "default".into(),
            page_url: String::new(),
            gpc,
            consent_mode: consent_mode::state(&config.consent_mode, &decisions),
            decided_at_ms: 0,
            expires_at_ms: 0,
            banner_version: BANNER_VERSION.into(),
            found_trackers: Vec::new(),
            tc_string: None,
            ac_string: None,
        };
        let mut found_trackers: BTreeMap<String, Decision> = BTreeMap::new();
        found_trackers.insert(EVERY_CATEGORY.into(), decision_for(EVERY_CATEGORY, &decisions));
        found_trackers
            .extend(config.categories.iter().map(|c| (c.id.to_string(), decision_for(c.id.as_str(), &decisions))));
        Self {
            stored,
            lifetime_ms: u64::from(config.consent_days) * DAY_MS,
            submission,
            found_trackers,
            tc_string: None,
            ac_string: None,
        }
    }

    /// Adds the answer's TC string and its AC string, if the site has one, to the answer and to its submission.
    fn with_tcf_strings(mut self, tc_string: String, ac_string: Option<String>) -> Self {
        self.submission.tc_string = Some(tc_string.clone());
        self.tc_string = Some(tc_string);
        self.submission.ac_string.clone_from(&ac_string);
        self.ac_string = ac_string;
        self
    }
}

/// The digest of the policy a JSON policy file holds, as the banner computes it once it has fetched the file
/// (`src/policy_loader.rs`); `None` when the file is no policy (the banner would show none, and then says so).
pub fn policy_file_digest(file: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(file).ok()?;
    let document = document_from_value(&value, "policy").ok()?;
    Some(links::digest(&Policy::try_from(document).ok()?))
}

/// The wire form of decisions, keyed by id text, as the banner sends them.
fn by_name<K: ToString>(decisions: &BTreeMap<K, Decision>) -> BTreeMap<String, Decision> {
    decisions.iter().map(|(id, d)| (id.to_string(), *d)).collect()
}

#[cfg(test)]
#[path = "early_choice_tests.rs"]
mod tests;
