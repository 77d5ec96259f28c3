//! `GET /v1/sites` (admin): the sites this endpoint serves, for the console's site list.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::admin::Admin;
use crate::error::AppError;
use crate::time::to_rfc3339;
use crate::AppState;

/// The answer.
#[derive(Debug, Serialize)]
pub struct SiteList {
    /// Every site with a stored config, by id.
    pub sites: Vec<SiteListEntry>,
}

/// One site of the list.
#[derive(Debug, Serialize)]
pub struct SiteListEntry {
    /// The site's id, as in the endpoint's URLs.
    pub site: String,
    /// The revision of the config visitors are served now.
    pub revision: i64,
    /// The SHA-256 (lowercase hex) of that config.
    pub config_sha256: String,
    /// The origins allowed to send the site's consents cross-origin.
    pub allowed_origins: Vec<String>,
    /// When the config or the origins last changed (RFC 3339, UTC).
    pub updated_at: String,
}

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/sites", get(list))
}

async fn list(_admin: Admin, State(state): State<AppState>) -> Result<Json<SiteList>, AppError> {
    let sites = state
        .store()
        .site_summaries()
        .await?
        .into_iter()
        .map(|summary| SiteListEntry {
            site: summary.site,
            revision: summary.revision,
            config_sha256: summary.config_sha256,
            allowed_origins: summary.allowed_origins,
            updated_at: to_rfc3339(summary.updated_at_ms),
        })
        .collect();
    Ok(Json(SiteList { sites }))
}
