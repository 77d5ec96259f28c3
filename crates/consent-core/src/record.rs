//! The record of one decision: what the banner sends to the endpoint ([`ConsentSubmission`]) and the checked form the
//! endpoint stores ([`ConsentRecord`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::choice::{Action, Decision, Decisions, UiLayer};
use crate::config::consent_mode::ConsentModeType;
use crate::config::{check_site_id, SiteConfig};
use crate::consent_id::ConsentId;
use crate::field_error::{self, FieldError};
use crate::found_tracker::{self, FoundTrackerUse};
use crate::id::{CategoryId, ServiceId};
use crate::tcf::record_strings;

pub use crate::tcf::record_strings::MAX_TC_STRING_LEN;
use crate::url;

/// Locale tags are short (`en`, `zh-CN`, `de-CH-1996`); anything longer is not a locale.
pub const MAX_LOCALE_LEN: usize = 35;

/// The body of `POST /v1/consents`, as the banner sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentSubmission {
    /// The random UUID the banner gave this decision, so a retried submission is stored once.
    pub consent_id: String,
    /// The id of the decision this one replaces, when the visitor changed an earlier answer.
    #[serde(default)]
    pub previous_id: Option<String>,
    /// The id of the site whose banner sent this, as in its config.
    pub site: String,
    /// What the visitor did ("Accept all", a custom choice, a withdrawal …).
    pub action: Action,
    /// One decision per category of the config, keyed by category id.
    pub decisions: BTreeMap<String, Decision>,
    /// One decision per service of the config, keyed by service id.
    #[serde(default)]
    pub services: BTreeMap<String, Decision>,
    /// The revision of the config the banner was shown with; 1 or more.
    pub config_revision: u32,
    /// SHA-256 (lowercase hex) of the config text the banner was shown with.
    pub config_sha256: String,
    /// SHA-256 (lowercase hex) of the policy text the visitor could read, when the banner showed one.
    #[serde(default)]
    pub policy_sha256: Option<String>,
    /// The language tag the banner was shown in (`en`, `zh-CN`), or `und` when the page had none.
    pub locale: String,
    /// Where in the banner the visitor decided.
    pub ui_layer: UiLayer,
    /// The rule set applied to this visitor (`gdpr`, `ccpa` … `default` when the site has one rule set).
    #[serde(default = "default_region")]
    pub region: String,
    /// The absolute http(s) URL of the page the banner ran on; its query and fragment are dropped before storing.
    pub page_url: String,
    /// Whether the browser sent Global Privacy Control.
    #[serde(default)]
    pub gpc: bool,
    /// The Google Consent Mode state emitted with this decision.
    #[serde(default)]
    pub consent_mode: BTreeMap<ConsentModeType, Decision>,
    /// When the visitor decided, by the browser's clock, in milliseconds since the Unix epoch.
    pub decided_at_ms: u64,
    /// When the banner will ask again, in milliseconds since the Unix epoch; later than `decided_at_ms`.
    pub expires_at_ms: u64,
    /// The banner's version (`0.1.0`), so a record shows which code collected it.
    pub banner_version: String,
    /// Trackers the config does not name that auto-blocking held on the page and the preferences listed, with what
    /// the choice meant for each. Left out when there were none, so older banners' bodies stay valid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub found_trackers: Vec<FoundTrackerUse>,
    /// For a TCF site, the TC string the visitor's choice was written as (the `euconsent-v2` cookie's value). Left
    /// out when there is none, so the bodies of sites without TCF, and of older banners, are unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tc_string: Option<String>,
    /// For a TCF site naming Google's ad tech providers, the Additional Consent string of the choice (the
    /// `addtl_consent` cookie's value, `2~<consented ids>~dv.<disclosed ids>`), beside its TC string. Left out when
    /// there is none, so other bodies are unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ac_string: Option<String>,
}

fn default_region() -> String {
    "default".into()
}

/// Whether `text` is a SHA-256 digest written as 64 lowercase hex digits.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A submission whose every field has been checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentRecord {
    /// The decision's id, made by the banner: the same id submitted twice is stored once.
    pub consent_id: ConsentId,
    /// The decision this one replaces, when the visitor changed an earlier answer.
    pub previous_id: Option<ConsentId>,
    /// The site id, checked to be well formed; [`ConsentRecord::check_against`] checks it is the served site.
    pub site: String,
    /// What the visitor did.
    pub action: Action,
    /// One decision per category, keyed by checked category id.
    pub decisions: Decisions,
    /// One decision per service, keyed by checked service id.
    pub services: BTreeMap<ServiceId, Decision>,
    /// The config revision the banner was shown with; 1 or more.
    pub config_revision: u32,
    /// SHA-256 (lowercase hex) of the config text the banner was shown with.
    pub config_sha256: String,
    /// SHA-256 (lowercase hex) of the policy text the visitor could read, when there was one.
    pub policy_sha256: Option<String>,
    /// The language tag the banner was shown in.
    pub locale: String,
    /// Where in the banner the visitor decided.
    pub ui_layer: UiLayer,
    /// The rule set applied to this visitor (`gdpr`, `ccpa`, `default` …).
    pub region: String,
    /// The page the banner ran on, without query string or fragment (they can carry personal data).
    pub page_url: String,
    /// Whether the browser sent Global Privacy Control.
    pub gpc: bool,
    /// The Google Consent Mode state emitted with this decision.
    pub consent_mode: BTreeMap<ConsentModeType, Decision>,
    /// When the visitor decided, by the browser's clock, in milliseconds since the Unix epoch.
    pub decided_at_ms: u64,
    /// When the decision stops being valid, in milliseconds since the Unix epoch; later than `decided_at_ms`.
    pub expires_at_ms: u64,
    /// The version of the banner that collected the decision.
    pub banner_version: String,
    /// Trackers the config does not name that auto-blocking held, with what the choice meant for each.
    pub found_trackers: Vec<FoundTrackerUse>,
    /// The TC string of the choice, for a TCF site; checked to decode as one.
    pub tc_string: Option<String>,
    /// The AC string of the choice, for a TCF site naming Google's ad tech providers; checked to read as a version 2
    /// AC string, beside a TC string.
    pub ac_string: Option<String>,
}

/// Why a submission was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", field_error::join(.0))]
pub struct RecordError(pub Vec<FieldError>);

impl RecordError {
    /// Every field that was wrong, each with its reason, in the order they were checked.
    pub fn fields(&self) -> &[FieldError] {
        &self.0
    }
}

impl TryFrom<ConsentSubmission> for ConsentRecord {
    type Error = RecordError;

    fn try_from(wire: ConsentSubmission) -> Result<Self, RecordError> {
        let mut problems = Vec::new();
        let mut bad = |path: &str, reason: String| problems.push(FieldError::new(path, reason));

        let consent_id = ConsentId::try_from(wire.consent_id).map_err(|e| bad("consent_id", e.to_string())).ok();
        let previous_id = match wire.previous_id {
            None => None,
            Some(id) => ConsentId::try_from(id).map_err(|e| bad("previous_id", e.to_string())).ok(),
        };
        if let Err(reason) = check_site_id(&wire.site) {
            bad("site", reason);
        }
        if wire.decisions.is_empty() {
            bad("decisions", "must hold a decision for every category of the config".into());
        }
        let mut decisions = Decisions::new();
        for (key, decision) in wire.decisions {
            match CategoryId::try_from(key.as_str()) {
                Ok(id) => {
                    decisions.insert(id, decision);
                }
                Err(e) => bad(&format!("decisions.{}", key.chars().take(40).collect::<String>()), e.to_string()),
            }
        }
        let mut services = BTreeMap::new();
        for (key, decision) in wire.services {
            match ServiceId::try_from(key.as_str()) {
                Ok(id) => {
                    services.insert(id, decision);
                }
                Err(e) => bad(&format!("services.{}", key.chars().take(48).collect::<String>()), e.to_string()),
            }
        }
        if !is_sha256_hex(&wire.config_sha256) {
            bad("config_sha256", "must be a SHA-256 digest as 64 lowercase hex digits".into());
        }
        if wire.policy_sha256.as_deref().is_some_and(|hash| !is_sha256_hex(hash)) {
            bad("policy_sha256", "must be a SHA-256 digest as 64 lowercase hex digits, or null".into());
        }
        let region_ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
        if wire.region.is_empty() || wire.region.len() > 32 || !wire.region.chars().all(region_ok) {
            bad("region", "must be a rule set id of 1 to 32 lowercase letters, digits, '-' or '_'".into());
        }
        if wire.config_revision == 0 {
            bad("config_revision", "must be 1 or more".into());
        }
        if !is_locale(&wire.locale) {
            bad("locale", "must be a language tag such as 'en' or 'zh-CN'".into());
        }
        if !url::is_http_url(&wire.page_url) {
            bad("page_url", "must be the absolute http(s) URL of the page the banner ran on".into());
        } else if !is_encoded_url(url::without_query(&wire.page_url)) {
            bad(
                "page_url",
                "must be percent-encoded as browsers report it: no spaces, quotes, '<', '>' or '\\'".into(),
            );
        }
        if wire.expires_at_ms <= wire.decided_at_ms {
            bad("expires_at_ms", "must be later than decided_at_ms".into());
        }
        let version_ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_');
        if wire.banner_version.is_empty()
            || wire.banner_version.len() > 32
            || !wire.banner_version.chars().all(version_ok)
        {
            bad(
                "banner_version",
                "must be a version such as 0.1.0: 1 to 32 letters, digits, '.', '+', '-' or '_'".into(),
            );
        }
        problems.extend(record_strings::shape_problems(wire.tc_string.as_deref(), wire.ac_string.as_deref()));
        found_tracker::check_shape(&wire.found_trackers, &mut problems);
        let (Some(consent_id), true) = (consent_id, problems.is_empty()) else {
            return Err(RecordError(problems));
        };
        Ok(ConsentRecord {
            consent_id,
            previous_id,
            site: wire.site,
            action: wire.action,
            decisions,
            services,
            config_revision: wire.config_revision,
            config_sha256: wire.config_sha256,
            policy_sha256: wire.policy_sha256,
            locale: wire.locale,
            ui_layer: wire.ui_layer,
            region: wire.region,
            page_url: url::without_query(&wire.page_url).to_owned(),
            gpc: wire.gpc,
            consent_mode: wire.consent_mode,
            decided_at_ms: wire.decided_at_ms,
            expires_at_ms: wire.expires_at_ms,
            banner_version: wire.banner_version,
            found_trackers: wire.found_trackers,
            tc_string: wire.tc_string,
            ac_string: wire.ac_string,
        })
    }
}

impl ConsentRecord {
    /// Checks the record against the site's current config: the right site, a revision the site has had, and, for the
    /// current revision, a decision for exactly its categories with the required ones granted.
    pub fn check_against(&self, config: &SiteConfig) -> Result<(), RecordError> {
        let mut problems = Vec::new();
        if self.site != config.site {
            problems.push(FieldError::new("site", format!("'{}' is not the site this endpoint serves", self.site)));
        }
        if self.config_revision > config.revision {
            problems.push(FieldError::new(
                "config_revision",
                format!("{} is newer than the site's current revision {}", self.config_revision, config.revision),
            ));
        }
        if self.config_revision == config.revision {
            for category in &config.categories {
                match self.decisions.get(&category.id) {
                    None => problems.push(FieldError::new(
                        format!("decisions.{}", category.id),
                        "is missing: every category needs an explicit decision",
                    )),
                    Some(Decision::Denied) if category.required => problems.push(FieldError::new(
                        format!("decisions.{}", category.id),
                        "is a strictly necessary category and cannot be denied",
                    )),
                    Some(_) => {}
                }
            }
            for id in self.decisions.keys().filter(|id| config.category(id).is_none()) {
                problems.push(FieldError::new(format!("decisions.{id}"), "is not a category of the site's config"));
            }
            self.check_services(config, &mut problems);
            problems.extend(found_tracker::check_against(&self.found_trackers, &self.decisions, config));
        }
        let current = self.config_revision == config.revision;
        let (tc_string, ac_string) = (self.tc_string.as_deref(), self.ac_string.as_deref());
        problems.extend(record_strings::config_problems(tc_string, ac_string, config, current));
        if problems.is_empty() {
            Ok(())
        } else {
            Err(RecordError(problems))
        }
    }
}

impl ConsentRecord {
    /// For the current revision: a decision for exactly the config's services; a service granted only inside a
    /// granted category; the services of a strictly necessary category granted.
    fn check_services(&self, config: &SiteConfig, problems: &mut Vec<FieldError>) {
        for service in &config.services {
            let path = format!("services.{}", service.id);
            let category = self.decisions.get(&service.category);
            match (self.services.get(&service.id), category) {
                (None, _) => {
                    problems.push(FieldError::new(path, "is missing: every service needs an explicit decision"))
                }
                (Some(Decision::Granted), Some(Decision::Denied)) => problems.push(FieldError::new(
                    path,
                    format!("is granted but its category '{}' is denied", service.category),
                )),
                (Some(Decision::Denied), _) if config.category(&service.category).is_some_and(|c| c.required) => {
                    problems
                        .push(FieldError::new(path, "belongs to a strictly necessary category and cannot be denied"))
                }
                _ => {}
            }
        }
        for id in self.services.keys().filter(|id| config.service(id).is_none()) {
            problems.push(FieldError::new(format!("services.{id}"), "is not a service of the site's config"));
        }
    }
}

/// The page's language tag in the form the record accepts: `en_US` becomes `en-US`, and anything that is not a
/// language tag becomes `und` (undetermined) rather than getting the visitor's decision refused.
pub fn normalise_locale(tag: &str) -> String {
    let tag = tag.trim().replace('_', "-");
    if is_locale(&tag) {
        tag
    } else {
        "und".into()
    }
}

/// Whether `url` is made only of the characters a browser leaves unencoded in `location.href`: visible ASCII other
/// than quotes, angle brackets, backticks, braces and backslashes. Anything else did not come from a real page.
fn is_encoded_url(url: &str) -> bool {
    url.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'\\'))
}

/// A loose BCP 47 check: letters, digits and hyphens, starting with a 2–3 letter language.
fn is_locale(tag: &str) -> bool {
    let language_len = tag.find('-').unwrap_or(tag.len());
    (2..=3).contains(&language_len)
        && tag.len() <= MAX_LOCALE_LEN
        && tag[..language_len].chars().all(|c| c.is_ascii_alphabetic())
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
#[path = "record_tests.rs"]
pub(crate) mod tests;
