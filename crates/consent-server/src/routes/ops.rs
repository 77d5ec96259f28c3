//! What operators and tools call: `/healthz`, `/metrics`, and the API's description at `/openapi.json`.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::AppState;

/// The API's OpenAPI 3.1 description, as shipped in the crate.
pub const OPENAPI_JSON: &str = include_str!("../../openapi.json");

/// `GET /healthz`, `/metrics` and `/openapi.json`: public, holding nothing about a site or a visitor.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(metrics))
        .route("/openapi.json", get(openapi))
}

/// Prometheus text format. Public, like `/healthz`: it holds totals for the whole server, nothing per site or visitor.
async fn metrics(State(state): State<AppState>) -> Response {
    let body = state.metrics().render(state.store());
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"))], body)
        .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], OPENAPI_JSON).into_response()
}

/// Middleware: counts every response by method, route pattern (`/v1/consents/{consent_id}`, so ids make no labels)
/// and status. Files and unknown paths count as `other`.
pub async fn count_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_owned();
    let route = request.extensions().get::<MatchedPath>().map_or("other", |path| path.as_str()).to_owned();
    let response = next.run(request).await;
    state.metrics().request(&method, &route, response.status().as_u16());
    response
}
