//! Times as the log keeps them (Unix milliseconds, UTC) and as people write them (RFC 3339), converted by the `time`
//! crate.

use std::time::{SystemTime, UNIX_EPOCH};

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

const NANOS_PER_MS: i128 = 1_000_000;

/// The server's clock in Unix milliseconds; a clock before 1970 is reported as 0 rather than refusing consents.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `ms` as an RFC 3339 UTC timestamp with milliseconds: `2025-11-24T16:00:00.000Z`. An instant outside the years
/// -9999 to 9999, which no clock produces, is written as its Unix milliseconds rather than a wrong date.
pub fn to_rfc3339(ms: i64) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    instant(ms).and_then(|at| at.format(&format).ok()).unwrap_or_else(|| ms.to_string())
}

/// The UTC calendar day of `ms`: `2025-11-24` (its Unix milliseconds outside the years -9999 to 9999).
pub fn day_of(ms: i64) -> String {
    instant(ms)
        .and_then(|at| at.format(format_description!("[year]-[month]-[day]")).ok())
        .unwrap_or_else(|| ms.to_string())
}

fn instant(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * NANOS_PER_MS).ok()
}

/// Reads a time given either as Unix milliseconds (`1764000000000`) or as an RFC 3339 timestamp
/// (`2025-11-24T16:00:00Z`, `2025-11-24T17:00:00.5+01:00`, also with a space for the `T`); a bare date (`2025-11-24`)
/// means its midnight UTC. Digits beyond milliseconds are dropped.
pub fn parse_time(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().map_err(|_| format!("'{text}' is too large to be a time in milliseconds"));
    }
    parse_rfc3339(text).ok_or_else(|| {
        let shown: String = text.chars().take(40).collect();
        format!("'{shown}' is neither Unix milliseconds nor an RFC 3339 time such as 2025-11-24T16:00:00Z")
    })
}

fn parse_rfc3339(text: &str) -> Option<i64> {
    let at = if text.len() == 10 {
        Date::parse(text, format_description!("[year]-[month]-[day]")).ok()?.midnight().assume_utc()
    } else if text.as_bytes().get(10) == Some(&b' ') {
        // RFC 3339 allows a space for the `T` (section 5.6, note); the `time` crate reads only `T` and `t`.
        OffsetDateTime::parse(&format!("{}T{}", &text[..10], &text[11..]), &Rfc3339).ok()?
    } else {
        OffsetDateTime::parse(text, &Rfc3339).ok()?
    };
    i64::try_from(at.unix_timestamp_nanos().div_euclid(NANOS_PER_MS)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_instants_are_written_and_read_back() {
        assert_eq!(to_rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(to_rfc3339(1_764_000_000_123), "2025-11-24T16:00:00.123Z");
        assert_eq!(day_of(1_764_000_000_123), "2025-11-24");
        assert_eq!(parse_time("2025-11-24T16:00:00Z"), Ok(1_764_000_000_000));
        assert_eq!(parse_time("2025-11-24T17:00:00.5+01:00"), Ok(1_764_000_000_500));
        assert_eq!(parse_time("2025-11-24"), Ok(1_763_942_400_000));
        assert_eq!(parse_time("1764000000000"), Ok(1_764_000_000_000));
        assert_eq!(parse_time("2024-02-29T00:00:00Z"), Ok(1_709_164_800_000));
        assert_eq!(parse_time("2025-11-24 16:00:00.1239z"), Ok(1_764_000_000_123));
    }

    #[test]
    fn nonsense_is_refused_with_the_accepted_forms() {
        for bad in ["", "yesterday", "2025-13-01", "2025-02-30", "2025-11-24T25:00:00Z", "2025-11-24T16:00:00", "-5"] {
            let error = parse_time(bad).unwrap_err();
            assert!(error.contains("RFC 3339"), "{bad}: {error}");
        }
    }

    proptest! {
        #[test]
        fn every_instant_round_trips(ms in -62_135_596_800_000i64..253_402_300_799_999) {
            prop_assert_eq!(parse_time(&to_rfc3339(ms)), Ok(ms));
        }
    }
}
