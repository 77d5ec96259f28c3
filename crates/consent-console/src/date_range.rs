//! The dashboard's range: whole UTC days, first and last included as the product team picks them, and how they are
//! cut into periods; turned into the endpoint's query, whose `to` is exclusive. Pure, so it is tested natively.
//!
//! Dates are counted here by hand (days since 1970-01-01 on the proleptic Gregorian calendar) rather than with a date
//! crate: the console only needs to parse, print and step `YYYY-MM-DD`, and a calendar crate would cost the bundle more
//! than these few lines.

use std::fmt;

/// How the range is cut into periods, as the endpoint names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    /// One period per UTC day.
    #[default]
    Day,
    /// ISO weeks, from Monday.
    Week,
    /// Calendar months.
    Month,
}

impl Granularity {
    /// Every granularity, in the order the picker lists them.
    pub const ALL: [Granularity; 3] = [Granularity::Day, Granularity::Week, Granularity::Month];

    /// The endpoint's name for it (`granularity=`), also the picker's option value.
    pub fn name(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
        }
    }

    /// The granularity the endpoint calls `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|granularity| granularity.name() == name)
    }
}

/// A UTC calendar day, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(i64);

const MS_PER_DAY: i64 = 86_400_000;

impl Day {
    /// The UTC day holding `ms` (Unix milliseconds), as the browser's clock gives it.
    pub fn of_unix_ms(ms: f64) -> Self {
        Day((ms / MS_PER_DAY as f64).floor() as i64)
    }

    /// The day `days` later (earlier if negative).
    pub fn plus(self, days: i64) -> Self {
        Day(self.0 + days)
    }

    /// Reads `YYYY-MM-DD` (what a date input gives), refusing days that do not exist, such as 2026-02-30.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let year: i64 = year.parse().ok()?;
        let (month, day): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Day(days_from_civil(year, month, day)))
    }

    /// The year, month and day.
    fn civil(self) -> (i64, u32, u32) {
        civil_from_days(self.0)
    }
}

impl fmt::Display for Day {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.civil();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

/// What is wrong with a range the product team picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    /// The field named is empty or not a date.
    NotADate(&'static str),
    /// The last day is before the first.
    EndsBeforeItStarts,
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeError::NotADate(field) => write!(f, "Pick a date for \"{field}\" (YYYY-MM-DD)."),
            RangeError::EndsBeforeItStarts => f.write_str("\"To\" must be on or after \"From\"."),
        }
    }
}

/// A checked range: `from` to `through`, both included, cut by `granularity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// The first day shown.
    pub from: Day,
    /// The last day shown.
    pub through: Day,
    /// How the days are grouped.
    pub granularity: Granularity,
}

/// Days the dashboard opens on: the last 30, today included (the endpoint's default too).
pub const DEFAULT_DAYS: i64 = 30;

impl Range {
    /// The last [`DEFAULT_DAYS`] days up to `today`, per day.
    pub fn default_ending(today: Day) -> Self {
        Range { from: today.plus(1 - DEFAULT_DAYS), through: today, granularity: Granularity::Day }
    }

    /// Reads the picker's fields.
    pub fn read(from: &str, through: &str, granularity: Granularity) -> Result<Self, RangeError> {
        let from = Day::parse(from.trim()).ok_or(RangeError::NotADate("From"))?;
        let through = Day::parse(through.trim()).ok_or(RangeError::NotADate("To"))?;
        if through < from {
            return Err(RangeError::EndsBeforeItStarts);
        }
        Ok(Range { from, through, granularity })
    }

    /// The endpoint's query for this range (without `?`): `to` is the day after the last one, as it is exclusive.
    pub fn query(&self) -> String {
        format!("from={}&to={}&granularity={}", self.from, self.through.plus(1), self.granularity.name())
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date, counting in 400-year eras (146 097 days each) of years that start in March, so
/// the leap day is the last day of its year and needs no special case.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days_are_read_and_written_back() {
        assert_eq!(Day::parse("1970-01-01"), Some(Day(0)));
        assert_eq!(Day::parse("2026-12-05").map(|day| day.to_string()).as_deref(), Some("2026-12-05"));
        // 2025-11-24T16:00:00Z, the instant the server's tests use.
        assert_eq!(Day::of_unix_ms(1_764_000_000_000.0).to_string(), "2025-11-24");
        assert_eq!(Day::parse("1969-12-31"), Some(Day(-1)));
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        let start = Day::parse("1900-01-01").unwrap();
        for offset in 0..146_097 {
            let day = start.plus(offset);
            assert_eq!(Day::parse(&day.to_string()), Some(day));
        }
        assert_eq!(Day::parse("2024-02-28").unwrap().plus(1).to_string(), "2024-02-29");
        assert_eq!(Day::parse("2100-02-28").unwrap().plus(1).to_string(), "2100-03-01");
    }

    #[test]
    fn days_that_do_not_exist_are_refused() {
        for text in ["2026-02-30", "2026-13-01", "2026-00-10", "2026-1-05", "", "yesterday", "2026-12-05-01"] {
            assert_eq!(Day::parse(text), None, "{text}");
        }
    }

    #[test]
    fn the_default_is_the_last_30_days_today_included() {
        let range = Range::default_ending(Day::parse("2026-12-05").unwrap());
        assert_eq!(range.query(), "from=2026-11-06&to=2026-12-06&granularity=day");
    }

    #[test]
    fn the_last_day_picked_is_included_as_the_endpoint_counts_to_exclusively() {
        let range = Range::read("2026-01-01", "2026-12-31", Granularity::Month).unwrap();
        assert_eq!(range.query(), "from=2026-01-01&to=2027-01-01&granularity=month");
        let one_day = Range::read("2026-03-01", "2026-03-01", Granularity::Week).unwrap();
        assert_eq!(one_day.query(), "from=2026-03-01&to=2026-03-02&granularity=week");
    }

    #[test]
    fn a_bad_range_names_what_to_fix() {
        assert_eq!(Range::read("", "2026-01-01", Granularity::Day), Err(RangeError::NotADate("From")));
        assert_eq!(Range::read("2026-01-01", "soon", Granularity::Day), Err(RangeError::NotADate("To")));
        let backwards = Range::read("2026-02-01", "2026-01-01", Granularity::Day).unwrap_err();
        assert_eq!(backwards, RangeError::EndsBeforeItStarts);
        assert!(backwards.to_string().contains("on or after"));
    }

    #[test]
    fn granularities_are_named_as_the_endpoint_names_them() {
        for granularity in Granularity::ALL {
            assert_eq!(Granularity::parse(granularity.name()), Some(granularity));
        }
        assert_eq!(Granularity::parse("hour"), None);
    }
}
