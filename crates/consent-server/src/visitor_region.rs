//! Where a visitor is, as the site's CDN or load balancer tells the endpoint in a trusted request header
//! (`consent serve --region-header CF-IPCountry`), and the regime that applies to them under a site's config.
//!
//! The endpoint reads only the headers it was told to trust: a header a visitor can set themselves would let anyone
//! pick the lax regime, so without `--region-header` every visitor is of unknown region, and the strictest regime the
//! config names applies (consent-core's [`SiteConfig::applicable`] fails closed). The forms read:
//! - the country header holding a country, `DE` (Cloudflare's `CF-IPCountry`, CloudFront's
//!   `CloudFront-Viewer-Country`), or a country and subdivision whole, `US-CA`;
//! - the subdivision header (`--subdivision-header`, e.g. CloudFront's `CloudFront-Viewer-Country-Region`) holding
//!   the subdivision alone, `CA`, or with its country, `US-CA`.
//!
//! Anything else (a missing header, `XX`, `T1`, a subdivision of another country, bytes that are not text) is an
//! unknown region: never a laxer regime.

use axum::http::{HeaderMap, HeaderName};
use consent_core::regions::Applicable;
use consent_core::SiteConfig;

/// The trusted headers that name a visitor's region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionHeaders {
    /// The country's header (`CF-IPCountry`), which may also hold `US-CA` whole.
    pub country: HeaderName,
    /// The subdivision's header (`CloudFront-Viewer-Country-Region`), if the CDN sends it apart.
    pub subdivision: Option<HeaderName>,
}

/// Why the region headers given on the command line cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum HeaderNameError {
    /// Not a header name.
    #[error("{option}: '{name}' is not an HTTP header name (letters, digits and '-', such as CF-IPCountry)")]
    NotAName {
        /// The option that gave it.
        option: &'static str,
        /// The name as given.
        name: String,
    },
    /// A subdivision alone names no region.
    #[error("--subdivision-header '{0}' needs --region-header, the header that names the country")]
    NoCountry(String),
}

impl RegionHeaders {
    /// The headers `--region-header` and `--subdivision-header` name; `None` without a country header (a
    /// subdivision alone names no region: it is refused rather than ignored).
    pub fn parse(country: Option<&str>, subdivision: Option<&str>) -> Result<Option<Self>, HeaderNameError> {
        let name = |option: &'static str, name: &str| {
            HeaderName::try_from(name.trim()).map_err(|_| HeaderNameError::NotAName { option, name: name.to_owned() })
        };
        let Some(country) = country else {
            return match subdivision {
                Some(other) => Err(HeaderNameError::NoCountry(other.to_owned())),
                None => Ok(None),
            };
        };
        let country = name("--region-header", country)?;
        let subdivision = subdivision.map(|s| name("--subdivision-header", s)).transpose()?;
        Ok(Some(RegionHeaders { country, subdivision }))
    }

    /// The names a response that depends on them must `Vary` on, comma-separated.
    pub fn vary(&self) -> String {
        match &self.subdivision {
            Some(subdivision) => format!("{}, {}", self.country, subdivision),
            None => self.country.to_string(),
        }
    }

    /// The country and subdivision these headers of a request state, as text, either possibly missing.
    fn read<'h>(&self, headers: &'h HeaderMap) -> (Option<&'h str>, Option<&'h str>) {
        let text = |name: &HeaderName| headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
        let subdivision = self.subdivision.as_ref().and_then(text).filter(|s| !s.is_empty());
        split(text(&self.country), subdivision)
    }
}

/// A country that may hold a subdivision whole (`US-CA`): its country, and its subdivision unless `subdivision`
/// says.
fn split<'a>(country: Option<&'a str>, subdivision: Option<&'a str>) -> (Option<&'a str>, Option<&'a str>) {
    match country.and_then(|c| c.split_once('-')) {
        Some((country_part, _)) => (Some(country_part), subdivision.or(country)),
        None => (country, subdivision),
    }
}

/// The regime and jurisdiction for a region a page forced to test its regimes (`?region=US-CA` on the first
/// layer's address, which the boot loader adds for `data-region` or `?consent_region=`). Only the page's answer
/// follows it: records state the jurisdiction the endpoint decided from the trusted header.
pub fn forced(config: &SiteConfig, region: &str) -> Applicable {
    let (country, subdivision) = split(Some(region.trim()), None);
    config.applicable(country, subdivision)
}

/// The regime and jurisdiction for the visitor who sent `headers`, under `config`: unknown region (the strictest
/// regime) when the endpoint trusts no header.
pub fn applicable(config: &SiteConfig, trusted: Option<&RegionHeaders>, headers: &HeaderMap) -> Applicable {
    let (country, subdivision) = trusted.map_or((None, None), |trusted| trusted.read(headers));
    config.applicable(country, subdivision)
}

#[cfg(test)]
mod tests {
    use super::*;
    use consent_core::regions::Regime;

    fn config() -> SiteConfig {
        SiteConfig::from_json(
            r#"{"site":"shop","revision":1,"categories":[
                {"id":"necessary","title":"Necessary","description":"Needed.","required":true}],
              "regions":{"default":"opt_in","rules":[{"regions":["US-CA"],"regime":"opt_out"},
                {"regions":["US"],"regime":"notice"},{"regions":["BR"],"regime":"none"}]}}"#,
        )
        .expect("a valid config")
    }

    fn seen(trusted: Option<&RegionHeaders>, pairs: &[(&str, &str)]) -> (Regime, String) {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(HeaderName::try_from(*name).expect("a name"), value.parse().expect("a value"));
        }
        let applicable = applicable(&config(), trusted, &headers);
        (applicable.regime, applicable.jurisdiction)
    }

    fn cloudfront() -> RegionHeaders {
        RegionHeaders::parse(Some("CloudFront-Viewer-Country"), Some("CloudFront-Viewer-Country-Region"))
            .expect("names")
            .expect("headers")
    }

    #[test]
    fn without_a_trusted_header_every_visitor_is_of_unknown_region() {
        let told = [("cf-ipcountry", "BR")];
        assert_eq!(seen(None, &told), (Regime::OptIn, "unknown".into()));
    }

    #[test]
    fn a_country_header_names_the_country() {
        let cloudflare = RegionHeaders::parse(Some("CF-IPCountry"), None).expect("a name").expect("headers");
        assert_eq!(seen(Some(&cloudflare), &[("cf-ipcountry", "br")]), (Regime::None, "BR".into()));
        assert_eq!(seen(Some(&cloudflare), &[("cf-ipcountry", "DE")]), (Regime::OptIn, "DE".into()));
        // The US as a whole may be California: its strictest.
        assert_eq!(seen(Some(&cloudflare), &[("cf-ipcountry", "US")]), (Regime::OptOut, "US".into()));
    }

    #[test]
    fn a_country_header_may_hold_the_subdivision_whole() {
        let one = RegionHeaders::parse(Some("X-Region"), None).expect("a name").expect("headers");
        assert_eq!(seen(Some(&one), &[("x-region", "US-CA")]), (Regime::OptOut, "US-CA".into()));
        assert_eq!(seen(Some(&one), &[("x-region", "US-TX")]), (Regime::Notice, "US-TX".into()));
    }

    #[test]
    fn cloudfront_sends_the_subdivision_apart_with_or_without_its_country() {
        let both = [("cloudfront-viewer-country", "US"), ("cloudfront-viewer-country-region", "CA")];
        assert_eq!(seen(Some(&cloudfront()), &both), (Regime::OptOut, "US-CA".into()));
        let whole = [("cloudfront-viewer-country", "US"), ("cloudfront-viewer-country-region", "US-TX")];
        assert_eq!(seen(Some(&cloudfront()), &whole), (Regime::Notice, "US-TX".into()));
    }

    #[test]
    fn invalid_or_contradicting_values_are_an_unknown_region() {
        let unknown = (Regime::OptIn, "unknown".to_owned());
        assert_eq!(seen(Some(&cloudfront()), &[("cloudfront-viewer-country", "XX")]), unknown);
        assert_eq!(seen(Some(&cloudfront()), &[("cloudfront-viewer-country", "T1")]), unknown);
        assert_eq!(seen(Some(&cloudfront()), &[("cloudfront-viewer-country", "USA")]), unknown);
        let contradicting = [("cloudfront-viewer-country", "BR"), ("cloudfront-viewer-country-region", "US-CA")];
        assert_eq!(seen(Some(&cloudfront()), &contradicting), unknown);
        assert_eq!(seen(Some(&cloudfront()), &[]), unknown);
    }

    #[test]
    fn header_names_are_checked() {
        assert!(RegionHeaders::parse(Some("CF IPCountry"), None).is_err());
        assert!(RegionHeaders::parse(None, Some("CloudFront-Viewer-Country-Region")).is_err());
        assert_eq!(RegionHeaders::parse(None, None).expect("nothing to check"), None);
        assert_eq!(cloudfront().vary(), "cloudfront-viewer-country, cloudfront-viewer-country-region");
    }
}
