//! URL patterns that tie a request to a service: `google-analytics.com`, `*.hotjar.com`, `www.facebook.com/tr`.
//!
//! A pattern is a host, optionally followed by a path prefix. The host matches itself and every subdomain
//! (`google-analytics.com` matches `region1.google-analytics.com`); a leading `*.` says the same thing explicitly. The
//! path prefix, when given, must start the request's path (`www.facebook.com/tr` matches `/tr?id=1` and `/tr/`, not
//! `/privacy`). Scheme, port, query and fragment never matter.
//!
//! The boot loader (boot/deferred/held-urls.js, `serviceFor`) applies the same rule in JavaScript to requests made
//! before the WASM is loaded; the end-to-end tests hold the two to the same answers.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A checked URL pattern.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UrlPattern {
    host: String,
    path_prefix: Option<String>,
}

/// Why a string is not a URL pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlPatternError {
    /// The pattern is empty.
    #[error("must not be empty")]
    Empty,
    /// The pattern starts with its path (`/collect`): it must name a host.
    #[error("'{0}' has no host name before its path")]
    NoHost(String),
    /// The host holds characters a host name cannot, or a `*` other than a leading `*.`.
    #[error("'{0}' is not a host name: use letters, digits, '-' and '.', optionally starting with '*.'")]
    BadHost(String),
    /// The pattern is a wildcard over a whole top-level domain (`*.com`), which would block unrelated sites.
    #[error("'{0}' matches every host under a top-level domain; name the tracker's own domain")]
    TooBroad(String),
}

impl UrlPattern {
    /// The host every match is equal to or a subdomain of, lowercase.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether a request to `host` with `path` (starting with `/`) is covered by this pattern.
    pub fn matches(&self, host: &str, path: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let host_ok = host == self.host
            || (host.len() > self.host.len()
                && host.ends_with(&self.host)
                && host.as_bytes()[host.len() - self.host.len() - 1] == b'.');
        host_ok && self.path_prefix.as_deref().is_none_or(|prefix| path.starts_with(prefix))
    }

    /// Whether an absolute (or protocol-relative) URL is covered by this pattern. Relative URLs are the site's own
    /// and never match.
    pub fn matches_url(&self, url: &str) -> bool {
        split_url(url).is_some_and(|(host, path)| self.matches(host, path))
    }
}

/// The host and path of an absolute `http(s)://` or protocol-relative `//` URL; `None` for anything else.
pub fn split_url(url: &str) -> Option<(&str, &str)> {
    let lower_scheme = url.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    let rest = if lower_scheme.starts_with("https://") {
        &url[8..]
    } else if lower_scheme.starts_with("http://") {
        &url[7..]
    } else {
        url.strip_prefix("//")?
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = if host_port.starts_with('[') {
        host_port.find(']').map_or(host_port, |end| &host_port[..=end])
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let path = if tail.starts_with('/') { &tail[..path_end] } else { "/" };
    (!host.is_empty()).then_some((host, path))
}

impl TryFrom<String> for UrlPattern {
    type Error = UrlPatternError;

    fn try_from(value: String) -> Result<Self, UrlPatternError> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(UrlPatternError::Empty);
        }
        let lower_scheme = trimmed.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
        let without_scheme = if lower_scheme.starts_with("https://") {
            &trimmed[8..]
        } else if lower_scheme.starts_with("http://") {
            &trimmed[7..]
        } else {
            trimmed.trim_start_matches("//")
        };
        let (host, path) = match without_scheme.find('/') {
            Some(0) => return Err(UrlPatternError::NoHost(value)),
            Some(at) => (&without_scheme[..at], Some(&without_scheme[at..])),
            None => (without_scheme, None),
        };
        let host = host.strip_prefix("*.").unwrap_or(host).to_ascii_lowercase();
        let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
        if host.is_empty() || !host.chars().all(plain) || host.starts_with('.') || host.ends_with('.') {
            return Err(UrlPatternError::BadHost(value));
        }
        if !host.contains('.') && host != "localhost" {
            return Err(UrlPatternError::TooBroad(value));
        }
        let path_prefix = path.map(|p| p.split(['?', '#']).next().unwrap_or(p).to_owned()).filter(|p| p != "/");
        Ok(Self { host, path_prefix })
    }
}

impl From<UrlPattern> for String {
    fn from(pattern: UrlPattern) -> Self {
        pattern.to_string()
    }
}

impl fmt::Display for UrlPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.host, self.path_prefix.as_deref().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pattern(text: &str) -> UrlPattern {
        UrlPattern::try_from(text.to_owned()).unwrap()
    }

    #[test]
    fn a_host_matches_itself_and_its_subdomains_only() {
        let ga = pattern("google-analytics.com");
        assert!(ga.matches_url("https://google-analytics.com/g/collect?v=2"));
        assert!(ga.matches_url("https://region1.google-analytics.com/g/collect"));
        assert!(ga.matches_url("//www.Google-Analytics.com/analytics.js"));
        assert!(!ga.matches_url("https://notgoogle-analytics.com/"));
        assert!(!ga.matches_url("https://google-analytics.com.evil.example/"));
        assert!(!ga.matches_url("/g/collect"), "relative URLs are the site's own");
    }

    #[test]
    fn a_path_prefix_narrows_the_match() {
        let pixel = pattern("https://www.facebook.com/tr");
        assert!(pixel.matches_url("https://www.facebook.com/tr?id=1&ev=PageView"));
        assert!(pixel.matches_url("https://www.facebook.com/tr/"));
        assert!(!pixel.matches_url("https://www.facebook.com/privacy"));
        assert_eq!(pixel.to_string(), "www.facebook.com/tr");
    }

    #[test]
    fn ports_credentials_and_wildcards_do_not_matter() {
        let hotjar = pattern("*.hotjar.com");
        assert_eq!(hotjar.host(), "hotjar.com");
        assert!(hotjar.matches_url("https://user:pw@static.hotjar.com:8443/c/hotjar-1.js?sv=7"));
        assert_eq!(split_url("http://[::1]:8080/x?y"), Some(("[::1]", "/x")));
        assert_eq!(split_url("https://a.example"), Some(("a.example", "/")));
        assert_eq!(split_url("javascript:alert(1)"), None);
    }

    #[test]
    fn bad_patterns_say_why() {
        let err = |text: &str| UrlPattern::try_from(text.to_owned()).unwrap_err().to_string();
        assert_eq!(err(""), "must not be empty");
        assert!(err("/collect").contains("no host name"));
        assert!(err("*.com").contains("top-level domain"));
        assert!(err("exa mple.com").contains("not a host name"));
        assert!(UrlPattern::try_from("localhost".to_owned()).is_ok());
    }

    proptest! {
        #[test]
        fn split_url_never_panics_and_keeps_the_host_out_of_the_path(url in "\\PC{0,80}") {
            if let Some((host, path)) = split_url(&url) {
                prop_assert!(!host.is_empty());
                prop_assert!(path.starts_with('/'));
                prop_assert!(!path.contains('?'));
            }
        }

        #[test]
        fn every_subdomain_of_a_pattern_matches(sub in "[a-z0-9]{1,10}", path in "/[a-z/]{0,10}") {
            let p = pattern("tracker.example");
            let url = format!("https://{}.tracker.example{}", sub, path);
            prop_assert!(p.matches_url(&url));
        }
    }
}
