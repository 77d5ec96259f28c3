//! How long a cookie or storage key is kept, written compactly in configs (`session`, `30min`, `24h`, `90d`, `13mo`,
//! `2y`) so that the banner can say it in the visitor's language.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A lifetime: until the browser session ends, or a count of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Lifetime {
    /// `session`: gone when the browser session ends.
    Session,
    /// `30min`: this many minutes.
    Minutes(u32),
    /// `24h`: this many hours.
    Hours(u32),
    /// `90d`: this many days.
    Days(u32),
    /// `13mo`: this many calendar months.
    Months(u32),
    /// `2y`: this many years.
    Years(u32),
}

/// Why a string is not a lifetime.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a duration: write 'session' or a number with min, h, d, mo or y, such as '30min', '90d' or '2y'")]
pub struct LifetimeError(String);

impl TryFrom<String> for Lifetime {
    type Error = LifetimeError;

    fn try_from(value: String) -> Result<Self, LifetimeError> {
        let text = value.trim();
        if text.eq_ignore_ascii_case("session") {
            return Ok(Lifetime::Session);
        }
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        let (number, unit) = text.split_at(digits);
        let count: u32 = number.parse().map_err(|_| LifetimeError(value.clone()))?;
        match unit.trim() {
            "min" => Ok(Lifetime::Minutes(count)),
            "h" => Ok(Lifetime::Hours(count)),
            "d" => Ok(Lifetime::Days(count)),
            "mo" => Ok(Lifetime::Months(count)),
            "y" => Ok(Lifetime::Years(count)),
            _ => Err(LifetimeError(value)),
        }
    }
}

impl From<Lifetime> for String {
    fn from(lifetime: Lifetime) -> Self {
        lifetime.to_string()
    }
}

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lifetime::Session => f.write_str("session"),
            Lifetime::Minutes(n) => write!(f, "{n}min"),
            Lifetime::Hours(n) => write!(f, "{n}h"),
            Lifetime::Days(n) => write!(f, "{n}d"),
            Lifetime::Months(n) => write!(f, "{n}mo"),
            Lifetime::Years(n) => write!(f, "{n}y"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_every_unit_and_refuses_prose() {
        let parse = |s: &str| Lifetime::try_from(s.to_owned());
        assert_eq!(parse("session"), Ok(Lifetime::Session));
        assert_eq!(parse("30min"), Ok(Lifetime::Minutes(30)));
        assert_eq!(parse("13mo"), Ok(Lifetime::Months(13)));
        assert_eq!(parse("2y"), Ok(Lifetime::Years(2)));
        assert!(parse("2 years").unwrap_err().to_string().contains("'2 years' is not a duration"));
        assert!(parse("d").is_err());
    }

    proptest! {
        #[test]
        fn display_round_trips(n in 0u32..100_000, unit in 0usize..5) {
            let lifetime = [Lifetime::Minutes(n), Lifetime::Hours(n), Lifetime::Days(n), Lifetime::Months(n),
                            Lifetime::Years(n)][unit];
            prop_assert_eq!(Lifetime::try_from(lifetime.to_string()), Ok(lifetime));
        }
    }
}
