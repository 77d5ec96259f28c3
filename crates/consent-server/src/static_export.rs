//! `consent config export-static`: the endpoint's public, read-only files for one config, written into a folder for a
//! static host or a CDN to serve in its place: the config as `consent serve` serves it (checked, catalog references
//! resolved, the policy imported, so the boot loader recognises a stored choice by the same service ids) and its first
//! layer in every language the banner speaks, so that a first visitor sees the banner before the WebAssembly arrives.
//!
//! ```text
//! OUT/consent.json                                  the config, as served
//! OUT/v1/sites/{site}/first-layer/{language}.json   the first layer, as `GET` on the endpoint answers it
//! OUT/v1/sites/{site}/vendors/{language}.json       a TCF site's vendor layer (with `--gvl`), likewise
//! ```
//!
//! The boot loader fetches the first layer from its `data-endpoint`, so `OUT` goes to the root of the host that
//! attribute names (on a site without `consent serve`, the site itself).

use std::path::{Path, PathBuf};

use consent_core::tcf::{check_site, VendorList};
use consent_core::{ConfigError, LanguageTag, SiteConfig};
use consent_policy_import::import_config_policy;

use crate::first_layer_file::{render_all, FirstLayerError};
use crate::sites::Site;

/// Why nothing was exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The config does not pass `consent config check`.
    #[error("{0}")]
    Config(#[from] ConfigError),
    /// The banner bundle is not there: its `locales/` give the first layer its words.
    #[error("{0} is not a banner bundle (it has no locales/ folder): build it with scripts/build-banner, or name it with --bundle")]
    NoBundle(PathBuf),
    /// A file could not be written.
    #[error("writing {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// What was written.
#[derive(Debug)]
pub struct Exported {
    /// The site's id.
    pub site: String,
    /// The files written, relative to the folder.
    pub files: Vec<PathBuf>,
    /// Languages the banner speaks that got no first layer, and why (their visitors wait for the banner).
    pub skipped: Vec<(LanguageTag, FirstLayerError)>,
}

/// Checks `config_text` as `consent serve` does and writes its public files into `out`, with the first layers' built-in
/// words from the banner bundle in `bundle_dir`, and a policy the banner fetches by a path on the site read from
/// `site_dir` (the site's pages), without which the first layers leave the answers to such a policy's banner. A config
/// with a `tcf` section is refused: it needs [`export_static_with`] and a vendor list.
pub fn export_static(
    config_text: &str,
    bundle_dir: &Path,
    out: &Path,
    site_dir: Option<&Path>,
) -> Result<Exported, ExportError> {
    export_static_with(config_text, bundle_dir, out, site_dir, None)
}

/// [`export_static`] with the Global Vendor List (`--gvl`) a TCF site's files are written from.
pub fn export_static_with(
    config_text: &str,
    bundle_dir: &Path,
    out: &Path,
    site_dir: Option<&Path>,
    vendor_list: Option<&VendorList>,
) -> Result<Exported, ExportError> {
    let mut config = SiteConfig::from_json(config_text)?;
    import_config_policy(&mut config).map_err(|problem| ConfigError::Invalid(vec![problem]))?;
    check_site(&config, vendor_list).map_err(ConfigError::Invalid)?;
    if !bundle_dir.join("locales").is_dir() {
        return Err(ExportError::NoBundle(bundle_dir.to_owned()));
    }
    let site = Site::from_config(config, Vec::new());
    let mut files = vec![PathBuf::from("consent.json")];
    write(out, &files[0], &site.json)?;
    let mut skipped = Vec::new();
    let folder = Path::new("v1/sites").join(&site.config.site).join("first-layer");
    for (language, layer) in render_all(&site.config, &site.json, &site.sha256, bundle_dir, site_dir, vendor_list) {
        match layer {
            Ok(body) => {
                let file = folder.join(format!("{language}.json"));
                write(out, &file, &body)?;
                files.push(file);
            }
            Err(why) => skipped.push((language, why)),
        }
    }
    let folder = Path::new("v1/sites").join(&site.config.site).join("vendors");
    for (language, layer) in crate::vendors_file::render_all(&site.config, vendor_list) {
        match layer {
            Ok(body) => {
                let file = folder.join(format!("{language}.json"));
                write(out, &file, &body)?;
                files.push(file);
            }
            // Checked above: a TCF config whose vendors the list cannot disclose was refused.
            Err(why) => tracing::warn!(%language, %why, "no vendor layer written"),
        }
    }
    Ok(Exported { site: site.config.site.clone(), files, skipped })
}

fn write(out: &Path, file: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let path = out.join(file);
    let failed = |source| ExportError::Write { path: path.clone(), source };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    std::fs::write(&path, bytes).map_err(failed)
}
