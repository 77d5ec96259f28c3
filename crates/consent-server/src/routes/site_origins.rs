//! `GET`/`PUT /v1/sites/{site}/origins` (admin): the origins allowed to send a site's consents cross-origin.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::site_config::require_json;
use super::site_id::SiteId;
use crate::admin::Admin;
use crate::error::AppError;
use crate::origin::Origin;
use crate::sites::Site;
use crate::AppState;

/// The body of both routes.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Origins {
    /// `scheme://host[:port]` of each page allowed to send consents (e.g. `https://shop.example`).
    pub origins: Vec<String>,
}

/// `GET` and `PUT /v1/sites/{site}/origins`.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/sites/{site}/origins", get(list).put(replace))
}

async fn list(_admin: Admin, State(state): State<AppState>, id: SiteId) -> Result<Json<Origins>, AppError> {
    let site = state.sites().get(id.as_str()).await?.ok_or_else(|| id.unknown())?;
    Ok(Json(Origins { origins: site.origins.iter().map(|o| o.as_str().to_owned()).collect() }))
}

/// Replaces the site's allow-list; every bad entry is named. The site must have a stored config.
async fn replace(
    _admin: Admin,
    State(state): State<AppState>,
    SiteId(id): SiteId,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Origins>, AppError> {
    require_json(&headers)?;
    let body = body?;
    let wanted: Origins = serde_json::from_slice(&body).map_err(|e| {
        AppError::BadParameters(vec![consent_core::FieldError::new(
            "origins",
            format!("the body must be {{\"origins\": [\"https://…\"]}}: {e}"),
        )])
    })?;
    let origins = Origin::parse_list(&wanted.origins, "origins").map_err(AppError::BadParameters)?;
    let texts: Vec<String> = origins.iter().map(|o| o.as_str().to_owned()).collect();
    if !state.store().set_allowed_origins(&id, &texts).await? {
        return Err(AppError::NotFound(format!("site '{id}' has no stored config: upload its config first")));
    }
    if let Some(row) = state.store().site(&id).await? {
        state.sites().put(Site::from_row(row)?, false);
    }
    Ok(Json(Origins { origins: texts }))
}
