//! A site's first layer, rendered here so that the boot loader paints it before the banner's WebAssembly has arrived
//! (`consent_banner::early_layer` says why). Public and cacheable like the config it is rendered from.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};

use axum::body::Bytes;
use axum::extract::{Query, State};
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
use super::site_id::SiteId;
use crate::error::AppError;
use crate::sites::Site;
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
    id: SiteId,
    languages: Result<Query<Languages>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Query(languages) =
        languages.map_err(|e| AppError::BadParameters(vec![FieldError::new("lang", e.body_text())]))?;
    let preferences: Vec<&str> = languages
        .lang
        .split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty() && tag.len() <= MAX_TAG_LENGTH)
        .take(MAX_LANGUAGES)
        .collect();
    let site = state.sites().get(id.as_str()).await?.ok_or_else(|| id.unknown())?;
    let rendered = rendered(&state, &site, &preferences)?;
    let common = [
        (header::ETAG, HeaderValue::from_str(&rendered.etag).unwrap_or(HeaderValue::from_static("\"\""))),
        (header::CACHE_CONTROL, refreshed_in_background(state.options().config_max_age)),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
    ];
    if if_none_match(&headers, &rendered.etag) {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    let json = [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))];
    Ok((common, json, rendered.body.clone()).into_response())
}

/// A layer as sent: its ETag (one rendering per config and chosen language) and its JSON.
struct Rendered {
    etag: String,
    body: Bytes,
}

/// Layers rendered so far, by bundle, config and the visitor's languages as sent: rendering parses the config and
/// runs the component, while a site has few languages and changes its config rarely. Emptied when it reaches
/// [`MAX_RENDERED`], so odd language lists cannot grow it without bound.
static RENDERED: LazyLock<Mutex<HashMap<RenderKey, Arc<Rendered>>>> = LazyLock::new(Default::default);
/// The bundle (its locales), the config's SHA-256 and the languages as sent.
type RenderKey = (PathBuf, String, String);
const MAX_RENDERED: usize = 1024;

fn rendered(state: &AppState, site: &Site, preferences: &[&str]) -> Result<Arc<Rendered>, AppError> {
    let bundle = state.bundle_dir().to_owned();
    let key = (bundle.clone(), site.sha256.clone(), preferences.join(","));
    if let Some(hit) = RENDERED.lock().ok().and_then(|cache| cache.get(&key).cloned()) {
        return Ok(hit);
    }
    // Rendered from the config exactly as the banner will read it: the served bytes, not the config as uploaded.
    let corrupt = |reason: String| StoreError::Corrupt { site: site.config.site.clone(), reason };
    let text = std::str::from_utf8(&site.json).map_err(|e| corrupt(format!("config_json: {e}")))?;
    let config = SiteConfig::from_json(text).map_err(|e| corrupt(format!("config_json: {e}")))?;
    let layer =
        early_layer::render(Arc::new(config), preferences, |path| std::fs::read_to_string(bundle.join(path)).ok())
            .map_err(|path| {
                AppError::NotFound(format!("no first layer in that language here: this server has no bundle {path}"))
            })?;
    let etag = format!("\"{}-{}\"", site.sha256, layer.language);
    let painted = Painted {
        config_sha256: site.sha256.clone(),
        language: layer.language,
        html: layer.html,
        attributes: layer.attributes,
        properties: layer.properties,
    };
    let body = Bytes::from(serde_json::to_vec(&painted).map_err(|e| corrupt(format!("rendering: {e}")))?);
    let rendered = Arc::new(Rendered { etag, body });
    if let Ok(mut cache) = RENDERED.lock() {
        if cache.len() >= MAX_RENDERED {
            cache.clear();
        }
        cache.insert(key, rendered.clone());
    }
    Ok(rendered)
}
