//! A policy section's blocks laid out as a flat sequence of runs — a paragraph, or consecutive items of one list — each
//! at its nesting depth, in reading order. The banner renders runs without recursion: a recursive view needs type
//! erasure, which costs its WebAssembly about 10 KB. A list whose item holds nested blocks is split around them, and
//! numbered items keep the policy's own labels, so the split is invisible to the reader.

use crate::policy::Block;

/// A run of text at a nesting depth (0 for a section's own blocks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run<'a> {
    /// A paragraph.
    Paragraph {
        /// The paragraph's text.
        text: &'a str,
        /// How deep its block is nested, 0 for a section's own paragraphs.
        depth: usize,
    },
    /// Bulleted items.
    Bullets {
        /// The items' texts, in order.
        items: Vec<&'a str>,
        /// How deep the list is nested, 0 for a section's own lists.
        depth: usize,
    },
    /// Numbered or lettered items: (label as the policy writes it, text).
    Numbered {
        /// The items in order, each with the label the policy gives it (`1.`, `(a)`), kept so that a list split
        /// around nested blocks reads as one.
        items: Vec<(&'a str, &'a str)>,
        /// How deep the list is nested, 0 for a section's own lists.
        depth: usize,
    },
}

/// The runs of `blocks`, in reading order.
pub fn runs(blocks: &[Block]) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    walk(blocks, 0, &mut out);
    out
}

fn walk<'a>(blocks: &'a [Block], depth: usize, out: &mut Vec<Run<'a>>) {
    for block in blocks {
        match block {
            Block::Paragraph { text } => out.push(Run::Paragraph { text, depth }),
            Block::UnorderedList { items } => {
                let mut run = Vec::new();
                for item in items {
                    run.push(item.text.as_str());
                    if !item.blocks.is_empty() {
                        out.push(Run::Bullets { items: std::mem::take(&mut run), depth });
                        walk(&item.blocks, depth + 1, out);
                    }
                }
                if !run.is_empty() {
                    out.push(Run::Bullets { items: run, depth });
                }
            }
            Block::OrderedList { items } => {
                let mut run = Vec::new();
                for item in items {
                    run.push((item.label.as_str(), item.text.as_str()));
                    if !item.blocks.is_empty() {
                        out.push(Run::Numbered { items: std::mem::take(&mut run), depth });
                        walk(&item.blocks, depth + 1, out);
                    }
                }
                if !run.is_empty() {
                    out.push(Run::Numbered { items: run, depth });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{ListItem, NumberedItem};

    #[test]
    fn nested_blocks_come_right_after_their_item_and_the_list_goes_on() {
        let blocks = vec![
            Block::paragraph("We use:"),
            Block::OrderedList {
                items: vec![
                    NumberedItem { label: "(1)".into(), text: "cookies".into(), blocks: vec![] },
                    NumberedItem {
                        label: "(2)".into(),
                        text: "pixels, namely".into(),
                        blocks: vec![Block::UnorderedList {
                            items: vec![ListItem { text: "ad pixels".into(), blocks: vec![] }],
                        }],
                    },
                    NumberedItem { label: "(3)".into(), text: "storage".into(), blocks: vec![] },
                ],
            },
        ];
        assert_eq!(
            runs(&blocks),
            [
                Run::Paragraph { text: "We use:", depth: 0 },
                Run::Numbered { items: vec![("(1)", "cookies"), ("(2)", "pixels, namely")], depth: 0 },
                Run::Bullets { items: vec!["ad pixels"], depth: 1 },
                Run::Numbered { items: vec![("(3)", "storage")], depth: 0 },
            ]
        );
    }
}
