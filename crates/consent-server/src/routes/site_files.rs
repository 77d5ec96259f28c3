//! What a browser loads from the endpoint besides the API: the banner bundle and the demo site.
//!
//! The bundle is delivered as a CDN would: compressed (the `.br` and `.gz` files `scripts/build-banner` writes beside
//! each file, chosen by `Accept-Encoding`), readable from any origin (a shop embeds it from the endpoint's or a CDN's
//! origin, and module scripts, WASM and language files are fetched in CORS mode), and cached by name: see
//! [`cache_policy`].

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;

use crate::AppState;

/// Content-hashed files never change under their name: a year, and no revalidation ever.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Files under a stable name (the boot loader, the language files): used from the cache without a request for ten
/// minutes, then still used at once while the browser fetches the new release in the background, for a day. A
/// release thus reaches a returning visitor on the first page view ten minutes after their last download (which
/// still runs the copy they had) and is in force from the next one; only a visitor back after more than a day waits
/// for a revalidation.
pub const STABLE: &str = "public, max-age=600, stale-while-revalidate=86400";

/// How many hex digits of the SHA-256 a content-hashed name carries (`consent-banner.0123456789abcdef.js`).
pub const HASH_DIGITS: usize = 16;

/// `/consent/*` from the bundle directory, everything else from the site directory (`index.html` for directories).
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new().merge(bundle_files(state)).fallback_service(ServeDir::new(state.site_dir()))
}

/// The banner bundle under `/consent/`, and the files of earlier builds that `scripts/build-banner` keeps in
/// `previous/` (a boot loader still in a browser's cache names them until it is refreshed).
fn bundle_files(state: &AppState) -> Router<AppState> {
    let previous = ServeDir::new(state.bundle_dir().join("previous")).precompressed_br().precompressed_gzip();
    let current = ServeDir::new(state.bundle_dir()).precompressed_br().precompressed_gzip().fallback(previous);
    Router::new().nest_service("/consent", current).layer(middleware::from_fn(delivery_headers))
}

/// Adds to every bundle answer its cache policy, the CORS and CORP headers that let any origin use it (it is public
/// and sent without credentials), and `Vary: Accept-Encoding`, since the same URL is answered in three encodings.
async fn delivery_headers(request: Request, next: Next) -> Response {
    let policy = cache_policy(request.uri().path());
    let mut response = next.run(request).await;
    let success = response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    // A missing file must not be cached: the release that has it may be a moment away.
    let policy = if success { policy } else { "no-store" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("cross-origin"));
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// The `Cache-Control` of a bundle file: [`IMMUTABLE`] when its name carries its content's hash
/// (`name.<16 hex digits>.ext`), [`STABLE`] otherwise.
pub fn cache_policy(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.rsplit('.');
    let (_extension, hash) = (parts.next(), parts.next());
    let hashed = parts.next().is_some()
        && hash.is_some_and(|hash| {
            hash.len() == HASH_DIGITS && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        });
    if hashed {
        IMMUTABLE
    } else {
        STABLE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_that_carry_a_content_hash_are_immutable() {
        assert_eq!(cache_policy("/consent-banner.0123456789abcdef.js"), IMMUTABLE);
        assert_eq!(cache_policy("consent-banner_bg.fedcba9876543210.wasm"), IMMUTABLE);
        assert_eq!(cache_policy("/consent-boot.js"), STABLE);
        assert_eq!(cache_policy("/locales/de.json"), STABLE);
        // Not a hash: too short, upper case, not hex, or no name before it.
        assert_eq!(cache_policy("/banner.0123456789abcde.css"), STABLE);
        assert_eq!(cache_policy("/banner.0123456789ABCDEF.css"), STABLE);
        assert_eq!(cache_policy("/banner.0123456789abcdeg.css"), STABLE);
        assert_eq!(cache_policy("/0123456789abcdef.css"), STABLE);
    }
}
