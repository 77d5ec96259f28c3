//! `POST /v1/sites/{site}/purge` (admin): retention. Deletes the site's records older than a number of days and
//! writes a chain checkpoint, so that what remains still verifies.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use consent_core::FieldError;
use serde::Deserialize;

use super::site_config::require_json;
use super::site_id::SiteId;
use crate::admin::Admin;
use crate::error::AppError;
use crate::store::purge::Purged;
use crate::time::now_ms;
use crate::AppState;

/// How long records are kept when the request does not say: 12 months.
pub const DEFAULT_RETENTION_DAYS: u32 = 365;

/// The longest retention a purge accepts (ten years): a larger number is a typo.
const MAX_RETENTION_DAYS: u32 = 3650;

/// The request body; it may be empty.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurgeRequest {
    /// Records received more than this many days ago are deleted. Default 365.
    pub older_than_days: Option<u32>,
}

/// `POST /v1/sites/{site}/purge`.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/sites/{site}/purge", post(purge))
}

async fn purge(
    _admin: Admin,
    State(state): State<AppState>,
    site: SiteId,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Purged>, AppError> {
    let body = body?;
    let request: PurgeRequest = if body.iter().all(u8::is_ascii_whitespace) {
        PurgeRequest::default()
    } else {
        require_json(&headers)?;
        serde_json::from_slice(&body).map_err(|e| {
            AppError::BadParameters(vec![FieldError::new("body", format!("expected {{\"older_than_days\": N}}: {e}"))])
        })?
    };
    let days = request.older_than_days.unwrap_or(DEFAULT_RETENTION_DAYS);
    if !(1..=MAX_RETENTION_DAYS).contains(&days) {
        let reason = format!("must be 1 to {MAX_RETENTION_DAYS}");
        return Err(AppError::BadParameters(vec![FieldError::new("older_than_days", reason)]));
    }
    if !state.store().site_exists(site.as_str()).await? {
        return Err(site.unknown());
    }
    let SiteId(id) = site;
    let cutoff_ms = now_ms().saturating_sub(i64::from(days) * 86_400_000);
    match state.store().purge(&id, cutoff_ms, state.chain_key()).await? {
        Ok(purged) => Ok(Json(purged)),
        Err(broken) => Err(AppError::Conflict(format!(
            "nothing was purged: the records due for deletion fail verification ({broken}); run `consent log verify` \
             and investigate before purging"
        ))),
    }
}
