//! `GET /v1/sites/{site}/vendors/{language}.json`: a TCF site's vendor layer in one language (the site's vendors
//! only, with the standard texts; see [`crate::vendors_file`]). Public and cacheable like the first layer it is
//! opened from, and revalidated with an ETag naming the config, the language and the vendor list's version.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::compression::CompressionLayer;

use super::freshness::refreshed_in_background;
use super::language_file::LanguageFile;
use super::site_config::if_none_match;
use super::site_id::SiteId;
use crate::error::AppError;
use crate::vendors_file;
use crate::AppState;

/// `GET /v1/sites/{site}/vendors/{language}.json`.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/sites/{site}/vendors/{file}", get(vendors)).layer(CompressionLayer::new())
}

async fn vendors(
    State(state): State<AppState>,
    id: SiteId,
    LanguageFile(language): LanguageFile,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let site = state.sites().get(id.as_str()).await?.ok_or_else(|| id.unknown())?;
    let version = state.vendor_list().map(|list| list.gvl.vendor_list_version).unwrap_or_default();
    let etag = format!("\"{}-{language}-gvl{version}\"", site.sha256);
    let common = [
        (header::ETAG, HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""))),
        (header::CACHE_CONTROL, refreshed_in_background(state.options().config_max_age)),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
    ];
    let body = vendors_file::render(&site.config, &language, state.vendor_list())
        .map_err(|error| AppError::NotFound(error.to_string()))?;
    if if_none_match(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    let json = [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))];
    Ok((common, json, body).into_response())
}
