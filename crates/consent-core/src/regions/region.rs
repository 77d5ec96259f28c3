//! Country and subdivision codes as a config writes them and as a CDN's headers give them.
//!
//! A country is ISO 3166-1 alpha-2 (`US`); a subdivision ISO 3166-2, the country and up to three letters or digits
//! (`US-CA`, `FR-75C`). Headers vary: CloudFront and Cloudflare give the subdivision without its country (`CA`),
//! others with it. Codes are compared uppercase.

use serde::Serialize;

/// An ISO 3166-1 alpha-2 country code, uppercase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country([u8; 2]);

impl Country {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Reads a country code; `None` for anything but two letters, and for the codes ISO leaves to users (`AA`,
    /// `QM`–`QZ`, `XA`–`XZ`, `ZZ`), which CDNs send for "unknown" (`XX`); Cloudflare's `T1` (Tor) has a digit and is refused too.
    pub fn parse(text: &str) -> Option<Country> {
        let &[a, b] = text.trim().as_bytes() else { return None };
        if !a.is_ascii_alphabetic() || !b.is_ascii_alphabetic() {
            return None;
        }
        let code = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
        let user_assigned = matches!(code, [b'A', b'A'] | [b'Q', b'M'..=b'Z'] | [b'X', _] | [b'Z', b'Z']);
        (!user_assigned).then_some(Country(code))
    }
}

/// A region a rule names: a whole country, or one subdivision of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct Region {
    /// The country.
    pub country: Country,
    /// The subdivision's own part (`CA` of `US-CA`), uppercase; `None` for the whole country.
    pub subdivision: Option<String>,
}

impl Region {
    /// Reads `US` or `US-CA`.
    pub fn parse(text: &str) -> Result<Region, String> {
        let (country, subdivision) = match text.split_once('-') {
            Some((country, part)) => (country, Some(part)),
            None => (text, None),
        };
        let wrong =
            || format!("'{text}' is not a country (ISO 3166-1 alpha-2, 'US') or subdivision (ISO 3166-2, 'US-CA')");
        let country = Country::parse(country).filter(|_| country.len() == 2).ok_or_else(wrong)?;
        let subdivision = subdivision.map(|part| parse_subdivision_part(part).ok_or_else(wrong)).transpose()?;
        Ok(Region { country, subdivision })
    }
}

/// The part of an ISO 3166-2 code after the country: one to three letters or digits.
pub fn parse_subdivision_part(part: &str) -> Option<String> {
    let plain = (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric());
    plain.then(|| part.to_ascii_uppercase())
}

impl From<Region> for String {
    fn from(region: Region) -> String {
        match region.subdivision {
            Some(part) => format!("{}-{part}", region.country.as_str()),
            None => region.country.as_str().to_owned(),
        }
    }
}
