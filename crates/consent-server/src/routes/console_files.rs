//! The console's files under `/admin/` (when the server has a console directory): the page, its script, its WASM and
//! its stylesheet, and the live preview's page.
//!
//! The console holds a session that can change what every visitor is served, so its page is locked down: scripts and
//! styles from this origin only (the WASM is compiled by the page's own script: `'wasm-unsafe-eval'`), connections to
//! this origin only, never framed by another page (`frame-ancestors 'none'`), and no referrer. Its files are
//! revalidated on every load (`no-cache`): a console is opened rarely, and must never run an old build against a new
//! API.
//!
//! The live preview's page (`/admin/preview.html`) runs the real banner on the draft inside a frame of the console:
//! the same lock-down, except that the console may frame it (`frame-ancestors 'self'`, `X-Frame-Options:
//! SAMEORIGIN`; any other origin still may not) and that it may fetch the draft the console hands it as a `blob:` URL.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;

/// The console page's Content-Security-Policy.
pub const CONSOLE_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     connect-src 'self'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; \
     form-action 'none'";

/// The live preview page's Content-Security-Policy: the console's, but framable by the console (and only by pages
/// of this origin) and with the draft's `blob:` URL fetchable.
pub const PREVIEW_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     connect-src 'self' blob:; img-src 'self' data:; frame-src 'none'; frame-ancestors 'self'; base-uri 'none'; \
     form-action 'none'";

/// Where the live preview's page is served.
pub const PREVIEW_PATH: &str = "/admin/preview.html";

/// `/admin` (redirected to `/admin/`) and `/admin/*` from the console directory, or nothing without one.
pub fn router(state: &AppState) -> Router<AppState> {
    let Some(dir) = state.options().console_dir.clone() else { return Router::new() };
    let preview = ServeFile::new(dir.join("preview.html")).precompressed_br().precompressed_gzip();
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    // The preview's page is a route of its own (matched before the directory's catch-all), with its own framing rules.
    let preview = Router::new()
        .route_service(PREVIEW_PATH, preview)
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PREVIEW_CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN")));
    let console = Router::new()
        .nest_service("/admin", files)
        .layer(middleware::from_fn(with_trailing_slash))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONSOLE_CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")));
    console
        .merge(preview)
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
}

/// `/admin` is redirected to `/admin/`, so that the page's relative URLs (`console.css`, `start.js`) resolve under it.
async fn with_trailing_slash(request: Request, next: Next) -> Response {
    if request.uri().path() == "/admin" {
        return Redirect::permanent("/admin/").into_response();
    }
    next.run(request).await
}
