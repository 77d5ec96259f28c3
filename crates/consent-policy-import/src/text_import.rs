//! Imports a policy written as plain text, the way companies publish them: numbered headings in whatever scheme
//! ("1." / "1.1", "Article N.", "Ⅱ 、", "1、", "(1)"), unnumbered headings in capitals, Title Case or as questions,
//! bullets (●, •, -), a table of contents repeating the headings, and text copied from a web page (one paragraph a
//! line) or wrapped at a fixed width (one paragraph over several lines).
//!
//! Every non-blank line ends up in the model: as the title, a heading (with its number), a paragraph, a list item,
//! an entry of the table of contents, or joined into one of those.

use crate::contents;
use crate::effective_date;
use crate::heading::{self, Strength, Style};
use crate::import::{check_input, ImportError};
use crate::line::{self, Line};
use crate::list::ListBuilder;
use crate::marker::{self, Family};
use crate::numbering::{self, Role, Roles, TextLine};
use crate::outline::{HeadingKind, Outline};
use crate::tree::TreeBuilder;
use crate::unmarked_list;
use consent_core::policy::Block;
use consent_core::policy::Policy;
use consent_core::policy::Section;

/// Imports a plain-text policy. Fails only on input that is not text at all (empty, or binary).
pub fn import_text(input: &str) -> Result<Policy, ImportError> {
    check_input(input)?;
    let raw = line::split(input);
    let lines = numbering::classify(&raw);
    let mut skipped: Vec<bool> = raw.iter().map(|l| l.is_some_and(|l| line::is_rule(l.text))).collect();
    let title_index = find_title(&lines, &skipped);
    if let Some(index) = title_index {
        skipped[index] = true;
    }
    let found = contents::find(&lines, title_index.map_or(0, |i| i + 1));
    for &index in found.iter().flat_map(|f| &f.lines) {
        skipped[index] = true;
    }
    let title = title_index.and_then(|i| lines[i].as_ref()).map(|l| l.text.to_owned());
    let wrapped = line::is_hard_wrapped(&raw);
    // In text wrapped at a fixed width a line is a piece of a paragraph, not an item.
    let unmarked_items = if wrapped { vec![false; lines.len()] } else { unmarked_list::find(&lines, &skipped) };
    let reader = Reader {
        title_index,
        wrapped,
        unmarked_items,
        title_key: title.as_deref().map(comparable),
        roles: Roles::new(lines.len()),
        lines: &lines,
        skipped,
        tree: TreeBuilder::default(),
        outline: Outline::default(),
        list: ListBuilder::default(),
        paragraph: None,
        previous: Previous::Start,
    };
    let (preamble, sections) = reader.read();
    let effective_date = effective_date::find_effective_date(raw.iter().flatten().map(|l: &Line<'_>| l.text));
    let mut contents = found.map(|f| f.contents);
    if let Some(contents) = &mut contents {
        contents::link(contents, &sections);
    }
    Ok(Policy::from_parts(title, effective_date, preamble, contents, sections))
}

/// The first line, when it is short and shaped like a heading (not a number, not a date): the policy's own title.
fn find_title(lines: &[Option<TextLine<'_>>], skipped: &[bool]) -> Option<usize> {
    let index = (0..lines.len()).find(|&i| lines[i].is_some() && !skipped[i])?;
    let line = lines[index].as_ref()?;
    let shaped = line.marker.is_none() && heading::plain_heading(line.text).is_some();
    (shaped && !effective_date::is_date_line(line.text)).then_some(index)
}

/// In text wrapped at a fixed width, a line this long followed directly by another is a paragraph's first line: a
/// heading stops well short of the width.
const WRAPPED_HEADING_MAX: usize = 50;

fn starts_lowercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

/// A heading compared without case or spacing, to recognise the title repeated in the text.
fn comparable(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// What the previous non-blank line turned out to be, which decides what the next one can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Previous {
    Start,
    Blank,
    Title,
    Heading,
    Item,
    Paragraph,
}

/// Reads the lines top to bottom, deciding what each one is from the lines around it, and builds the section tree.
struct Reader<'l, 'a> {
    lines: &'l [Option<TextLine<'a>>],
    title_index: Option<usize>,
    /// Lines already accounted for: the title, the table of contents, rules, a heading's title on its own line.
    skipped: Vec<bool>,
    wrapped: bool,
    /// Lines that are items of a list written without markers ([`unmarked_list`]).
    unmarked_items: Vec<bool>,
    /// The title as [`comparable`] writes it, to recognise it repeated.
    title_key: Option<String>,
    roles: Roles,
    tree: TreeBuilder,
    outline: Outline,
    list: ListBuilder,
    paragraph: Option<String>,
    previous: Previous,
}

impl<'l, 'a> Reader<'l, 'a> {
    fn read(mut self) -> (Vec<Block>, Vec<Section>) {
        let lines = self.lines;
        for (index, line) in lines.iter().enumerate() {
            let Some(line) = line else {
                self.flush_paragraph();
                if self.previous != Previous::Start {
                    self.previous = Previous::Blank;
                }
                continue;
            };
            if self.skipped[index] {
                if self.title_index == Some(index) {
                    self.previous = Previous::Title;
                } else if line::is_rule(line.text) {
                    self.previous = Previous::Blank;
                }
                continue;
            }
            match &line.marker {
                Some(marker) if !marker.scheme.is_bullet() => {
                    match self.roles.role(self.lines, index, &self.skipped, &self.outline) {
                        Role::Heading => self.numbered_heading(index),
                        Role::Item => self.item(line),
                    }
                }
                Some(_) => self.item(line),
                None if self.unmarked_items[index] => self.unmarked_item(line),
                None => match self.plain_heading_style(index) {
                    Some(style) => self.plain_heading(line.text, style),
                    None => self.body_line(index),
                },
            }
        }
        self.flush_paragraph();
        self.close_list();
        self.tree.finish()
    }

    /// The next non-blank line after `index` that is part of the text (not a rule, not the table of contents).
    fn next_line(&self, index: usize) -> Option<(usize, &'l TextLine<'a>)> {
        let lines = self.lines;
        (index + 1..lines.len()).filter(|&i| !self.skipped[i]).find_map(|i| lines[i].as_ref().map(|l| (i, l)))
    }

    fn numbered_heading(&mut self, index: usize) {
        let lines = self.lines;
        let Some(line) = &lines[index] else { return };
        let Some(marker) = &line.marker else { return };
        self.flush_paragraph();
        self.close_list();
        let level = self.outline.place(HeadingKind::Numbered(marker.scheme));
        let mut body = None;
        let (number, heading) = if line.rest.is_empty() {
            // "Article 5." alone on its line: its title, if any, is the next line.
            match self.next_line(index) {
                Some((next, l)) if l.marker.is_none() && heading::plain_heading(l.text).is_some() => {
                    self.skipped[next] = true;
                    (Some(marker.label.clone()), l.text.to_owned())
                }
                _ => (None, marker.label.clone()),
            }
        } else if matches!(marker.scheme.family, Family::Keyword(_)) && !heading::is_title_like(line.rest) {
            // "Article 5. The company shall…": the keyword heads the section, the sentence is its text.
            body = Some(line.rest);
            (None, marker.label.clone())
        } else {
            // "1.1 When you register an account:", "2. Definitions.": the closing colon or period is punctuation of the
            // line, not part of the section's title.
            let title = line.rest.trim_end_matches([':', '：', '.', '。']).trim_end();
            let title = if title.is_empty() { line.rest } else { title };
            (Some(marker.label.clone()), title.to_owned())
        };
        self.tree.open_section(level, heading, number);
        self.previous = Previous::Heading;
        if let Some(text) = body {
            self.outline.note_body();
            self.paragraph = Some(text.to_owned());
        }
    }

    /// The style of the unnumbered heading at `index`, if it is one. A line counts when it is shaped like a heading,
    /// stands apart (after a blank line, a heading, or the start) and is followed by text it can head. A weak one
    /// (sentence case, "The statement") only counts while no numbered heading is open: inside numbered sections,
    /// short lines like "Apply for trial" are text.
    fn plain_heading_style(&self, index: usize) -> Option<Style> {
        let lines = self.lines;
        let line = lines[index].as_ref()?;
        let underline = lines.get(index + 1).and_then(|l| l.as_ref()).filter(|l| line::is_rule(l.text));
        let underlined = underline.is_some();
        let (mut strength, mut style) = heading::plain_heading(line.text)?;
        if let Some(underline) = underline {
            strength = Strength::Strong;
            style = Style::Underlined { double: underline.text.chars().all(|c| c == '=' || c.is_whitespace()) };
        }
        let apart = underlined
            || matches!(self.previous, Previous::Start | Previous::Blank | Previous::Heading)
            || self.asks_after_an_answer(index);
        let repeats_title = self.title_key.as_deref() == Some(comparable(line.text).as_str());
        if !apart || repeats_title || effective_date::is_date_line(line.text) {
            return None;
        }
        let (next_index, next) = self.next_line(index)?;
        // A line that runs on into the next ("…to measure how our" / "website is used.") is a paragraph's first line.
        let runs_on = next_index == index + 1 && next.marker.is_none() && starts_lowercase(next.text);
        if runs_on || (self.wrapped && next_index == index + 1 && !underlined && line.text.len() > WRAPPED_HEADING_MAX)
        {
            return None;
        }
        let heads_text = next.marker.is_some() || heading::is_body_like(next.text);
        let counts = match strength {
            Strength::Strong if self.asks_after_an_answer(index) => heads_text,
            Strength::Strong => true,
            Strength::Weak => !self.outline.has_numbered() && heads_text,
        };
        counts.then_some(style)
    }

    /// Whether the line at `index` is a question right after the title or a line that ended a sentence, with no
    /// blank line between: in a policy written as questions and answers, the next part's heading. (Not in text
    /// wrapped at a fixed width, where a line is only a piece of a paragraph.)
    fn asks_after_an_answer(&self, index: usize) -> bool {
        let Some(line) = &self.lines[index] else { return false };
        let previous_ends = index
            .checked_sub(1)
            .and_then(|i| self.lines[i].as_ref())
            .is_some_and(|previous| heading::ends_sentence(previous.text));
        let after_answer = matches!(self.previous, Previous::Paragraph | Previous::Item) && previous_ends;
        !self.wrapped && (after_answer || self.previous == Previous::Title) && heading::is_question(line.text)
    }

    fn plain_heading(&mut self, text: &str, style: Style) {
        self.flush_paragraph();
        self.close_list();
        let level = self.outline.place(HeadingKind::Unnumbered(style));
        self.tree.open_section(level, text.to_owned(), None);
        self.previous = Previous::Heading;
    }

    fn item(&mut self, line: &TextLine<'_>) {
        let Some(marker) = &line.marker else { return };
        self.flush_paragraph();
        self.outline.note_body();
        if let Some(finished) = self.list.push_item(marker.scheme, &marker.label, line.rest, line.indent) {
            self.tree.push_block(finished);
        }
        self.previous = Previous::Item;
    }

    fn unmarked_item(&mut self, line: &TextLine<'_>) {
        self.flush_paragraph();
        self.outline.note_body();
        if let Some(finished) = self.list.push_item(marker::UNMARKED, "", line.text, line.indent) {
            self.tree.push_block(finished);
        }
        self.previous = Previous::Item;
    }

    fn body_line(&mut self, index: usize) {
        let lines = self.lines;
        let Some(line) = &lines[index] else { return };
        self.outline.note_body();
        if self.list.is_open() {
            if self.previous == Previous::Item && self.continues_item(index, line) {
                self.list.continue_item(line.text, self.wrapped);
                return;
            }
            self.close_list();
        }
        match &mut self.paragraph {
            Some(paragraph) if self.wrapped && self.previous == Previous::Paragraph => {
                paragraph.push(' ');
                paragraph.push_str(line.text);
            }
            _ => {
                self.flush_paragraph();
                self.paragraph = Some(line.text.to_owned());
            }
        }
        self.previous = Previous::Paragraph;
    }

    /// Whether a line right after a list item belongs to it: it is indented under the item, fills an item whose
    /// marker stood alone, wraps the item's text, or sits between the item and the next item of the same list.
    fn continues_item(&self, index: usize, line: &TextLine<'_>) -> bool {
        let indented = self.list.indent().is_some_and(|indent| line.indent > indent);
        let sandwiched = self.lines.get(index + 1).and_then(|l| l.as_ref()).and_then(|l| l.marker.as_ref());
        let sandwiched = sandwiched.is_some_and(|m| self.list.has_scheme(m.scheme));
        indented || sandwiched || self.list.item_is_empty() || self.wrapped
    }

    fn flush_paragraph(&mut self) {
        if let Some(text) = self.paragraph.take() {
            self.tree.push_block(Block::Paragraph { text });
        }
    }

    fn close_list(&mut self) {
        if let Some(list) = self.list.finish() {
            self.tree.push_block(list);
        }
    }
}

#[cfg(test)]
#[path = "text_import_tests.rs"]
mod tests;
