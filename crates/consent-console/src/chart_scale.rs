//! The axes of the console's charts: a linear scale from data to SVG units, and "nice" ticks (1, 2 or 5 times a power
//! of ten) so an axis reads 0, 5, 10, 15 rather than 0, 4.33, 8.67. Pure, so it is tested natively.

/// Maps `0..=max` onto `start..=end` in SVG units (`end` may be smaller than `start`: a y axis grows upwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    max: f64,
    start: f64,
    end: f64,
}

impl Scale {
    /// A scale from `0..=max` to `start..=end`; a `max` that is not positive maps everything to `start`.
    pub fn new(max: f64, start: f64, end: f64) -> Self {
        Self { max, start, end }
    }

    /// Where `value` falls, clamped to the range (a value above `max` is drawn at the axis's end, not off the chart).
    pub fn at(&self, value: f64) -> f64 {
        if self.max <= 0.0 || !value.is_finite() {
            return self.start;
        }
        let ratio = (value / self.max).clamp(0.0, 1.0);
        self.start + (self.end - self.start) * ratio
    }
}

/// Whole-number ticks from 0 to at least `max`, about `wanted` of them (never fewer than two), stepping by 1, 2 or 5
/// times a power of ten: counts of decisions are whole, so a fractional tick would label a count nobody can make.
pub fn count_ticks(max: u64, wanted: u64) -> Vec<u64> {
    let wanted = wanted.max(1);
    if max == 0 {
        return vec![0, 1];
    }
    let rough = max.div_ceil(wanted);
    let mut power = 1u64;
    let step = loop {
        if let Some(step) = [1, 2, 5].iter().map(|m| m * power).find(|step| *step >= rough) {
            break step;
        }
        power = power.saturating_mul(10);
    };
    let top = max.div_ceil(step) * step;
    (0..=top / step).map(|i| i * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_maps_its_ends_and_clamps_beyond_them() {
        let y = Scale::new(10.0, 200.0, 0.0);
        assert_eq!(y.at(0.0), 200.0);
        assert_eq!(y.at(5.0), 100.0);
        assert_eq!(y.at(10.0), 0.0);
        assert_eq!(y.at(12.0), 0.0);
        assert_eq!(y.at(-1.0), 200.0);
    }

    #[test]
    fn an_empty_scale_draws_everything_at_its_start() {
        assert_eq!(Scale::new(0.0, 200.0, 0.0).at(3.0), 200.0);
        assert_eq!(Scale::new(10.0, 200.0, 0.0).at(f64::NAN), 200.0);
    }

    #[test]
    fn ticks_step_by_one_two_or_five_and_cover_the_maximum() {
        assert_eq!(count_ticks(4, 4), [0, 1, 2, 3, 4]);
        assert_eq!(count_ticks(7, 4), [0, 2, 4, 6, 8]);
        assert_eq!(count_ticks(17, 4), [0, 5, 10, 15, 20]);
        assert_eq!(count_ticks(1234, 4), [0, 500, 1000, 1500]);
        assert_eq!(count_ticks(1, 4), [0, 1]);
    }

    #[test]
    fn an_axis_without_decisions_still_has_two_ticks() {
        assert_eq!(count_ticks(0, 4), [0, 1]);
    }

    #[test]
    fn ticks_never_need_more_than_about_twice_the_wanted_count() {
        for max in 1..3000 {
            let ticks = count_ticks(max, 4);
            assert!(*ticks.last().unwrap() >= max, "{max}: {ticks:?}");
            assert!(ticks.len() <= 10, "{max}: {ticks:?}");
        }
    }
}
