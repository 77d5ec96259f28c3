//! A category's title and description in the other languages of a config: what its `translations` say
//! (`translations.de.categories.analytics.title`), and the edit the Categories form makes there. Only the draft's
//! top-level `translations` value is rewritten. A word left empty is left out, so the visitor gets the next language
//! in line (consent-core refuses an empty one). Pure, so it is tested natively.

use serde_json::{Map, Value};

use crate::category_edit::Refusal;
use crate::json_text::with_replaced;

/// Which of a category's words: its `title` or its `description`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryWord {
    /// What visitors choose by.
    Title,
    /// What the category is for.
    Description,
}

impl CategoryWord {
    /// The key the config's `translations` use.
    pub fn key(self) -> &'static str {
        match self {
            CategoryWord::Title => "title",
            CategoryWord::Description => "description",
        }
    }
}

/// The languages of the draft `text`'s `translations`, each with the title it gives the category `id` (empty when it
/// gives none), in the order the object holds them.
pub fn titles(text: &str, id: &str) -> Vec<(String, String)> {
    words(text, id, CategoryWord::Title)
}

/// The draft `text` with the category `id` titled `title` in `language`; see [`with_word`].
pub fn with_title(text: &str, language: &str, id: &str, title: &str) -> Result<String, Refusal> {
    with_word(text, language, id, CategoryWord::Title, title)
}

/// Like [`titles`], for the category's `word`.
pub fn words(text: &str, id: &str, word: CategoryWord) -> Vec<(String, String)> {
    let Ok(config) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    let Some(translations) = config.get("translations").and_then(Value::as_object) else { return Vec::new() };
    translations
        .iter()
        .map(|(language, words)| {
            let pointer = format!("/categories/{id}/{}", word.key());
            let title = words.pointer(&pointer).and_then(Value::as_str).unwrap_or_default();
            (language.clone(), title.to_owned())
        })
        .collect()
}

/// The draft `text` with the category `id`'s `word` set to `value` in `language` (one of its `translations`); an empty
/// value removes the key, and the objects it leaves empty.
pub fn with_word(text: &str, language: &str, id: &str, word: CategoryWord, value: &str) -> Result<String, Refusal> {
    let mut config: Value = serde_json::from_str(text).map_err(|_| Refusal::NotJson)?;
    let words = config
        .get_mut("translations")
        .and_then(|t| t.get_mut(language))
        .and_then(Value::as_object_mut)
        .ok_or(Refusal::NoSuchPlace)?;
    let categories = words.entry("categories").or_insert_with(|| Value::Object(Map::new()));
    let categories = categories.as_object_mut().ok_or(Refusal::NoSuchPlace)?;
    let category = categories.entry(id).or_insert_with(|| Value::Object(Map::new()));
    let category = category.as_object_mut().ok_or(Refusal::NoSuchPlace)?;
    if value.is_empty() {
        category.remove(word.key());
        if category.is_empty() {
            categories.remove(id);
        }
        if categories.is_empty() {
            words.remove("categories");
        }
    } else {
        category.insert(word.key().into(), value.into());
    }
    let json = serde_json::to_string(&config["translations"]).map_err(|_| Refusal::NotJson)?;
    with_replaced(text, "translations", &json).ok_or(Refusal::NotJson)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{changes, check};

    /// The demo config with a German and a French translation, the German one titling Analytics.
    fn translated() -> String {
        let mut demo: Value = serde_json::from_str(include_str!("../../../demo/consent.json")).unwrap();
        demo["translations"] = serde_json::json!({
            "de": {"title": "Cookies", "categories": {"analytics": {"title": "Statistik"}}},
            "fr": {"title": "Cookies"}
        });
        serde_json::to_string_pretty(&demo).unwrap()
    }

    #[test]
    fn each_language_of_the_translations_gives_its_title_or_none() {
        let text = translated();
        assert_eq!(titles(&text, "analytics"), [("de".into(), "Statistik".into()), ("fr".into(), String::new())]);
        assert_eq!(titles(&text, "marketing"), [("de".into(), String::new()), ("fr".into(), String::new())]);
        assert_eq!(titles(include_str!("../../../demo/consent.json"), "analytics"), []);
    }

    #[test]
    fn a_title_set_in_a_language_changes_that_field_only_and_passes_the_check() {
        let text = translated();
        let edited = with_title(&text, "fr", "analytics", "Statistiques").unwrap();
        let found = changes(&text, &edited);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, "translations.fr.categories");
        assert_eq!(titles(&edited, "analytics")[1].1, "Statistiques");
        assert_eq!(check(&edited, "demo-shop"), []);
        assert!(edited.find("\"categories\": [") < edited.find("\"translations\""), "the rest stays in place");
    }

    #[test]
    fn an_emptied_title_is_left_out_with_the_objects_it_leaves_empty() {
        let text = translated();
        let emptied = with_title(&text, "de", "analytics", "").unwrap();
        let config: Value = serde_json::from_str(&emptied).unwrap();
        assert_eq!(config["translations"]["de"], serde_json::json!({"title": "Cookies"}));
        assert_eq!(check(&emptied, "demo-shop"), []);
    }

    #[test]
    fn a_description_is_set_beside_the_title_and_passes_the_check() {
        let edited = with_word(&translated(), "de", "analytics", CategoryWord::Description, "Zählt Besuche.").unwrap();
        let config: Value = serde_json::from_str(&edited).unwrap();
        assert_eq!(
            config["translations"]["de"]["categories"]["analytics"],
            serde_json::json!({"title": "Statistik", "description": "Zählt Besuche."})
        );
        assert_eq!(words(&edited, "analytics", CategoryWord::Description)[0].1, "Zählt Besuche.");
        assert_eq!(check(&edited, "demo-shop"), []);
    }

    #[test]
    fn a_language_the_translations_do_not_have_is_not_made_up() {
        assert_eq!(with_title(&translated(), "es", "analytics", "Estadísticas"), Err(Refusal::NoSuchPlace));
        assert_eq!(with_title("{\"translations\": ", "de", "analytics", "x"), Err(Refusal::NotJson));
    }
}
