//! Everything about consent that can be decided without a browser or a database.
//!
//! The banner (wasm32) and the endpoint (native) both depend on this crate, so a rule written here is applied the same
//! way on both sides: the site's config and its validation, the visitor's choice turned into per-category decisions,
//! the stored (cookie) form of that choice and when it stops being valid, and the record sent to the endpoint.

// A library others build on: every public item says what it is for.
#![warn(missing_docs)]

pub mod auto_blocking;
pub mod catalog;
pub mod choice;
pub mod cleanup;
pub mod client;
pub mod config;
pub mod consent_id;
pub mod cookie_codec;
pub mod custom_choice;
pub mod decision;
pub mod early_choice;
pub mod field_error;
pub mod found_tracker;
pub mod gpp;
pub mod hold;
pub mod id;
pub mod language;
pub mod lifetime;
pub mod log_proof;
pub mod merkle;
pub mod plural;
pub mod policy;
pub mod receipt;
pub mod record;
pub mod regions;
pub mod service;
pub mod service_suggestion;
pub mod sha256;
pub mod stored;
pub mod sync_queue;
pub mod tcf;
pub mod texts;
pub mod tracker_db;
pub mod url;
pub mod url_pattern;

pub use choice::{Action, Choice, Decision, Decisions, UiLayer};
pub use config::consent_mode::ConsentModeType;
pub use config::{Category, ConfigError, SiteConfig};
pub use consent_id::{ConsentId, ConsentIdError};
pub use field_error::FieldError;
pub use id::{CategoryId, IdError, ServiceId};
pub use language::LanguageTag;
pub use record::{ConsentRecord, ConsentSubmission, RecordError};
pub use service::{Service, ServiceKind, StorageKind, TrackerItem};
pub use stored::{StoredConsent, StoredConsentError};
pub use texts::{Texts, TextsPatch};
pub use url_pattern::UrlPattern;

/// The version of the banner that produced a record, as stored with every record.
pub const BANNER_VERSION: &str = env!("CARGO_PKG_VERSION");
