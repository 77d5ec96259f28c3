//! A section of a policy: its heading, where it sits in the outline, what it says, and the sections under it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::block::Block;
use super::slug::SectionId;

/// The deepest outline level, as in HTML's `<h1>`…`<h6>`.
pub const MAX_LEVEL: u8 = 6;

/// How deep a section sits in the outline: 1 for a top-level section, 2 for a section inside it … up to
/// [`MAX_LEVEL`]. Always equal to the section's depth in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct HeadingLevel(u8);

/// A level outside 1..=6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("heading level {0} is outside 1..={MAX_LEVEL}")]
pub struct HeadingLevelError(pub u8);

impl HeadingLevel {
    /// The top level.
    pub const TOP: HeadingLevel = HeadingLevel(1);

    /// The level as a number, 1..=6.
    pub fn get(self) -> u8 {
        self.0
    }

    /// The level of a section inside this one, unless this one is already the deepest.
    pub fn deeper(self) -> Option<HeadingLevel> {
        (self.0 < MAX_LEVEL).then_some(HeadingLevel(self.0 + 1))
    }
}

impl TryFrom<u8> for HeadingLevel {
    type Error = HeadingLevelError;

    fn try_from(value: u8) -> Result<Self, HeadingLevelError> {
        (1..=MAX_LEVEL).contains(&value).then_some(HeadingLevel(value)).ok_or(HeadingLevelError(value))
    }
}

impl From<HeadingLevel> for u8 {
    fn from(level: HeadingLevel) -> Self {
        level.0
    }
}

impl fmt::Display for HeadingLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A section of a policy. Sections are only made by the importers and by [`super::Policy`]'s checked
/// deserialisation, so a section's level always equals its depth, its sub-sections are one level deeper, and its id
/// is unique within its policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    heading: String,
    level: HeadingLevel,
    id: SectionId,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<String>,
    blocks: Vec<Block>,
    sections: Vec<Section>,
}

impl Section {
    /// An empty section, for an importer to fill: `level` must be its depth in the outline.
    pub fn new(heading: String, level: HeadingLevel, id: SectionId, number: Option<String>) -> Self {
        Section { heading, level, id, number, blocks: Vec::new(), sections: Vec::new() }
    }

    /// The heading text, without its number.
    pub fn heading(&self) -> &str {
        &self.heading
    }

    /// The heading's number as the policy writes it ("1.1", "Ⅱ 、", "Article 3."), if it has one.
    pub fn number(&self) -> Option<&str> {
        self.number.as_deref()
    }

    /// Where the section sits in the outline.
    pub fn level(&self) -> HeadingLevel {
        self.level
    }

    /// The section's id, unique within its policy: an anchor for links and the banner's table of contents.
    pub fn id(&self) -> &SectionId {
        &self.id
    }

    /// What the section says before its first sub-section.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The sections inside this one, in order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// This section and every section inside it, depth first in reading order.
    pub fn descendants(&self) -> Vec<&Section> {
        let mut out = vec![self];
        for child in &self.sections {
            out.extend(child.descendants());
        }
        out
    }

    /// The section's blocks, for an importer to append to in reading order.
    pub fn blocks_mut(&mut self) -> &mut Vec<Block> {
        &mut self.blocks
    }

    /// Adds a sub-section after the existing ones; its level must be one deeper than this section's.
    pub fn push_child(&mut self, child: Section) {
        self.sections.push(child);
    }
}
