//! What a scan sees in the browser, before anything is identified: requests to other hosts, cookies and storage keys,
//! per pass.

use serde::{Deserialize, Serialize};

/// One of the three visits a scan makes, each in a fresh browser profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pass {
    /// A first visit: nothing has been chosen, so nothing that tracks may load.
    BeforeChoice,
    /// After the visitor clicked the banner's "Reject all".
    AfterRejectAll,
    /// After the visitor clicked the banner's "Accept all".
    AfterAcceptAll,
}

impl Pass {
    /// Every pass, in the order a scan makes them.
    pub const ALL: [Pass; 3] = [Pass::BeforeChoice, Pass::AfterRejectAll, Pass::AfterAcceptAll];

    /// How a report heads this pass.
    pub fn title(self) -> &'static str {
        match self {
            Pass::BeforeChoice => "before any choice",
            Pass::AfterRejectAll => "after \"Reject all\"",
            Pass::AfterAcceptAll => "after \"Accept all\"",
        }
    }

    /// The short name used in progress lines and the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Pass::BeforeChoice => "before_choice",
            Pass::AfterRejectAll => "after_reject_all",
            Pass::AfterAcceptAll => "after_accept_all",
        }
    }
}

/// What started a request, as the DevTools Protocol tells it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "url", rename_all = "snake_case")]
pub enum Initiator {
    /// The HTML parser, for a tag in the page's markup (the document's URL when known).
    Parser(Option<String>),
    /// A script: the URL of the script at the top of the stack (`None` for an inline script).
    Script(Option<String>),
    /// Anything else: a navigation, a preload, the browser itself.
    Other,
}

impl std::fmt::Display for Initiator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Initiator::Parser(_) => f.write_str("the page's markup"),
            Initiator::Script(Some(url)) => write!(f, "script {url}"),
            Initiator::Script(None) => f.write_str("an inline script"),
            Initiator::Other => f.write_str("other"),
        }
    }
}

/// A request a page made to another site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSeen {
    /// The page being visited when it was sent.
    pub page: String,
    /// The full URL requested.
    pub url: String,
    /// The host it went to, which is matched against the tracker database.
    pub host: String,
    /// The DevTools Protocol's resource type: `Script`, `Image`, `XHR`, `Fetch`, `Ping`, `Document` …
    pub resource_type: String,
    /// What made the page send it.
    pub initiator: Initiator,
}

/// A cookie in the browser after a page view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CookieSeen {
    /// The page after whose view it was first there.
    pub page: String,
    /// The cookie's name.
    pub name: String,
    /// The domain it is set on, as the browser keeps it (`.facebook.com`, `shop.example`).
    pub domain: String,
    /// When it expires, in seconds since 1970; `None` for a session cookie.
    pub expires: Option<f64>,
    /// The host whose response set it with `Set-Cookie`, when one did (a script's `document.cookie` leaves it unknown).
    pub set_by: Option<String>,
    /// Whether its domain is another site's than the scanned one.
    pub third_party: bool,
}

/// Which of the page's storages a key is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum StorageArea {
    /// `localStorage`: kept until deleted.
    #[serde(rename = "localStorage")]
    Local,
    /// `sessionStorage`: gone with the tab.
    #[serde(rename = "sessionStorage")]
    Session,
}

impl StorageArea {
    /// The name a script uses for it.
    pub fn as_str(self) -> &'static str {
        match self {
            StorageArea::Local => "localStorage",
            StorageArea::Session => "sessionStorage",
        }
    }
}

/// A key in the page's local or session storage after a page view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageKeySeen {
    /// The page after whose view it was there.
    pub page: String,
    /// Local or session storage.
    pub area: StorageArea,
    /// The key's name.
    pub key: String,
}

/// Everything one pass saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassObservations {
    /// Which pass this is.
    pub pass: Pass,
    /// The pages visited, in order.
    pub pages: Vec<String>,
    /// Every request to another site, in the order they were sent.
    pub requests: Vec<RequestSeen>,
    /// Every cookie in the browser after the pass's page views.
    pub cookies: Vec<CookieSeen>,
    /// Every local and session storage key after the pass's page views.
    pub storage: Vec<StorageKeySeen>,
}

impl PassObservations {
    /// A pass that has seen nothing yet.
    pub fn new(pass: Pass) -> Self {
        PassObservations { pass, pages: Vec::new(), requests: Vec::new(), cookies: Vec::new(), storage: Vec::new() }
    }
}

/// Whether `host` belongs to another site than `site_host`: neither is the other nor a subdomain of it. (Without the
/// public suffix list, `shop.example` and `cdn.example` count as different sites: the scan errs on reporting.)
pub fn is_third_party(host: &str, site_host: &str) -> bool {
    let host = host.trim_start_matches('.').to_ascii_lowercase();
    let site = site_host.trim_start_matches('.').to_ascii_lowercase();
    let site = site.strip_prefix("www.").unwrap_or(&site);
    !(host == site || host.ends_with(&format!(".{site}")) || site.ends_with(&format!(".{host}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_sites_are_third_parties_and_subdomains_are_not() {
        assert!(is_third_party("connect.facebook.net", "shop.example"));
        assert!(is_third_party(".facebook.com", "www.shop.example"));
        assert!(!is_third_party("shop.example", "www.shop.example"));
        assert!(!is_third_party("static.shop.example", "shop.example"));
        assert!(!is_third_party(".shop.example", "shop.example"));
        assert!(!is_third_party("127.0.0.1", "127.0.0.1"));
    }
}
