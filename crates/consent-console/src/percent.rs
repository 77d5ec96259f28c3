//! Shares written for people: `0.25` is "25%", `1/3` is "33.3%". Pure, so it is tested natively.

/// `share` (0 to 1) as a percentage with at most one decimal, the decimal dropped when it is zero, so the same share
/// reads the same in the totals, the charts and the tables. Out-of-range or non-finite shares (a server bug, not a
/// visitor's) are clamped rather than shown as "NaN%".
pub fn percent(share: f64) -> String {
    let share = if share.is_finite() { share.clamp(0.0, 1.0) } else { 0.0 };
    let tenths = (share * 1000.0).round() as u32;
    if tenths.is_multiple_of(10) {
        format!("{}%", tenths / 10)
    } else {
        format!("{}.{}%", tenths / 10, tenths % 10)
    }
}

/// A count and its share, as the tables and bar labels write it: "3 (75%)".
pub fn count_and_percent(count: u64, share: f64) -> String {
    format!("{count} ({})", percent(share))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_percentages_have_no_decimal() {
        assert_eq!(percent(0.25), "25%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.0), "100%");
    }

    #[test]
    fn other_shares_keep_one_rounded_decimal() {
        assert_eq!(percent(1.0 / 3.0), "33.3%");
        assert_eq!(percent(2.0 / 3.0), "66.7%");
        assert_eq!(percent(0.0005), "0.1%");
        assert_eq!(percent(0.99996), "100%");
    }

    #[test]
    fn impossible_shares_are_clamped_not_shown_as_nan() {
        assert_eq!(percent(f64::NAN), "0%");
        assert_eq!(percent(-0.2), "0%");
        assert_eq!(percent(1.7), "100%");
    }

    #[test]
    fn a_count_is_written_with_its_share() {
        assert_eq!(count_and_percent(3, 0.75), "3 (75%)");
    }
}
