//! The lines of a plain-text policy, with their indentation, and what the layout of the whole text says about them.

/// One non-blank line: how far it is indented and its text without surrounding white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    pub indent: usize,
    pub text: &'a str,
}

/// How many columns a tab advances, for comparing indentation.
const TAB_WIDTH: usize = 4;

/// The lines of `input`, `None` for blank ones (empty or only white space), so blank lines still separate blocks.
pub(crate) fn split(input: &str) -> Vec<Option<Line<'_>>> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    input
        .split('\n')
        .map(|raw| {
            let text = raw.trim();
            if text.is_empty() {
                return None;
            }
            let lead = &raw[..raw.len() - raw.trim_start().len()];
            let indent = lead.chars().map(|c| if c == '\t' { TAB_WIDTH } else { 1 }).sum();
            Some(Line { indent, text })
        })
        .collect()
}

/// Whether a line is only a rule drawn with punctuation ("-----", "=====", "* * *"): layout, not text.
pub(crate) fn is_rule(text: &str) -> bool {
    let marks = text.chars().filter(|c| !c.is_whitespace()).count();
    marks >= 3 && text.chars().all(|c| c.is_whitespace() || "-=_*~·•#".contains(c))
}

/// Lines longer than this are never the product of wrapping at a fixed width.
const WRAP_WIDTH: usize = 100;

/// Whether the text was wrapped at a fixed width, so that one paragraph spans several lines and consecutive lines
/// must be joined; otherwise (as when a policy is copied from a web page) every line is a paragraph of its own.
///
/// Wrapped text has hardly any line over [`WRAP_WIDTH`] characters and several lines close to its width.
pub(crate) fn is_hard_wrapped(lines: &[Option<Line<'_>>]) -> bool {
    let lengths: Vec<usize> = lines.iter().flatten().map(|line| line.text.chars().count()).collect();
    let long = lengths.iter().filter(|&&len| len > WRAP_WIDTH).count();
    let near_width = lengths.iter().filter(|&&len| (50..=WRAP_WIDTH).contains(&len)).count();
    near_width >= 3 && long * 20 < lengths.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_none_and_indentation_counts_tabs_wider() {
        let lines = split("\u{feff}Title\n\n \t  Indented  \r\n   \nlast");
        assert_eq!(
            lines,
            vec![
                Some(Line { indent: 0, text: "Title" }),
                None,
                Some(Line { indent: 7, text: "Indented" }),
                None,
                Some(Line { indent: 0, text: "last" }),
            ]
        );
    }

    #[test]
    fn rules_are_runs_of_punctuation() {
        assert!(is_rule("-----"));
        assert!(is_rule("* * *"));
        assert!(is_rule("====="));
        assert!(!is_rule("--"));
        assert!(!is_rule("- item"));
    }

    #[test]
    fn text_copied_from_a_web_page_is_not_hard_wrapped() {
        let long = "word ".repeat(40);
        let text = format!("Title\n\n{long}\n{long}\n\nshort\n");
        assert!(!is_hard_wrapped(&split(&text)));
    }

    #[test]
    fn text_wrapped_at_72_columns_is_hard_wrapped() {
        let text = "We use cookies to remember your preferences and to measure how our\n\
                    website is used. We also use pixel tags in our newsletters, which tell\n\
                    us whether you opened them. You can turn all of this off in the\n\
                    settings.\n";
        assert!(is_hard_wrapped(&split(text)));
    }
}
