//! What the endpoint may keep about the client that sent a record: a truncated IP address and a browser family.
//!
//! The proof-of-consent log must show *that* a real browser made the choice, not *who* the visitor is, so the full IP
//! address and the full User-Agent string are never stored. These rules live here so that they are tested once and
//! applied the same way wherever a record is written.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The IP address with its host part removed, as text.
///
/// IPv4 keeps its first 24 bits (`203.0.113.77` → `203.0.113.0`); IPv6 keeps its first 48 bits, the routing prefix
/// of a typical site (`2001:db8:1234:5678::1` → `2001:db8:1234::`). An IPv4 address mapped into IPv6
/// (`::ffff:203.0.113.77`, as dual-stack sockets report it) is treated as the IPv4 address it is.
pub fn truncate_ip(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            Ipv4Addr::new(a, b, c, 0).to_string()
        }
        IpAddr::V6(v6) => {
            let [a, b, c, ..] = v6.segments();
            Ipv6Addr::new(a, b, c, 0, 0, 0, 0, 0).to_string()
        }
    }
}

/// The browser family recorded with a consent: coarse enough to identify no one, enough to tell a real browser's
/// record from a script's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrowserFamily {
    /// Google Chrome and the other Chromium browsers that do not say otherwise.
    Chrome,
    /// Mozilla Firefox.
    Firefox,
    /// Apple Safari, on macOS and iOS.
    Safari,
    /// Microsoft Edge.
    Edge,
    /// Anything else: Opera, Samsung Internet, bots, scripts.
    Other,
}

impl BrowserFamily {
    /// The family of the browser that sent this `User-Agent` header.
    ///
    /// Order matters: Edge and Opera also claim to be Chrome, and Chrome also claims to be Safari, so the more specific
    /// tokens are looked for first. Browsers that are neither of the four (Opera, Samsung Internet, bots, scripts) are
    /// [`BrowserFamily::Other`].
    pub fn from_user_agent(user_agent: &str) -> Self {
        let has = |token: &str| user_agent.contains(token);
        if has("Edg/") || has("Edge/") || has("EdgA/") || has("EdgiOS/") {
            BrowserFamily::Edge
        } else if has("OPR/") || has("SamsungBrowser/") {
            BrowserFamily::Other
        } else if has("Firefox/") || has("FxiOS/") {
            BrowserFamily::Firefox
        } else if has("Chrome/") || has("CriOS/") || has("Chromium/") {
            BrowserFamily::Chrome
        } else if has("Safari/") && has("Version/") {
            BrowserFamily::Safari
        } else {
            BrowserFamily::Other
        }
    }

    /// The name stored in the log: `chrome`, `firefox`, `safari`, `edge` or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            BrowserFamily::Chrome => "chrome",
            BrowserFamily::Firefox => "firefox",
            BrowserFamily::Safari => "safari",
            BrowserFamily::Edge => "edge",
            BrowserFamily::Other => "other",
        }
    }
}

impl fmt::Display for BrowserFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn ipv4_loses_its_last_octet() {
        assert_eq!(truncate_ip(ip("203.0.113.77")), "203.0.113.0");
    }

    #[test]
    fn ipv6_keeps_only_its_first_48_bits() {
        assert_eq!(truncate_ip(ip("2001:db8:1234:5678:9abc:def0:1:2")), "2001:db8:1234::");
    }

    #[test]
    fn ipv4_mapped_ipv6_is_truncated_as_ipv4() {
        assert_eq!(truncate_ip(ip("::ffff:203.0.113.77")), "203.0.113.0");
    }

    proptest! {
        #[test]
        fn no_ipv4_host_octet_survives(octets in any::<[u8; 4]>()) {
            let truncated = truncate_ip(IpAddr::from(octets));
            prop_assert!(truncated.ends_with(".0"));
            prop_assert_eq!(truncated, format!("{}.{}.{}.0", octets[0], octets[1], octets[2]));
        }

        #[test]
        fn no_ipv6_interface_bits_survive(segments in any::<[u16; 8]>()) {
            let truncated: Ipv6Addr = truncate_ip(IpAddr::from(segments)).parse().unwrap();
            let kept = truncated.segments();
            // Mapped IPv4 addresses are truncated as IPv4 instead; skip them here.
            prop_assume!(Ipv6Addr::from(segments).to_ipv4_mapped().is_none());
            prop_assert_eq!(&kept[..3], &segments[..3]);
            prop_assert!(kept[3..].iter().all(|s| *s == 0));
        }
    }

    #[test]
    fn real_user_agents_map_to_their_family() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 \
                 Safari/537.36",
                BrowserFamily::Chrome,
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 \
                 Safari/537.36 Edg/131.0.0.0",
                BrowserFamily::Edge,
            ),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", BrowserFamily::Firefox),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) \
                 Version/18.1 Safari/605.1.15",
                BrowserFamily::Safari,
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) \
                 CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
                BrowserFamily::Chrome,
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 \
                 Safari/537.36 OPR/114.0.0.0",
                BrowserFamily::Other,
            ),
            ("curl/8.5.0", BrowserFamily::Other),
            ("", BrowserFamily::Other),
        ];
        for (agent, family) in cases {
            assert_eq!(BrowserFamily::from_user_agent(agent), family, "{agent}");
        }
    }
}
