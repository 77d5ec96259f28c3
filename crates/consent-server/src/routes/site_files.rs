//! What a browser loads from the endpoint besides the API: the banner bundle and the demo site.
//!
//! The bundle is delivered as a CDN would: compressed (the `.br` and `.gz` files `scripts/build-banner` writes beside
//! each file, chosen by `Accept-Encoding`), readable from any origin (a shop embeds it from the endpoint's or a CDN's
//! origin, and module scripts, WASM and language files are fetched in CORS mode), and cached by name (see
//! [`super::freshness`]).

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

use super::freshness::{is_content_hashed, refreshed_in_background, IMMUTABLE};
use crate::AppState;

/// `/consent/*` from the bundle directory, everything else from the site directory (`index.html` for directories).
pub fn router(state: &AppState) -> Router<AppState> {
    // The site's pages are compressed as they are sent (a site's own server or CDN would do the same); the bundle
    // has its twins compressed at build time.
    let site = Router::new().fallback_service(ServeDir::new(state.site_dir())).layer(CompressionLayer::new());
    Router::new().merge(bundle_files(state)).merge(site)
}

/// The banner bundle under `/consent/`, and the files of earlier builds that `scripts/build-banner` keeps in
/// `previous/` (a boot loader still in a browser's cache names them until it is refreshed).
fn bundle_files(state: &AppState) -> Router<AppState> {
    let previous = ServeDir::new(state.bundle_dir().join("previous")).precompressed_br().precompressed_gzip();
    let current = ServeDir::new(state.bundle_dir()).precompressed_br().precompressed_gzip().fallback(previous);
    Router::new()
        .nest_service("/consent", current)
        .layer(middleware::from_fn_with_state(state.clone(), delivery_headers))
}

/// Adds to every bundle answer its cache policy (see [`super::freshness`]: immutable when its name carries its
/// content's hash, refreshed in the background after the boot loader's max age otherwise), the CORS and CORP headers
/// that let any origin use it (it is public and sent without credentials), and `Vary: Accept-Encoding`, since the
/// same URL is answered in three encodings.
async fn delivery_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let policy = match (found, hashed) {
        // A missing file must not be cached: the release that has it may be a moment away.
        (false, _) => HeaderValue::from_static("no-store"),
        (true, true) => HeaderValue::from_static(IMMUTABLE),
        (true, false) => refreshed_in_background(state.options().boot_max_age),
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, policy);
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("cross-origin"));
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}
