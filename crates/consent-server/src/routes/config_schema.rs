//! `GET /v1/schema/config.json`: the site config's JSON Schema (`consent_core::config::schema`), which configs name
//! in `"$schema"` so that editors complete and check them. Public, like the configs it describes.

use std::sync::LazyLock;

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use consent_core::config::schema;

use super::freshness::refreshed_in_background;
use crate::AppState;

/// The schema, written once: it depends only on this build.
static SCHEMA: LazyLock<String> = LazyLock::new(schema_text);

/// The schema as served and as `consent config schema` prints it (and `schemas/config.schema.json` holds).
pub fn schema_text() -> String {
    let pretty = serde_json::to_string_pretty(&schema::config_schema()).unwrap_or_default();
    format!("{pretty}\n")
}

/// `GET /v1/schema/config.json`: public, as editors fetch it by the config's `"$schema"`.
pub fn router() -> Router<AppState> {
    Router::new().route(schema::PATH, get(serve))
}

async fn serve(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/schema+json")),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
            (header::CACHE_CONTROL, refreshed_in_background(state.options().boot_max_age)),
        ],
        SCHEMA.as_str(),
    )
}
