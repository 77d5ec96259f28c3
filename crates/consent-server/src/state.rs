//! What every request handler shares: the log, the sites, the limits and the server's options.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use consent_core::tcf::VendorList;
use consent_core::SiteConfig;

use crate::admin::AdminToken;
use crate::chain::ChainKey;
use crate::error::AppError;
use crate::log_key::{LogKey, LogKeyError};
use crate::metrics::Metrics;
use crate::origin::Origin;
use crate::rate_limit::{RateLimiter, RateLimits, RetryAfter};
use crate::sites::{Site, Sites};
use crate::store::sites::{NewConfig, SaveRule, Saved};
use crate::store::{Store, StoreError};
use crate::visitor_region::RegionHeaders;

/// How a server behaves; [`ServerOptions::new`] gives the defaults.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Served at `/` (the demo site). Need not exist: a missing file is a 404.
    pub site_dir: PathBuf,
    /// Served at `/consent/` (Trunk's output: the boot loader, the banner's JS and WASM, its CSS).
    pub bundle_dir: PathBuf,
    /// Served at `/admin/` (the console, `scripts/build-console`'s output). Default: none (no console).
    pub console_dir: Option<PathBuf>,
    /// Unlocks the admin API; without it the admin routes answer 404. Default: none.
    pub admin_token: Option<AdminToken>,
    /// Default: [`RateLimits::default`].
    pub rate_limits: RateLimits,
    /// How long a site config read from the database is served before it is read again (so that a config uploaded
    /// through another server is picked up). Default 5 s.
    pub config_refresh: Duration,
    /// Signs purge checkpoints. Default: none (checkpoints are recorded unsigned).
    pub chain_key: Option<ChainKey>,
    /// Signs tree heads. Default: none, and the key kept in the database is used (generated there on first use).
    pub log_key: Option<LogKey>,
    /// Take the client's address from the last `X-Forwarded-For` entry (behind a load balancer). Default: no.
    pub trust_forwarded_for: bool,
    /// How long a browser uses its copy of the boot loader (and the language files) without asking; after that it
    /// still uses it at once for a day while it fetches the new release in the background. This bounds how long a
    /// release takes to reach a returning visitor. Default 10 minutes.
    pub boot_max_age: Duration,
    /// The same for a site's config: how long a config change (a new revision that asks visitors again) may take to
    /// reach a returning visitor. Default 1 minute.
    pub config_max_age: Duration,
    /// How long a console sign-in lasts (`POST /v1/admin/session`). Default 8 hours.
    pub admin_session_ttl: Duration,
    /// The trusted headers a CDN or load balancer names the visitor's region in (`--region-header`). Default: none,
    /// and every visitor is of unknown region (the strictest regime a site's config names).
    pub region_headers: Option<RegionHeaders>,
    /// The Global Vendor List (with its translations) that TCF sites are checked against and their TC strings and
    /// vendor layers written from (`consent serve --gvl`). Default: none, and a config with a `tcf` section is refused.
    pub vendor_list: Option<Arc<VendorList>>,
}

impl ServerOptions {
    /// The defaults, serving files from `site_dir` and `bundle_dir`.
    pub fn new(site_dir: PathBuf, bundle_dir: PathBuf) -> Self {
        ServerOptions {
            site_dir,
            bundle_dir,
            console_dir: None,
            admin_token: None,
            rate_limits: RateLimits::default(),
            config_refresh: Duration::from_secs(5),
            chain_key: None,
            log_key: None,
            trust_forwarded_for: false,
            boot_max_age: Duration::from_secs(600),
            config_max_age: Duration::from_secs(60),
            admin_session_ttl: Duration::from_secs(8 * 3600),
            region_headers: None,
            vendor_list: None,
        }
    }
}

/// Everything a request handler needs. Cloning it is cheap: everything is behind one `Arc`.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    sites: Sites,
    options: ServerOptions,
    limiter: RateLimiter,
    metrics: Metrics,
    /// The key that signs tree heads, once known: [`ServerOptions::log_key`], else the database's.
    log_key: tokio::sync::OnceCell<LogKey>,
}

impl AppState {
    /// State for a server that enforces `config`, logs to `store`, serves the demo site from `site_dir` and the
    /// banner bundle (Trunk's output) from `bundle_dir` under `/consent/`, with the default [`ServerOptions`].
    ///
    /// `config` is served at `/consent.json` and `/v1/sites/{site}/config` exactly as given, and is not written to
    /// the database; other sites are read from the database. [`AppState::open`] is the constructor for a server whose
    /// sites all live in the database.
    pub fn new(config: SiteConfig, store: Store, site_dir: PathBuf, bundle_dir: PathBuf) -> Self {
        Self::with_config(config, store, ServerOptions::new(site_dir, bundle_dir))
    }

    /// [`AppState::new`] with `options`.
    pub fn with_config(config: SiteConfig, store: Store, options: ServerOptions) -> Self {
        let state = Self::build(store, options, Some(config.site.clone()));
        state.sites().put(Site::from_config(config, Vec::new()), true);
        state
    }

    /// State for a server whose sites live in the database. `default` (the `--config` file and its allowed origins)
    /// is stored first: as the site's new config unless the database holds a newer revision (uploaded by an admin
    /// since), and its origins, when given, replace the stored ones. It is then served at `/consent.json`.
    pub async fn open(
        store: Store,
        default: Option<(SiteConfig, Option<Vec<Origin>>)>,
        options: ServerOptions,
    ) -> Result<Self, StoreError> {
        let default_site = default.as_ref().map(|(config, _)| config.site.clone());
        if let Some((config, origins)) = default {
            let origins: Option<Vec<String>> = origins.map(|list| list.iter().map(|o| o.as_str().to_owned()).collect());
            let site = Site::from_config(config, Vec::new());
            let json = String::from_utf8_lossy(&site.json).into_owned();
            let new = NewConfig {
                site: &site.config.site,
                revision: i64::from(site.config.revision),
                json: &json,
                sha256: &site.sha256,
                allowed_origins: origins.as_deref(),
            };
            match store.save_config(new, SaveRule::Seed).await? {
                Saved::NotNewer { current } => tracing::warn!(
                    site = %site.config.site,
                    file_revision = site.config.revision,
                    stored_revision = current,
                    "the database holds a newer config for this site than the config file; serving the database's"
                ),
                Saved::Saved | Saved::Unchanged => {}
            }
        }
        let state = Self::build(store, options, default_site);
        state.sites().load_all().await?;
        Ok(state)
    }

    fn build(store: Store, options: ServerOptions, default_site: Option<String>) -> Self {
        let sites = Sites::new(store.clone(), options.config_refresh, default_site);
        let limiter = RateLimiter::new(options.rate_limits);
        let log_key = tokio::sync::OnceCell::new_with(options.log_key.clone());
        AppState { inner: Arc::new(Inner { store, sites, options, limiter, metrics: Metrics::default(), log_key }) }
    }

    /// The consent log.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The sites served.
    pub fn sites(&self) -> &Sites {
        &self.inner.sites
    }

    /// The server's counters.
    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// The rate limits' buckets.
    pub fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// The admin token, if the admin API is on.
    pub fn admin_token(&self) -> Option<&AdminToken> {
        self.inner.options.admin_token.as_ref()
    }

    /// The key that signs purge checkpoints, if any.
    pub fn chain_key(&self) -> Option<&ChainKey> {
        self.inner.options.chain_key.as_ref()
    }

    /// The key that signs tree heads: the operator's, else the one kept in the database (read, or generated and
    /// stored, on first use).
    pub async fn log_key(&self) -> Result<&LogKey, AppError> {
        self.inner.log_key.get_or_try_init(|| LogKey::stored(&self.inner.store)).await.map_err(|error| match error {
            LogKeyError::Store(store) => AppError::Store(store),
            other => AppError::Store(StoreError::Corrupt { site: "(every site)".into(), reason: other.to_string() }),
        })
    }

    /// Whether client addresses come from `X-Forwarded-For`.
    pub fn trust_forwarded_for(&self) -> bool {
        self.inner.options.trust_forwarded_for
    }

    /// Where the demo site is served from.
    pub fn site_dir(&self) -> &Path {
        &self.inner.options.site_dir
    }

    /// The server's options.
    pub fn options(&self) -> &ServerOptions {
        &self.inner.options
    }

    /// The Global Vendor List, if the server was given one.
    pub fn vendor_list(&self) -> Option<&VendorList> {
        self.inner.options.vendor_list.as_deref()
    }

    /// Where the banner bundle is served from.
    pub fn bundle_dir(&self) -> &Path {
        &self.inner.options.bundle_dir
    }

    /// The error for a request refused by a rate limit, counted.
    pub fn rate_limited(&self, retry: RetryAfter) -> AppError {
        self.metrics().rate_limited();
        AppError::RateLimited { scope: "this client", retry_after_secs: retry.seconds() }
    }
}
