//! `GET /v1/sites/{site}/found-trackers?days=30` (admin): the trackers auto-blocking held on the site's pages that its
//! config does not name, from the newest records (see [`crate::found_report`]), for the console's "Found on your
//! site".

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use consent_core::FieldError;
use serde::{Deserialize, Serialize};

use super::query_params::QueryParams;
use super::site_id::SiteId;
use crate::admin::Admin;
use crate::error::AppError;
use crate::found_report::{summarise, FoundTracker};
use crate::store::dashboard::DAY_MS;
use crate::time::now_ms;
use crate::AppState;

/// Days looked back when the request names none.
const DEFAULT_DAYS: i64 = 30;
/// The longest look back: as long as a choice may be kept (13 months).
const MAX_DAYS: i64 = 395;
/// The most records read: the newest ones of the range, so that a busy site's answer costs what a quiet one's does.
pub const RECORDS_READ: i64 = 50_000;

/// The query string.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FoundQuery {
    /// How many days to look back, 1 to 395; default 30.
    days: Option<String>,
}

/// The answer.
#[derive(Debug, Serialize)]
struct FoundAnswer {
    site: String,
    /// The start of the range looked at (Unix ms).
    since_ms: i64,
    /// At most this many of the range's newest records were read.
    records_read_at_most: i64,
    /// Most often met first.
    trackers: Vec<FoundTracker>,
}

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/sites/{site}/found-trackers", get(found_trackers))
}

async fn found_trackers(
    _admin: Admin,
    State(state): State<AppState>,
    site: SiteId,
    QueryParams(query): QueryParams<FoundQuery>,
) -> Result<Response, AppError> {
    let days = match query.days.as_deref() {
        None => DEFAULT_DAYS,
        Some(text) => text.parse::<i64>().ok().filter(|days| (1..=MAX_DAYS).contains(days)).ok_or_else(|| {
            let shown: String = text.chars().take(20).collect();
            AppError::BadParameters(vec![FieldError::new(
                "days",
                format!("'{shown}' is not a number of days from 1 to {MAX_DAYS}"),
            )])
        })?,
    };
    site.require_logged_or_served(&state).await?;
    let SiteId(id) = site;
    let since_ms = now_ms().saturating_sub(days * DAY_MS);
    let lists = state.store().found_tracker_lists(&id, since_ms, RECORDS_READ).await?;
    let answer = FoundAnswer { site: id, since_ms, records_read_at_most: RECORDS_READ, trackers: summarise(&lists) };
    Ok(([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Json(answer)).into_response())
}
