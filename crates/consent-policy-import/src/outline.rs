//! Which outline level a plain-text heading gets, from the headings still open above it.
//!
//! A policy's numbering says how its headings nest, but each policy picks its own schemes ("Ⅱ 、" over "1、" over
//! "(1)", or "1." over "1.1", or "Article 3" over "1."). So levels are read the way a person reads them:
//! - a heading numbered like an open heading is that heading's sibling ("2." closes "1." and all inside it);
//! - a heading with a new scheme goes inside the current one, unless the current one's scheme is necessarily below
//!   it (a "1.1" is never above a "1.", a Roman numeral is above an Arabic number), in which case that one closes;
//! - an unnumbered heading that already has text under it does not contain the numbered headings that follow (the
//!   "Introduction" before "1. Data we collect" is its sibling), but one with nothing under it yet does ("PART A"
//!   directly over "1.");
//! - ALL-CAPITALS unnumbered headings sit above other unnumbered ones;
//! - a heading underlined with `=` is at the document's top level (it closes every heading but its siblings), one
//!   underlined with `-` sits below numbered and `=` headings and above plain ones, as Markdown's setext headings do.

use crate::heading::Style;
use crate::marker::Scheme;
use consent_core::policy::MAX_LEVEL;

/// What places a heading in the outline: its numbering scheme, or its style when it has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadingKind {
    Numbered(Scheme),
    Unnumbered(Style),
}

#[derive(Debug, Clone, Copy)]
struct Open {
    kind: HeadingKind,
    has_body: bool,
}

/// The headings open at the current line, outermost first.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    open: Vec<Open>,
}

impl Outline {
    /// Places a heading of `kind`, closing the headings it ends, and returns its level (1..=6).
    pub(crate) fn place(&mut self, kind: HeadingKind) -> usize {
        if let Some(sibling) = self.open.iter().rposition(|open| open.kind == kind) {
            self.open.truncate(sibling);
        } else {
            while let Some(top) = self.open.last() {
                let closes = match (top.kind, kind) {
                    (HeadingKind::Numbered(above), HeadingKind::Numbered(new)) => new.outranks(above),
                    (HeadingKind::Unnumbered(_), HeadingKind::Numbered(_)) => top.has_body,
                    (HeadingKind::Unnumbered(Style::Plain), HeadingKind::Unnumbered(Style::Capitals)) => true,
                    (_, HeadingKind::Unnumbered(Style::Underlined { double: true })) => true,
                    (
                        HeadingKind::Unnumbered(Style::Plain | Style::Capitals),
                        HeadingKind::Unnumbered(Style::Underlined { double: false }),
                    ) => true,
                    _ => false,
                };
                if !closes {
                    break;
                }
                self.open.pop();
            }
        }
        if self.open.len() >= MAX_LEVEL as usize {
            // Too deep to go further: the heading becomes a sibling of the deepest one.
            self.open.pop();
        }
        self.open.push(Open { kind, has_body: false });
        self.open.len()
    }

    /// Notes that the innermost heading has text under it.
    pub(crate) fn note_body(&mut self) {
        if let Some(top) = self.open.last_mut() {
            top.has_body = true;
        }
    }

    /// Whether a numbered heading is open, so unnumbered lines need a strong style to be headings.
    pub(crate) fn has_numbered(&self) -> bool {
        self.open.iter().any(|open| matches!(open.kind, HeadingKind::Numbered(_)))
    }

    /// Whether a heading numbered in `scheme` is open: a line of that scheme would close the current section.
    pub(crate) fn has_scheme(&self, scheme: Scheme) -> bool {
        self.open.iter().any(|open| open.kind == HeadingKind::Numbered(scheme))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marker;

    fn numbered(line: &str) -> HeadingKind {
        HeadingKind::Numbered(marker::parse(line).map(|(m, _)| m.scheme).unwrap())
    }

    fn levels(kinds: &[HeadingKind]) -> Vec<usize> {
        let mut outline = Outline::default();
        kinds.iter().map(|&kind| outline.place(kind)).collect()
    }

    #[test]
    fn decimal_paths_nest_by_depth() {
        let kinds = ["1. A", "1.1 B", "1.1.1 C", "1.2 D", "2. E"].map(numbered);
        assert_eq!(levels(&kinds), [1, 2, 3, 2, 1]);
    }

    #[test]
    fn a_new_scheme_nests_and_a_known_one_is_a_sibling() {
        let kinds = ["Ⅰ、A", "1、B", "(1) C", "2、D", "Ⅱ、E", "1、F"].map(numbered);
        assert_eq!(levels(&kinds), [1, 2, 3, 2, 1, 2]);
    }

    #[test]
    fn a_scheme_that_ranks_higher_closes_the_one_below() {
        // The policy starts at "1.1"; the "2." that follows cannot be inside it.
        let kinds = ["1.1 A", "1.2 B", "2. C", "2.1 D"].map(numbered);
        assert_eq!(levels(&kinds), [1, 1, 1, 2]);
    }

    #[test]
    fn an_unnumbered_heading_with_text_is_a_sibling_of_the_numbered_ones() {
        let mut outline = Outline::default();
        assert_eq!(outline.place(HeadingKind::Unnumbered(Style::Plain)), 1);
        outline.note_body();
        assert_eq!(outline.place(numbered("1. A")), 1);
        assert!(outline.has_numbered());
    }

    #[test]
    fn an_unnumbered_heading_without_text_contains_the_numbered_ones() {
        let mut outline = Outline::default();
        assert_eq!(outline.place(HeadingKind::Unnumbered(Style::Capitals)), 1);
        assert_eq!(outline.place(numbered("1. A")), 2);
        assert_eq!(outline.place(HeadingKind::Unnumbered(Style::Capitals)), 1);
    }

    #[test]
    fn underlined_headings_nest_as_setext_headings_do() {
        let double = HeadingKind::Unnumbered(Style::Underlined { double: true });
        let single = HeadingKind::Unnumbered(Style::Underlined { double: false });
        let plain = HeadingKind::Unnumbered(Style::Plain);
        let kinds = [double, single, plain, single, numbered("1. A"), double, numbered("Part 4"), double];
        assert_eq!(levels(&kinds), [1, 2, 3, 2, 3, 1, 2, 1]);
    }

    #[test]
    fn capitals_sit_above_plain_headings() {
        let kinds = [Style::Capitals, Style::Plain, Style::Plain, Style::Capitals].map(HeadingKind::Unnumbered);
        assert_eq!(levels(&kinds), [1, 2, 2, 1]);
    }

    #[test]
    fn levels_stop_at_six() {
        let kinds = ["Part I", "Article 1.", "Ⅰ、A", "1. A", "1.1 A", "(1) A", "a. A"].map(numbered);
        assert_eq!(levels(&kinds), [1, 2, 3, 4, 5, 6, 6]);
    }
}
