//! The block structure of a Markdown policy as CommonMark reads it (`pulldown-cmark`): headings (ATX and setext),
//! paragraphs, lists nested to any depth, block quotes, code and tables, in reading order. Everything is kept as plain
//! text: code line by line, a table row as its cells joined by " | ", HTML reduced to the text between its tags.

use std::ops::Range;

use consent_core::policy::{Block, ContentsEntry, ListItem, NumberedItem};
use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::markdown_inline::{plain, InlineText};

/// What the outline is built from: the policy's headings and the blocks between them, in order.
#[derive(Debug)]
pub(crate) enum Part {
    Heading {
        level: usize,
        text: String,
    },
    Block(Block),
    /// A list whose every item is nothing but a link to an anchor in the document (a table of contents).
    Contents(Vec<ContentsEntry>),
}

/// Reads `input` into its parts.
pub(crate) fn parts(input: &str) -> Vec<Part> {
    // A reference link whose definition is missing (`[section 2][s2]`) still counts as a link, so its text is kept
    // without its brackets.
    let defined_elsewhere = |link: BrokenLink<'_>| {
        matches!(link.link_type, LinkType::Reference | LinkType::Collapsed)
            .then(|| (CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut reader = Reader { input, ..Reader::default() };
    for (event, range) in
        Parser::new_with_broken_link_callback(input, options, Some(defined_elsewhere)).into_offset_iter()
    {
        reader.event(event, range);
    }
    reader.parts
}

/// A list being read, and the items read so far.
#[derive(Debug)]
struct OpenList {
    ordered: bool,
    items: Vec<OpenItem>,
}

/// A list item being read: its label as written ("3.", "2)"; empty for bullets), its own text (the first paragraph
/// or the text before a nested list) and what is nested under it.
#[derive(Debug, Default)]
struct OpenItem {
    label: String,
    text: Option<String>,
    blocks: Vec<Block>,
    /// The anchor the item links to, when it is nothing but that link.
    anchor: Option<String>,
}

#[derive(Debug, Default)]
struct Reader<'a> {
    input: &'a str,
    parts: Vec<Part>,
    lists: Vec<OpenList>,
    inline: InlineText,
    /// Inside a code block or an HTML block: its text so far.
    raw: Option<String>,
    /// Inside a table: its rows are read from the source, so that no cell is lost to a short header row.
    in_table: bool,
    /// Where the last paragraph ended, for HTML that continues it on the next line.
    paragraph_end: Option<usize>,
}

impl Reader<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.in_table {
            match event {
                Event::End(TagEnd::Table) => self.in_table = false,
                Event::Start(Tag::TableHead | Tag::TableRow) => self.table_row(&range),
                _ => {}
            }
            return;
        }
        if let Some(raw) = &mut self.raw {
            match event {
                Event::Text(text) | Event::Html(text) => raw.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.code_block(),
                Event::End(TagEnd::HtmlBlock) => self.html_block(range.start),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Table(_)) => {
                self.flush_item_text();
                self.in_table = true;
            }
            Event::Start(Tag::Heading { .. } | Tag::Paragraph | Tag::BlockQuote(_)) => self.flush_item_text(),
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                self.flush_item_text();
                self.raw = Some(String::new());
            }
            Event::Start(Tag::List(start)) => {
                self.flush_item_text();
                self.lists.push(OpenList { ordered: start.is_some(), items: Vec::new() });
            }
            Event::Start(Tag::Item) => {
                let label = self.item_label(range.start);
                if let Some(list) = self.lists.last_mut() {
                    list.items.push(OpenItem { label, ..OpenItem::default() });
                }
            }
            Event::End(TagEnd::Item) => self.flush_item_text(),
            Event::End(TagEnd::List(_)) => self.end_list(),
            Event::End(TagEnd::Heading(level)) => {
                let (text, _) = self.inline.take();
                // An empty heading ("##") has nothing to show or link to.
                if text.is_empty() {
                } else if self.lists.is_empty() {
                    self.parts.push(Part::Heading { level: level as usize, text });
                } else {
                    self.push_text(text, None);
                }
            }
            Event::End(TagEnd::Paragraph) => {
                let (text, anchor) = self.inline.take();
                if !text.is_empty() {
                    self.push_text(text, anchor);
                    self.paragraph_end = Some(range.end);
                }
            }
            other => self.inline.push(&other),
        }
    }

    /// The label of the item whose marker follows `start` (after its indentation), as written ("12." or "3)"); empty for a bullet.
    fn item_label(&self, start: usize) -> String {
        let ordered = self.lists.last().is_some_and(|list| list.ordered);
        let rest = self.input.get(start..).unwrap_or_default().trim_start_matches([' ', '\t', '>']);
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if ordered && digits > 0 {
            rest[..=digits.min(rest.len() - 1)].to_owned()
        } else {
            String::new()
        }
    }

    /// A paragraph's text: the item's own text when the open item has none yet, else a block of its own.
    fn push_text(&mut self, text: String, anchor: Option<String>) {
        match self.lists.last_mut().and_then(|list| list.items.last_mut()) {
            Some(item) if item.text.is_none() && item.blocks.is_empty() => {
                item.text = Some(text);
                item.anchor = anchor;
            }
            Some(item) => {
                item.anchor = None;
                item.blocks.push(Block::paragraph(text));
            }
            None => self.parts.push(Part::Block(Block::paragraph(text))),
        }
    }

    /// The text of a tight item, read up to its end or to the list nested in it.
    fn flush_item_text(&mut self) {
        if !self.inline.is_empty() {
            let (text, anchor) = self.inline.take();
            self.push_text(text, anchor);
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.lists.last_mut().and_then(|list| list.items.last_mut()) {
            Some(item) => {
                item.anchor = None;
                item.blocks.push(block);
            }
            None => self.parts.push(Part::Block(block)),
        }
    }

    fn end_list(&mut self) {
        let Some(list) = self.lists.pop() else { return };
        let contents = self.lists.is_empty()
            && list.items.len() >= 2
            && list.items.iter().all(|item| item.anchor.is_some() && item.blocks.is_empty());
        if contents {
            let entries = list.items.into_iter().map(|item| ContentsEntry {
                number: (!item.label.is_empty()).then_some(item.label),
                text: item.text.unwrap_or_default(),
                page: None,
                section_id: None,
            });
            self.parts.push(Part::Contents(entries.collect()));
            return;
        }
        let block = if list.ordered {
            let items = list.items.into_iter().map(|item| NumberedItem {
                label: item.label,
                text: item.text.unwrap_or_default(),
                blocks: item.blocks,
            });
            Block::OrderedList { items: items.collect() }
        } else {
            let items = list.items.into_iter().map(|i| ListItem { text: i.text.unwrap_or_default(), blocks: i.blocks });
            Block::UnorderedList { items: items.collect() }
        };
        // "1." then "2)" are two lists to CommonMark, one numbered list to a reader.
        let last = match self.lists.last_mut().and_then(|list| list.items.last_mut()) {
            Some(item) => item.blocks.last_mut(),
            None => match self.parts.last_mut() {
                Some(Part::Block(block)) => Some(block),
                _ => None,
            },
        };
        if let (Some(Block::OrderedList { items }), Block::OrderedList { items: more }) = (last, &block) {
            items.extend(more.iter().cloned());
        } else {
            self.push_block(block);
        }
    }

    /// Code is shown as text, line by line, so it keeps its line breaks.
    fn code_block(&mut self) {
        for line in self.raw.take().unwrap_or_default().lines().map(str::trim).filter(|l| !l.is_empty()) {
            self.push_block(Block::paragraph(line));
        }
    }

    /// HTML's text, without its tags; on the line right after a paragraph it continues that paragraph.
    fn html_block(&mut self, start: usize) {
        let html = self.raw.take().unwrap_or_default();
        let after_tag = html.split_once('>').map_or("", |(_, rest)| rest);
        let text = plain(after_tag);
        if text.is_empty() {
            return;
        }
        // Right after the paragraph: nothing but a line break between them.
        let before = self.input.get(..start).unwrap_or_default();
        let previous_line = before.strip_suffix('\n').unwrap_or(before).rsplit('\n').next().unwrap_or_default();
        let continues = !previous_line.trim().is_empty()
            && self.paragraph_end.and_then(|end| self.input.get(end..start)).is_some_and(|gap| gap.trim().is_empty());
        match self.parts.last_mut() {
            Some(Part::Block(Block::Paragraph { text: paragraph })) if continues && self.lists.is_empty() => {
                paragraph.push(' ');
                paragraph.push_str(&text);
            }
            _ => self.push_block(Block::paragraph(text)),
        }
    }

    /// A table row as one paragraph, its cells (read from the source line) separated by " | ".
    fn table_row(&mut self, range: &Range<usize>) {
        let line = self.input.get(range.clone()).unwrap_or_default().trim();
        let cells: Vec<String> = line.trim_matches('|').split('|').map(plain).collect();
        if cells.iter().any(|cell| !cell.is_empty()) {
            self.push_block(Block::paragraph(cells.join(" | ")));
        }
    }
}
