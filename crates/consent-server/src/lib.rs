//! The consent endpoint: receives decisions from the banner, checks them against their site's config, and keeps them
//! in a tamper-evident proof-of-consent log in SQLite or PostgreSQL. It also serves the sites' configs, the banner
//! bundle and the demo site, so one process is all a site needs; it keeps no state of its own beyond caches, so
//! several can share one PostgreSQL database behind a load balancer.
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
//!
//! The API is described in `openapi.json` (served at `/openapi.json`); the hash chain in [`chain`].

// A library others build on: every public item says what it is for.
#![warn(missing_docs)]

use std::net::SocketAddr;

use axum::http::{header, HeaderValue};
use axum::routing::any;
use axum::{middleware, Router};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub mod admin;
pub mod admin_session;
pub mod chain;
pub mod cli;
pub mod cli_gvl;
pub mod cli_log;
pub mod cli_policy;
pub mod cli_scan;
pub mod cli_serve;
pub mod client_ip;
pub mod consistency_check;
pub mod dashboard;
pub mod error;
pub mod export;
pub mod first_layer_file;
#[cfg(any(test, feature = "fixture"))]
pub mod fixture;
pub mod found_report;
pub mod gvl_download;
pub mod gvl_file;
pub mod gvl_update;
pub mod log_key;
pub mod log_tree;
pub mod metrics;
pub mod origin;
pub mod proof_check;
pub mod rate_limit;
pub mod routes;
pub mod row;
pub mod sites;
pub mod state;
pub mod static_export;
pub mod stats;
pub mod store;
pub mod time;
pub mod vendors_file;
pub mod visitor_region;

pub use admin::AdminToken;
pub use chain::ChainKey;
pub use consent_core::receipt::{Receipt, ReceiptStatus};
pub use error::{AppError, ErrorBody, MAX_BODY_BYTES};
pub use origin::Origin;
pub use rate_limit::{Rate, RateLimits};
pub use row::{ChainLink, LoggedRow, StoredRow};
pub use state::{AppState, ServerOptions};
pub use store::{CommitOptions, Inserted, Store, StoreError};

/// Every route of the endpoint, with request counting and tracing. The result has no state left to provide, so it can
/// be merged with other routers (a test's tracker recorder, say) or driven directly with `tower::ServiceExt::oneshot`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(routes::consents::router(&state))
        .merge(routes::site_config::router())
        .merge(routes::first_layer::router())
        .merge(routes::vendors::router())
        .merge(routes::found_trackers::router())
        .merge(routes::gvl_vendors::router())
        .merge(routes::gvl_preview::router())
        .merge(routes::endpoint_setup::router())
        .merge(routes::policy_import::router())
        .merge(routes::admin_session::router())
        .merge(routes::config_schema::router())
        .merge(routes::site_origins::router())
        .merge(routes::site_list::router())
        .merge(routes::config_history::router())
        .merge(routes::export::router())
        .merge(routes::stats::router())
        .merge(routes::dashboard::router())
        .merge(routes::log_proof::router(&state))
        .merge(routes::purge::router())
        .merge(routes::ops::router())
        .route("/v1/{*rest}", any(|| async { AppError::NotFound("no such API route; see /openapi.json".into()) }))
        .merge(routes::console_files::router(&state))
        .merge(routes::site_files::router(&state))
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(middleware::from_fn_with_state(state.clone(), routes::ops::count_requests))
        // Every answer is what its Content-Type says: a stored `<script>` in a record served as JSON stays JSON.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves `router` on `listener` until the process ends, giving handlers the peer address (`ConnectInfo<SocketAddr>`)
/// that the consent log's truncated IP is made from.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await
}
