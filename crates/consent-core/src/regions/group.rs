//! Groups of countries a rule may name in one word, as a privacy team thinks of GDPR's reach: `EU` (the 27 member
//! states) and `EEA` (the EU with Iceland, Liechtenstein and Norway). A CDN's header names a country, never a group,
//! so `EU` read as a country code (ISO reserves it) would never match anyone: a rule naming it would silently do
//! nothing. A country's own rule, and its subdivisions', win over its group's; the EU's over the EEA's.

use serde::Serialize;

use super::region::Country;

/// A named group of countries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum CountryGroup {
    /// The European Union's member states.
    #[serde(rename = "EU")]
    Eu,
    /// The European Economic Area: the EU, Iceland, Liechtenstein and Norway.
    #[serde(rename = "EEA")]
    Eea,
}

/// The EU's member states (since 1 February 2020), ISO 3166-1 alpha-2: Greece is `GR`, not the EU's own `EL`.
const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
    "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];
/// The EEA's members outside the EU.
const EEA_ONLY: [&str; 3] = ["IS", "LI", "NO"];

impl CountryGroup {
    /// Reads `EU` or `EEA`, in any case.
    pub fn parse(text: &str) -> Option<CountryGroup> {
        match text.trim().to_ascii_uppercase().as_str() {
            "EU" => Some(CountryGroup::Eu),
            "EEA" => Some(CountryGroup::Eea),
            _ => None,
        }
    }

    /// The word a rule names it by.
    pub fn as_str(self) -> &'static str {
        match self {
            CountryGroup::Eu => "EU",
            CountryGroup::Eea => "EEA",
        }
    }

    /// Whether `country` belongs to the group.
    pub fn contains(self, country: Country) -> bool {
        let code = country.as_str();
        EU_MEMBERS.contains(&code) || (self == CountryGroup::Eea && EEA_ONLY.contains(&code))
    }
}

/// Why a code that looks like a country is refused: ISO reserves it for another use and no CDN sends it, so a rule
/// naming it would never apply. `None` for every other text.
pub fn reserved_code_hint(text: &str) -> Option<&'static str> {
    match text.trim().to_ascii_uppercase().as_str() {
        "UK" => Some("'UK' is not the United Kingdom's ISO 3166-1 code, which CDNs send: use 'GB'"),
        "EL" => Some("'EL' is not Greece's ISO 3166-1 code, which CDNs send: use 'GR'"),
        _ => None,
    }
}
