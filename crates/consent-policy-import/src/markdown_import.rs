//! Imports a policy written in Markdown: ATX (`## Cookies`) and setext (underlined) headings, bulleted and numbered
//! lists nested by indentation, paragraphs, block quotes, fenced code and tables (kept as text), with inline markup
//! reduced to its text and HTML removed.
//!
//! A lone `#` heading at the top is the policy's title, and the remaining headings are nested by their relative
//! levels, so a policy whose sections are `##` still has top-level sections. A list made only of links to anchors in
//! the document is its table of contents.

use crate::contents;
use crate::effective_date;
use crate::import::{check_input, ImportError};
use crate::list::ListBuilder;
use crate::markdown_inline::{anchor_link, plain};
use crate::marker::{self, Family, Scheme};
use crate::tree::TreeBuilder;
use consent_core::policy::Policy;
use consent_core::policy::{Block, ContentsEntry, ListItem, TableOfContents};

/// Imports a Markdown policy. Fails only on input that is not text at all (empty, or binary).
pub fn import_markdown(input: &str) -> Result<Policy, ImportError> {
    check_input(input)?;
    let mut parser = Parser::default();
    for raw in input.strip_prefix('\u{feff}').unwrap_or(input).split('\n') {
        parser.line(raw);
    }
    parser.end_paragraph();
    parser.close_list();
    Ok(parser.finish())
}

#[derive(Debug)]
enum Event {
    Heading { level: usize, text: String },
    Block(Block),
    Contents(Vec<ContentsEntry>),
}

#[derive(Debug, Default)]
struct Parser {
    events: Vec<Event>,
    paragraph: Vec<String>,
    list: ListBuilder,
    /// The column where the current list item's text starts: lines indented that far belong to the item.
    item_content: Option<usize>,
    fence: Option<(char, usize)>,
    blank_before: bool,
    /// The entries of the open list, as long as every item so far is a link to an anchor (a table of contents).
    anchors: Vec<ContentsEntry>,
    /// Whether the open list has an item that is not such a link.
    not_contents: bool,
}

impl Parser {
    fn line(&mut self, raw: &str) {
        let raw = raw.trim_end();
        let indent = raw.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum();
        let text = raw.trim_start();
        if let Some((fence_char, length)) = self.fence {
            if text.chars().take_while(|&c| c == fence_char).count() >= length
                && text.trim_matches(fence_char).is_empty()
            {
                self.fence = None;
                self.end_paragraph();
            } else if !text.is_empty() {
                // Code is shown as text, line by line, so it keeps its line breaks.
                self.paragraph.push(text.to_owned());
                self.end_paragraph();
            }
            return;
        }
        if text.is_empty() {
            self.end_paragraph();
            self.blank_before = true;
            return;
        }
        let in_item = self.item_content.is_some_and(|column| indent >= column);
        let blank_before = std::mem::replace(&mut self.blank_before, false);
        if let Some(fence_char) = ['`', '~'].into_iter().find(|&c| text.starts_with([c, c, c].as_slice())) {
            self.end_paragraph();
            self.fence = Some((fence_char, text.chars().take_while(|&c| c == fence_char).count()));
        } else if let Some((level, heading)) = atx_heading(text).filter(|_| indent < 4 || in_item) {
            self.end_paragraph();
            self.close_list();
            let text = plain(heading);
            // An empty heading ("##") has nothing to show or link to.
            if !text.is_empty() {
                self.events.push(Event::Heading { level, text });
            }
        } else if let Some(level) = setext_underline(text).filter(|_| !self.paragraph.is_empty() && !in_item) {
            let heading = std::mem::take(&mut self.paragraph).join(" ");
            self.close_list();
            self.events.push(Event::Heading { level, text: heading });
        } else if is_thematic_break(text) {
            self.end_paragraph();
            self.close_list();
        } else if let Some((scheme, label, rest)) = list_marker(text) {
            self.end_paragraph();
            let content = indent + label.chars().count() + 1;
            if let Some(finished) = self.list.push_item_by_indent(scheme, &label, &plain(rest), indent) {
                self.emit_list(finished);
            }
            self.item_content = Some(content);
            match anchor_link(rest) {
                Some((text, _)) => {
                    let number = (!scheme.is_bullet()).then_some(label);
                    self.anchors.push(ContentsEntry { number, text, page: None, section_id: None });
                }
                None => self.not_contents = true,
            }
        } else if self.list.is_open() && (in_item || !blank_before) {
            // Indented under the item, or a "lazy" continuation line right after it.
            self.list.continue_item(&plain(text), !blank_before);
            self.not_contents = true;
        } else {
            self.close_list();
            self.paragraph_line(text, blank_before);
        }
    }

    fn paragraph_line(&mut self, text: &str, blank_before: bool) {
        if blank_before {
            self.end_paragraph();
        }
        let text = text.strip_prefix('>').map_or(text, str::trim_start);
        if plain(text).is_empty() {
            return;
        }
        if text.starts_with('|') {
            // A table row: each row is shown as a line of its own, its cells separated by " | ".
            if text.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
                return;
            }
            let cells: Vec<String> = text.trim_matches('|').split('|').map(plain).collect();
            self.end_paragraph();
            self.paragraph.push(cells.join(" | "));
            self.end_paragraph();
            return;
        }
        self.paragraph.push(plain(text));
    }

    fn end_paragraph(&mut self) {
        let text = std::mem::take(&mut self.paragraph).join(" ");
        let text = text.trim();
        if !text.is_empty() {
            self.events.push(Event::Block(Block::paragraph(text)));
        }
    }

    fn close_list(&mut self) {
        if let Some(list) = self.list.finish() {
            self.emit_list(list);
        }
        self.item_content = None;
    }

    /// Emits a finished list, as a table of contents if all its items link to anchors.
    fn emit_list(&mut self, list: Block) {
        let anchors = std::mem::take(&mut self.anchors);
        if !std::mem::take(&mut self.not_contents) && anchors.len() >= 2 {
            self.events.push(Event::Contents(anchors));
        } else {
            self.events.push(Event::Block(list));
        }
    }

    fn finish(self) -> Policy {
        let first_h1 = matches!(self.events.first(), Some(Event::Heading { level: 1, .. }));
        let h1_count = self.events.iter().filter(|e| matches!(e, Event::Heading { level: 1, .. })).count();
        let mut events = self.events.into_iter().peekable();
        let title = match events.peek() {
            Some(Event::Heading { text, .. }) if first_h1 && h1_count == 1 => Some(text.clone()),
            _ => None,
        };
        if title.is_some() {
            events.next();
        }
        let mut texts: Vec<String> = Vec::new();
        let mut tree = TreeBuilder::default();
        let mut open_levels: Vec<usize> = Vec::new();
        let mut contents: Option<TableOfContents> = None;
        for event in events {
            match event {
                Event::Heading { level, text } => {
                    while open_levels.last().is_some_and(|&open| open >= level) {
                        open_levels.pop();
                    }
                    open_levels.push(level);
                    let (number, heading) = split_number(&text);
                    let depth = tree.open_section(open_levels.len(), heading, number);
                    open_levels.truncate(depth);
                    if let Some(last) = open_levels.last_mut() {
                        *last = level;
                    }
                    texts.push(text);
                }
                Event::Contents(entries) if contents.is_none() => {
                    let intro = tree.discard_empty_section();
                    if intro.is_some() {
                        open_levels.pop();
                    }
                    contents = Some(TableOfContents { intro, entries });
                }
                Event::Contents(entries) => {
                    // A second list of links is text like any other list.
                    let items = entries.into_iter().map(|e| ListItem { text: e.text, blocks: Vec::new() }).collect();
                    tree.push_block(Block::UnorderedList { items });
                }
                Event::Block(block) => {
                    texts.extend(block.texts().into_iter().map(str::to_owned));
                    tree.push_block(block);
                }
            }
        }
        let effective_date = effective_date::find_effective_date(texts.iter().map(String::as_str));
        let (preamble, sections) = tree.finish();
        if let Some(contents) = &mut contents {
            contents::link(contents, &sections);
        }
        Policy::from_parts(title, effective_date, preamble, contents, sections)
    }
}

/// `## Heading ##` → (2, "Heading").
fn atx_heading(text: &str) -> Option<(usize, &str)> {
    let level = text.chars().take_while(|&c| c == '#').count();
    let rest = &text[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    let closed = rest.trim_end_matches('#');
    let rest = if closed.is_empty() || closed.ends_with([' ', '\t']) { closed.trim_end() } else { rest };
    Some((level, rest))
}

/// `=====` under a paragraph makes it a level-1 heading, `-----` a level-2 one.
fn setext_underline(text: &str) -> Option<usize> {
    match text.chars().next()? {
        '=' if text.chars().all(|c| c == '=') => Some(1),
        '-' if text.chars().all(|c| c == '-') => Some(2),
        _ => None,
    }
}

fn is_thematic_break(text: &str) -> bool {
    let marks: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && ['-', '*', '_'].iter().any(|&m| marks.iter().all(|&c| c == m))
}

/// A list marker (`-`, `*`, `+`, `1.`, `1)`) followed by a space: its scheme, label and the item's text.
fn list_marker(text: &str) -> Option<(Scheme, String, &str)> {
    let bullet = text.chars().next().filter(|c| matches!(c, '-' | '*' | '+'));
    let (label, rest) = match bullet {
        Some(c) => (c.to_string(), &text[1..]),
        None => {
            let digits = text.chars().take_while(char::is_ascii_digit).count();
            let delimiter = text[digits..].chars().next().filter(|c| matches!(c, '.' | ')'))?;
            if !(1..=9).contains(&digits) {
                return None;
            }
            (text[..=digits].to_owned(), &text[digits + delimiter.len_utf8()..])
        }
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let scheme = match bullet {
        Some(c) => Scheme { family: Family::Bullet(c), delimiter: marker::Delimiter::None, depth: 1 },
        None => Scheme { family: Family::Decimal, delimiter: marker::Delimiter::Dot, depth: 1 },
    };
    Some((scheme, label, rest.trim()))
}

/// "1. Introduction" → (Some("1."), "Introduction"); headings without a number are returned whole.
fn split_number(heading: &str) -> (Option<String>, String) {
    match marker::parse(heading) {
        Some((m, rest)) if !m.scheme.is_bullet() && !rest.is_empty() => (Some(m.label), rest.to_owned()),
        _ => (None, heading.to_owned()),
    }
}

#[cfg(test)]
#[path = "markdown_import_tests.rs"]
mod tests;
