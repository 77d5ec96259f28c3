//! The visitor's choice as kept in the browser: a first-party cookie (read by the boot loader on every page) mirrored
//! in localStorage.
//!
//! The boot loader (boot/loader/stored-choice.js) reads this same format and applies the same validity rule as
//! [`StoredConsent::is_valid_for`] (boot/deferred/stored-choice.js) without WebAssembly; the end-to-end tests check
//! that the two agree.

use serde::{Deserialize, Serialize};

use crate::choice::{Decision, Decisions, ServiceDecisions};
use crate::config::SiteConfig;
use crate::consent_id::ConsentId;
use crate::cookie_codec;
use crate::id::{CategoryId, ServiceId};

/// The cookie's name. The boot loader uses the same literal.
pub const COOKIE_NAME: &str = "consent_banner";
/// The format version written in the `v` field; another version is discarded, never guessed at.
pub const FORMAT_VERSION: u8 = 1;
/// Browsers keep cookies up to 4096 bytes; a value larger than this is refused rather than cut.
pub const MAX_COOKIE_VALUE_LEN: usize = 3_000;
const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// A stored choice. Field names are short because the cookie travels with every request to the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredConsent {
    /// The cookie format, always [`FORMAT_VERSION`] when written; a value in another format is discarded.
    #[serde(rename = "v")]
    pub version: u8,
    /// The decision's id, the same as in the record sent to the endpoint, so a visitor's cookie points at its proof.
    pub id: ConsentId,
    /// The site id of the config the choice was made under; a choice for another site is never applied.
    pub site: String,
    /// The config revision the choice was made under; a newer revision asks the visitor again.
    #[serde(rename = "rev")]
    pub revision: u32,
    /// When the visitor decided, in milliseconds since the Unix epoch (the browser's clock).
    #[serde(rename = "at")]
    pub decided_at_ms: u64,
    /// When the choice stops being valid and the visitor is asked again.
    #[serde(rename = "exp")]
    pub expires_at_ms: u64,
    /// The categories the visitor granted.
    #[serde(rename = "g")]
    pub granted: Vec<CategoryId>,
    /// The categories the visitor denied: stored explicitly, so a category missing from both was never decided.
    #[serde(rename = "d")]
    pub denied: Vec<CategoryId>,
    /// The services granted (empty in cookies written before per-service choices).
    #[serde(rename = "sg", default)]
    pub granted_services: Vec<ServiceId>,
    /// The services denied (empty in cookies written before per-service choices).
    #[serde(rename = "sd", default)]
    pub denied_services: Vec<ServiceId>,
}

/// Why a stored value was discarded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredConsentError {
    /// The cookie value is longer than [`MAX_COOKIE_VALUE_LEN`]: a browser may have cut it, so it is not read.
    #[error("the stored consent is larger than {MAX_COOKIE_VALUE_LEN} bytes")]
    TooLarge,
    /// The cookie value is not validly percent-encoded UTF-8.
    #[error("the stored consent is not encoded correctly: {0}")]
    Encoding(#[from] cookie_codec::DecodeError),
    /// The text is not JSON of the stored shape (a field missing, of the wrong type or unknown).
    #[error("the stored consent is not in the expected format: {0}")]
    Format(String),
    /// The value was written in another format version, which this banner does not guess at.
    #[error("the stored consent has format version {0}, expected {FORMAT_VERSION}")]
    Version(u8),
    /// The same category or service is listed as both granted and denied.
    #[error("the stored consent both grants and denies '{0}'")]
    Contradiction(String),
}

impl StoredConsent {
    /// The stored form of `decisions` (categories) and `services`, decided at `now_ms` under `config`.
    pub fn new(
        id: ConsentId,
        config: &SiteConfig,
        decisions: &Decisions,
        services: &ServiceDecisions,
        now_ms: u64,
    ) -> Self {
        fn pick<K: Clone>(map: &std::collections::BTreeMap<K, Decision>, wanted: Decision) -> Vec<K> {
            map.iter().filter(|(_, d)| **d == wanted).map(|(id, _)| id.clone()).collect()
        }
        Self {
            version: FORMAT_VERSION,
            id,
            site: config.site.clone(),
            revision: config.revision,
            decided_at_ms: now_ms,
            expires_at_ms: now_ms.saturating_add(u64::from(config.consent_days) * DAY_MS),
            granted: pick(decisions, Decision::Granted),
            denied: pick(decisions, Decision::Denied),
            granted_services: pick(services, Decision::Granted),
            denied_services: pick(services, Decision::Denied),
        }
    }

    /// The decisions this stored choice holds.
    pub fn decisions(&self) -> Decisions {
        let granted = self.granted.iter().map(|id| (id.clone(), Decision::Granted));
        let denied = self.denied.iter().map(|id| (id.clone(), Decision::Denied));
        // Inserted rather than collected: `collect()` into a BTreeMap sorts first, and every key type's sort costs the
        // banner about 3 KB of WASM.
        let mut decisions = Decisions::new();
        decisions.extend(granted.chain(denied));
        decisions
    }

    /// The service decisions this stored choice holds.
    pub fn service_decisions(&self) -> ServiceDecisions {
        let granted = self.granted_services.iter().map(|id| (id.clone(), Decision::Granted));
        let denied = self.denied_services.iter().map(|id| (id.clone(), Decision::Denied));
        let mut decisions = ServiceDecisions::new();
        decisions.extend(granted.chain(denied));
        decisions
    }

    /// Whether this choice still stands for `config` at `now_ms`: same site, same config revision, not expired, and a
    /// decision for every category and every service the config has. Anything else means the visitor is asked again.
    pub fn is_valid_for(&self, config: &SiteConfig, now_ms: u64) -> bool {
        // Searched in place: a config has a handful of categories and services, and a set would cost the banner a
        // sort per key type.
        let decided = |id: &CategoryId| self.granted.contains(id) || self.denied.contains(id);
        let decided_services = |id: &ServiceId| self.granted_services.contains(id) || self.denied_services.contains(id);
        self.site == config.site
            && self.revision == config.revision
            && now_ms < self.expires_at_ms
            && config.categories.iter().all(|c| decided(&c.id))
            && config.services.iter().all(|s| decided_services(&s.id))
    }

    /// The cookie value: JSON, percent-encoded.
    pub fn to_cookie_value(&self) -> String {
        cookie_codec::encode(&serde_json::to_string(self).expect("a StoredConsent always serialises"))
    }

    /// Parses a cookie value, refusing anything malformed, foreign or contradictory.
    pub fn from_cookie_value(value: &str) -> Result<Self, StoredConsentError> {
        if value.len() > MAX_COOKIE_VALUE_LEN {
            return Err(StoredConsentError::TooLarge);
        }
        Self::from_json(&cookie_codec::decode(value)?)
    }

    /// Parses the JSON form (the localStorage mirror holds it unencoded).
    pub fn from_json(json: &str) -> Result<Self, StoredConsentError> {
        let stored: Self = serde_json::from_str(json).map_err(|e| StoredConsentError::Format(e.to_string()))?;
        if stored.version != FORMAT_VERSION {
            return Err(StoredConsentError::Version(stored.version));
        }
        if let Some(both) = stored.granted.iter().find(|id| stored.denied.contains(id)) {
            return Err(StoredConsentError::Contradiction(both.to_string()));
        }
        if let Some(both) = stored.granted_services.iter().find(|id| stored.denied_services.contains(id)) {
            return Err(StoredConsentError::Contradiction(both.to_string()));
        }
        Ok(stored)
    }
}

/// Why a visitor is asked (again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskReason {
    /// No choice for this site is stored (or what is stored could not be trusted).
    FirstVisit,
    /// The choice is older than the config's `consent_days`.
    Expired,
    /// The site changed its categories or services (a new config revision) since the visitor chose.
    Changed,
}

/// Whether the visitor must be asked, and why; `None` when `stored` still stands for `config` at `now_ms`.
/// Agrees with [`StoredConsent::is_valid_for`]: `None` exactly when it holds.
pub fn ask_reason(stored: Option<&StoredConsent>, config: &SiteConfig, now_ms: u64) -> Option<AskReason> {
    match stored {
        None => Some(AskReason::FirstVisit),
        Some(s) if s.site != config.site => Some(AskReason::FirstVisit),
        Some(s) if s.is_valid_for(config, now_ms) => None,
        Some(s) if now_ms >= s.expires_at_ms => Some(AskReason::Expired),
        Some(_) => Some(AskReason::Changed),
    }
}

/// The choice to trust when the cookie and its localStorage mirror are read on load, and which of the two needs
/// rewriting. Values that do not parse or belong to another site are discarded, never trusted; when both are good
/// and differ, the later decision wins (a browser may have dropped or capped the cookie, or restored an old mirror).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciled {
    /// The stored choice to apply, or `None` when neither copy is usable and the visitor is asked.
    pub choice: Option<StoredConsent>,
    /// Whether the cookie differs from the choice (missing, unusable or older) and must be written again.
    pub rewrite_cookie: bool,
    /// Whether the localStorage mirror differs from the choice and must be written again.
    pub rewrite_mirror: bool,
}

/// Reconciles the two stored copies for `site`.
pub fn reconcile(
    cookie: Option<Result<StoredConsent, StoredConsentError>>,
    mirror: Option<Result<StoredConsent, StoredConsentError>>,
    site: &str,
) -> Reconciled {
    let usable = |value: Option<Result<StoredConsent, StoredConsentError>>| {
        value.and_then(Result::ok).filter(|s| s.site == site)
    };
    let (cookie, mirror) = (usable(cookie), usable(mirror));
    let choice = match (&cookie, &mirror) {
        (Some(c), Some(m)) if m.decided_at_ms > c.decided_at_ms => Some(m.clone()),
        (Some(c), _) => Some(c.clone()),
        (None, Some(m)) => Some(m.clone()),
        (None, None) => None,
    };
    Reconciled {
        rewrite_cookie: choice.is_some() && cookie != choice,
        rewrite_mirror: choice.is_some() && mirror != choice,
        choice,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::choice::{service_decisions, Choice};
    use crate::config::tests::{demo_config, DEMO};
    use proptest::prelude::*;

    const NOW: u64 = 1_764_000_000_000;

    fn stored(choice: Choice) -> StoredConsent {
        let config = demo_config();
        let decisions = choice.decide(&config);
        let services = service_decisions(&config, &decisions);
        StoredConsent::new(ConsentId::from_random_bytes([7; 16]), &config, &decisions, &services, NOW)
    }

    #[test]
    fn a_fresh_choice_is_valid_until_it_expires() {
        let config = demo_config();
        let s = stored(Choice::RejectAll);
        assert!(s.is_valid_for(&config, NOW + 1));
        assert_eq!(s.expires_at_ms, NOW + 182 * DAY_MS);
        assert!(s.is_valid_for(&config, s.expires_at_ms - 1));
        assert!(!s.is_valid_for(&config, s.expires_at_ms));
    }

    #[test]
    fn a_revision_bump_or_new_category_asks_again() {
        let s = stored(Choice::AcceptAll);
        let bumped = SiteConfig::from_json(&DEMO.replace("\"revision\": 1", "\"revision\": 2")).unwrap();
        assert!(!s.is_valid_for(&bumped, NOW));
        let more =
            DEMO.replace("{\"id\": \"marketing\"", "{\"id\": \"social\", \"title\": \"S\"}, {\"id\": \"marketing\"");
        assert!(!s.is_valid_for(&SiteConfig::from_json(&more).unwrap(), NOW));
    }

    #[test]
    fn a_cookie_from_another_site_is_not_valid() {
        let other = SiteConfig::from_json(&DEMO.replace("demo-shop", "other-shop")).unwrap();
        assert!(!stored(Choice::AcceptAll).is_valid_for(&other, NOW));
    }

    #[test]
    fn cookie_value_round_trips() {
        let s = stored(Choice::Custom([CategoryId::try_from("analytics").unwrap()].into()));
        assert_eq!(StoredConsent::from_cookie_value(&s.to_cookie_value()), Ok(s.clone()));
        assert_eq!(s.decisions(), Choice::Custom(s.granted.iter().cloned().collect()).decide(&demo_config()));
    }

    #[test]
    fn contradictory_or_foreign_values_are_refused() {
        let mut s = stored(Choice::RejectAll);
        s.granted.push(s.denied[0].clone());
        assert!(matches!(
            StoredConsent::from_cookie_value(&s.to_cookie_value()),
            Err(StoredConsentError::Contradiction(_))
        ));
        assert!(matches!(StoredConsent::from_cookie_value("yes"), Err(StoredConsentError::Format(_))));
        let v2 = s.to_cookie_value().replace("%22v%22%3A1", "%22v%22%3A2");
        assert!(matches!(StoredConsent::from_cookie_value(&v2), Err(StoredConsentError::Version(2))));
    }

    #[test]
    fn the_later_good_copy_wins_and_the_other_is_repaired() {
        let older = stored(Choice::RejectAll);
        let mut newer = stored(Choice::AcceptAll);
        newer.decided_at_ms += 1_000;
        let r = reconcile(Some(Ok(older.clone())), Some(Ok(newer.clone())), "demo-shop");
        assert_eq!((r.choice.as_ref(), r.rewrite_cookie, r.rewrite_mirror), (Some(&newer), true, false));
        let r = reconcile(None, Some(Ok(older.clone())), "demo-shop");
        assert_eq!((r.choice.as_ref(), r.rewrite_cookie, r.rewrite_mirror), (Some(&older), true, false));
        let r = reconcile(Some(Ok(older.clone())), Some(Ok(older.clone())), "demo-shop");
        assert!(!r.rewrite_cookie && !r.rewrite_mirror);
    }

    #[test]
    fn corrupt_or_foreign_copies_are_never_trusted() {
        let foreign = stored(Choice::AcceptAll);
        let corrupt = StoredConsent::from_cookie_value("%7Bnot-json");
        assert!(corrupt.is_err());
        let r = reconcile(Some(corrupt), Some(Ok(foreign)), "other-shop");
        assert_eq!(r, Reconciled { choice: None, rewrite_cookie: false, rewrite_mirror: false });
    }

    #[test]
    fn the_reason_to_ask_again_is_named() {
        let config = demo_config();
        let s = stored(Choice::AcceptAll);
        assert_eq!(ask_reason(None, &config, NOW), Some(AskReason::FirstVisit));
        assert_eq!(ask_reason(Some(&s), &config, NOW), None);
        assert_eq!(ask_reason(Some(&s), &config, s.expires_at_ms), Some(AskReason::Expired));
        let bumped = SiteConfig::from_json(&DEMO.replace("\"revision\": 1", "\"revision\": 2")).unwrap();
        assert_eq!(ask_reason(Some(&s), &bumped, NOW), Some(AskReason::Changed));
        let other = SiteConfig::from_json(&DEMO.replace("demo-shop", "other-shop")).unwrap();
        assert_eq!(ask_reason(Some(&s), &other, NOW), Some(AskReason::FirstVisit));
    }

    proptest! {
        #[test]
        fn ask_reason_agrees_with_is_valid_for(revision in 1u32..4, age_days in 0u64..400, drop_category in any::<bool>()) {
            let config = SiteConfig::from_json(&DEMO.replace("\"revision\": 1", &format!("\"revision\": {revision}"))).unwrap();
            let mut s = stored(Choice::AcceptAll);
            if drop_category {
                s.granted.pop();
            }
            let now = NOW + age_days * DAY_MS;
            prop_assert_eq!(ask_reason(Some(&s), &config, now).is_none(), s.is_valid_for(&config, now));
        }

        #[test]
        fn arbitrary_cookie_values_never_panic(value in "\\PC{0,400}") {
            let _ = StoredConsent::from_cookie_value(&value);
        }
    }
}
