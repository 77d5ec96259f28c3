//! `consent serve`: the endpoint, with its options.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;
use consent_core::tcf::VendorList;
use consent_core::SiteConfig;

use crate::log_key::LogKey;
use crate::visitor_region::RegionHeaders;
use crate::{app, AdminToken, AppState, ChainKey, CommitOptions, Origin, Rate, RateLimits, ServerOptions, Store};

/// Where the consent log lives when neither `--database` nor `DATABASE_URL` says.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://consent.db";

/// Options of `consent serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The Global Vendor List (GVL v3 `vendor-list.json`, with IAB's `purposes-{language}.json` translations read
    /// from the same folder), needed by sites whose config has a `tcf` section: `consent gvl update --out FILE` downloads
    /// it. Read once at start-up: restart after an update.
    #[arg(long, env = "CONSENT_GVL_FILE")]
    pub gvl: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The default site's config, stored in the database at start-up (unless the database holds a newer revision)
    /// and served at /consent.json; the endpoint refuses to start if it is invalid.
    #[arg(long, default_value = "demo/consent.json")]
    pub config: PathBuf,
    /// sqlite://FILE (created if missing) or postgres://… [default: $DATABASE_URL, else sqlite://consent.db]
    #[arg(long)]
    pub database: Option<String>,
    /// Directory served at `/` (the demo site).
    #[arg(long, default_value = "demo")]
    pub site_dir: PathBuf,
    /// Directory served at `/consent/` (Trunk's output: consent-boot.js, the banner's JS and WASM, banner.css).
    #[arg(long, default_value = "dist")]
    pub bundle_dir: PathBuf,
    /// Directory served at `/admin/`: the console (`scripts/build-console`'s output), for product teams to configure
    /// sites, publish and watch consent. It needs --admin-token to sign in.
    #[arg(long, default_value = "dist-console")]
    pub console_dir: PathBuf,
    /// An origin (https://shop.example) allowed to send the default site's consents cross-origin; repeat for more.
    /// Replaces the stored list when given. Pages served by the endpoint itself are always allowed.
    #[arg(long = "allowed-origin", value_name = "ORIGIN")]
    pub allowed_origins: Vec<String>,
    /// Turns the admin API on: the bearer token it requires (16+ characters). Prefer the environment variable, which
    /// other users of the machine cannot read from the process list.
    #[arg(long, env = "CONSENT_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Signs purge checkpoints with HMAC-SHA-256 (16+ characters); give the same key to `consent log verify`.
    #[arg(long, env = "CONSENT_CHAIN_KEY", hide_env_values = true)]
    pub chain_key: Option<String>,
    /// A file holding the Ed25519 key that signs the log's tree heads: the 32-byte secret seed as 64 hex characters
    /// (`openssl rand -hex 32 > log.key`). Without it, a key is generated once and kept in the database.
    #[arg(long, env = "CONSENT_LOG_KEY_FILE")]
    pub log_key_file: Option<PathBuf>,
    /// Consents per second accepted from one client address (0: no limit).
    #[arg(long, default_value_t = 10.0)]
    pub ip_rate: f64,
    /// Burst allowed above --ip-rate.
    #[arg(long, default_value_t = 50.0)]
    pub ip_burst: f64,
    /// Consents per second accepted for one site (0: no limit).
    #[arg(long, default_value_t = 2000.0)]
    pub site_rate: f64,
    /// Burst allowed above --site-rate.
    #[arg(long, default_value_t = 10000.0)]
    pub site_burst: f64,
    /// Behind a load balancer: take the client's address from the last X-Forwarded-For entry.
    #[arg(long)]
    pub trust_forwarded_for: bool,
    /// Seconds a site config read from the database is served before it is read again.
    #[arg(long, default_value_t = 5)]
    pub config_refresh_secs: u64,
    /// Seconds a browser uses its copy of the boot loader before refreshing it in the background: the longest a new
    /// release takes to reach a returning visitor (then one more page view).
    #[arg(long, default_value_t = 600)]
    pub boot_max_age_secs: u64,
    /// Seconds a browser uses its copy of a site's config before refreshing it in the background.
    #[arg(long, default_value_t = 60)]
    pub config_max_age_secs: u64,
    /// Seconds a console sign-in lasts (`POST /v1/admin/session`).
    #[arg(long, default_value_t = 8 * 3600)]
    pub admin_session_ttl_secs: u64,
    /// The most consents committed in one transaction.
    #[arg(long, default_value_t = 512)]
    pub commit_max_batch: usize,
    /// Microseconds a group commit waits for more consents before committing (0: commit what is waiting at once).
    #[arg(long, default_value_t = 0)]
    pub commit_linger_us: u64,
    /// Group commits under way at once on PostgreSQL, each on its own connection (SQLite always commits one at a time).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub commit_writers: u16,
    /// The request header in which the site's CDN or load balancer names the visitor's country (Cloudflare:
    /// `CF-IPCountry`; CloudFront: `CloudFront-Viewer-Country`); it may also hold a subdivision whole (`US-CA`).
    /// Trusted as is, so the endpoint must only be reachable through that CDN. Without it, every visitor's region
    /// is unknown and the strictest regime a site's `regions` names applies.
    #[arg(long, env = "CONSENT_REGION_HEADER", value_name = "NAME")]
    pub region_header: Option<String>,
    /// The request header naming the visitor's subdivision, `CA` or `US-CA` (CloudFront:
    /// `CloudFront-Viewer-Country-Region`), when the CDN sends it apart from the country.
    #[arg(long, env = "CONSENT_SUBDIVISION_HEADER", value_name = "NAME")]
    pub subdivision_header: Option<String>,
}

/// The database URL: the flag, else `DATABASE_URL`, else [`DEFAULT_DATABASE_URL`].
pub fn database_url(flag: Option<String>) -> String {
    flag.or_else(|| std::env::var("DATABASE_URL").ok().filter(|url| !url.is_empty()))
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned())
}

/// Runs the endpoint until SIGINT or SIGTERM, then lets the requests in flight finish (their consents committed).
pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    // Everything that can be wrong with the command line is checked before the database is touched.
    let vendor_list = args.gvl.as_deref().map(crate::gvl_file::load).transpose()?.map(Arc::new);
    let config = load_config(&args.config)?;
    check_tcf(&config, vendor_list.as_deref())
        .with_context(|| format!("config {} is not usable", args.config.display()))?;
    if let Some(list) = &vendor_list {
        tracing::info!(
            version = list.gvl.vendor_list_version,
            translations = list.translations.len(),
            "Global Vendor List loaded"
        );
    }
    let origins = match Origin::parse_list(&args.allowed_origins, "--allowed-origin") {
        Ok(_) if args.allowed_origins.is_empty() => None,
        Ok(origins) => Some(origins),
        Err(problems) => bail!("{}", consent_core::field_error::join(&problems)),
    };
    let admin_token = args.admin_token.as_deref().map(AdminToken::new).transpose()?;
    let chain_key = args.chain_key.as_deref().map(ChainKey::new).transpose()?;
    let region_headers = RegionHeaders::parse(args.region_header.as_deref(), args.subdivision_header.as_deref())?;
    let log_key = args.log_key_file.as_deref().map(LogKey::from_file).transpose()?;
    let commit = CommitOptions {
        max_batch: args.commit_max_batch,
        linger: Duration::from_micros(args.commit_linger_us),
        writers: usize::from(args.commit_writers),
        ..CommitOptions::default()
    };
    let store = Store::connect_with(&database_url(args.database), commit).await.context("opening the consent log")?;
    if !args.bundle_dir.is_dir() {
        tracing::warn!(dir = %args.bundle_dir.display(), "banner bundle directory not found: /consent/* will be 404");
    }
    let options = ServerOptions {
        admin_token,
        chain_key,
        log_key,
        rate_limits: RateLimits {
            per_ip: Rate::new(args.ip_rate, args.ip_burst),
            per_site: Rate::new(args.site_rate, args.site_burst),
        },
        config_refresh: Duration::from_secs(args.config_refresh_secs),
        trust_forwarded_for: args.trust_forwarded_for,
        boot_max_age: Duration::from_secs(args.boot_max_age_secs),
        config_max_age: Duration::from_secs(args.config_max_age_secs),
        admin_session_ttl: Duration::from_secs(args.admin_session_ttl_secs),
        console_dir: Some(args.console_dir),
        region_headers,
        vendor_list,
        ..ServerOptions::new(args.site_dir, args.bundle_dir)
    };
    let state = AppState::open(store, Some((config, origins)), options).await.context("loading the sites")?;
    let listener =
        tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("listening on {}", args.addr))?;
    let addr = listener.local_addr().context("reading the listening address")?;
    println!("consent-banner endpoint listening on http://{addr}");
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving")
}

/// Reads and checks a config file, naming the file and every problem in the error.
pub fn load_config(path: &Path) -> anyhow::Result<SiteConfig> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading config {}", path.display()))?;
    SiteConfig::from_json(&text).with_context(|| format!("config {} is not usable", path.display()))
}

/// Checks a config's `tcf` section against the vendor list the server was given (see
/// [`consent_core::tcf::check_site`]), every problem named by its field.
pub fn check_tcf(config: &SiteConfig, list: Option<&VendorList>) -> anyhow::Result<()> {
    match consent_core::tcf::check_site(config, list) {
        Ok(_) => Ok(()),
        Err(problems) => bail!("{}", consent_core::field_error::join(&problems)),
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
