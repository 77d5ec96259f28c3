//! The file the boot loader paints a first visitor's first layer from, before the banner's WebAssembly has arrived:
//! one per config and language, at `v1/sites/{site}/first-layer/{language}.json` under the endpoint. The endpoint
//! answers that path (`routes::first_layer`) and `consent config export-static` writes the same bytes into a folder,
//! so that a site served by a static host or a CDN paints it as early as one served by `consent serve`.
//!
//! It also carries what "Accept all" and "Reject all" mean under that config ([`EarlyChoices`], computed by
//! consent-core), so that the boot loader carries either answer out without the banner's WebAssembly: a first visit
//! where the visitor answers on the first layer downloads no WASM at all.
//!
//! The boot loader chooses the language as the banner will (`boot/deferred/language.js` mirrors consent-core's
//! `choose_language`), so one static file per language is enough: no negotiation on the server.

use std::path::{Component, Path};
use std::sync::Arc;

use axum::body::Bytes;
use consent_banner::early_layer;
use consent_core::config::policy::PolicySource;
use consent_core::early_choice::EarlyChoices;
use consent_core::field_error::join;
use consent_core::regions::{Applicable, RegimeAnswer};
use consent_core::tcf::{check_site, FirstLayerTcf, VendorList};
use consent_core::{LanguageTag, SiteConfig};
use serde::Serialize;

/// Why there is no first layer to paint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FirstLayerError {
    /// The name is not a language tag as the boot loader writes it (`pt-BR`, not `pt_br`).
    #[error("'{0}' is not a language tag as the boot loader asks for it (for example 'de', 'pt-BR' or 'zh-CN')")]
    NotATag(String),
    /// The config's banner does not speak it: no built-in words, not the config's language, not a translation.
    #[error("the banner of this config does not speak '{0}'")]
    NotSpoken(String),
    /// The language needs the bundle's words for it (`locales/<language>.json`), which are not here: a layer in
    /// English that the banner would then show in another language must not be painted.
    #[error("no first layer in '{language}' here: the banner bundle's {path} is missing")]
    NoWords {
        /// The language asked for.
        language: String,
        /// The bundle's file that has its words.
        path: String,
    },
    /// A TCF site whose first layer cannot state what TCF requires, nor carry TC strings: the endpoint has no vendor
    /// list, or the list no longer has one of the site's vendors. The banner is left to say so.
    #[error("no first layer for this TCF site: {0}")]
    Tcf(String),
    /// The served config does not read back (it was checked when stored, so its row was changed since).
    #[error("the served config cannot be read: {0}")]
    Unreadable(String),
}

/// What the boot loader paints: the markup for the shadow root, its language, and the host's theme.
#[derive(Debug, Serialize)]
struct Painted<'a> {
    /// The SHA-256 of the config it was rendered from: the boot loader paints it only over that very config.
    config_sha256: &'a str,
    language: String,
    html: String,
    attributes: Vec<(&'static str, String)>,
    properties: Vec<(&'static str, String)>,
    /// What its two answers mean, for the boot loader to carry them out; absent when only the banner can (a policy
    /// fetched by URL that is not in `site_dir`).
    #[serde(skip_serializing_if = "Option::is_none")]
    choices: Option<EarlyChoices>,
    /// For a config with `regions` only: the regime for this visitor and what it turns on before a choice
    /// (`boot/deferred/regime.js` acts on it). Left out otherwise, so a config without `regions` gets the bytes it
    /// always got.
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<RegimeAnswer>,
    /// For a TCF site, what its first layer must state: the number of vendors, the stacks, purposes and features by
    /// name, in the layer's language where IAB translated them (shape: [`consent_core::tcf::first_layer`]); and each
    /// answer in `choices` carries its TC string (`choices["accept-all"].tc_string`, and the same in its
    /// `submission.tc_string`) and, for a site naming Google's ad tech providers, its AC string (`ac_string`, and
    /// `submission.ac_string`). Absent for other sites.
    #[serde(skip_serializing_if = "Option::is_none")]
    tcf: Option<FirstLayerTcf>,
}

/// The first layer of the config served as `config_json` (whose SHA-256 is `config_sha256`) in `language`, as the
/// JSON the boot loader reads, with the built-in words read from `bundle_dir`'s `locales/`, and a policy the banner
/// fetches by a path on the site (`/privacy.json`) read from `site_dir`, the site's pages as this endpoint serves
/// them (the boot loader checks that the file it gets is that one). For a config with `regions`, the answer names
/// the regime `region` applies to the visitor (the endpoint's reading of the request's trusted headers); without it,
/// the regime of a visitor of unknown region (the strictest the config names), as a static file must. A TCF site's
/// layer is written from `vendor_list`, its TC strings dated the day of rendering.
pub fn render(
    config_json: &[u8],
    config_sha256: &str,
    language: &str,
    bundle_dir: &Path,
    site_dir: Option<&Path>,
    region: Option<&Applicable>,
    vendor_list: Option<&VendorList>,
) -> Result<Bytes, FirstLayerError> {
    let tag = LanguageTag::try_from(language)
        .ok()
        .filter(|tag| tag.as_str() == language)
        .ok_or_else(|| FirstLayerError::NotATag(language.chars().take(40).collect()))?;
    // Rendered from the config exactly as the banner will read it: the served bytes, not the config as uploaded.
    let text = std::str::from_utf8(config_json).map_err(|e| FirstLayerError::Unreadable(e.to_string()))?;
    let config = SiteConfig::from_json(text).map_err(|e| FirstLayerError::Unreadable(e.to_string()))?;
    if !config.languages().contains(&tag) {
        return Err(FirstLayerError::NotSpoken(tag.to_string()));
    }
    let policy_file = site_dir.and_then(|dir| policy_file(&config, dir));
    let region = config.regions.as_ref().map(|_| {
        let unknown = || config.applicable(None, None);
        RegimeAnswer::new(&config, &region.cloned().unwrap_or_else(unknown))
    });
    let disclosure = check_site(&config, vendor_list).map_err(|problems| FirstLayerError::Tcf(join(&problems)))?;
    let tcf = disclosure.as_ref().zip(vendor_list).map(|(d, list)| FirstLayerTcf::new(d, &list.texts(tag.as_str())));
    let now_unix_seconds = u64::try_from(crate::time::now_ms() / 1000).unwrap_or_default();
    let choices =
        EarlyChoices::for_site(&config, tag.as_str(), policy_file.as_deref(), disclosure.as_ref(), now_unix_seconds);
    let layer = early_layer::render(Arc::new(config), &[tag.as_str()], tcf.clone(), |path| {
        std::fs::read_to_string(bundle_dir.join(path)).ok()
    })
    .map_err(|path| FirstLayerError::NoWords { language: tag.to_string(), path })?;
    let painted = Painted {
        config_sha256,
        language: layer.language,
        html: layer.html,
        attributes: layer.attributes,
        properties: layer.properties,
        choices,
        region,
        tcf,
    };
    // Plain data: serialising it cannot fail.
    Ok(Bytes::from(serde_json::to_vec(&painted).unwrap_or_default()))
}

/// The bytes of the policy file `config` names by a path on the site (`/privacy.json`), from `site_dir`; `None` for
/// any other policy, a URL on another host, a path leaving the folder, or a file that is not there.
fn policy_file(config: &SiteConfig, site_dir: &Path) -> Option<Vec<u8>> {
    let Some(PolicySource::Url { url, .. }) = config.policy.as_ref().map(|policy| &policy.source) else { return None };
    let path = Path::new(url.strip_prefix('/').filter(|rest| !rest.starts_with('/'))?);
    if !path.components().all(|part| matches!(part, Component::Normal(_))) {
        return None;
    }
    std::fs::read(site_dir.join(path)).ok()
}

/// Every first layer of the config served as `config_json` (a policy file by path read from `site_dir`), by language: those of its languages whose words are in
/// `bundle_dir` (a language without them is left out, and its visitors wait for the banner).
pub fn render_all(
    config: &SiteConfig,
    config_json: &[u8],
    config_sha256: &str,
    bundle_dir: &Path,
    site_dir: Option<&Path>,
    vendor_list: Option<&VendorList>,
) -> Vec<(LanguageTag, Result<Bytes, FirstLayerError>)> {
    config
        .languages()
        .into_iter()
        .map(|language| {
            // A static file cannot know the visitor's region: unknown, the strictest regime (fail closed).
            let layer = render(config_json, config_sha256, language.as_str(), bundle_dir, site_dir, None, vendor_list);
            (language, layer)
        })
        .collect()
}
