//! `GET /v1/sites/{site}/consents` (admin): the site's log as NDJSON or CSV, streamed, with the chain hashes.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use consent_core::FieldError;
use futures_util::TryStreamExt;
use serde::Deserialize;

use super::query_params::QueryParams;
use super::site_id::SiteId;
use crate::admin::Admin;
use crate::error::AppError;
use crate::export::{self, Format};
use crate::store::pages::Range;
use crate::time::parse_time;
use crate::AppState;

/// The query of the export (and of the statistics, which ignore `format`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// `ndjson` or `csv`; without it, the `Accept` header decides, and NDJSON is the default.
    pub format: Option<String>,
    /// Records received at or after this time: Unix milliseconds or RFC 3339.
    pub from: Option<String>,
    /// Records received before this time: Unix milliseconds or RFC 3339.
    pub to: Option<String>,
}

/// `GET /v1/sites/{site}/consents`.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/sites/{site}/consents", get(export_log))
}

/// The time window `[from, to)` of a query, every bad bound named.
pub(crate) fn time_window(from: Option<&str>, to: Option<&str>) -> Result<(i64, i64), Vec<FieldError>> {
    let mut problems = Vec::new();
    let mut bound = |name: &str, text: Option<&str>, default: i64| match text.map(parse_time) {
        None => default,
        Some(Ok(ms)) => ms,
        Some(Err(reason)) => {
            problems.push(FieldError::new(name, reason));
            default
        }
    };
    let (from_ms, to_ms) = (bound("from", from, i64::MIN), bound("to", to, i64::MAX));
    if problems.is_empty() && from_ms >= to_ms {
        problems.push(FieldError::new("to", "must be later than from"));
    }
    if problems.is_empty() {
        Ok((from_ms, to_ms))
    } else {
        Err(problems)
    }
}

async fn export_log(
    _admin: Admin,
    State(state): State<AppState>,
    site: SiteId,
    headers: HeaderMap,
    QueryParams(query): QueryParams<ExportQuery>,
) -> Result<Response, AppError> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let format = match &query.format {
        Some(name) => Format::parse(name).ok_or_else(|| {
            let shown: String = name.chars().take(40).collect();
            AppError::BadParameters(vec![FieldError::new("format", format!("'{shown}' is not ndjson or csv"))])
        })?,
        None => Format::from_accept(accept).unwrap_or(Format::Ndjson),
    };
    let (from_ms, to_ms) = time_window(query.from.as_deref(), query.to.as_deref()).map_err(AppError::BadParameters)?;
    site.require_logged_or_served(&state).await?;
    let SiteId(id) = site;
    let range = Range { site: id.clone(), from_ms, to_ms };
    let id_for_log = id.clone();
    // A failure mid-stream can only cut the response short (the status is sent); the log says why.
    let rows = export::stream(state.store().clone(), range, format).inspect_err(move |error| {
        tracing::error!(%error, site = %id_for_log, "an export was cut short");
    });
    let body = Body::from_stream(rows);
    let disposition = format!("attachment; filename=\"consents-{id}.{}\"", format.extension());
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(format.content_type())),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response())
}
