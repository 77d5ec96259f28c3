//! The edits the Policy card makes to a draft config: add a category the imported policy suggests (with the
//! suggestion's id, title and description, through the Categories form's own edit), and make the imported text the
//! site's `policy` (`{"markdown": …}` or `{"text": …}`, which the endpoint imports when it loads the config, so the
//! banner shows it in its policy view). Pure, so it is tested natively; the card itself is `policy_card.rs`.

use serde_json::Value;

use crate::category_edit::{apply, read, Edit, Refusal};
use crate::json_text::with_replaced;
use crate::policy_report::suggestion_words;

/// Whether the draft `text` has a category `id` already.
pub fn has_category(text: &str, id: &str) -> bool {
    read(text).is_some_and(|categories| categories.iter().any(|c| c.id == id))
}

/// The draft `text` with the suggested category `id` added last, titled and described as [`suggestion_words`] says.
pub fn with_suggested_category(text: &str, id: &str) -> Result<String, Refusal> {
    let (title, description) = suggestion_words(id);
    let added = apply(text, &Edit::Add { id: id.to_owned(), title })?;
    let at = read(&added).map_or(0, |categories| categories.len().saturating_sub(1));
    apply(&added, &Edit::Description(at, description))
}

/// How an imported policy is written, as the config's `policy` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyFormat {
    /// `{"markdown": …}`.
    Markdown,
    /// `{"text": …}`.
    Text,
}

impl PolicyFormat {
    /// The name the config and `POST /v1/policy/import` use.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyFormat::Markdown => "markdown",
            PolicyFormat::Text => "text",
        }
    }

    /// The format a file's name suggests, as `consent policy import` guesses it: `.md` and `.markdown` are Markdown.
    pub fn from_file_name(name: &str) -> PolicyFormat {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            PolicyFormat::Markdown
        } else {
            PolicyFormat::Text
        }
    }
}

/// The draft `text` with its `policy` replaced by `policy` written in `format`; `None` when the draft is not a JSON
/// object. A `policy_url` stays: the banner links it where it cannot show the policy itself.
pub fn with_policy(text: &str, format: PolicyFormat, policy: &str) -> Option<String> {
    let config: Value = serde_json::from_str(text).ok()?;
    config.as_object()?;
    let value = serde_json::json!({ format.as_str(): policy });
    with_replaced(text, "policy", &serde_json::to_string(&value).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{changes, check};

    const DEMO: &str = include_str!("../../../demo/consent.json");

    #[test]
    fn a_suggested_category_is_added_with_its_title_and_description_and_passes_the_check() {
        assert!(!has_category(DEMO, "social_media"));
        let added = with_suggested_category(DEMO, "social_media").unwrap();
        let last = read(&added).unwrap().pop().unwrap();
        assert_eq!((last.id.as_str(), last.title.as_str()), ("social_media", "Social media"));
        assert!(!last.description.is_empty());
        assert!(has_category(&added, "social_media"));
        assert_eq!(check(&added, "demo-shop"), []);
    }

    #[test]
    fn a_suggestion_the_draft_has_is_refused() {
        assert!(has_category(DEMO, "analytics"));
        assert_eq!(with_suggested_category(DEMO, "analytics"), Err(Refusal::TakenId("analytics".into())));
    }

    #[test]
    fn the_imported_text_becomes_the_policy_and_only_the_policy_changes() {
        let policy = "# Cookie Notice\n\n<b>Hi</b> there.";
        let edited = with_policy(DEMO, PolicyFormat::Markdown, policy).unwrap();
        let found = changes(DEMO, &edited);
        assert!(found.iter().all(|c| c.path.starts_with("policy")), "{found:?}");
        let config: Value = serde_json::from_str(&edited).unwrap();
        assert_eq!(config["policy"], serde_json::json!({"markdown": policy}));
        assert_eq!(check(&edited, "demo-shop"), []);
    }

    #[test]
    fn the_file_name_picks_the_format() {
        assert_eq!(PolicyFormat::from_file_name("Notice.MD"), PolicyFormat::Markdown);
        assert_eq!(PolicyFormat::from_file_name("policy.txt"), PolicyFormat::Text);
    }
}
