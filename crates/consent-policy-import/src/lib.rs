//! Imports a privacy policy from the plain text or Markdown a company already has into the policy model of
//! `consent_core::policy`, and reads what the policy says: the tracking technologies it mentions and the consent
//! categories its purposes support.
//!
//! Native only: the server and the `consent` CLI import a policy when they load a config or run `consent policy
//! import`; the banner (WebAssembly) receives the imported model as JSON and never links this crate, whose Markdown
//! reader and outline guessing would cost it tens of kilobytes.
//!
//! ```
//! use consent_policy_import::{import, PolicyFormat, PolicyReport, TrackingTechnology};
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
//! # Ok::<(), consent_policy_import::ImportError>(())
//! ```

// A library others build on: every public item says what it is for.
#![warn(missing_docs)]

mod config_policy;
mod contents;
mod effective_date;
mod heading;
mod import;
mod line;
mod list;
mod markdown_blocks;
mod markdown_import;
mod markdown_inline;
mod marker;
mod numbering;
mod numeral;
mod outline;
#[cfg(test)]
mod outline_summary;
mod phrase;
mod purpose;
mod report;
mod text_import;
mod tracking;
mod tree;
mod unmarked_list;

pub use config_policy::import_config_policy;
pub use effective_date::find_effective_date;
pub use import::{import, ImportError, PolicyFormat};
pub use markdown_import::import_markdown;
pub use purpose::{suggest_categories, SuggestedCategory};
pub use report::PolicyReport;
pub use text_import::import_text;
pub use tracking::{cookie_section, detect_tracking, technologies_in, TrackingMention, TrackingTechnology};
