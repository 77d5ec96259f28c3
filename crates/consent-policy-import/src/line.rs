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
/// Wrapped text has hardly any line over [`WRAP_WIDTH`] characters, several lines close to its width, and a good
/// share of those stop mid-sentence and run on into the next line. (Short paragraphs one a line, as a policy written
/// as questions and answers has, are close to the width too, but each ends its sentence.)
pub(crate) fn is_hard_wrapped(lines: &[Option<Line<'_>>]) -> bool {
    let near = |line: &Line<'_>| (50..=WRAP_WIDTH).contains(&line.text.chars().count());
    let count = lines.iter().flatten().count();
    let long = lines.iter().flatten().filter(|line| line.text.chars().count() > WRAP_WIDTH).count();
    let near_width = lines.iter().flatten().filter(|line| near(line)).count();
    let runs_on = lines
        .windows(2)
        .filter(|pair| matches!(pair, [Some(line), Some(_)] if near(line) && !ends_sentence_or_clause(line.text)))
        .count();
    near_width >= 3 && long * 20 < count.max(1) && runs_on * 3 >= near_width
}

fn ends_sentence_or_clause(text: &str) -> bool {
    text.ends_with(['.', '!', '?', ':', ';', '。', '！', '？', '：', '；'])
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
    fn sentences_one_a_line_are_not_hard_wrapped() {
        let text = "Who are we and what do we do with the data you give us?\n\
                    We are a bakery and we keep only what an order needs to reach you.\n\
                    Your name and address are kept for six years, as tax law requires.\n\
                    Nothing is shared with anyone but the driver who brings the cake.\n";
        assert!(!is_hard_wrapped(&split(text)));
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
