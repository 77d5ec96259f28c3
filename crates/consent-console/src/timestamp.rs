//! How the console shows a moment the endpoint sends (RFC 3339 in UTC, `2026-12-06T03:36:18.960Z`): as a product
//! team reads it, `2026-12-06 03:36 UTC`, while the `<time datetime>` keeps the exact value. Hand-written rather than
//! a date crate, which would add to the console's WebAssembly for one format. Pure, so it is tested natively.

/// `at` as `YYYY-MM-DD HH:MM UTC` when it is an RFC 3339 moment in UTC (`Z` or `+00:00`); else `at` unchanged, so a
/// value of another shape is still shown rather than lost.
pub fn readable(at: &str) -> String {
    let shaped = |date: &str, time: &str| {
        let digits = |s: &str, at: &[usize]| at.iter().all(|i| s.as_bytes().get(*i).is_some_and(u8::is_ascii_digit));
        date.len() == 10
            && digits(date, &[0, 1, 2, 3, 5, 6, 8, 9])
            && &date[4..5] == "-"
            && &date[7..8] == "-"
            && time.len() >= 5
            && digits(time, &[0, 1, 3, 4])
            && &time[2..3] == ":"
    };
    let Some((date, rest)) = at.split_once('T') else { return at.to_owned() };
    let utc = rest.ends_with('Z') || rest.ends_with("+00:00");
    if !utc || !shaped(date, rest) {
        return at.to_owned();
    }
    format!("{date} {} UTC", &rest[..5])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utc_moment_reads_as_date_hour_and_minute() {
        assert_eq!(readable("2026-12-06T03:36:18.960Z"), "2026-12-06 03:36 UTC");
        assert_eq!(readable("2026-01-02T23:59:00+00:00"), "2026-01-02 23:59 UTC");
    }

    #[test]
    fn other_shapes_are_shown_as_sent() {
        for odd in ["", "yesterday", "2026-12-06", "2026-12-06T03:36:18+02:00", "2026-1-6T03:36Z", "2026-12-06TZ"] {
            assert_eq!(readable(odd), odd);
        }
    }
}
