//! Assembles list items of a plain-text policy into (possibly nested) lists.
//!
//! An item of a scheme already open continues that list (closing any list nested deeper); an item of a new scheme
//! nests inside the current item when it is indented further or its scheme ranks below ("(1)" under "1、", "○"
//! under "●"), and otherwise starts a new list.

use crate::marker::Scheme;
use consent_core::policy::{Block, ListItem, NumberedItem};

#[derive(Debug)]
struct Item {
    label: String,
    text: String,
    blocks: Vec<Block>,
}

#[derive(Debug)]
struct OpenList {
    scheme: Scheme,
    indent: usize,
    items: Vec<Item>,
}

impl OpenList {
    fn into_block(self) -> Block {
        if self.scheme.is_bullet() {
            let items = self.items.into_iter().map(|i| ListItem { text: i.text, blocks: i.blocks }).collect();
            Block::UnorderedList { items }
        } else {
            let items = self
                .items
                .into_iter()
                .map(|i| NumberedItem { label: i.label, text: i.text, blocks: i.blocks })
                .collect();
            Block::OrderedList { items }
        }
    }
}

/// The lists open at the current line, outermost first.
#[derive(Debug, Default)]
pub(crate) struct ListBuilder {
    open: Vec<OpenList>,
}

impl ListBuilder {
    /// Whether a list is open.
    pub(crate) fn is_open(&self) -> bool {
        !self.open.is_empty()
    }

    /// Whether a list of `scheme` is open, so that a line of that scheme continues it.
    pub(crate) fn has_scheme(&self, scheme: Scheme) -> bool {
        self.open.iter().any(|list| list.scheme == scheme)
    }

    /// How far the innermost list's markers are indented.
    pub(crate) fn indent(&self) -> Option<usize> {
        self.open.last().map(|list| list.indent)
    }

    /// Adds an item; returns the previous list, finished, when this item starts a list unrelated to it.
    pub(crate) fn push_item(&mut self, scheme: Scheme, label: &str, text: &str, indent: usize) -> Option<Block> {
        let item = Item { label: label.to_owned(), text: text.to_owned(), blocks: Vec::new() };
        if let Some(position) = self.open.iter().rposition(|list| list.scheme == scheme) {
            self.close_to(position + 1);
            if let Some(list) = self.open.last_mut() {
                list.items.push(item);
            }
            return None;
        }
        let nests = self.open.last().is_some_and(|top| indent > top.indent || top.scheme.outranks(scheme));
        let finished = if nests { None } else { self.finish() };
        self.open.push(OpenList { scheme, indent, items: vec![item] });
        finished
    }

    /// Adds a line to the current item: it becomes the text of an item that had none, is joined to the item's last
    /// text (its own or its last paragraph's) when `join` (the lines are wrapped), and is a paragraph of its own
    /// inside the item otherwise.
    pub(crate) fn continue_item(&mut self, text: &str, join: bool) {
        let Some(item) = self.open.last_mut().and_then(|list| list.items.last_mut()) else { return };
        if item.text.is_empty() {
            item.text = text.to_owned();
            return;
        }
        let joined_to = match item.blocks.last_mut() {
            None if join => Some(&mut item.text),
            Some(Block::Paragraph { text }) if join => Some(text),
            _ => None,
        };
        match joined_to {
            Some(joined) => {
                joined.push(' ');
                joined.push_str(text);
            }
            None => item.blocks.push(Block::paragraph(text)),
        }
    }

    /// Whether the current item has no text yet (its marker stood alone on its line).
    pub(crate) fn item_is_empty(&self) -> bool {
        self.open.last().and_then(|list| list.items.last()).is_some_and(|item| item.text.is_empty())
    }

    /// Closes every open list and returns the outermost, with the others nested in it.
    pub(crate) fn finish(&mut self) -> Option<Block> {
        self.close_to(1);
        self.open.pop().map(OpenList::into_block)
    }

    fn close_to(&mut self, depth: usize) {
        while self.open.len() > depth.max(1) {
            let Some(list) = self.open.pop() else { break };
            if let Some(parent) = self.open.last_mut().and_then(|list| list.items.last_mut()) {
                parent.blocks.push(list.into_block());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marker;

    fn push(list: &mut ListBuilder, line: &str, indent: usize) -> Option<Block> {
        let (m, rest) = marker::parse(line).unwrap();
        list.push_item(m.scheme, &m.label, rest, indent)
    }

    fn numbered(label: &str, text: &str, blocks: Vec<Block>) -> NumberedItem {
        NumberedItem { label: label.into(), text: text.into(), blocks }
    }

    #[test]
    fn a_lower_scheme_nests_in_the_current_item_until_the_outer_scheme_resumes() {
        let mut list = ListBuilder::default();
        assert_eq!(push(&mut list, "1、We may modify the policy.", 0), None);
        push(&mut list, "2、Significant changes include:", 0);
        push(&mut list, "(1)a new service mode;", 0);
        push(&mut list, "(2)a new owner.", 0);
        push(&mut list, "3、If you continue, you accept.", 0);
        let inner = Block::OrderedList {
            items: vec![numbered("(1)", "a new service mode;", vec![]), numbered("(2)", "a new owner.", vec![])],
        };
        let expected = Block::OrderedList {
            items: vec![
                numbered("1、", "We may modify the policy.", vec![]),
                numbered("2、", "Significant changes include:", vec![inner]),
                numbered("3、", "If you continue, you accept.", vec![]),
            ],
        };
        assert_eq!(list.finish(), Some(expected));
    }

    #[test]
    fn an_unrelated_scheme_at_the_same_indent_starts_a_new_list() {
        let mut list = ListBuilder::default();
        push(&mut list, "● one", 0);
        let finished = push(&mut list, "1. first", 0);
        assert_eq!(
            finished,
            Some(Block::UnorderedList { items: vec![ListItem { text: "one".into(), blocks: vec![] }] })
        );
        assert!(list.is_open());
    }

    #[test]
    fn continuation_lines_fill_join_or_follow_the_item() {
        let mut list = ListBuilder::default();
        push(&mut list, "(1)", 0);
        assert!(list.item_is_empty());
        list.continue_item("We use cookies", true);
        list.continue_item("to remember you.", true);
        list.continue_item("Supplement: more.", false);
        let Some(Block::OrderedList { items }) = list.finish() else { panic!("not an ordered list") };
        assert_eq!(items[0].text, "We use cookies to remember you.");
        assert_eq!(items[0].blocks, vec![Block::paragraph("Supplement: more.")]);
    }
}
