//! Finds the date a policy says it took effect: on a line like "Revised date: June 1, 2019", "Effective 1 November
//! 2026" or "Last updated: 2023-04-01", kept as written and, when the day is certain, as an ISO date.

use consent_core::policy::{EffectiveDate, IsoDate};

/// Words that, on the same line as a date, say the date is when the policy took effect or was last changed.
const CUES: &[&str] = &[
    "effective",
    "updated",
    "revised",
    "revision",
    "modified",
    "amended",
    "last change",
    "date",
    "as of",
    "in force",
    "valid from",
    "version",
    "dated",
    "published",
    "生效",
    "更新",
    "日期",
];

/// How many non-blank lines from the top a bare date (a line with nothing but a date) is still read as the policy's
/// date: further down it is more likely a date inside the text.
const BARE_DATE_LINES: usize = 6;

/// The policy's effective date: the first line that pairs a cue ("effective", "last updated", "revised" …) with a
/// date, or failing that a line near the top that is nothing but a date.
pub fn find_effective_date<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<EffectiveDate> {
    for (index, line) in lines.into_iter().filter(|line| !line.trim().is_empty()).enumerate() {
        let lower = line.to_lowercase();
        let found = find_date(line);
        match found {
            Some((span, iso)) if CUES.iter().any(|cue| lower.contains(cue)) => {
                return Some(EffectiveDate { text: line[span.0..span.1].to_owned(), iso })
            }
            Some((span, iso)) if index < BARE_DATE_LINES && is_whole_line(line, span) => {
                return Some(EffectiveDate { text: line[span.0..span.1].to_owned(), iso })
            }
            _ => {}
        }
    }
    None
}

/// Whether `line` holds a cue word and a date, i.e. it is the kind of line [`find_effective_date`] reads.
pub(crate) fn is_date_line(line: &str) -> bool {
    let lower = line.to_lowercase();
    find_date(line).is_some_and(|(span, _)| CUES.iter().any(|cue| lower.contains(cue)) || is_whole_line(line, span))
}

fn is_whole_line(line: &str, (start, end): (usize, usize)) -> bool {
    line[..start].trim().is_empty() && line[end..].trim_matches(|c: char| c.is_whitespace() || c == '.').is_empty()
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number { value: u32, digits: usize },
    Word(String),
    Punct(char),
}

/// The line cut into numbers, words and single punctuation characters, each with its byte range.
fn tokens(line: &str) -> Vec<(Token, usize, usize)> {
    let mut out: Vec<(Token, usize, usize)> = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let same_kind = |next: char| if c.is_ascii_digit() { next.is_ascii_digit() } else { next.is_alphabetic() };
        if !c.is_ascii_digit() && !c.is_alphabetic() {
            out.push((Token::Punct(c), start, start + c.len_utf8()));
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            // Han characters are alphabetic but each is a word of its own: "年" must not swallow "6月".
            if !same_kind(next) || is_ideograph(next) || is_ideograph(c) {
                break;
            }
            end = at + next.len_utf8();
            chars.next();
        }
        let text = &line[start..end];
        let token = if c.is_ascii_digit() {
            // More than nine digits cannot be part of a date; saturating keeps the token without overflowing.
            let value = text.parse().unwrap_or(u32::MAX);
            Token::Number { value, digits: text.len() }
        } else {
            Token::Word(text.to_lowercase())
        };
        out.push((token, start, end));
    }
    out
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}')
}

fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let position = MONTHS.iter().position(|name| *name == word || (word.len() >= 3 && name.starts_with(word)));
    // "Sept" is the one common abbreviation longer than three letters; `starts_with` covers it. A lone "may" is a
    // verb too, but only counts here when a day or year stands next to it.
    position.map(|index| index as u32 + 1)
}

/// The first date on `line`: its byte range and, when the day is certain, the ISO date.
fn find_date(line: &str) -> Option<((usize, usize), Option<IsoDate>)> {
    let tokens = tokens(line);
    (0..tokens.len()).find_map(|at| date_at(&tokens, at).map(|(end, iso)| ((tokens[at].1, tokens[end].2), iso)))
}

/// A date starting at token `at`: the index of its last token and its ISO form if the day is known.
fn date_at(t: &[(Token, usize, usize)], at: usize) -> Option<(usize, Option<IsoDate>)> {
    let number = |i: usize| match t.get(i) {
        Some((Token::Number { value, digits }, ..)) => Some((*value, *digits)),
        _ => None,
    };
    let word = |i: usize| match t.get(i) {
        Some((Token::Word(w), ..)) => Some(w.as_str()),
        _ => None,
    };
    let punct = |i: usize, set: &[char]| matches!(t.get(i), Some((Token::Punct(c), ..)) if set.contains(c));
    let year = |i: usize| number(i).filter(|&(_, digits)| digits == 4).map(|(value, _)| value);
    let day = |i: usize| number(i).filter(|&(value, digits)| digits <= 2 && (1..=31).contains(&value)).map(|v| v.0);
    // "1st", "2nd", "23rd", "4th": the suffix is its own word token.
    let skip_ordinal = |i: usize| i + usize::from(matches!(word(i), Some("st" | "nd" | "rd" | "th")));

    // 2023-04-01, 2023/04/01, 2023.04.01
    if let (Some(y), Some(m), Some(d)) = (year(at), day(at + 2), day(at + 4)) {
        if punct(at + 1, &['-', '/', '.']) && t.get(at + 1).map(|x| &x.0) == t.get(at + 3).map(|x| &x.0) {
            return Some((at + 4, IsoDate::new(y, m, d)));
        }
    }
    // 2019年6月1日
    if let (Some(y), Some(m), Some(d)) = (year(at), day(at + 2), day(at + 4)) {
        if word(at + 1) == Some("年") && word(at + 3) == Some("月") && word(at + 5) == Some("日") {
            return Some((at + 5, IsoDate::new(y, m, d)));
        }
    }
    // June 1, 2019 · Jun. 1st 2019 · June 2019
    if let Some(m) = word(at).and_then(month) {
        let mut i = at + 1;
        i += usize::from(punct(i, &['.']));
        if let Some(d) = day(i) {
            let mut j = skip_ordinal(i + 1);
            j += usize::from(punct(j, &[',']));
            if let Some(y) = year(j) {
                return Some((j, IsoDate::new(y, m, d)));
            }
        }
        let j = i + usize::from(punct(i, &[',']));
        if year(j).is_some() {
            return Some((j, None));
        }
    }
    // 1 November 2026 · 1st of November, 2026 · 1. November 2026
    if let Some(d) = day(at) {
        let mut i = skip_ordinal(at + 1);
        i += usize::from(punct(i, &['.']));
        i += usize::from(word(i) == Some("of"));
        if let Some(m) = word(i).and_then(month) {
            let mut j = i + 1;
            j += usize::from(punct(j, &['.']));
            j += usize::from(punct(j, &[',']));
            if let Some(y) = year(j) {
                return Some((j, IsoDate::new(y, m, d)));
            }
        }
    }
    // 01/04/2023, 1.11.2026: day-first or month-first is only certain when one of them is above 12.
    if let (Some(a), Some(b), Some(y)) = (day(at), day(at + 2), year(at + 4)) {
        if punct(at + 1, &['/', '.', '-']) && t.get(at + 1).map(|x| &x.0) == t.get(at + 3).map(|x| &x.0) {
            let iso = match (a > 12, b > 12) {
                (true, false) => IsoDate::new(y, b, a),
                (false, true) => IsoDate::new(y, a, b),
                _ if a == b => IsoDate::new(y, a, b),
                _ => None,
            };
            return Some((at + 4, iso));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(lines: &[&str]) -> Option<(String, Option<String>)> {
        find_effective_date(lines.iter().copied()).map(|d| (d.text, d.iso.map(|iso| iso.to_string())))
    }

    fn one(line: &str) -> Option<(String, Option<String>)> {
        found(&[line])
    }

    fn certain(text: &str, iso: &str) -> Option<(String, Option<String>)> {
        Some((text.to_owned(), Some(iso.to_owned())))
    }

    #[test]
    fn month_name_dates_in_either_order() {
        assert_eq!(one("Revised date: June 1, 2019"), certain("June 1, 2019", "2019-06-01"));
        assert_eq!(one("Effective 1 November 2026"), certain("1 November 2026", "2026-11-01"));
        assert_eq!(one("Effective from July 15, 2022"), certain("July 15, 2022", "2022-07-15"));
        assert_eq!(one("Last updated on the 3rd of Sept. 2021."), certain("3rd of Sept. 2021", "2021-09-03"));
        assert_eq!(one("Version of Jan. 2nd, 2020"), certain("Jan. 2nd, 2020", "2020-01-02"));
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(one("Last updated: 2023-04-01"), certain("2023-04-01", "2023-04-01"));
        assert_eq!(one("生效日期：2019年6月1日"), certain("2019年6月1日", "2019-06-01"));
        assert_eq!(one("Effective date: 25.05.2018"), certain("25.05.2018", "2018-05-25"));
        assert_eq!(one("Updated 12/31/2020"), certain("12/31/2020", "2020-12-31"));
    }

    #[test]
    fn an_ambiguous_or_impossible_day_keeps_the_text_without_an_iso_date() {
        assert_eq!(one("Last updated: 01/02/2023"), Some(("01/02/2023".to_owned(), None)));
        assert_eq!(one("Last updated: February 30, 2023"), Some(("February 30, 2023".to_owned(), None)));
        assert_eq!(one("Effective as of March 2024"), Some(("March 2024".to_owned(), None)));
        assert_eq!(one("Updated: February 29, 2024"), certain("February 29, 2024", "2024-02-29"));
    }

    #[test]
    fn a_date_without_a_cue_only_counts_as_a_bare_line_near_the_top() {
        assert_eq!(found(&["Privacy Policy", "June 1, 2019", "Text."]), certain("June 1, 2019", "2019-06-01"));
        assert_eq!(one("Our company was founded on June 1, 2019 in Shenzhen."), None);
        let late = ["a", "b", "c", "d", "e", "f", "June 1, 2019"];
        assert_eq!(found(&late), None);
    }

    #[test]
    fn a_cue_without_a_date_is_not_a_date() {
        assert_eq!(one("record the time and date a Web page was viewed"), None);
        assert_eq!(one("We may update this policy in May to reflect changes."), None);
    }
}
