//! The site's privacy policy: a model the banner can show as a navigable document, importers that build it from the
//! plain text or Markdown a company already has, and what can be read from it — the tracking technologies it
//! mentions and the consent categories its purposes support.
//!
//! ```
//! use consent_core::policy::{import, PolicyFormat, PolicyReport, TrackingTechnology};
//!
//! let text = "Privacy Policy\n\nLast updated: 2023-04-01\n\n\
//!             1. Information we collect\n\nYour name and e-mail address.\n\n\
//!             2. How we use cookies\n\nWe use cookies to analyse how you use the site.\n";
//! let policy = import(text, PolicyFormat::Text)?;
//! assert_eq!(policy.title(), Some("Privacy Policy"));
//! assert_eq!(policy.sections()[1].heading(), "How we use cookies");
//! assert_eq!(policy.effective_date().and_then(|d| d.iso).map(|d| d.to_string()), Some("2023-04-01".into()));
//!
//! let report = PolicyReport::new(policy);
//! assert_eq!(report.tracking[0].technology, TrackingTechnology::Cookies);
//! assert_eq!(report.tracking[0].section_headings, ["How we use cookies"]);
//! assert_eq!(report.suggested_categories[0].as_str(), "analytics");
//! # Ok::<(), consent_core::policy::ImportError>(())
//! ```

mod block;
mod contents;
mod date;
mod heading;
mod import;
mod line;
mod list;
mod markdown_import;
mod markdown_inline;
mod marker;
mod model;
mod numbering;
mod numeral;
mod outline;
mod phrase;
mod purpose;
mod report;
mod section;
mod slug;
mod text_import;
mod tracking;
mod tree;
mod unmarked_list;

pub use block::{Block, ContentsEntry, ListItem, NumberedItem, TableOfContents};
pub use date::{find_effective_date, EffectiveDate, IsoDate, IsoDateError};
pub use import::{import, ImportError, PolicyFormat};
pub use markdown_import::import_markdown;
pub use model::{Policy, PolicyDocument, PolicyError, SectionDocument};
pub use purpose::{suggest_categories, SuggestedCategory};
pub use report::PolicyReport;
pub use section::{HeadingLevel, HeadingLevelError, Section, MAX_LEVEL};
pub use slug::{SectionId, SectionIdError};
pub use text_import::import_text;
pub use tracking::{cookie_section, detect_tracking, technologies_in, TrackingMention, TrackingTechnology};
