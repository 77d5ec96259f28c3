//! The imported policy as a whole, and its serialised form.
//!
//! A [`Policy`] serialises to (and deserialises from, with every invariant checked) a [`PolicyDocument`]:
//!
//! ```json
//! { "title": "Privacy Policy", "effective_date": "June 1, 2019", "effective_date_iso": "2019-06-01",
//!   "preamble": [{"type": "paragraph", "text": "…"}], "contents": null,
//!   "sections": [{"heading": "Cookies", "level": 1, "id": "cookies", "number": "2.", "blocks": [], "sections": []}] }
//! ```

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::block::{Block, TableOfContents};
use super::date::{EffectiveDate, IsoDate};
use super::section::{HeadingLevel, Section, MAX_LEVEL};
use super::slug::{SectionId, SectionIdError};

/// A privacy policy as a reader navigates it: a title, the date it took effect, what it says before its first
/// heading, the table of contents it opened with (if any), and its sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "PolicyDocument", try_from = "PolicyDocument")]
pub struct Policy {
    title: Option<String>,
    effective_date: Option<EffectiveDate>,
    preamble: Vec<Block>,
    contents: Option<TableOfContents>,
    sections: Vec<Section>,
}

impl Policy {
    /// A policy from its parts, as an importer builds it (`consent-policy-import`). Its sections must already keep
    /// the outline's rules (levels equal depths, unique ids), which [`Policy::try_from`] checks for a document read
    /// from JSON.
    pub fn from_parts(
        title: Option<String>,
        effective_date: Option<EffectiveDate>,
        preamble: Vec<Block>,
        contents: Option<TableOfContents>,
        sections: Vec<Section>,
    ) -> Self {
        Policy { title, effective_date, preamble, contents, sections }
    }

    /// The policy's own title ("Privacy Policy"), if it opens with one.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// When the policy says it took effect or was last revised.
    pub fn effective_date(&self) -> Option<&EffectiveDate> {
        self.effective_date.as_ref()
    }

    /// What the policy says before its first heading.
    pub fn preamble(&self) -> &[Block] {
        &self.preamble
    }

    /// The table of contents the policy itself opened with, recognised as such rather than taken for sections.
    pub fn contents(&self) -> Option<&TableOfContents> {
        self.contents.as_ref()
    }

    /// The top-level sections, in order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// Every section at any depth, in reading order (a parent before its sub-sections).
    pub fn all_sections(&self) -> Vec<&Section> {
        self.sections.iter().flat_map(Section::descendants).collect()
    }

    /// The section with this id.
    pub fn section(&self, id: &SectionId) -> Option<&Section> {
        self.all_sections().into_iter().find(|section| section.id() == id)
    }
}

/// The serialised form of a [`Policy`]: plain data, checked when turned back into a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDocument {
    /// The policy's own title.
    pub title: Option<String>,
    /// The effective date as the policy writes it.
    pub effective_date: Option<String>,
    /// The effective date as `YYYY-MM-DD`, when the policy names a day unambiguously.
    #[serde(default)]
    pub effective_date_iso: Option<IsoDate>,
    /// What the policy says before its first heading.
    #[serde(default)]
    pub preamble: Vec<Block>,
    /// The table of contents the policy opened with.
    #[serde(default)]
    pub contents: Option<TableOfContents>,
    /// The top-level sections.
    pub sections: Vec<SectionDocument>,
}

/// The serialised form of a [`Section`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionDocument {
    /// The heading text, without its number; must not be empty.
    pub heading: String,
    /// 1 for a top-level section, one more for each level of nesting (at most 6).
    pub level: u8,
    /// The section's id: lowercase letters, digits and hyphens, starting with a letter, unique in the policy.
    pub id: String,
    /// The heading's number as the policy writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// What the section says before its first sub-section.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// The sections inside this one.
    #[serde(default)]
    pub sections: Vec<SectionDocument>,
}

/// Why a [`PolicyDocument`] is not a valid policy; the path names the field as the JSON spells it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A section's `level` is not its depth in the outline.
    #[error("{path}.level: {found} should be {depth}, the section's depth in the outline")]
    Level {
        /// The section's place in the JSON, such as `sections[1].sections[0]`.
        path: String,
        /// The level the document gives.
        found: u8,
        /// The section's actual depth (1 at the top).
        depth: usize,
    },
    /// Sections nest deeper than headings can go (h1 to h6).
    #[error("{path}: sections may only nest {MAX_LEVEL} deep; move this section up a level")]
    TooDeep {
        /// The section's place in the JSON, such as `sections[1].sections[0]`.
        path: String,
    },
    /// A section has no heading text, so a reader could not find it in the contents.
    #[error("{path}.heading: must not be empty")]
    EmptyHeading {
        /// The section's place in the JSON, such as `sections[1].sections[0]`.
        path: String,
    },
    /// A section id is not a valid id.
    #[error("{path}.id: {source}")]
    BadId {
        /// The section's place in the JSON, such as `sections[1].sections[0]`.
        path: String,
        /// What is wrong with the id.
        source: SectionIdError,
    },
    /// Two sections share an id, so a link to it would be ambiguous.
    #[error("{path}.id: '{id}' is already the id of an earlier section; ids must be unique")]
    DuplicateId {
        /// The section's place in the JSON, such as `sections[1].sections[0]`.
        path: String,
        /// The repeated id.
        id: String,
    },
    /// The document has a machine-readable date but not the date as the policy writes it, which is what readers see.
    #[error("effective_date_iso is set but effective_date is not; give the date as the policy writes it too")]
    IsoWithoutText,
    /// An entry of the policy's table of contents links to a section that does not exist.
    #[error("contents.entries[{index}].section_id: no section has the id '{id}'")]
    UnknownContentsTarget {
        /// The entry's place in `contents.entries`, from 0.
        index: usize,
        /// The section id it links to.
        id: String,
    },
}

impl From<Policy> for PolicyDocument {
    fn from(policy: Policy) -> Self {
        fn section(s: Section) -> SectionDocument {
            SectionDocument {
                heading: s.heading().to_owned(),
                level: s.level().get(),
                id: s.id().to_string(),
                number: s.number().map(str::to_owned),
                blocks: s.blocks().to_vec(),
                sections: s.sections().iter().cloned().map(section).collect(),
            }
        }
        let (effective_date, effective_date_iso) = match policy.effective_date {
            Some(date) => (Some(date.text), date.iso),
            None => (None, None),
        };
        PolicyDocument {
            title: policy.title,
            effective_date,
            effective_date_iso,
            preamble: policy.preamble,
            contents: policy.contents,
            sections: policy.sections.into_iter().map(section).collect(),
        }
    }
}

impl TryFrom<PolicyDocument> for Policy {
    type Error = PolicyError;

    fn try_from(document: PolicyDocument) -> Result<Self, PolicyError> {
        let effective_date = match (document.effective_date, document.effective_date_iso) {
            (Some(text), iso) => Some(EffectiveDate { text, iso }),
            (None, Some(_)) => return Err(PolicyError::IsoWithoutText),
            (None, None) => None,
        };
        let mut ids = HashSet::new();
        let sections = check_sections(document.sections, HeadingLevel::TOP, "sections", &mut ids)?;
        if let Some(contents) = &document.contents {
            for (index, entry) in contents.entries.iter().enumerate() {
                match &entry.section_id {
                    Some(id) if !ids.contains(id.as_str()) => {
                        return Err(PolicyError::UnknownContentsTarget { index, id: id.to_string() })
                    }
                    _ => {}
                }
            }
        }
        Ok(Policy {
            title: document.title,
            effective_date,
            preamble: document.preamble,
            contents: document.contents,
            sections,
        })
    }
}

fn check_sections(
    documents: Vec<SectionDocument>,
    level: HeadingLevel,
    parent_path: &str,
    ids: &mut HashSet<String>,
) -> Result<Vec<Section>, PolicyError> {
    let mut sections = Vec::with_capacity(documents.len());
    for (index, document) in documents.into_iter().enumerate() {
        let path = format!("{parent_path}[{index}]");
        if document.level != level.get() {
            return Err(PolicyError::Level { path, found: document.level, depth: level.get().into() });
        }
        if document.heading.trim().is_empty() {
            return Err(PolicyError::EmptyHeading { path });
        }
        let id =
            SectionId::try_from(document.id).map_err(|source| PolicyError::BadId { path: path.clone(), source })?;
        if !ids.insert(id.to_string()) {
            return Err(PolicyError::DuplicateId { path, id: id.to_string() });
        }
        let mut section = Section::new(document.heading, level, id, document.number);
        *section.blocks_mut() = document.blocks;
        if !document.sections.is_empty() {
            let deeper = level.deeper().ok_or_else(|| PolicyError::TooDeep { path: format!("{path}.sections[0]") })?;
            for child in check_sections(document.sections, deeper, &format!("{path}.sections"), ids)? {
                section.push_child(child);
            }
        }
        sections.push(section);
    }
    Ok(sections)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn document(sections: serde_json::Value) -> Result<Policy, String> {
        let value = json!({"title": "Privacy Policy", "effective_date": null, "sections": sections});
        serde_json::from_value::<Policy>(value).map_err(|e| e.to_string())
    }

    #[test]
    fn a_valid_document_round_trips() {
        let sections = json!([{"heading": "Cookies", "level": 1, "id": "cookies", "blocks": [{"type": "paragraph", "text": "We use them."}],
            "sections": [{"heading": "Analytics", "level": 2, "id": "analytics"}]}]);
        let policy = document(sections).unwrap();
        assert_eq!(policy.all_sections().iter().map(|s| s.heading()).collect::<Vec<_>>(), ["Cookies", "Analytics"]);
        let again: Policy = serde_json::from_str(&serde_json::to_string(&policy).unwrap()).unwrap();
        assert_eq!(again, policy);
    }

    #[test]
    fn a_level_that_does_not_match_the_depth_is_rejected_with_its_path() {
        let sections = json!([{"heading": "Cookies", "level": 1, "id": "cookies",
            "sections": [{"heading": "Analytics", "level": 3, "id": "analytics"}]}]);
        let error = document(sections).unwrap_err();
        assert!(error.contains("sections[0].sections[0].level: 3 should be 2"), "{error}");
    }

    #[test]
    fn duplicate_and_malformed_ids_are_rejected() {
        let duplicate = json!([{"heading": "A", "level": 1, "id": "a"}, {"heading": "B", "level": 1, "id": "a"}]);
        assert!(document(duplicate).unwrap_err().contains("sections[1].id: 'a' is already the id"));
        let malformed = json!([{"heading": "A", "level": 1, "id": "A b"}]);
        assert!(document(malformed).unwrap_err().contains("sections[0].id: section id 'A b'"));
    }

    #[test]
    fn an_iso_date_needs_the_written_date() {
        let value = json!({"title": null, "effective_date": null, "effective_date_iso": "2020-01-01", "sections": []});
        let error = serde_json::from_value::<Policy>(value).unwrap_err().to_string();
        assert!(error.contains("effective_date_iso is set but effective_date is not"), "{error}");
    }
}
