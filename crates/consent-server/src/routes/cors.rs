//! CORS for the routes a banner calls from the site's pages: the preflight, and the headers on every answer.
//!
//! A preflight carries no record, hence no site: it is granted to an origin that some site allows (or this endpoint's
//! own host). The record's own site is checked when the record arrives (see [`check_origin`]).

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::origin::{is_same_host, request_origin};
use crate::sites::Site;
use crate::AppState;

/// How long a browser may cache a granted preflight.
const PREFLIGHT_MAX_AGE_SECS: &str = "600";

/// Checks a request's origin against the site of its record: no `Origin` (not a page), the endpoint's own host, or an
/// origin the site allows.
pub fn check_origin(headers: &HeaderMap, site: &Site) -> Result<(), AppError> {
    match request_origin(headers) {
        None => Ok(()),
        Some(origin) if is_same_host(&origin, headers) || site.allows(&origin) => Ok(()),
        Some(origin) => Err(AppError::OriginNotAllowed {
            origin: origin.chars().take(120).collect(),
            site: site.config.site.clone(),
        }),
    }
}

/// Answers a CORS preflight: `204` with the allowed method and header for an origin some site allows, `403`
/// otherwise.
pub async fn preflight(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let Some(origin) = request_origin(&headers) else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    if !is_same_host(&origin, &headers) && !state.sites().any_allows(&origin).await? {
        return Err(AppError::PreflightRefused(origin.chars().take(120).collect()));
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let out = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&origin) {
        out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    out.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST"));
    out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type"));
    out.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(PREFLIGHT_MAX_AGE_SECS));
    Ok(response)
}

/// Middleware: lets the page read the answer (success or error) when its origin is one some site allows, echoing
/// that one origin (never `*`, never with credentials), and marks every answer as varying by `Origin` so that caches
/// keep them apart.
pub async fn allow_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let origin = request_origin(request.headers());
    let same_host = origin.as_deref().is_some_and(|origin| is_same_host(origin, request.headers()));
    let mut response = next.run(request).await;
    if let Some(origin) = origin {
        let allowed = same_host || state.sites().any_allows(&origin).await.unwrap_or(false);
        if allowed && !response.headers().contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
            if let Ok(value) = HeaderValue::from_str(&origin) {
                response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
            }
        }
    }
    response.headers_mut().append(header::VARY, HeaderValue::from_static("origin"));
    response
}
