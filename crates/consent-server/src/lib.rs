//! The consent endpoint: receives decisions from the banner, checks them against the site's config, and keeps them
//! in a proof-of-consent log in SQLite or PostgreSQL. It also serves the site config, the banner bundle and the demo
//! site, so one process is all a site needs.
//!
//! Start it in-process (tests, other tools) with [`app`] and [`serve`]:
//!
//! ```no_run
//! # async fn start() -> Result<(), Box<dyn std::error::Error>> {
//! use consent_server::{app, serve, AppState, Store};
//! let config = consent_core::SiteConfig::from_json(&std::fs::read_to_string("demo/consent.json")?)?;
//! let store = Store::connect("sqlite://consent.db").await?;
//! let state = AppState::new(config, store, "demo".into(), "dist".into());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! tokio::spawn(serve(listener, app(state)));
//! # Ok(()) }
//! ```

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use axum::Router;
use consent_core::SiteConfig;
use tower_http::trace::TraceLayer;

pub mod cli;
pub mod error;
pub mod routes;
pub mod row;
pub mod store;

pub use error::{AppError, ErrorBody, MAX_BODY_BYTES};
pub use routes::consents::{Receipt, ReceiptStatus};
pub use row::StoredRow;
pub use store::{Inserted, Store, StoreError};

/// Everything a request handler needs. Cloning it is cheap: the config is shared and the store is a pool handle.
#[derive(Debug, Clone)]
pub struct AppState {
    config: Arc<SiteConfig>,
    config_json: Bytes,
    store: Store,
    site_dir: Arc<PathBuf>,
    bundle_dir: Arc<PathBuf>,
}

impl AppState {
    /// State for a server that enforces `config`, logs to `store`, serves the demo site from `site_dir` and the
    /// banner bundle (Trunk's output) from `bundle_dir` under `/consent/`. The directories need not exist yet: a
    /// missing file is a 404, not a startup failure.
    pub fn new(config: SiteConfig, store: Store, site_dir: PathBuf, bundle_dir: PathBuf) -> Self {
        // The checked config serialises back to a document `SiteConfig::from_json` accepts, with defaults filled in,
        // so the banner reads exactly the config the endpoint checks against.
        let config_json = serde_json::to_vec_pretty(&config).map(Bytes::from).unwrap_or_default();
        AppState {
            config: Arc::new(config),
            config_json,
            store,
            site_dir: Arc::new(site_dir),
            bundle_dir: Arc::new(bundle_dir),
        }
    }

    /// The config records are checked against.
    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    /// The config as served at `/consent.json`.
    pub fn config_json(&self) -> Bytes {
        self.config_json.clone()
    }

    /// The consent log.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Where the demo site is served from.
    pub fn site_dir(&self) -> &Path {
        &self.site_dir
    }

    /// Where the banner bundle is served from.
    pub fn bundle_dir(&self) -> &Path {
        &self.bundle_dir
    }
}

/// Every route of the endpoint, with request tracing. The result has no state left to provide, so it can be merged
/// with other routers (a test's tracker recorder, say) or driven directly with `tower::ServiceExt::oneshot`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(routes::consents::router())
        .merge(routes::site_files::router(&state))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves `router` on `listener` until the process ends, giving handlers the peer address (`ConnectInfo<SocketAddr>`)
/// that the consent log's truncated IP is made from.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await
}
