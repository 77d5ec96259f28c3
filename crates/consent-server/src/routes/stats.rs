//! `GET /v1/sites/{site}/stats` (admin): decisions and opt-in rate per day and category.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::export::time_window;
use super::query_params::QueryParams;
use super::site_id::SiteId;
use crate::admin::Admin;
use crate::error::AppError;
use crate::stats::{DayStats, Tally};
use crate::store::pages::Range;
use crate::AppState;

/// The time window: records received in `[from, to)`, each Unix milliseconds or RFC 3339.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsQuery {
    /// Records received at or after this time; the beginning of the log when absent.
    pub from: Option<String>,
    /// Records received before this time; no end when absent.
    pub to: Option<String>,
}

/// The answer.
#[derive(Debug, Serialize)]
pub struct Stats {
    /// The site counted.
    pub site: String,
    /// One entry per UTC day that has records, oldest first.
    pub days: Vec<DayStats>,
}

/// `GET /v1/sites/{site}/stats`.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/sites/{site}/stats", get(stats))
}

/// Reads the window's records a page at a time (decisions only) and adds them up.
async fn stats(
    _admin: Admin,
    State(state): State<AppState>,
    site: SiteId,
    QueryParams(query): QueryParams<StatsQuery>,
) -> Result<Json<Stats>, AppError> {
    let (from_ms, to_ms) = time_window(query.from.as_deref(), query.to.as_deref()).map_err(AppError::BadParameters)?;
    site.require_logged_or_served(&state).await?;
    let SiteId(id) = site;
    let range = Range { site: id.clone(), from_ms, to_ms };
    let mut tally = Tally::default();
    let mut after = i64::MIN;
    loop {
        let page = state.store().decision_page(&range, after).await?;
        for (_, received_at_ms, decisions) in &page {
            tally.add(*received_at_ms, decisions);
        }
        match page.last() {
            Some((seq, _, _)) => after = *seq,
            None => break,
        }
    }
    Ok(Json(Stats { site: id, days: tally.days() }))
}
