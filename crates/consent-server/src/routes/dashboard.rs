//! `GET /v1/sites/{site}/dashboard` (admin): the console's dashboard numbers for a range of UTC days, as JSON or CSV,
//! answered from the daily rollups (see `store/dashboard.rs`), so a year of a busy site costs what a quiet one does.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use consent_core::FieldError;
use serde::Deserialize;

use super::query_params::QueryParams;
use super::site_id::SiteId;
use crate::admin::Admin;
use crate::dashboard::{Dashboard, Granularity};
use crate::error::AppError;
use crate::store::dashboard::{day_start, DAY_MS};
use crate::time::{now_ms, parse_time};
use crate::AppState;

/// Days shown when the request names no `from`: the last 30, today included.
pub const DEFAULT_DAYS: i64 = 30;

/// The longest range one request covers (about ten years): more is a typo, and would be a very long answer.
pub const MAX_DAYS: i64 = 3660;

/// The query string.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DashboardQuery {
    /// The first day: its records and every later one. Unix milliseconds or RFC 3339; counted from its UTC day.
    pub from: Option<String>,
    /// The end (exclusive); a time within a day counts that whole day. Default: the end of today (UTC).
    pub to: Option<String>,
    /// `day` (default), `week` (ISO, from Monday) or `month`.
    pub granularity: Option<String>,
    /// `json` or `csv`; without it, `Accept: text/csv` asks for CSV.
    pub format: Option<String>,
}

/// `GET /v1/sites/{site}/dashboard`.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/sites/{site}/dashboard", get(dashboard))
}

async fn dashboard(
    _admin: Admin,
    State(state): State<AppState>,
    site: SiteId,
    headers: HeaderMap,
    QueryParams(query): QueryParams<DashboardQuery>,
) -> Result<Response, AppError> {
    let request = Request::read(&query, &headers, now_ms()).map_err(AppError::BadParameters)?;
    site.require_logged_or_served(&state).await?;
    let SiteId(id) = site;
    let rows = state.store().dashboard_rows(&id, request.from_day_ms, request.to_day_ms).await?;
    let dashboard = Dashboard::build(&id, request.from_day_ms, request.to_day_ms, request.granularity, &rows);
    let no_store = (header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if request.csv {
        let disposition = format!("attachment; filename=\"{id}-dashboard-{}-{}.csv\"", dashboard.from, dashboard.to);
        let disposition =
            HeaderValue::from_str(&disposition).unwrap_or_else(|_| HeaderValue::from_static("attachment"));
        let headers = [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition),
            no_store,
        ];
        return Ok((headers, dashboard.to_csv()).into_response());
    }
    Ok(([no_store], Json(dashboard)).into_response())
}

/// A checked request: whole UTC days `[from_day_ms, to_day_ms)`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Request {
    from_day_ms: i64,
    to_day_ms: i64,
    granularity: Granularity,
    csv: bool,
}

impl Request {
    /// Reads the query at `now_ms`, naming every bad parameter.
    fn read(query: &DashboardQuery, headers: &HeaderMap, now_ms: i64) -> Result<Self, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut time = |name: &str, text: &Option<String>| match text.as_deref().map(parse_time) {
            None => None,
            Some(Ok(ms)) => Some(ms),
            Some(Err(reason)) => {
                problems.push(FieldError::new(name, reason));
                None
            }
        };
        let (from, to) = (time("from", &query.from), time("to", &query.to));
        let to_day_ms = day_end(to.unwrap_or(now_ms));
        let from_day_ms = from.map_or(to_day_ms.saturating_sub(DEFAULT_DAYS * DAY_MS), day_start);
        let granularity = match query.granularity.as_deref() {
            None => Granularity::Day,
            Some(name) => Granularity::parse(name).unwrap_or_else(|| {
                problems.push(FieldError::new("granularity", format!("'{}' is not day, week or month", shown(name))));
                Granularity::Day
            }),
        };
        let csv = match query.format.as_deref() {
            None => headers
                .get(header::ACCEPT)
                .and_then(|accept| accept.to_str().ok())
                .is_some_and(|accept| accept.split(',').any(|kind| kind.trim().starts_with("text/csv"))),
            Some("json") => false,
            Some("csv") => true,
            Some(other) => {
                problems.push(FieldError::new("format", format!("'{}' is not json or csv", shown(other))));
                false
            }
        };
        if problems.is_empty() {
            let days = (to_day_ms - from_day_ms) / DAY_MS;
            if days <= 0 {
                problems.push(FieldError::new("to", "must be later than from"));
            } else if days > MAX_DAYS {
                problems.push(FieldError::new("to", format!("the range is {days} days; at most {MAX_DAYS} are shown")));
            }
        }
        if problems.is_empty() {
            Ok(Request { from_day_ms, to_day_ms, granularity, csv })
        } else {
            Err(problems)
        }
    }
}

/// The midnight UTC at or after `ms`: an end that falls within a day counts that whole day.
fn day_end(ms: i64) -> i64 {
    let start = day_start(ms);
    if start == ms {
        start
    } else {
        start.saturating_add(DAY_MS)
    }
}

fn shown(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOON: i64 = 1_764_000_000_000; // 2025-11-24T16:00:00Z
    const MIDNIGHT: i64 = 1_763_942_400_000; // 2025-11-24T00:00:00Z

    fn read(query: &str, accept: Option<&str>) -> Result<Request, Vec<FieldError>> {
        let query: DashboardQuery = query_of(query);
        let mut headers = HeaderMap::new();
        if let Some(accept) = accept {
            headers.insert(header::ACCEPT, HeaderValue::from_str(accept).unwrap());
        }
        Request::read(&query, &headers, NOON)
    }

    fn query_of(query: &str) -> DashboardQuery {
        let pairs: serde_json::Map<String, serde_json::Value> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap();
                (name.to_owned(), serde_json::Value::String(value.to_owned()))
            })
            .collect();
        serde_json::from_value(serde_json::Value::Object(pairs)).unwrap()
    }

    #[test]
    fn the_default_is_the_last_30_days_today_included_per_day_as_json() {
        let request = read("", None).unwrap();
        assert_eq!(request.to_day_ms, MIDNIGHT + DAY_MS);
        assert_eq!(request.from_day_ms, MIDNIGHT - 29 * DAY_MS);
        assert_eq!((request.granularity, request.csv), (Granularity::Day, false));
    }

    #[test]
    fn bounds_are_widened_to_whole_utc_days() {
        let request = read(&format!("from={NOON}&to=2025-11-25T00:00:00Z&granularity=week"), None).unwrap();
        assert_eq!((request.from_day_ms, request.to_day_ms), (MIDNIGHT, MIDNIGHT + DAY_MS));
        assert_eq!(request.granularity, Granularity::Week);
        assert!(read("format=csv", None).unwrap().csv);
        assert!(read("", Some("text/html, text/csv;q=0.9")).unwrap().csv);
        assert!(!read("format=json", Some("text/csv")).unwrap().csv);
    }

    #[test]
    fn bad_parameters_are_each_named() {
        let problems = read("from=yesterday&granularity=hour&format=xml", None).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|problem| problem.path.as_str()).collect();
        assert_eq!(paths, ["from", "granularity", "format"]);
        assert_eq!(read("from=2025-11-25&to=2025-11-24", None).unwrap_err()[0].path, "to");
        assert!(read("from=1990-01-01", None).unwrap_err()[0].reason.contains("at most 3660"));
    }
}
