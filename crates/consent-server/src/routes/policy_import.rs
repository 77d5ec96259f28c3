//! `POST /v1/policy/import` (admin): imports a privacy policy written as Markdown or plain text and answers what
//! `consent policy import` prints — its sections, the tracking technologies it mentions and the consent categories its
//! text supports — so that the console can show them without linking the importer into its WebAssembly.
//!
//! Nothing is stored: the answer is computed from the body alone.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use consent_core::FieldError;
use consent_policy_import::{import, PolicyFormat, PolicyReport};
use serde::Deserialize;

use super::site_config::require_json;
use crate::admin::Admin;
use crate::error::AppError;
use crate::AppState;

/// The longest body accepted, in bytes: a policy is a few tens of kilobytes; one written into a config must fit in
/// the config's own limit anyway.
pub const MAX_POLICY_BODY_BYTES: usize = 256 * 1024;

/// The body: the policy's text and how it is written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportRequest {
    /// The policy, as UTF-8 text.
    text: String,
    /// `markdown` or `text`.
    format: String,
}

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/policy/import", post(import_policy)).layer(DefaultBodyLimit::max(MAX_POLICY_BODY_BYTES))
}

/// Imports the body's policy; a body that is not `{"text": …, "format": …}`, an unknown format, or a text that is
/// empty or binary is a 400 naming the field.
async fn import_policy(
    _admin: Admin,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    require_json(&headers)?;
    let body = body.map_err(|rejection| match AppError::from(rejection) {
        AppError::TooLarge(_) => AppError::TooLarge(MAX_POLICY_BODY_BYTES),
        other => other,
    })?;
    let request: ImportRequest = serde_json::from_slice(&body).map_err(|e| {
        let field = ["text", "format"].into_iter().find(|f| e.to_string().contains(&format!("`{f}`")));
        bad(field.unwrap_or("text"), format!("the body must be {{\"text\": \"…\", \"format\": \"markdown\"}}: {e}"))
    })?;
    let format = match request.format.as_str() {
        "markdown" => PolicyFormat::Markdown,
        "text" => PolicyFormat::Text,
        other => {
            let shown: String = other.chars().take(20).collect();
            return Err(bad("format", format!("'{shown}' is not a policy format: use 'markdown' or 'text'")));
        }
    };
    let policy = import(&request.text, format).map_err(|e| bad("text", e.to_string()))?;
    let report = PolicyReport::new(policy);
    Ok(([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Json(report)).into_response())
}

fn bad(field: &str, reason: String) -> AppError {
    AppError::BadParameters(vec![FieldError::new(field, reason)])
}
