//! What a section says: paragraphs and lists, and the table of contents a policy may open with.

use serde::{Deserialize, Serialize};

use super::slug::SectionId;

/// One block of body text. Text is plain (no markup, no HTML) and on one line: the banner decides how to wrap it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph.
    Paragraph {
        /// The paragraph's text, on one line.
        text: String,
    },
    /// A bulleted list (●, •, -, * …): the order of its items carries no meaning.
    UnorderedList {
        /// The items, in the policy's order.
        items: Vec<ListItem>,
    },
    /// A list whose items the policy numbers or letters ("(1)", "a.", "1、" …); each item keeps its label as written,
    /// because the policy may refer to it ("as described in 5.2").
    OrderedList {
        /// The items with their labels, in the policy's order.
        items: Vec<NumberedItem>,
    },
}

impl Block {
    /// A paragraph of `text`.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph { text: text.into() }
    }

    /// Every piece of text in this block and in the blocks nested in it, in reading order: the paragraph's text, or
    /// each item's label (when it has one) and text.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_texts(&mut out);
        out
    }

    fn collect_texts<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Block::Paragraph { text } => out.push(text),
            Block::UnorderedList { items } => {
                for item in items {
                    out.push(&item.text);
                    item.blocks.iter().for_each(|block| block.collect_texts(out));
                }
            }
            Block::OrderedList { items } => {
                for item in items {
                    out.push(&item.label);
                    out.push(&item.text);
                    item.blocks.iter().for_each(|block| block.collect_texts(out));
                }
            }
        }
    }
}

/// An item of a bulleted list: its text, then whatever the policy nests under it (a further paragraph, a sub-list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    /// The item's own text (may be empty when the policy put it all in the nested blocks).
    pub text: String,
    /// Paragraphs and lists nested under the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Block>,
}

/// An item of a numbered or lettered list, with its label as the policy writes it ("(1)", "a.", "1.1.1", "①").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberedItem {
    /// The number or letter as written, with its punctuation ("(1)", "a.", "1、").
    pub label: String,
    /// The item's own text.
    pub text: String,
    /// Paragraphs and lists nested under the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Block>,
}

/// The table of contents a policy opens with. The banner builds its own navigation from the sections; this keeps
/// what the policy itself listed, so nothing of the original is lost and each entry can link to its section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableOfContents {
    /// The line that introduced it ("Contents", "The Policy will help you understand the following content:").
    pub intro: Option<String>,
    /// The entries, in the policy's order.
    pub entries: Vec<ContentsEntry>,
}

/// One line of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentsEntry {
    /// The entry's number as written ("1、", "Article 2"), if it has one.
    pub number: Option<String>,
    /// The entry's title as written.
    pub text: String,
    /// The page number a printed contents gave, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// The section this entry leads to, when one could be matched to it.
    pub section_id: Option<SectionId>,
}
