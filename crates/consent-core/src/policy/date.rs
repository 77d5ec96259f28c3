//! The date a policy says it took effect, kept as written and, when the day is certain, as an ISO date. The importer
//! finds it (`consent_policy_import::find_effective_date`); this is what the model keeps of it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// When the policy says it took effect (or was last revised, which is when the current text took effect).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectiveDate {
    /// The date as the policy writes it ("June 1, 2019").
    pub text: String,
    /// The same date as a calendar day, when it names a day unambiguously ("01/02/2023" does not: it could be
    /// January or February).
    pub iso: Option<IsoDate>,
}

/// A valid calendar day, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoDate {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a string is not an ISO date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IsoDateError {
    /// Not in the form `YYYY-MM-DD`.
    #[error("'{0}' is not a date in the form YYYY-MM-DD")]
    Format(String),
    /// In the right form, but no such day (2023-02-29).
    #[error("'{0}' is not a day of the calendar")]
    NoSuchDay(String),
}

impl IsoDate {
    /// The day `year`-`month`-`day`, if the calendar has it (leap years included) and the year has four digits.
    pub fn new(year: u32, month: u32, day: u32) -> Option<IsoDate> {
        let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        let valid = (1000..=9999).contains(&year) && (1..=days).contains(&day);
        valid.then_some(IsoDate { year: year as u16, month: month as u8, day: day as u8 })
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for IsoDate {
    type Err = IsoDateError;

    fn from_str(s: &str) -> Result<Self, IsoDateError> {
        let format_error = || IsoDateError::Format(s.to_owned());
        let parts: Vec<&str> = s.split('-').collect();
        let [y, m, d] = parts.as_slice() else { return Err(format_error()) };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(format_error());
        }
        let number = |part: &str| part.parse::<u32>().map_err(|_| format_error());
        IsoDate::new(number(y)?, number(m)?, number(d)?).ok_or_else(|| IsoDateError::NoSuchDay(s.to_owned()))
    }
}

impl TryFrom<String> for IsoDate {
    type Error = IsoDateError;

    fn try_from(value: String) -> Result<Self, IsoDateError> {
        value.parse()
    }
}

impl From<IsoDate> for String {
    fn from(date: IsoDate) -> Self {
        date.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_round_trip_and_reject_non_days() {
        assert_eq!("2024-02-29".parse::<IsoDate>().map(|d| d.to_string()), Ok("2024-02-29".to_owned()));
        assert!(matches!("2023-02-29".parse::<IsoDate>(), Err(IsoDateError::NoSuchDay(_))));
        assert!(matches!("2023-2-1".parse::<IsoDate>(), Err(IsoDateError::Format(_))));
    }
}
