//! What a browser loads from the endpoint besides the API: the banner bundle and the demo site.

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

/// `/consent/*` from the bundle directory, everything else from the site directory (`index.html` for directories).
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new().merge(bundle_files(state)).fallback_service(ServeDir::new(state.site_dir()))
}

/// The banner bundle under `/consent/`. Its names are stable (the embed URL never changes), so browsers must revalidate
/// every file (`no-cache`, answered by a cheap 304 when nothing changed): a cached glue script from one build must
/// never meet the WASM of another.
fn bundle_files(state: &AppState) -> Router<AppState> {
    Router::new()
        .nest_service("/consent", ServeDir::new(state.bundle_dir()))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
}
