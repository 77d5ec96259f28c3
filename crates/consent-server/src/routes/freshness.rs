//! How long browsers and CDNs may keep what the endpoint serves to pages: the `Cache-Control` policies.
//!
//! A returning visitor's page view must never wait for a file of ours, yet a new release or config must reach them
//! within a bounded time. Content-hashed files are therefore immutable; files under a stable name (the boot loader,
//! the language files, a site's config) are used from the cache for a while, then still used at once while the
//! browser fetches the new version in the background (`stale-while-revalidate`).

use std::time::Duration;

use axum::http::HeaderValue;

/// Content-hashed files never change under their name: a year, and no revalidation ever.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// How long, after its freshness ran out, a copy is still used at once while the new one is fetched: a day. A visitor
/// back after longer waits for one revalidation.
pub const STALE_WHILE_REVALIDATE_SECS: u64 = 86_400;

/// How many hex digits of the SHA-256 a content-hashed name carries (`consent-banner.0123456789abcdef.js`).
pub const HASH_DIGITS: usize = 16;

/// The policy of a file under a stable name that is fresh for `max_age`: a new version reaches a returning visitor
/// on their first page view after `max_age` (which still uses the copy they had) and is in force from the next one.
pub fn refreshed_in_background(max_age: Duration) -> HeaderValue {
    let policy = format!("public, max-age={}, stale-while-revalidate={STALE_WHILE_REVALIDATE_SECS}", max_age.as_secs());
    HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static("no-cache"))
}

/// Whether the file a path names carries its content's hash (`name.<16 lowercase hex digits>.ext`).
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.rsplit('.');
    let (_extension, hash, stem) = (parts.next(), parts.next(), parts.next());
    stem.is_some()
        && hash.is_some_and(|hash| {
            hash.len() == HASH_DIGITS && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_that_carry_a_content_hash_are_content_hashed() {
        assert!(is_content_hashed("/consent-banner.0123456789abcdef.js"));
        assert!(is_content_hashed("consent-banner_bg.fedcba9876543210.wasm"));
        assert!(is_content_hashed("consent-banner-tcf_bg.fedcba9876543210.wasm"));
        assert!(!is_content_hashed("/consent-boot.js"));
        assert!(!is_content_hashed("/locales/de.json"));
        // Not a hash: too short, upper case, not hex, or no name before it.
        assert!(!is_content_hashed("/banner.0123456789abcde.css"));
        assert!(!is_content_hashed("/banner.0123456789ABCDEF.css"));
        assert!(!is_content_hashed("/banner.0123456789abcdeg.css"));
        assert!(!is_content_hashed("/0123456789abcdef.css"));
    }

    #[test]
    fn stable_names_are_fresh_for_their_max_age_then_refreshed_in_the_background_for_a_day() {
        assert_eq!(
            refreshed_in_background(Duration::from_secs(600)),
            "public, max-age=600, stale-while-revalidate=86400"
        );
    }
}
