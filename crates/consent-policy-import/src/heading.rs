//! Whether a line reads like a heading, from its shape alone: how long it is, how it ends, whether it holds more than
//! one sentence, how it is capitalised. The importer weighs this together with numbering and the lines around it.

/// Headings are short: a line with more words than this is body text.
const MAX_HEADING_WORDS: usize = 14;
/// … or more characters than this (for scripts that do not separate words by spaces).
const MAX_HEADING_CHARS: usize = 100;
/// A numbered line ending with a period can still be a heading ("3. Definitions.", "4. Your rights."), if it is this
/// short; "5. \"We\" means the company." is a sentence.
const MAX_WORDS_BEFORE_PERIOD: usize = 3;
/// A heading may end with a colon ("1.1 When you register an account:"), if it is this short.
const MAX_WORDS_BEFORE_COLON: usize = 8;
/// Unnumbered headings are shorter still: a line has nothing but its shape to go on.
const MAX_PLAIN_HEADING_WORDS: usize = 12;
/// … except questions, which policies written as questions and answers ask at length ("What do we collect when you
/// shop with us, and where does it come from?"): the question mark says enough.
const MAX_QUESTION_WORDS: usize = 24;
const MAX_QUESTION_CHARS: usize = 180;

/// How strongly an unnumbered line looks like a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// Short, no closing punctuation, sentence case ("The statement"): a heading only where the document has no
    /// numbered headings to compete with.
    Weak,
    /// Set apart by style: ALL CAPITALS, Title Case, or asked as a question ("How do we use cookies?").
    Strong,
}

/// The style of an unnumbered heading; headings of different styles are different outline levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    Capitals,
    Plain,
    /// Underlined with a line of `=` (double) or of `-` and the like, as Markdown's setext headings are: `=` marks the
    /// document's top level, the others the level below it.
    Underlined {
        double: bool,
    },
}

/// Whether the text after a number reads like a heading's title rather than the start of a numbered paragraph.
pub(crate) fn is_title_like(rest: &str) -> bool {
    let rest = rest.trim();
    let Some(last) = rest.chars().last() else { return true };
    let words = rest.split_whitespace().count();
    if words > MAX_HEADING_WORDS || rest.chars().count() > MAX_HEADING_CHARS || has_sentence_break(rest) {
        return false;
    }
    if starts_lowercase(rest) {
        return false;
    }
    match last {
        '.' | '。' => words <= MAX_WORDS_BEFORE_PERIOD,
        ':' | '：' => words <= MAX_WORDS_BEFORE_COLON,
        ';' | '；' | ',' | '，' | '、' => false,
        _ => true,
    }
}

/// How much an unnumbered line looks like a heading, and in which style; `None` when it reads as body text.
pub(crate) fn plain_heading(text: &str) -> Option<(Strength, Style)> {
    let text = text.trim();
    let first = text.chars().next()?;
    let last = text.chars().last()?;
    let words = text.split_whitespace().count();
    let (max_words, max_chars) = if is_question(text) {
        (MAX_QUESTION_WORDS, MAX_QUESTION_CHARS)
    } else {
        (MAX_PLAIN_HEADING_WORDS, MAX_HEADING_CHARS)
    };
    if words > max_words || text.chars().count() > max_chars || has_sentence_break(text) {
        return None;
    }
    // A heading starts with a capital (or a letter of a script without case) and does not end mid-sentence.
    if !first.is_alphabetic() || first.is_lowercase() || ".,;:!、，；：。\"”'’)-–—/&".contains(last) {
        return None;
    }
    if text.contains('@') || text.contains("://") || text.contains("www.") {
        return None;
    }
    if is_capitals(text) {
        return Some((Strength::Strong, Style::Capitals));
    }
    let strength = if last == '?' || last == '？' || is_title_case(text) { Strength::Strong } else { Strength::Weak };
    Some((strength, Style::Plain))
}

/// Whether a line asks a question: in a policy written as questions and answers, each part's heading.
pub(crate) fn is_question(text: &str) -> bool {
    text.trim_end().ends_with(['?', '？'])
}

/// Whether a line ends a sentence, so that what follows it starts afresh (and may be a heading).
pub(crate) fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?', '。', '！', '？', ')', '）'])
}

/// Whether a line reads as body text: long, or ending like a sentence. Used to check that a candidate heading is
/// followed by something it could head.
pub(crate) fn is_body_like(text: &str) -> bool {
    text.split_whitespace().count() > MAX_PLAIN_HEADING_WORDS
        || text.trim_end().ends_with(['.', ';', ':', ',', '。', '；', '：'])
        || plain_heading(text).is_none()
}

/// Whether `text` holds the end of one sentence and the start of another, as body text does and headings do not.
/// Abbreviations ("e.g. Google", "Co., Ltd. and") are told apart by the short word before the stop.
fn has_sentence_break(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(3).enumerate().any(|(i, w)| {
        let stop = matches!(w[0], '.' | '?' | '!') && w[1] == ' ' && w[2].is_uppercase();
        let word_before: String =
            chars[..i].iter().rev().take_while(|c| c.is_alphabetic()).collect::<Vec<_>>().into_iter().rev().collect();
        let length = word_before.chars().count();
        let abbreviation = length <= 2 || length == 3 && word_before.chars().next().is_some_and(char::is_uppercase);
        (stop && !abbreviation) || matches!(w[0], '。' | '！' | '？') && i + 1 < chars.len()
    })
}

fn starts_lowercase(text: &str) -> bool {
    text.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_lowercase)
}

fn is_capitals(text: &str) -> bool {
    let cased = text.chars().filter(|c| c.is_uppercase() || c.is_lowercase());
    cased.clone().count() >= 3 && cased.clone().all(char::is_uppercase)
}

/// Short words that stay lowercase in Title Case.
const MINOR_WORDS: &[&str] =
    &["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "via", "with"];

fn is_title_case(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let capitalised = |w: &&str| w.chars().next().is_some_and(|c| !c.is_lowercase());
    words.len() >= 2
        && words.iter().all(|w| capitalised(w) || MINOR_WORDS.contains(&w.to_lowercase().as_str()))
        && words.iter().filter(|w| w.chars().count() > 3).all(capitalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_after_numbers_are_title_like() {
        for rest in [
            "What personal information do we collect about you",
            "When you register an account:",
            "How Do We Share, Transfer, and Publicly Disclose Your Personal Data?",
            "Definitions.",
            "",
            "Cookie",
        ] {
            assert!(is_title_like(rest), "{rest}");
        }
    }

    #[test]
    fn numbered_sentences_are_not_title_like() {
        for rest in [
            "We strive to provide protection for users' information security to prevent information loss.",
            "Information related to your device: your device type, device model, operating system information;",
            "after obtaining your explicit consent;",
            "We may modify the Policy in due course. Any modification will be posted.",
            "Significant changes in the Policy include but are not limited to:",
            "our service and operation is terminated.",
        ] {
            assert!(!is_title_like(rest), "{rest}");
        }
    }

    #[test]
    fn unnumbered_headings_by_style() {
        assert_eq!(plain_heading("The statement"), Some((Strength::Weak, Style::Plain)));
        assert_eq!(plain_heading("How do we use cookies?"), Some((Strength::Strong, Style::Plain)));
        assert_eq!(plain_heading("Information We Collect"), Some((Strength::Strong, Style::Plain)));
        assert_eq!(plain_heading("YOUR RIGHTS"), Some((Strength::Strong, Style::Capitals)));
        assert_eq!(
            plain_heading("What do we collect when you shop with us, and where does it come from?"),
            Some((Strength::Strong, Style::Plain)),
            "a long question is still a heading"
        );
    }

    #[test]
    fn unnumbered_body_lines_are_not_headings() {
        for text in [
            "Additional information.",
            "Privacy Policy Content:",
            "(0574) 5522 5205",
            "contact us at privacy@example.com",
            "You have the following rights regarding your personal information.",
            "we only use them to keep you signed in",
            "This is a very long line that goes on and on without any stop at all for many words",
        ] {
            assert_eq!(plain_heading(text), None, "{text}");
        }
    }

    #[test]
    fn abbreviations_do_not_split_sentences() {
        assert!(!has_sentence_break("Full Trust Information Technology Co., LTD. and partners"));
        assert!(!has_sentence_break("Services e.g. Google Analytics"));
        assert!(has_sentence_break("We collect data. We share it."));
        assert!(has_sentence_break("We use Google Analytics. It sets cookies."));
    }
}
