//! The banner's words, each with an English default so that a config names only what it changes.

use serde::{Deserialize, Serialize};

use crate::config::MAX_TEXT_LEN;
use crate::field_error::FieldError;

/// The banner's words. Every field has an English default, so a config only names what it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Texts {
    pub title: String,
    pub description: String,
    pub accept_all: String,
    pub reject_all: String,
    pub customise: String,
    pub save: String,
    pub preferences_title: String,
    pub always_on: String,
    pub policy_link: String,
    /// A blocked embed's placeholder; `{service}` and `{category}` are replaced.
    pub placeholder: String,
    pub load_once: String,
    /// `{category}` is replaced.
    pub always_allow: String,
    /// Shown when the browser sends Global Privacy Control; `{categories}` is replaced.
    pub gpc_notice: String,
    pub close: String,
}

impl Default for Texts {
    fn default() -> Self {
        Self {
            title: "We value your privacy".into(),
            description:
                "We use cookies and similar technologies such as pixel tags. Strictly necessary ones keep the \
                          site working; the others are used only if you agree. You can change your mind at any time."
                    .into(),
            accept_all: "Accept all".into(),
            reject_all: "Reject all".into(),
            customise: "Customise".into(),
            save: "Save choices".into(),
            preferences_title: "Privacy preferences".into(),
            always_on: "Always on".into(),
            policy_link: "Privacy policy".into(),
            placeholder: "{service} is blocked until you allow {category}.".into(),
            load_once: "Load once".into(),
            always_allow: "Always allow {category}".into(),
            gpc_notice: "Your browser asks sites not to sell or share your data (Global Privacy Control), so \
                         {categories} stays off unless you switch it on yourself."
                .into(),
            close: "Close".into(),
        }
    }
}

pub(crate) fn check_texts(texts: &Texts, problems: &mut Vec<FieldError>) {
    let fields = [
        ("title", &texts.title),
        ("description", &texts.description),
        ("accept_all", &texts.accept_all),
        ("reject_all", &texts.reject_all),
        ("customise", &texts.customise),
        ("save", &texts.save),
        ("preferences_title", &texts.preferences_title),
        ("always_on", &texts.always_on),
        ("policy_link", &texts.policy_link),
        ("placeholder", &texts.placeholder),
        ("load_once", &texts.load_once),
        ("always_allow", &texts.always_allow),
        ("gpc_notice", &texts.gpc_notice),
        ("close", &texts.close),
    ];
    for (field, text) in fields {
        if text.trim().is_empty() {
            problems
                .push(FieldError::new(format!("texts.{field}"), "must not be empty (leave it out for the default)"));
        } else if text.chars().count() > MAX_TEXT_LEN {
            problems
                .push(FieldError::new(format!("texts.{field}"), format!("is longer than {MAX_TEXT_LEN} characters")));
        }
    }
}
