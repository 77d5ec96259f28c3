//! What a browser loads from the endpoint besides the consent API: the site config, the banner bundle and the demo
//! site.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

/// `GET /consent.json`, `GET /healthz`, `/consent/*` from the bundle directory, everything else from the site
/// directory (`index.html` for directories).
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/consent.json", get(site_config))
        .route("/healthz", get(|| async { "ok" }))
        .merge(bundle_files(state))
        .fallback_service(ServeDir::new(state.site_dir()))
}

/// The config the server checks records against, so the banner can never be shown one config while the endpoint
/// enforces another. `no-cache`: a browser may keep it but must revalidate, so a new revision is seen at once.
async fn site_config(State(state): State<AppState>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        state.config_json(),
    )
}

/// The banner bundle under `/consent/`. Its names are stable (the embed URL never changes), so browsers must revalidate
/// every file (`no-cache`, answered by a cheap 304 when nothing changed): a cached glue script from one build must
/// never meet the WASM of another.
fn bundle_files(state: &AppState) -> Router<AppState> {
    Router::new()
        .nest_service("/consent", ServeDir::new(state.bundle_dir()))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
}
