//! Lists written without markers, as many policies write them: a line ending in ":" introduces them, and each item
//! has a line of its own ending in ";", but the last, which ends the sentence:
//!
//! ```text
//! When you order, we keep the following:
//! your name and postal address;
//! the books you ordered and what you paid;
//! your e-mail address.
//! ```

use crate::numbering::TextLine;

/// A run needs this many items to be a list without an introducing line ending in ":".
const ITEMS_WITHOUT_INTRODUCTION: usize = 3;

/// For each line, whether it is an item of an unmarked list. `skipped` lines (the title, the table of contents) and
/// lines with a marker are never items.
pub(crate) fn find(lines: &[Option<TextLine<'_>>], skipped: &[bool]) -> Vec<bool> {
    let plain = |i: usize| lines.get(i)?.as_ref().filter(|l| l.marker.is_none() && !skipped[i]);
    let mut items = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let Some(first) = plain(start).filter(|l| ends_item(l.text)) else {
            start += 1;
            continue;
        };
        let mut end = start + 1;
        while plain(end).is_some_and(|l| ends_item(l.text)) {
            end += 1;
        }
        let last = plain(end).filter(|l| ends_last_item(l.text) && same_case(l.text, first.text));
        let count = end - start + usize::from(last.is_some());
        let introduced = start.checked_sub(1).and_then(plain).is_some_and(|l| l.text.trim_end().ends_with([':', '：']));
        if count >= 2 && (introduced || count >= ITEMS_WITHOUT_INTRODUCTION) {
            items[start..start + count].fill(true);
        }
        start = end;
    }
    items
}

/// An item that more items follow: it ends in ";" (or "; and", "; or").
fn ends_item(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with([';', '；'])
        || ["; and", "; or", "; und", "; oder", "; et", "; ou"].iter().any(|end| text.ends_with(end))
}

fn ends_last_item(text: &str) -> bool {
    text.trim_end().ends_with(['.', '。'])
}

/// Whether two lines start alike (both with a lowercase letter, or both not), as the items of one list do.
fn same_case(a: &str, b: &str) -> bool {
    let lower = |text: &str| text.chars().next().is_some_and(char::is_lowercase);
    lower(a) == lower(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::split;
    use crate::numbering::classify;

    fn items(text: &str) -> Vec<bool> {
        let lines = classify(&split(text.trim_end()));
        let skipped = vec![false; lines.len()];
        find(&lines, &skipped)
    }

    #[test]
    fn an_introduced_run_of_semicolon_lines_with_its_last_line_is_a_list() {
        let found = items("We keep:\nyour name;\nyour address.\nThat is all.\n");
        assert_eq!(found, [false, true, true, false]);
    }

    #[test]
    fn three_items_need_no_introduction_but_two_do() {
        assert_eq!(items("Name;\nAddress;\nPhone.\n"), [true, true, true]);
        assert_eq!(items("Text one;\nText two.\n"), [false, false]);
    }

    #[test]
    fn a_sentence_that_starts_differently_is_not_the_last_item() {
        let found = items("We keep:\nyour name;\nyour address;\nWe delete it after a year.\n");
        assert_eq!(found, [false, true, true, false]);
    }

    #[test]
    fn marked_lines_are_left_to_the_marked_lists() {
        assert_eq!(items("We keep:\n(a) your name;\n(b) your address.\n"), [false, false, false]);
    }
}
