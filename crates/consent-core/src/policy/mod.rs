//! The site's privacy policy as a model the banner can show as a navigable document: its title and date, its
//! sections and their blocks, and the ids that link to them ([`Policy`]); the policy as the JSON the banner reads
//! ([`json`]); how a section's blocks are laid out ([`layout`]); and the links from the banner into it ([`links`]).
//! Importing a policy from the plain text or Markdown a company already has is the native-only crate
//! `consent-policy-import`, which the banner never links.

mod block;
mod date;
pub mod json;
pub mod layout;
pub mod links;
mod model;
mod section;
mod slug;

pub use block::{Block, ContentsEntry, ListItem, NumberedItem, TableOfContents};
pub use date::{EffectiveDate, IsoDate, IsoDateError};
pub use model::{Policy, PolicyDocument, PolicyError, SectionDocument};
pub use section::{HeadingLevel, HeadingLevelError, Section, MAX_LEVEL};
pub use slug::{slugify, SectionId, SectionIdError, SlugRegistry};
