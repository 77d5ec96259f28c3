//! A site's first layer, rendered here so that the boot loader paints it before the banner's WebAssembly has arrived
//! (`consent_banner::early_layer` says why). Public and cacheable like the config it is rendered from.
//!
//! `GET /v1/sites/{site}/first-layer/{language}.json` is what the boot loader asks for, having chosen the language as
//! the banner will: a plain path, which `consent config export-static` writes as files for a static host or a CDN
//! (see [`crate::first_layer_file`]). `GET /v1/sites/{site}/first-layer?lang=fr-FR,fr,en` chooses the language here,
//! for the deferred boot loaders of earlier releases still cached in browsers (they are immutable for a year).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use consent_core::language::choose_language;
use consent_core::regions::Applicable;
use consent_core::FieldError;
use serde::Deserialize;
use tower_http::compression::CompressionLayer;

use super::freshness::refreshed_in_background;
use super::language_file::LanguageFile;
use super::site_config::if_none_match;
use super::site_id::SiteId;
use crate::error::AppError;
use crate::first_layer_file::{self, FirstLayerError};
use crate::sites::Site;
use crate::store::StoreError;
use crate::visitor_region;
use crate::AppState;

/// The visitor's languages an earlier boot loader sends, best first; more are ignored (a browser lists a handful).
const MAX_LANGUAGES: usize = 12;
/// A language tag longer than this is no language (BCP 47 tags in use are far shorter).
const MAX_TAG_LENGTH: usize = 35;

/// `GET /v1/sites/{site}/first-layer/{language}.json` and `GET /v1/sites/{site}/first-layer?lang=…`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/sites/{site}/first-layer/{file}", get(first_layer_file))
        .route("/v1/sites/{site}/first-layer", get(first_layer_for_languages))
        .layer(CompressionLayer::new())
}

/// `?region=US-CA`: a region a page forces, to test its regimes (see [`visitor_region::forced`]).
#[derive(Debug, Deserialize)]
struct Forced {
    region: Option<String>,
}

/// The layer in the language the path names.
async fn first_layer_file(
    State(state): State<AppState>,
    id: SiteId,
    LanguageFile(language): LanguageFile,
    forced: Result<Query<Forced>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Query(forced) = forced.map_err(|e| AppError::BadParameters(vec![FieldError::new("region", e.body_text())]))?;
    let site = state.sites().get(id.as_str()).await?.ok_or_else(|| id.unknown())?;
    respond(&state, &site, &language, &headers, forced.region.as_deref())
}

#[derive(Debug, Deserialize)]
struct Languages {
    /// The page's `<html lang>`, then `navigator.languages`, comma-separated.
    #[serde(default)]
    lang: String,
}

async fn first_layer_for_languages(
    State(state): State<AppState>,
    id: SiteId,
    languages: Result<Query<Languages>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Query(languages) =
        languages.map_err(|e| AppError::BadParameters(vec![FieldError::new("lang", e.body_text())]))?;
    let preferences = languages
        .lang
        .split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty() && tag.len() <= MAX_TAG_LENGTH)
        .take(MAX_LANGUAGES);
    let site = state.sites().get(id.as_str()).await?.ok_or_else(|| id.unknown())?;
    let language = choose_language(preferences, &site.config.languages());
    respond(&state, &site, language.as_str(), &headers, None)
}

/// The layer as sent: public, cached like the config (refreshed in the background), revalidated with its ETag.
///
/// For a site with `regions`, the layer names the visitor's regime, read from the trusted region headers: it is
/// rendered per jurisdiction (its ETag names it) and `Vary`s on those headers, so that a CDN keeps one copy per
/// region. A site without `regions` gets the same bytes and headers whatever the visitor's region.
/// A region the page forced (`forced`) replaces the headers' (and the response does not vary on them).
fn respond(
    state: &AppState,
    site: &Site,
    language: &str,
    headers: &HeaderMap,
    forced: Option<&str>,
) -> Result<Response, AppError> {
    let trusted = state.options().region_headers.as_ref().filter(|_| forced.is_none());
    let region = site.config.regions.as_ref().map(|_| match forced {
        Some(region) => visitor_region::forced(&site.config, region),
        None => visitor_region::applicable(&site.config, trusted, headers),
    });
    let rendered = rendered(state, site, language, region.as_ref())?;
    let common = [
        (header::ETAG, HeaderValue::from_str(&rendered.etag).unwrap_or(HeaderValue::from_static("\"\""))),
        (header::CACHE_CONTROL, refreshed_in_background(state.options().config_max_age)),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
    ];
    let mut response = if if_none_match(headers, &rendered.etag) {
        (StatusCode::NOT_MODIFIED, common).into_response()
    } else {
        let json = [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))];
        (common, json, rendered.body.clone()).into_response()
    };
    if let Some(names) = region.and(trusted).and_then(|trusted| HeaderValue::from_str(&trusted.vary()).ok()) {
        response.headers_mut().append(header::VARY, names);
    }
    Ok(response)
}

/// A layer as sent: its ETag (one rendering per config and language) and its JSON.
struct Rendered {
    etag: String,
    body: Bytes,
}

/// Layers rendered so far, by bundle, config and language: rendering parses the config and runs the component, while
/// a site has few languages and changes its config rarely. Emptied when it reaches [`MAX_RENDERED`], so that configs
/// replaced over a long run cannot grow it without bound.
static RENDERED: LazyLock<Mutex<HashMap<RenderKey, Arc<Rendered>>>> = LazyLock::new(Default::default);
/// The bundle (its locales), the config's SHA-256, the language and, for a site with `regions`, the jurisdiction.
type RenderKey = (PathBuf, String, String, Option<String>);
const MAX_RENDERED: usize = 1024;

fn rendered(
    state: &AppState,
    site: &Site,
    language: &str,
    region: Option<&Applicable>,
) -> Result<Arc<Rendered>, AppError> {
    let bundle = state.bundle_dir().to_owned();
    let jurisdiction = region.map(|region| region.jurisdiction.clone());
    // A new vendor list (a restart with a newer file) changes a TCF site's layer: its version is in the key and tag.
    let gvl = state.vendor_list().filter(|_| site.config.tcf.is_some()).map(|list| list.gvl.vendor_list_version);
    let gvl_tag = gvl.map(|version| format!("-gvl{version}")).unwrap_or_default();
    let key = (bundle.clone(), format!("{}{gvl_tag}", site.sha256), language.to_owned(), jurisdiction.clone());
    if let Some(hit) = RENDERED.lock().ok().and_then(|cache| cache.get(&key).cloned()) {
        return Ok(hit);
    }
    let body = first_layer_file::render(
        &site.json,
        &site.sha256,
        language,
        &bundle,
        Some(state.site_dir()),
        region,
        state.vendor_list(),
    );
    let body = body.map_err(|error| match error {
        FirstLayerError::Unreadable(reason) => AppError::Store(StoreError::Corrupt {
            site: site.config.site.clone(),
            reason: format!("config_json: {reason}"),
        }),
        other => AppError::NotFound(other.to_string()),
    })?;
    let etag = match jurisdiction {
        Some(jurisdiction) => format!("\"{}-{language}{gvl_tag}-{jurisdiction}\"", site.sha256),
        None => format!("\"{}-{language}{gvl_tag}\"", site.sha256),
    };
    let rendered = Arc::new(Rendered { etag, body });
    if let Ok(mut cache) = RENDERED.lock() {
        if cache.len() >= MAX_RENDERED {
            cache.clear();
        }
        cache.insert(key, rendered.clone());
    }
    Ok(rendered)
}
