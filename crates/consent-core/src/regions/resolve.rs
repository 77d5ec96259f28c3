//! Which regime applies to a visitor, from the region the endpoint was told (a CDN's or load balancer's headers), and
//! the `jurisdiction` their record states.
//!
//! Headers can be missing, malformed or contradict each other; none of that may make the banner laxer. So:
//! - no usable country (missing, malformed, a user-assigned code such as `XX`, or a subdivision of another
//!   country): the strictest regime the config names applies, and the jurisdiction is `unknown`;
//! - a country without a usable subdivision: the strictest of the country's own regime (its rule, else its group's,
//!   else the default) and its subdivisions' rules, since the visitor may be in any of them; the jurisdiction is the country;
//! - a country and subdivision: the subdivision's rule, else the country's, else its group's, else the default.

use serde::Serialize;

use super::config::RegionalRules;
use super::regime::Regime;
use super::region::{parse_subdivision_part, Country, Region};
use crate::config::SiteConfig;

/// The jurisdiction of a visitor whose region is unknown.
pub const UNKNOWN_JURISDICTION: &str = "unknown";

/// The regime that applies to a visitor, and the jurisdiction their record states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applicable {
    /// The regime.
    pub regime: Regime,
    /// `US-CA`, `DE`, or [`UNKNOWN_JURISDICTION`].
    pub jurisdiction: String,
}

/// The region a visitor is in, as far as the headers tell it: `None` when there is no usable country.
pub fn region_of(country: Option<&str>, subdivision: Option<&str>) -> Option<Region> {
    let told_country = country.and_then(Country::parse);
    // A subdivision may come as `US-CA` or as `CA`.
    let (subdivision_country, part) = match subdivision.map(str::trim).and_then(|s| s.split_once('-')) {
        Some((country, part)) => (Country::parse(country), parse_subdivision_part(part)),
        None => (None, subdivision.map(str::trim).and_then(parse_subdivision_part)),
    };
    match (told_country, subdivision_country) {
        (Some(told), Some(other)) if told != other => None,
        (Some(country), _) | (None, Some(country)) => Some(Region { country, subdivision: part }),
        (None, None) => None,
    }
}

impl RegionalRules {
    /// The regime for a visitor in `region` (see the module's rules).
    pub fn regime_for(&self, region: Option<&Region>) -> Regime {
        let Some(region) = region else { return self.strictest() };
        let country = Region { country: region.country, subdivision: None };
        let country_regime = self.rule(&country).or_else(|| self.group_rule(&country)).unwrap_or(self.default);
        if region.subdivision.is_some() {
            return self.rule(region).unwrap_or(country_regime);
        }
        self.rules
            .iter()
            .filter(|rule| rule.region.country == region.country && rule.region.subdivision.is_some())
            .map(|rule| rule.regime)
            .fold(country_regime, Regime::max)
    }

    /// Whether some visitor in the US gets the opt-out regime: a state's rule, or the country's regime (its rule, else
    /// the default) for the states without one. Ad tech reads such a visitor's choice from the GPP string (`usnat`,
    /// and `usca` for a Californian: [`crate::gpp::gpp_for_visitor`]), so the site's pages need `__gpp`.
    pub fn opts_out_in_us(&self) -> bool {
        let Some(us) = Country::parse("US") else { return false };
        let country = Region { country: us, subdivision: None };
        let country_regime = self.rule(&country).unwrap_or(self.default);
        country_regime == Regime::OptOut
            || self.rules.iter().any(|rule| rule.region.country == us && rule.regime == Regime::OptOut)
    }
}

impl SiteConfig {
    /// The regime and jurisdiction for a visitor the endpoint was told is in `country` (ISO 3166-1 alpha-2) and
    /// `subdivision` (ISO 3166-2, with or without its country), either of which may be missing or malformed.
    /// Without a `regions` section, every visitor is opt-in.
    pub fn applicable(&self, country: Option<&str>, subdivision: Option<&str>) -> Applicable {
        let region = region_of(country, subdivision);
        let regime = self.regions.as_ref().map_or(Regime::OptIn, |rules| rules.regime_for(region.as_ref()));
        Applicable { regime, jurisdiction: region.map_or_else(|| UNKNOWN_JURISDICTION.to_owned(), String::from) }
    }
}
