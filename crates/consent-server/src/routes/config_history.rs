//! `GET /v1/sites/{site}/config/history` and `GET /v1/sites/{site}/config/history/{config_sha256}` (admin): every
//! config a site has published, and any one of them as it was served, so the console can show what changed when and
//! roll back (by publishing an earlier config again under a new revision).

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use super::site_id::SiteId;
use crate::admin::Admin;
use crate::error::AppError;
use crate::time::to_rfc3339;
use crate::AppState;

/// The answer of the list.
#[derive(Debug, Serialize)]
pub struct ConfigHistory {
    /// The site.
    pub site: String,
    /// Every config it has published, newest first.
    pub revisions: Vec<PublishedConfig>,
}

/// One published config.
#[derive(Debug, Serialize)]
pub struct PublishedConfig {
    /// Its revision.
    pub revision: i64,
    /// The SHA-256 (lowercase hex) of the config as served: the records made under it name it.
    pub config_sha256: String,
    /// When it was first published (RFC 3339, UTC).
    pub published_at: String,
}

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/sites/{site}/config/history", get(history))
        .route("/v1/sites/{site}/config/history/{config_sha256}", get(published))
}

async fn history(_admin: Admin, State(state): State<AppState>, site: SiteId) -> Result<Json<ConfigHistory>, AppError> {
    let revisions = state.store().config_history(site.as_str()).await?;
    if revisions.is_empty() {
        return Err(site.unknown());
    }
    let revisions = revisions
        .into_iter()
        .map(|version| PublishedConfig {
            revision: version.revision,
            config_sha256: version.config_sha256,
            published_at: to_rfc3339(version.saved_at_ms),
        })
        .collect();
    Ok(Json(ConfigHistory { site: site.0, revisions }))
}

async fn published(
    _admin: Admin,
    State(state): State<AppState>,
    site: SiteId,
    axum::extract::Path((_, sha256)): axum::extract::Path<(String, String)>,
) -> Result<Response, AppError> {
    let config = state.store().config_by_sha256(site.as_str(), &sha256).await?.ok_or_else(|| {
        let shown: String = sha256.chars().take(64).collect();
        AppError::NotFound(format!("site '{}' never published a config with SHA-256 {shown}", site.as_str()))
    })?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], config).into_response())
}
