//! A site's banner config: served to the banner (`GET`, public, cacheable with an ETag) and uploaded by the site
//! owner (`PUT`, admin).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use consent_core::{ConfigError, FieldError, SiteConfig};
use serde::Serialize;
use tower_http::compression::CompressionLayer;

use super::freshness::refreshed_in_background;
use super::site_id::{unknown_site, SiteId};
use crate::admin::Admin;
use crate::error::{AppError, MAX_CONFIG_BYTES};
use crate::sites::Site;
use crate::store::sites::{NewConfig, SaveRule, Saved};
use crate::AppState;

/// `GET`/`PUT /v1/sites/{site}/config` and `GET /consent.json` (the default site's config, byte for byte).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/sites/{site}/config", get(config).put(upload).layer(DefaultBodyLimit::max(MAX_CONFIG_BYTES)))
        .route("/consent.json", get(default_config))
        // Served with every default filled in, a config is several times the file written: compressed, it is not.
        .layer(CompressionLayer::new())
}

async fn config(State(state): State<AppState>, id: SiteId, headers: HeaderMap) -> Result<Response, AppError> {
    let site = state.sites().get(id.as_str()).await?.ok_or_else(|| id.unknown())?;
    Ok(serve(&site, &headers, &state))
}

async fn default_config(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let id =
        state.sites().default_site().ok_or_else(|| AppError::NotFound("this server has no default site".into()))?;
    let site = state.sites().get(id).await?.ok_or_else(|| unknown_site(id))?;
    Ok(serve(&site, &headers, &state))
}

/// The config bytes with their ETag, or `304 Not Modified` when the browser's copy (`If-None-Match`) is current.
/// The config is public: any page may read it (`Access-Control-Allow-Origin: *`, without credentials). Browsers use
/// their copy for the config max age, then refresh it in the background (see [`super::freshness`]), so a returning
/// visitor's page view never waits for it.
fn serve(site: &Site, headers: &HeaderMap, state: &AppState) -> Response {
    let etag = site.etag();
    let common = [
        (header::ETAG, HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""))),
        (header::CACHE_CONTROL, refreshed_in_background(state.options().config_max_age)),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
    ];
    if if_none_match(headers, &etag) {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (common, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], site.json.clone()).into_response()
}

/// Whether `If-None-Match` names `etag` (weak or strong) or is `*`.
pub(super) fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|value| value.to_str().ok()).any(|value| {
        value.split(',').map(str::trim).any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
    })
}

/// What `PUT /v1/sites/{site}/config` answers.
#[derive(Debug, Serialize)]
pub struct Uploaded {
    /// The site the config is for.
    pub site: String,
    /// The config's revision, now the site's current one (or already so).
    pub revision: u32,
    /// SHA-256 (lowercase hex) of the config as served, which records made under it will carry.
    pub config_sha256: String,
    /// `saved`: now served; `unchanged`: the site already had exactly this config.
    pub status: &'static str,
}

/// Replaces a site's config (or creates the site). The config must pass every check of
/// [`SiteConfig::from_json`] (all problems are listed), name the site of the URL, and carry a higher `revision` than
/// the current one (re-sending the current config is a harmless no-op). A `tcf` section must name only vendors of
/// the server's Global Vendor List (and the server must have one). It is served at once by this server, by
/// others within their refresh interval, and kept in the site's config history.
async fn upload(
    _admin: Admin,
    State(state): State<AppState>,
    SiteId(id): SiteId,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Uploaded>, AppError> {
    let config = config_from_body(&headers, body)?;
    if config.site != id {
        let reason = format!("is '{}' but the config is uploaded for site '{id}'", config.site);
        return Err(AppError::InvalidConfig(vec![FieldError::new("site", reason)]));
    }
    consent_core::tcf::check_site(&config, state.vendor_list()).map_err(AppError::InvalidConfig)?;
    let site = Site::from_config(config, Vec::new());
    let revision = site.config.revision;
    if let Some(current) = state.sites().get(&id).await? {
        if current.sha256 != site.sha256 && current.config.revision >= revision {
            return Err(not_newer(revision, i64::from(current.config.revision)));
        }
    }
    let json = String::from_utf8_lossy(&site.json).into_owned();
    let new = NewConfig {
        site: &id,
        revision: i64::from(revision),
        json: &json,
        sha256: &site.sha256,
        allowed_origins: None,
    };
    let status = match state.store().save_config(new, SaveRule::RevisionMustIncrease).await? {
        Saved::Saved => "saved",
        Saved::Unchanged => "unchanged",
        Saved::NotNewer { current } => return Err(not_newer(revision, current)),
    };
    if let Some(row) = state.store().site(&id).await? {
        state.sites().put(Site::from_row(row)?, false);
    }
    Ok(Json(Uploaded { site: id, revision, config_sha256: site.sha256, status }))
}

fn not_newer(revision: u32, current: i64) -> AppError {
    AppError::Conflict(format!(
        "revision {revision} is not newer than the site's current revision {current}: bump `revision` whenever the \
         config changes, so that visitors are asked again"
    ))
}

/// The config an admin request carries as its JSON body (at most [`MAX_CONFIG_BYTES`]), checked as
/// [`SiteConfig::from_json`] checks it: every problem is listed, each naming its field.
pub(crate) fn config_from_body(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<SiteConfig, AppError> {
    require_json(headers)?;
    let body = body.map_err(|rejection| match AppError::from(rejection) {
        AppError::TooLarge(_) => AppError::TooLarge(MAX_CONFIG_BYTES),
        other => other,
    })?;
    let text = std::str::from_utf8(&body).map_err(|_| AppError::MalformedConfig("the body is not UTF-8".into()))?;
    SiteConfig::from_json(text).map_err(|error| match error {
        ConfigError::Malformed(reason) => AppError::MalformedConfig(reason),
        ConfigError::Invalid(problems) => AppError::InvalidConfig(problems),
    })
}

/// Admin uploads are JSON (a missing content type is accepted, as curl sends none by default with `--data-binary`).
pub(crate) fn require_json(headers: &HeaderMap) -> Result<(), AppError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else { return Ok(()) };
    let text = value.to_str().unwrap_or_default();
    if text.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(AppError::UnsupportedMediaType { expected: "application/json", got: text.chars().take(80).collect() })
    }
}
