//! Builds the section tree while an importer reads a policy top to bottom: the one place sections are opened and
//! closed, so every importer gets the same guarantees (levels equal depths, at most six deep, unique ids).

use consent_core::policy::Block;
use consent_core::policy::SlugRegistry;
use consent_core::policy::{HeadingLevel, Section, MAX_LEVEL};

/// A section tree under construction: what comes before the first heading, and the path of open sections.
#[derive(Debug, Default)]
pub(crate) struct TreeBuilder {
    preamble: Vec<Block>,
    open: Vec<Section>,
    roots: Vec<Section>,
    slugs: SlugRegistry,
}

impl TreeBuilder {
    /// Opens a section at `level` (1 = top), closing whatever is open at that level or deeper. A level deeper than
    /// one below the current section, or than [`MAX_LEVEL`], is raised to the deepest one allowed there. Returns the
    /// level the section got.
    pub(crate) fn open_section(&mut self, level: usize, heading: String, number: Option<String>) -> usize {
        let level = level.clamp(1, (self.open.len() + 1).min(MAX_LEVEL as usize));
        self.close_to(level - 1);
        let heading_level = match self.open.last() {
            None => HeadingLevel::TOP,
            // `close_to` left fewer than MAX_LEVEL sections open, so there is always a deeper level.
            Some(parent) => parent.level().deeper().unwrap_or(parent.level()),
        };
        let id = self.slugs.id_for(&heading);
        self.open.push(Section::new(heading, heading_level, id, number));
        self.open.len()
    }

    /// Adds a block to the innermost open section, or to the preamble before the first heading.
    pub(crate) fn push_block(&mut self, block: Block) {
        match self.open.last_mut() {
            Some(section) => section.blocks_mut().push(block),
            None => self.preamble.push(block),
        }
    }

    /// Removes the innermost open section if nothing has been written in it yet, and returns its heading: a heading
    /// that turned out to title something else (a table of contents) rather than a section.
    pub(crate) fn discard_empty_section(&mut self) -> Option<String> {
        let empty = self.open.last().is_some_and(|s| s.blocks().is_empty() && s.sections().is_empty());
        empty.then(|| self.open.pop()).flatten().map(|section| section.heading().to_owned())
    }

    /// The preamble and the top-level sections, with everything closed.
    pub(crate) fn finish(mut self) -> (Vec<Block>, Vec<Section>) {
        self.close_to(0);
        (self.preamble, self.roots)
    }

    fn close_to(&mut self, depth: usize) {
        while self.open.len() > depth {
            let Some(section) = self.open.pop() else { break };
            match self.open.last_mut() {
                Some(parent) => parent.push_child(section),
                None => self.roots.push(section),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (level, heading, its sub-sections as (level, heading)) of each top-level section.
    type Outline = Vec<(u8, String, Vec<(u8, String)>)>;

    fn outline(sections: &[Section]) -> Outline {
        sections
            .iter()
            .map(|s| {
                let children = s.sections().iter().map(|c| (c.level().get(), c.heading().to_owned())).collect();
                (s.level().get(), s.heading().to_owned(), children)
            })
            .collect()
    }

    #[test]
    fn sections_nest_by_level_and_blocks_go_to_the_innermost() {
        let mut tree = TreeBuilder::default();
        tree.push_block(Block::paragraph("intro"));
        tree.open_section(1, "A".into(), None);
        tree.open_section(2, "A.1".into(), None);
        tree.push_block(Block::paragraph("in A.1"));
        tree.open_section(1, "B".into(), None);
        let (preamble, sections) = tree.finish();
        assert_eq!(preamble, vec![Block::paragraph("intro")]);
        assert_eq!(outline(&sections), vec![(1, "A".into(), vec![(2, "A.1".into())]), (1, "B".into(), vec![])]);
        assert_eq!(sections[0].sections()[0].blocks(), &[Block::paragraph("in A.1")]);
    }

    #[test]
    fn a_level_that_skips_levels_or_goes_too_deep_is_raised() {
        let mut tree = TreeBuilder::default();
        assert_eq!(tree.open_section(3, "skips".into(), None), 1);
        for depth in 2..=6 {
            assert_eq!(tree.open_section(depth, format!("d{depth}"), None), depth);
        }
        assert_eq!(tree.open_section(7, "too deep".into(), None), 6);
        let (_, sections) = tree.finish();
        let deepest = sections[0].descendants().into_iter().map(|s| s.level().get()).max();
        assert_eq!(deepest, Some(6));
    }

    #[test]
    fn only_an_empty_section_can_be_discarded() {
        let mut tree = TreeBuilder::default();
        tree.open_section(1, "Contents".into(), None);
        assert_eq!(tree.discard_empty_section(), Some("Contents".into()));
        tree.open_section(1, "Cookies".into(), None);
        tree.push_block(Block::paragraph("text"));
        assert_eq!(tree.discard_empty_section(), None);
    }
}
