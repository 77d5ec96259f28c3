//! `GET /v1/admin/endpoint` (admin): what this endpoint was started with that a site's config depends on, so the
//! console can say so next to the sections that need it: the trusted region headers (`--region-header`, without
//! which every visitor is of unknown region and the strictest regime applies) and the Global Vendor List (`--gvl`,
//! without which a config with a `tcf` section is refused).

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::admin::Admin;
use crate::error::AppError;
use crate::AppState;

/// The answer.
#[derive(Debug, Serialize)]
struct EndpointSetup {
    /// The header the visitor's country (or `US-CA` whole) is read from; `null` without `--region-header`.
    region_header: Option<String>,
    /// The header the subdivision is read from, if apart (`--subdivision-header`).
    subdivision_header: Option<String>,
    /// The Global Vendor List loaded with `--gvl`; `null` without one.
    gvl: Option<GvlSetup>,
}

/// The loaded list.
#[derive(Debug, Serialize)]
struct GvlSetup {
    vendor_list_version: u16,
    tcf_policy_version: u8,
    /// As the list states it (RFC 3339).
    last_updated: String,
    /// Vendors in the list, deleted ones included.
    vendor_count: usize,
    /// The languages IAB's translations were loaded for (English is the list's own).
    languages: Vec<String>,
}

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/admin/endpoint", get(setup))
}

async fn setup(_admin: Admin, State(state): State<AppState>) -> Result<Response, AppError> {
    let headers = state.options().region_headers.as_ref();
    let answer = EndpointSetup {
        region_header: headers.map(|h| h.country.to_string()),
        subdivision_header: headers.and_then(|h| h.subdivision.as_ref()).map(ToString::to_string),
        gvl: state.vendor_list().map(|list| GvlSetup {
            vendor_list_version: list.gvl.vendor_list_version,
            tcf_policy_version: list.gvl.tcf_policy_version,
            last_updated: list.gvl.last_updated.clone(),
            vendor_count: list.gvl.vendors.len(),
            languages: list.translations.keys().cloned().collect(),
        }),
    };
    Ok(([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Json(answer)).into_response())
}
