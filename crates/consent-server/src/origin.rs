//! Origins allowed to send consents cross-origin (CORS), configured per site.
//!
//! Browsers attach `Origin` to every cross-origin request and to same-origin POSTs. A consent is accepted when the
//! request has no `Origin` (not a browser page: a server-side client or a test), when its origin is this endpoint's
//! own host (the banner served by the endpoint itself, as in the demo), or when the record's site lists the origin.
//! Allowed origins are echoed back one at a time: never `*`, and never with credentials (the banner sends none).

use axum::http::{header, HeaderMap};

use consent_core::FieldError;

/// The longest origin accepted in a site's allow-list.
const MAX_ORIGIN_LEN: usize = 253 + 16;

/// A web origin, `scheme://host[:port]`, lowercase, as browsers send it in the `Origin` header.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin(String);

impl Origin {
    /// Parses an allow-list entry: `https://shop.example` or `http://127.0.0.1:8080`; no path, query, userinfo or
    /// wildcard, so that what is allowed is exactly what is written.
    pub fn parse(text: &str) -> Result<Origin, String> {
        let shown: String = text.chars().take(80).collect();
        let lower = text.trim().to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .ok_or_else(|| format!("'{shown}' must start with https:// or http://"))?;
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let host_ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
        if rest.is_empty() || lower.len() > MAX_ORIGIN_LEN || !rest.chars().all(host_ok) {
            return Err(format!(
                "'{shown}' must be an origin such as https://shop.example or http://127.0.0.1:8080: a scheme and a \
                 host, with an optional port, and nothing after it (no path, no wildcard)"
            ));
        }
        let scheme = if lower.starts_with("https://") { "https" } else { "http" };
        Ok(Origin(format!("{scheme}://{rest}")))
    }

    /// Parses a whole allow-list, naming each bad entry by its index under `path`.
    pub fn parse_list(texts: &[String], path: &str) -> Result<Vec<Origin>, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut origins = Vec::new();
        for (index, text) in texts.iter().enumerate() {
            match Origin::parse(text) {
                Ok(origin) if !origins.contains(&origin) => origins.push(origin),
                Ok(_) => {}
                Err(reason) => problems.push(FieldError::new(format!("{path}[{index}]"), reason)),
            }
        }
        if problems.is_empty() {
            Ok(origins)
        } else {
            Err(problems)
        }
    }

    /// The origin as browsers send it: `https://shop.example`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The `Origin` header of a request, if it has one (lowercased for comparison; `null` is kept as `null`).
pub fn request_origin(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::ORIGIN)?;
    Some(value.to_str().unwrap_or("null").trim().to_ascii_lowercase())
}

/// Whether `origin` names this endpoint's own host (as the request's `Host` header gives it): such a request is not
/// cross-origin, whatever its scheme.
pub fn is_same_host(origin: &str, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    let origin_host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    origin_host.is_some_and(|origin_host| origin_host.eq_ignore_ascii_case(host.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn origins_are_normalised() {
        assert_eq!(Origin::parse("HTTPS://Shop.Example/").unwrap().as_str(), "https://shop.example");
        assert_eq!(Origin::parse("http://127.0.0.1:8080").unwrap().as_str(), "http://127.0.0.1:8080");
    }

    #[test]
    fn anything_but_an_origin_is_refused() {
        for bad in ["shop.example", "https://*.shop.example", "https://shop.example/path", "ftp://x", "https://", "*"] {
            assert!(Origin::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn same_host_compares_the_host_header() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(is_same_host("http://127.0.0.1:8080", &headers));
        assert!(!is_same_host("http://127.0.0.1:8081", &headers));
        assert!(!is_same_host("null", &headers));
    }
}
