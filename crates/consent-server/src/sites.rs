//! The sites this server serves, cached in memory in front of the database.
//!
//! Configs live in the database, so several servers behind a load balancer serve the same sites. Each server keeps
//! what it read for a short while ([`crate::ServerOptions::config_refresh`]): a config uploaded through one server is
//! served by it at once and by the others within that time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use consent_core::config::check_site_id;
use consent_core::SiteConfig;
use consent_policy_import::import_config_policy;
use sha2::{Digest, Sha256};

use crate::origin::Origin;
use crate::store::sites::SiteRow;
use crate::store::{Store, StoreError};

/// Unknown site ids are remembered (to spare the database a flood of them) only while the cache is smaller than this.
const MAX_CACHED: usize = 10_000;

/// One site: its checked config, the exact bytes the banner is served, and who may send its consents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The checked config, which records are checked against.
    pub config: SiteConfig,
    /// The config as served at `GET /v1/sites/{site}/config`: the checked config written back as JSON, with every
    /// default filled in, so the banner reads exactly the config the endpoint checks records against.
    pub json: Bytes,
    /// SHA-256 of `json`, lowercase hex: the banner's `config_sha256` and the ETag.
    pub sha256: String,
    /// The origins allowed to send this site's consents from another origin's pages.
    pub origins: Vec<Origin>,
}

impl Site {
    /// A site from a checked config, its Markdown or text policy imported into the document the banner renders (the
    /// banner has no importer).
    pub fn from_config(mut config: SiteConfig, origins: Vec<Origin>) -> Self {
        // Text the config check accepts always imports; should it not, the text is served as written and the banner
        // links the policy instead of showing it.
        if let Err(problem) = import_config_policy(&mut config) {
            tracing::warn!(site = %config.site, %problem, "the config's policy could not be imported");
        }
        // Serialising a checked config cannot fail (it is plain data); an empty body would be refused by the banner.
        let json = Bytes::from(serde_json::to_vec_pretty(&config).unwrap_or_default());
        let sha256 = hex::encode(Sha256::digest(&json));
        Site { config, json, sha256, origins }
    }

    /// A site from its database row; the stored bytes are served as they are.
    pub fn from_row(row: SiteRow) -> Result<Self, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt { site: row.site.clone(), reason };
        let config = SiteConfig::from_json(&row.config_json).map_err(|e| corrupt(format!("config_json: {e}")))?;
        let origins = row
            .allowed_origins
            .iter()
            .map(|text| Origin::parse(text).map_err(|e| corrupt(format!("allowed_origins: {e}"))))
            .collect::<Result<_, _>>()?;
        Ok(Site { config, json: Bytes::from(row.config_json), sha256: row.config_sha256, origins })
    }

    /// The ETag of the served config: its SHA-256, quoted.
    pub fn etag(&self) -> String {
        format!("\"{}\"", self.sha256)
    }

    /// Whether `origin` (as sent in the `Origin` header) may send this site's consents.
    pub fn allows(&self, origin: &str) -> bool {
        self.origins.iter().any(|allowed| allowed.as_str() == origin)
    }
}

#[derive(Debug, Clone)]
struct Cached {
    site: Option<Arc<Site>>,
    at: Instant,
    /// Given to the server at start-up (`AppState::new`) rather than read from the database: never refreshed.
    pinned: bool,
}

/// The sites cache.
#[derive(Debug)]
pub struct Sites {
    store: Store,
    refresh: Duration,
    default_site: Option<String>,
    cache: RwLock<HashMap<String, Cached>>,
    all_loaded_at: Mutex<Option<Instant>>,
}

impl Sites {
    /// An empty cache in front of `store`, serving `default_site` at `/consent.json`.
    pub fn new(store: Store, refresh: Duration, default_site: Option<String>) -> Self {
        Sites { store, refresh, default_site, cache: RwLock::new(HashMap::new()), all_loaded_at: Mutex::new(None) }
    }

    /// The site served at `/consent.json`, if any.
    pub fn default_site(&self) -> Option<&str> {
        self.default_site.as_deref()
    }

    /// Puts `site` in the cache; a `pinned` site is served as given and never re-read from the database.
    pub fn put(&self, site: Site, pinned: bool) {
        let id = site.config.site.clone();
        let mut cache = self.cache.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let pinned = pinned || cache.get(&id).is_some_and(|cached| cached.pinned);
        cache.insert(id, Cached { site: Some(Arc::new(site)), at: Instant::now(), pinned });
    }

    /// The site `id`, if this server serves it. Ids that are not valid site ids (`../etc`) are unknown without a
    /// database query.
    pub async fn get(&self, id: &str) -> Result<Option<Arc<Site>>, StoreError> {
        if check_site_id(id).is_err() {
            return Ok(None);
        }
        if let Some(cached) = self.cached(id) {
            if cached.pinned || cached.at.elapsed() < self.refresh {
                return Ok(cached.site);
            }
        }
        let site = match self.store.site(id).await? {
            Some(row) => Some(Arc::new(Site::from_row(row)?)),
            None => None,
        };
        let mut cache = self.cache.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(pinned) = cache.get(id).filter(|cached| cached.pinned) {
            return Ok(pinned.site.clone());
        }
        if site.is_some() || cache.len() < MAX_CACHED {
            cache.insert(id.to_owned(), Cached { site: site.clone(), at: Instant::now(), pinned: false });
        }
        Ok(site)
    }

    /// Whether any site allows `origin`: what a CORS preflight, which carries no record and so no site, can check.
    /// The record's own site is checked when it arrives.
    pub async fn any_allows(&self, origin: &str) -> Result<bool, StoreError> {
        if self.cached_any_allows(origin) {
            return Ok(true);
        }
        let stale = {
            let loaded = self.all_loaded_at.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            loaded.is_none_or(|at| at.elapsed() >= self.refresh)
        };
        if !stale {
            return Ok(false);
        }
        self.load_all().await?;
        Ok(self.cached_any_allows(origin))
    }

    /// Reads every site from the database into the cache.
    pub async fn load_all(&self) -> Result<(), StoreError> {
        let rows = self.store.sites().await?;
        let now = Instant::now();
        {
            let mut cache = self.cache.write().unwrap_or_else(|poisoned| poisoned.into_inner());
            for row in rows {
                let id = row.site.clone();
                match Site::from_row(row) {
                    Ok(site) if !cache.get(&id).is_some_and(|cached| cached.pinned) => {
                        cache.insert(id, Cached { site: Some(Arc::new(site)), at: now, pinned: false });
                    }
                    Ok(_) => {}
                    Err(error) => tracing::error!(%error, "a stored site config is unusable; the site is not served"),
                }
            }
        }
        *self.all_loaded_at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(now);
        Ok(())
    }

    fn cached(&self, id: &str) -> Option<Cached> {
        self.cache.read().unwrap_or_else(|poisoned| poisoned.into_inner()).get(id).cloned()
    }

    fn cached_any_allows(&self, origin: &str) -> bool {
        let cache = self.cache.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.values().filter_map(|cached| cached.site.as_ref()).any(|site| site.allows(origin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_markdown_policy_is_served_as_the_document_the_banner_renders() {
        let config = r##"{"site": "shop", "revision": 1,
            "categories": [{"id": "necessary", "title": "Strictly necessary", "required": true}],
            "policy": {"markdown": "# Privacy\n\n## Who we are\n\nA shop.\n\n## Cookies\n\nWe set two.\n"}}"##;
        let site = Site::from_config(SiteConfig::from_json(config).unwrap(), Vec::new());
        let served: serde_json::Value = serde_json::from_slice(&site.json).unwrap();
        assert_eq!(served["policy"]["document"]["title"], "Privacy");
        assert_eq!(served["policy"]["document"]["sections"][1]["heading"], "Cookies");
        assert_eq!(served["policy"]["cookie_section"], "cookies");
        assert!(served["policy"].get("markdown").is_none(), "the banner has no importer: {served}");
        assert_eq!(SiteConfig::from_json(std::str::from_utf8(&site.json).unwrap()).unwrap(), site.config);
    }
}
