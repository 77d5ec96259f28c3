//! Recognising the table of contents a plain-text policy opens with, so its lines are not taken for (empty) sections,
//! and linking its entries to the sections they name.
//!
//! A table of contents is a run of at least three consecutive title-like lines with no body text between them, most
//! of which name a heading that comes later. The later headings need not repeat the entries word for word (policies
//! write "1、How do we collect and use your personal data" in the contents and "I 、How the company collects and uses
//! your personal information" as the heading), so entries are compared by their words.

use std::collections::HashSet;

use crate::effective_date;
use crate::heading;
use crate::numbering::TextLine;
use consent_core::policy::Section;
use consent_core::policy::{ContentsEntry, TableOfContents};

/// Fewer entries than this are more likely a few empty sections than a table of contents.
const MIN_ENTRIES: usize = 3;
/// Longer runs are not tables of contents (and comparing them against every later line would be slow).
const MAX_ENTRIES: usize = 80;
/// How alike two titles' words must be (Dice coefficient) to name the same section.
const SAME_TITLE: f64 = 0.6;
/// How alike two lines of one run must be to be the same title written twice.
const SAME_WORDS: f64 = 0.9;

/// A table of contents found in the text, with the lines it occupies (entries and the line introducing it).
#[derive(Debug)]
pub(crate) struct FoundContents {
    pub contents: TableOfContents,
    pub lines: Vec<usize>,
}

/// The first table of contents at or after line `from`.
pub(crate) fn find(lines: &[Option<TextLine<'_>>], from: usize) -> Option<FoundContents> {
    let mut start = from;
    while start < lines.len() {
        let run = entry_run(lines, start);
        let Some(&last) = run.last() else {
            start += 1;
            continue;
        };
        if (MIN_ENTRIES..=MAX_ENTRIES).contains(&run.len()) {
            if let Some(found) = as_contents(lines, &run, from) {
                return Some(found);
            }
        }
        start = last + 1;
    }
    None
}

/// The consecutive entry-like lines from `start` (blank lines between them allowed), all numbered or all not. A line
/// repeating an earlier entry — the same number again, or the same words — is the first heading of the text itself,
/// and ends the run.
fn entry_run(lines: &[Option<TextLine<'_>>], start: usize) -> Vec<usize> {
    let mut run: Vec<usize> = Vec::new();
    let mut seen: Vec<(Option<&TextLine<'_>>, HashSet<String>)> = Vec::new();
    let mut numbered = None;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let Some(line) = line else { continue };
        let this_numbered = line.marker.is_some();
        if !is_entry_like(line) || numbered.is_some_and(|n| n != this_numbered) || run.len() > MAX_ENTRIES {
            break;
        }
        let title = words(split_page(line.rest).0);
        let repeats =
            seen.iter().any(|(earlier, earlier_title)| match (earlier.and_then(|l| l.marker.as_ref()), &line.marker) {
                (Some(a), Some(b)) => a.scheme == b.scheme && a.path == b.path,
                _ => similarity(earlier_title, &title) >= SAME_WORDS,
            });
        if repeats {
            break;
        }
        numbered = Some(this_numbered);
        seen.push((Some(line), title));
        run.push(i);
    }
    run
}

fn is_entry_like(line: &TextLine<'_>) -> bool {
    let (title, _) = split_page(line.rest);
    if title.is_empty() || effective_date::is_date_line(line.text) {
        return false;
    }
    match &line.marker {
        Some(_) => heading::is_title_like(title),
        None => heading::plain_heading(title).is_some(),
    }
}

/// The run as a table of contents, if most of its entries name a later line.
fn as_contents(lines: &[Option<TextLine<'_>>], run: &[usize], from: usize) -> Option<FoundContents> {
    let last = *run.last()?;
    let later: Vec<HashSet<String>> = lines[last + 1..]
        .iter()
        .flatten()
        .filter(|l| heading::is_title_like(l.rest) || heading::plain_heading(l.rest).is_some())
        .map(|l| words(l.rest))
        .collect();
    let matched: Vec<bool> = run
        .iter()
        .map(|&i| {
            let entry = words(split_page(lines[i].as_ref().map_or("", |l| l.rest)).0);
            later.iter().any(|candidate| similarity(&entry, candidate) >= SAME_TITLE)
        })
        .collect();
    let matches = matched.iter().filter(|&&m| m).count();
    if matches < 2 || 2 * matches < run.len() {
        return None;
    }
    // An unmatched first line of an unnumbered run is its caption ("Contents"), not an entry.
    let captioned = !matched[0] && lines[run[0]].as_ref().is_some_and(|l| l.marker.is_none());
    let (intro, entries_from) = if captioned { (Some(run[0]), 1) } else { (introduction(lines, run[0], from), 0) };
    let entries = run[entries_from..]
        .iter()
        .filter_map(|&i| lines[i].as_ref())
        .map(|line| {
            let (text, page) = split_page(line.rest);
            let number = line.marker.as_ref().filter(|m| !m.scheme.is_bullet()).map(|m| m.label.clone());
            ContentsEntry { number, text: text.to_owned(), page: page.map(str::to_owned), section_id: None }
        })
        .collect();
    let intro_text = intro.and_then(|i| lines[i].as_ref()).map(|l| l.text.to_owned());
    let mut taken: Vec<usize> = intro.into_iter().collect();
    taken.extend_from_slice(run);
    Some(FoundContents { contents: TableOfContents { intro: intro_text, entries }, lines: taken })
}

/// The line right before the run, if it introduces it: it ends with a colon ("…the following content:") or is a
/// short caption ("Contents", "In this policy").
fn introduction(lines: &[Option<TextLine<'_>>], first: usize, from: usize) -> Option<usize> {
    let index = (from..first).rev().find(|&i| lines[i].is_some())?;
    let line = lines[index].as_ref()?;
    if effective_date::is_date_line(line.text) {
        return None;
    }
    let caption = heading::plain_heading(line.text).is_some() && line.text.split_whitespace().count() <= 4;
    (line.marker.is_none() && (line.text.ends_with([':', '：']) || caption)).then_some(index)
}

/// Splits a printed page number off an entry: "Cookies ........ 4" or "Cookies\t4".
fn split_page(text: &str) -> (&str, Option<&str>) {
    let body = text.trim_end_matches(|c: char| c.is_ascii_digit());
    let page = &text[body.len()..];
    let leader = body.trim_end_matches(['.', '·', '…', ' ', '\t', '_']);
    let has_leader =
        body.len() - leader.len() >= 2 && (body.contains("..") || body.contains('\t') || body.contains('…'));
    if page.is_empty() || !has_leader || leader.is_empty() {
        return (text.trim(), None);
    }
    (leader.trim(), Some(page))
}

/// The distinct words of a title, lowercased, with a plural "s" dropped so "collects" matches "collect".
pub(crate) fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase();
            match w.strip_suffix('s') {
                Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => stem.to_owned(),
                _ => w,
            }
        })
        .collect()
}

/// How alike two sets of words are: twice the shared words over all words (1.0 for the same words).
pub(crate) fn similarity(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// Points each entry at the section it names. Entries and sections are in the same order, so the matching keeps that
/// order and, among such matchings, takes the one whose matched titles are most alike overall (a sequence
/// alignment); when the contents list exactly the top-level sections, an entry left unmatched takes the section in
/// its position.
pub(crate) fn link(contents: &mut TableOfContents, top_level: &[Section]) {
    let sections: Vec<&Section> = top_level.iter().flat_map(Section::descendants).collect();
    let headings: Vec<HashSet<String>> = sections.iter().map(|s| words(s.heading())).collect();
    let entries: Vec<HashSet<String>> = contents.entries.iter().map(|e| words(&e.text)).collect();
    let score = |i: usize, j: usize| Some(similarity(&entries[i], &headings[j])).filter(|&s| s >= SAME_TITLE);
    // best[i][j]: the highest total similarity matching the first i entries with the first j sections.
    let mut best = vec![vec![0.0_f64; sections.len() + 1]; entries.len() + 1];
    for i in 1..=entries.len() {
        for j in 1..=sections.len() {
            let matched = score(i - 1, j - 1).map_or(f64::MIN, |s| best[i - 1][j - 1] + s);
            best[i][j] = best[i - 1][j].max(best[i][j - 1]).max(matched);
        }
    }
    let (mut i, mut j) = (entries.len(), sections.len());
    while i > 0 && j > 0 {
        if best[i][j] == best[i - 1][j] {
            i -= 1;
        } else if best[i][j] == best[i][j - 1] {
            j -= 1;
        } else {
            contents.entries[i - 1].section_id = Some(sections[j - 1].id().clone());
            i -= 1;
            j -= 1;
        }
    }
    if contents.entries.len() == top_level.len() {
        for (entry, section) in contents.entries.iter_mut().zip(top_level) {
            entry.section_id.get_or_insert_with(|| section.id().clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{line, numbering};

    fn found(text: &str) -> Option<FoundContents> {
        find(&numbering::classify(&line::split(text)), 0)
    }

    #[test]
    fn numbered_entries_repeated_as_differently_worded_headings_are_contents() {
        let text = "This policy covers:\n\n1、How do we collect and use your personal data\n\n2、How do we use cookies\n\n\
                    3、How to contact us\n\nIntro text.\n\nI 、How the company collects and uses your personal information\n\
                    text.\nⅡ 、How Do We Use Cookies\ntext.\nⅢ 、How to Contact Us\ntext.";
        let found = found(text).unwrap();
        assert_eq!(found.contents.intro.as_deref(), Some("This policy covers:"));
        let entries: Vec<_> = found.contents.entries.iter().map(|e| (e.number.clone(), e.text.clone())).collect();
        assert_eq!(entries[1], (Some("2、".to_owned()), "How do we use cookies".to_owned()));
        assert_eq!(found.lines, [0, 2, 4, 6]);
    }

    #[test]
    fn a_caption_and_dotted_page_numbers() {
        let text = "Contents\nWho We Are ........ 2\nWhat We Collect ..... 3\nYour Rights ....... 5\n\n\
                    Who We Are\nWe are a shop.\nWhat We Collect\nYour name.\nYour Rights\nYou may object.";
        let contents = found(text).unwrap().contents;
        assert_eq!(contents.intro.as_deref(), Some("Contents"));
        let entries: Vec<_> = contents.entries.iter().map(|e| (e.text.as_str(), e.page.as_deref())).collect();
        assert_eq!(entries, [("Who We Are", Some("2")), ("What We Collect", Some("3")), ("Your Rights", Some("5"))]);
    }

    #[test]
    fn short_lines_that_name_nothing_later_are_not_contents() {
        let text = "We collect:\n\n● Name\n● Email\n● Phone\n\nWe keep it for a year.\n\nYour rights\nYou may object.";
        assert!(found(text).is_none());
    }

    #[test]
    fn similar_titles_share_most_of_their_words() {
        let a = words("How do we deal with the personal information of minors");
        let b = words("How Do We Deal with Underage Personal Data?");
        assert!(similarity(&a, &b) >= SAME_TITLE);
        assert!(similarity(&words("Your rights"), &words("How we use cookies")) < SAME_TITLE);
    }
}
