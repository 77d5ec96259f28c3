//! A site's first layer, rendered here so that the boot loader paints it before the banner's WebAssembly has arrived
//! (`consent_banner::early_layer` says why). Public and cacheable like the config it is rendered from.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use consent_banner::early_layer;
use consent_core::{FieldError, SiteConfig};
use serde::{Deserialize, Serialize};
use tower_http::compression::CompressionLayer;

use super::freshness::refreshed_in_background;
use super::site_config::if_none_match;
use super::{site_id, unknown_site};
use crate::error::AppError;
use crate::store::StoreError;
use crate::AppState;

/// The visitor's languages the boot loader sends, best first; more are ignored (a browser lists a handful).
const MAX_LANGUAGES: usize = 12;
/// A language tag longer than this is no language (BCP 47 tags in use are far shorter).
const MAX_TAG_LENGTH: usize = 35;

/// `GET /v1/sites/{site}/first-layer?lang=fr-FR,fr,en`.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/sites/{site}/first-layer", get(first_layer)).layer(CompressionLayer::new())
}

#[derive(Debug, Deserialize)]
struct Languages {
    /// The page's `<html lang>`, then `navigator.languages`, comma-separated.
    #[serde(default)]
    lang: String,
}

/// What the boot loader paints: the markup for the shadow root, its language, and the host's theme.
#[derive(Debug, Serialize)]
struct Painted {
    /// The SHA-256 of the config it was rendered from: the boot loader paints it only over that very config.
    config_sha256: String,
    language: String,
    html: String,
    attributes: Vec<(&'static str, String)>,
    properties: Vec<(&'static str, String)>,
}

async fn first_layer(
    State(state): State<AppState>,
    site: Result<Path<String>, PathRejection>,
    languages: Result<Query<Languages>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let id = site_id(site)?;
    let Query(languages) =
        languages.map_err(|e| AppError::BadParameters(vec![FieldError::new("lang", e.body_text())]))?;
    let preferences: Vec<&str> = languages
        .lang
        .split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty() && tag.len() <= MAX_TAG_LENGTH)
        .take(MAX_LANGUAGES)
        .collect();
    let site = state.sites().get(&id).await?.ok_or_else(|| unknown_site(&id))?;
    // Rendered from the config exactly as the banner will read it: the served bytes, not the config as uploaded.
    let corrupt = |reason: String| StoreError::Corrupt { site: id.clone(), reason };
    let text = std::str::from_utf8(&site.json).map_err(|e| corrupt(format!("config_json: {e}")))?;
    let config = SiteConfig::from_json(text).map_err(|e| corrupt(format!("config_json: {e}")))?;
    let bundle = state.bundle_dir().to_owned();
    let layer =
        early_layer::render(Arc::new(config), &preferences, |path| std::fs::read_to_string(bundle.join(path)).ok());
    // One rendering per config and chosen language: the ETag names both.
    let etag = format!("\"{}-{}\"", site.sha256, layer.language);
    let common = [
        (header::ETAG, HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""))),
        (header::CACHE_CONTROL, refreshed_in_background(state.options().config_max_age)),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
    ];
    if if_none_match(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    let painted = Painted {
        config_sha256: site.sha256.clone(),
        language: layer.language,
        html: layer.html,
        attributes: layer.attributes,
        properties: layer.properties,
    };
    Ok((common, axum::Json(painted)).into_response())
}
