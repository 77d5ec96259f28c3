//! The shapes of the console's charts in SVG units: slots for bars, and line paths that break where data is missing.
//! Pure, so it is tested natively.

/// `count` equal slots side by side from `start` to `end`, as a bar chart's x axis has one per period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slots {
    count: usize,
    start: f64,
    width: f64,
}

impl Slots {
    /// `count` slots over `start..end` (at least one, so an empty chart still has a width to divide).
    pub fn new(count: usize, start: f64, end: f64) -> Self {
        let count = count.max(1);
        Self { count, start, width: (end - start) / count as f64 }
    }

    /// The left edge of slot `index`.
    pub fn left(&self, index: usize) -> f64 {
        self.start + self.width * index as f64
    }

    /// The middle of slot `index`, where its label and its line point go.
    pub fn middle(&self, index: usize) -> f64 {
        self.left(index) + self.width / 2.0
    }

    /// A slot's width.
    pub fn width(&self) -> f64 {
        self.width
    }

    /// A bar's width: most of the slot, so neighbouring bars stay apart, and never under one unit.
    pub fn bar_width(&self) -> f64 {
        (self.width * 0.7).max(1.0)
    }

    /// Every how many slots a label fits, for labels about `label_width` wide: all of them if they fit, else every
    /// second, third … so they never overlap.
    pub fn label_every(&self, label_width: f64) -> usize {
        if self.width <= 0.0 {
            return self.count;
        }
        ((label_width / self.width).ceil() as usize).clamp(1, self.count)
    }

    /// Whether slot `index` gets a label when only every `every`-th fits: counted back from the last slot, so the
    /// latest period (today, most often the one looked for) is always labelled.
    pub fn is_labelled(&self, index: usize, every: usize) -> bool {
        index < self.count && (self.count - 1 - index).is_multiple_of(every.max(1))
    }
}

/// An SVG path (`d`) through the points, in order: a point that is `None` (a period where no decision named the
/// category) breaks the line, which starts again at the next point, so a gap is never drawn as a slope.
pub fn line_path(points: &[Option<(f64, f64)>]) -> String {
    let mut path = String::new();
    let mut drawing = false;
    for point in points {
        match point {
            Some((x, y)) => {
                if !path.is_empty() {
                    path.push(' ');
                }
                path.push(if drawing { 'L' } else { 'M' });
                path.push_str(&format!("{} {}", unit(*x), unit(*y)));
                drawing = true;
            }
            None => drawing = false,
        }
    }
    path
}

/// A coordinate with at most one decimal: enough for a screen, and short paths.
pub fn unit(value: f64) -> String {
    let tenths = (value * 10.0).round() / 10.0;
    if tenths == tenths.trunc() {
        format!("{}", tenths as i64)
    } else {
        format!("{tenths:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_divide_the_axis_evenly() {
        let slots = Slots::new(4, 40.0, 440.0);
        assert_eq!(slots.width(), 100.0);
        assert_eq!(slots.left(0), 40.0);
        assert_eq!(slots.middle(3), 390.0);
        assert_eq!(slots.bar_width(), 70.0);
    }

    #[test]
    fn labels_are_thinned_out_until_they_fit() {
        assert_eq!(Slots::new(4, 0.0, 400.0).label_every(40.0), 1);
        assert_eq!(Slots::new(30, 0.0, 600.0).label_every(44.0), 3);
        assert_eq!(Slots::new(2, 0.0, 10.0).label_every(1000.0), 2);
    }

    #[test]
    fn the_last_slot_is_always_labelled() {
        let slots = Slots::new(30, 0.0, 600.0);
        let labelled: Vec<usize> = (0..30).filter(|index| slots.is_labelled(*index, 3)).collect();
        assert_eq!(labelled, [2, 5, 8, 11, 14, 17, 20, 23, 26, 29]);
        assert!(Slots::new(4, 0.0, 400.0).is_labelled(0, 1));
        assert!(!slots.is_labelled(30, 1));
    }

    #[test]
    fn a_line_goes_through_every_point_in_order() {
        let points = [Some((0.0, 10.0)), Some((5.5, 2.25)), Some((10.0, 0.0))];
        assert_eq!(line_path(&points), "M0 10 L5.5 2.3 L10 0");
    }

    #[test]
    fn a_missing_point_breaks_the_line() {
        let points = [Some((0.0, 1.0)), None, Some((2.0, 3.0)), Some((3.0, 4.0)), None];
        assert_eq!(line_path(&points), "M0 1 M2 3 L3 4");
        assert_eq!(line_path(&[None, None]), "");
    }
}
