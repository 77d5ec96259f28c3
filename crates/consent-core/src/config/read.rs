//! Reading a config document (`/consent.json`) into a [`SiteConfig`]: its wire shape, its defaults and its checks.
//!
//! A config is parsed once, at the edge; nothing downstream sees an unchecked config. Every problem is reported with
//! the path of the field and what is wrong with it, all at once, so that a site owner can fix a config in one pass.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::appearance::{check_theme, parse_layout, FloatingButton, ThemeWire};
use super::consent_mode::{self, ConsentModeWire};
use super::policy::parse_policy;
use super::service_wire::ServiceWire;
use super::services::check_services;
use super::site::{Category, SiteConfig, DEFAULT_CONSENT_DAYS, MAX_CONSENT_DAYS, MAX_TEXT_LEN};
use super::translation::{parse_patch, parse_translations};
#[cfg(all(target_arch = "wasm32", not(feature = "full-check")))]
use crate::auto_blocking::AutoBlocking;
use crate::field_error::{self, FieldError};
use crate::id::CategoryId;
use crate::language::LanguageTag;
use crate::policy::SectionId;
#[cfg(any(not(target_arch = "wasm32"), feature = "full-check"))]
use crate::regions::config::{check_regions, RegionsWire};
use crate::tcf::config::{check_tcf, TcfWire};

/// Why a config cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The text is not JSON, or a field has the wrong type: the parser's message, with the field's path.
    #[error("the config is not valid JSON of the expected shape: {0}")]
    Malformed(String),
    /// The JSON reads but breaks rules: every problem found, each naming its field.
    #[error("the config has {} problem(s): {}", .0.len(), field_error::join(.0))]
    Invalid(Vec<FieldError>),
}

/// A site's config as written. Its field docs are also the descriptions of the config's JSON Schema
/// ([`super::schema`]), which is derived from this type so that the two cannot drift apart.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "SiteConfig"))]
#[serde(deny_unknown_fields)]
pub(super) struct SiteConfigWire {
    /// Where the config's JSON Schema is, for editors; not read otherwise.
    #[serde(rename = "$schema", default)]
    #[allow(dead_code)]
    schema: Option<String>,
    /// The site's id: lowercase letters, digits and hyphens, as in the endpoint's URLs.
    site: String,
    /// Bump it whenever the categories or services change: visitors who chose under an older revision are asked again.
    revision: u32,
    /// How long a choice is kept, in days (1 to 395, 13 months). Default 365.
    #[serde(default)]
    consent_days: Option<u32>,
    /// What visitors choose between, in the order shown.
    categories: Vec<CategoryWire>,
    /// The cookies, pixels and scripts the site uses, each in a category: `{"catalog": "google-analytics"}` takes a
    /// known service from the built-in catalog.
    #[serde(default)]
    services: Vec<ServiceWire>,
    /// Google Consent Mode v2: which categories grant each consent type.
    #[serde(default)]
    consent_mode: Option<ConsentModeWire>,
    /// The language the config's own words are in (a BCP 47 tag). Default `en`.
    #[serde(default)]
    language: Option<String>,
    /// The banner's words the site changes, in `language`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::texts"))]
    texts: Option<serde_json::Value>,
    /// The site's words in other languages, by language tag.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::translations"))]
    translations: Option<serde_json::Value>,
    /// Accent colours and colour scheme.
    #[serde(default)]
    theme: ThemeWire,
    /// Where the first layer sits.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::layout"))]
    layout: Option<String>,
    /// Where the "Cookie settings" button floats once the visitor has chosen.
    #[serde(default)]
    floating_button: FloatingButton,
    /// The privacy policy's page, linked when the banner cannot show the policy itself.
    #[serde(default)]
    policy_url: Option<String>,
    /// The privacy policy the banner shows.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::policy"))]
    policy: Option<serde_json::Value>,
    /// Shown to returning visitors asked again because the revision went up: what changed, in the site's words.
    #[serde(default)]
    revision_note: Option<String>,
    /// The domain the consent cookie is set on, to share one choice across subdomains (`.example.com`).
    #[serde(default)]
    cookie_domain: Option<String>,
    /// Holding trackers the config does not list: `false` turns it off.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::auto_blocking"))]
    auto_blocking: Option<serde_json::Value>,
    /// IAB TCF 2.3: the CMP id IAB Europe assigned, the CMP's version and the Global Vendor List ids of the site's
    /// vendors.
    #[serde(default)]
    tcf: Option<TcfWire>,
    /// Which privacy regime applies where: `opt_in`, `opt_out`, `notice` or `none`, by country (`DE`) or
    /// subdivision (`US-CA`), with a default. Without it, every visitor is asked before anything runs (`opt_in`).
    #[serde(default)]
    #[cfg(any(not(target_arch = "wasm32"), feature = "full-check"))]
    regions: Option<RegionsWire>,
    /// The banner skips the section (see [`SiteConfig::regions`]).
    #[serde(default)]
    #[cfg(all(target_arch = "wasm32", not(feature = "full-check")))]
    #[allow(dead_code)]
    regions: Option<serde::de::IgnoredAny>,
}

/// A category visitors grant or deny.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Category"))]
#[serde(deny_unknown_fields)]
struct CategoryWire {
    /// Lowercase letters, digits and hyphens: `necessary`, `analytics`, `marketing`.
    id: String,
    /// What visitors see.
    title: String,
    /// What it is for, in a sentence or two.
    #[serde(default)]
    description: String,
    /// Strictly necessary: always on, not a choice.
    #[serde(default)]
    required: bool,
    /// Whether it sells or shares personal data (US state laws); Global Privacy Control keeps such categories off.
    #[serde(default)]
    sale_or_sharing: Option<bool>,
    /// The policy section about this category, linked from the preferences.
    #[serde(default)]
    policy_section: Option<String>,
}

impl SiteConfig {
    /// Parses and checks a config document.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let wire: SiteConfigWire = serde_json::from_str(text).map_err(|e| ConfigError::Malformed(e.to_string()))?;
        Self::try_from(wire)
    }
}

impl TryFrom<SiteConfigWire> for SiteConfig {
    type Error = ConfigError;

    fn try_from(wire: SiteConfigWire) -> Result<Self, ConfigError> {
        let mut problems = Vec::new();
        if let Err(reason) = check_site_id(&wire.site) {
            problems.push(FieldError::new("site", reason));
        }
        if wire.revision == 0 {
            problems.push(FieldError::new("revision", "must be 1 or more; bump it whenever categories change"));
        }
        let consent_days = wire.consent_days.unwrap_or(DEFAULT_CONSENT_DAYS);
        if !(1..=MAX_CONSENT_DAYS).contains(&consent_days) {
            problems.push(FieldError::new(
                "consent_days",
                format!("{consent_days} is out of range: a choice is kept 1 to {MAX_CONSENT_DAYS} days (13 months)"),
            ));
        }
        let categories = check_categories(wire.categories, &mut problems);
        let services = check_services(wire.services, &categories, &mut problems);
        let consent_mode = consent_mode::resolve(wire.consent_mode, &categories, &mut problems);
        let language = match wire.language.map(LanguageTag::try_from).transpose() {
            Ok(language) => language.unwrap_or_else(LanguageTag::default_language),
            Err(e) => {
                problems.push(FieldError::new("language", e.to_string()));
                LanguageTag::default_language()
            }
        };
        let texts = wire.texts.map(|t| parse_patch(&t, "texts", &mut problems)).unwrap_or_default();
        let translations =
            wire.translations.map(|t| parse_translations(&t, &categories, &mut problems)).unwrap_or_default();
        let theme = check_theme(wire.theme, &mut problems);
        let layout = parse_layout(wire.layout.as_deref(), &mut problems);
        if wire.revision_note.as_ref().is_some_and(|note| note.trim().is_empty() || note.chars().count() > MAX_TEXT_LEN)
        {
            problems
                .push(FieldError::new("revision_note", format!("must be 1 to {MAX_TEXT_LEN} characters, or left out")));
        }
        if let Some(domain) = &wire.cookie_domain {
            let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
            let domain = domain.trim_start_matches('.');
            if domain.is_empty() || !domain.contains('.') || !domain.chars().all(plain) {
                problems.push(FieldError::new(
                    "cookie_domain",
                    "must be a registrable domain such as 'example.com' that the site's hosts end with",
                ));
            }
        }
        if let Some(url) = &wire.policy_url {
            if url.trim().is_empty() || url.starts_with("javascript:") || url.starts_with("data:") {
                problems.push(FieldError::new("policy_url", "must be an http(s) or relative URL"));
            }
        }
        let policy = wire.policy.as_ref().and_then(|p| parse_policy(p, &mut problems));
        // The banner holds nothing itself (the boot loader does, by the served config), so the WASM only keeps the
        // section's switch: every config it gets was checked by the endpoint, and the checks' bytes are the visitor's.
        #[cfg(any(not(target_arch = "wasm32"), feature = "full-check"))]
        let auto_blocking = crate::auto_blocking::check(wire.auto_blocking.as_ref(), &categories, &mut problems);
        #[cfg(all(target_arch = "wasm32", not(feature = "full-check")))]
        let auto_blocking = AutoBlocking::unchecked(wire.auto_blocking.as_ref());
        let tcf = wire.tcf.and_then(|tcf| check_tcf(tcf, &mut problems));
        #[cfg(any(not(target_arch = "wasm32"), feature = "full-check"))]
        let regions = wire.regions.and_then(|regions| check_regions(regions, &mut problems));
        #[cfg(all(target_arch = "wasm32", not(feature = "full-check")))]
        let regions = None;
        if !problems.is_empty() {
            return Err(ConfigError::Invalid(problems));
        }
        Ok(SiteConfig {
            site: wire.site,
            revision: wire.revision,
            consent_days,
            categories,
            services,
            consent_mode,
            language,
            texts,
            translations,
            theme,
            layout,
            floating_button: wire.floating_button,
            policy_url: wire.policy_url,
            policy,
            revision_note: wire.revision_note,
            cookie_domain: wire.cookie_domain.map(|d| d.trim_start_matches('.').to_ascii_lowercase()),
            auto_blocking,
            tcf,
            regions,
        })
    }
}

/// A site id is used in URLs and log exports, so it is kept to a plain, lowercase token.
pub fn check_site_id(site: &str) -> Result<(), String> {
    let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.');
    if site.is_empty() || site.len() > 64 {
        Err("must be 1 to 64 characters".into())
    } else if !site.chars().all(plain) {
        Err(format!("'{site}' may only contain lowercase letters, digits, '.', '-' and '_'"))
    } else {
        Ok(())
    }
}

fn check_categories(wire: Vec<CategoryWire>, problems: &mut Vec<FieldError>) -> Vec<Category> {
    if wire.is_empty() {
        problems.push(FieldError::new("categories", "must list at least one category"));
    }
    let mut seen = BTreeSet::new();
    let mut categories = Vec::with_capacity(wire.len());
    for (index, category) in wire.into_iter().enumerate() {
        let path = |field: &str| format!("categories[{index}].{field}");
        if category.title.trim().is_empty() {
            problems.push(FieldError::new(path("title"), "must not be empty: visitors choose by this title"));
        }
        for (field, text) in [("title", &category.title), ("description", &category.description)] {
            if text.chars().count() > MAX_TEXT_LEN {
                problems.push(FieldError::new(path(field), format!("is longer than {MAX_TEXT_LEN} characters")));
            }
        }
        let policy_section = category.policy_section.and_then(|slug| {
            SectionId::try_from(slug)
                .map_err(|e| problems.push(FieldError::new(path("policy_section"), e.to_string())))
                .ok()
        });
        match CategoryId::try_from(category.id) {
            Err(e) => problems.push(FieldError::new(path("id"), e.to_string())),
            Ok(id) if !seen.insert(id.clone()) => {
                problems.push(FieldError::new(path("id"), format!("'{id}' is listed twice")))
            }
            Ok(id) => categories.push(Category {
                title: category.title,
                description: category.description,
                required: category.required,
                sale_or_sharing: category
                    .sale_or_sharing
                    .unwrap_or_else(|| Category::sale_or_sharing_by_default(id.as_str())),
                policy_section,
                id,
            }),
        }
    }
    categories
}
