//! `POST /v1/admin/gvl/preview`: what the endpoint would serve the banner of a TCF config it does not serve yet (a
//! draft in the console), so that the console's live preview shows the draft's vendors before it is published: in
//! `?language=` (default `en`), the first layer's TCF statement (the `tcf` field of
//! `GET /v1/sites/{site}/first-layer/{language}.json`) and the vendor layer
//! (`GET /v1/sites/{site}/vendors/{language}.json`), built from the endpoint's Global Vendor List as those public
//! routes build them for a published config. One language, not all of the config's: the preview shows one, and a
//! vendor layer of a real site's vendors runs to tens of kilobytes.
//!
//! Admin-only, and it stores nothing: the public routes keep serving only published configs to visitors.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::{Json, Router};
use consent_core::tcf::{check_site, FirstLayerTcf, VendorLayer};
use consent_core::{FieldError, LanguageTag};
use serde::{Deserialize, Serialize};

use super::gvl_vendors::{loaded, no_store};
use super::query_params::QueryParams;
use super::site_config::config_from_body;
use crate::admin::Admin;
use crate::error::{AppError, MAX_CONFIG_BYTES};
use crate::AppState;

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/admin/gvl/preview", post(preview).layer(DefaultBodyLimit::max(MAX_CONFIG_BYTES)))
}

/// The query.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviewQuery {
    /// The language of the texts (`de`, `pt-BR`), one the config speaks; default `en`.
    language: Option<String>,
}

/// What the banner would get in that language.
#[derive(Debug, Serialize)]
struct PreviewAnswer {
    /// The language, as the banner names it in the paths it fetches.
    language: String,
    /// What the first layer states (vendor count, stacks, purposes).
    statement: FirstLayerTcf,
    /// The vendor layer and the terms of its TC strings.
    vendors: VendorLayer,
}

/// The posted config must pass the checks publishing runs (its vendors among the list's, none deleted), have a
/// `tcf` section (without one there is nothing to preview here) and speak the language asked for.
async fn preview(
    _admin: Admin,
    State(state): State<AppState>,
    QueryParams(query): QueryParams<PreviewQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let config = config_from_body(&headers, body)?;
    let asked = query.language.unwrap_or_else(|| "en".into());
    let language = LanguageTag::try_from(asked.as_str())
        .ok()
        .filter(|tag| tag.as_str() == asked && config.languages().contains(tag))
        .ok_or_else(|| {
            let shown: String = asked.chars().take(40).collect();
            let reason = format!("'{shown}' is not a language this config's banner speaks (for example 'en' or 'de')");
            AppError::BadParameters(vec![FieldError::new("language", reason)])
        })?;
    let list = loaded(&state)?;
    let Some(disclosure) = check_site(&config, Some(list)).map_err(AppError::InvalidConfig)? else {
        return Err(AppError::InvalidConfig(vec![FieldError::new(
            "tcf",
            "is missing: a config without IAB TCF has no vendors to preview",
        )]));
    };
    let texts = list.texts(language.as_str());
    Ok(no_store(Json(PreviewAnswer {
        statement: FirstLayerTcf::new(&disclosure, &texts),
        vendors: VendorLayer::new(&disclosure, &texts, language.as_str()),
        language: language.to_string(),
    })))
}
