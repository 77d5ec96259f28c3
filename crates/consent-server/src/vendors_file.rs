//! The file a TCF site's vendor layer is drawn from: the site's vendors and the standard texts in one language
//! ([`consent_core::tcf::VendorLayer`], where its shape is documented), at `v1/sites/{site}/vendors/{language}.json`
//! under the endpoint. The endpoint answers that path (`routes::vendors`) and `consent config export-static` writes the
//! same bytes into a folder for a static host. The browser never fetches the Global Vendor List itself.

use axum::body::Bytes;
use consent_core::field_error::join;
use consent_core::tcf::{check_site, VendorLayer, VendorList};
use consent_core::{LanguageTag, SiteConfig};

/// Why there is no vendor layer to serve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VendorsError {
    /// The site's config has no `tcf` section, so no vendors.
    #[error("site '{0}' does not use IAB TCF: its config has no tcf section, so it has no vendor layer")]
    NotTcf(String),
    /// The name is not a language tag as the boot loader writes it.
    #[error("'{0}' is not a language tag (for example 'de', 'pt-BR' or 'zh-CN')")]
    NotATag(String),
    /// The site's banner does not speak it.
    #[error("the banner of this config does not speak '{0}'")]
    NotSpoken(String),
    /// The endpoint's vendor list cannot disclose the site's vendors (it has none, or lacks one of them).
    #[error("no vendor layer for this TCF site: {0}")]
    Tcf(String),
}

/// The vendor layer of `config` in `language`, as JSON.
pub fn render(config: &SiteConfig, language: &str, vendor_list: Option<&VendorList>) -> Result<Bytes, VendorsError> {
    if config.tcf.is_none() {
        return Err(VendorsError::NotTcf(config.site.clone()));
    }
    let tag = LanguageTag::try_from(language)
        .ok()
        .filter(|tag| tag.as_str() == language)
        .ok_or_else(|| VendorsError::NotATag(language.chars().take(40).collect()))?;
    if !config.languages().contains(&tag) {
        return Err(VendorsError::NotSpoken(tag.to_string()));
    }
    let disclosure = check_site(config, vendor_list).map_err(|problems| VendorsError::Tcf(join(&problems)))?;
    let (Some(disclosure), Some(list)) = (disclosure, vendor_list) else {
        return Err(VendorsError::NotTcf(config.site.clone()));
    };
    let layer = VendorLayer::new(&disclosure, &list.texts(tag.as_str()), tag.as_str());
    // Plain data: serialising it cannot fail.
    Ok(Bytes::from(serde_json::to_vec(&layer).unwrap_or_default()))
}

/// The vendor layer of a TCF site in each of its languages; nothing for a site without TCF.
pub fn render_all(
    config: &SiteConfig,
    vendor_list: Option<&VendorList>,
) -> Vec<(LanguageTag, Result<Bytes, VendorsError>)> {
    if config.tcf.is_none() {
        return Vec::new();
    }
    config
        .languages()
        .into_iter()
        .map(|language| (language.clone(), render(config, language.as_str(), vendor_list)))
        .collect()
}
