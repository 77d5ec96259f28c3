//! The banner's words as the Texts and translations form shows them — one row per text, one column per language of
//! the draft (its own `language` first, then its `translations`) — and the edits it makes: set a word, add a language,
//! remove one. A cell left empty shows what the visitor gets instead (consent-core's fallback: the banner's built-in
//! word for that language, else English) and is marked missing when that is English for a language that is not.
//!
//! Each edit reads the draft as JSON and rewrites only its top-level `texts` or `translations` value, so the rest of
//! the text keeps its order and its words. A word left empty is left out (consent-core refuses an empty one). Pure, so
//! it is tested natively; the form itself is `texts_form.rs`.

use consent_core::config::translation::parse_patch;
use consent_core::language::{BUILT_IN_LANGUAGES, DEFAULT_LANGUAGE};
use consent_core::texts::{Texts, TextsPatch};
use consent_core::{LanguageTag, SiteConfig};
use serde_json::{Map, Value};

use crate::json_text::with_replaced;

/// The banner's built-in words (its `locales/*.json`), compiled in so the console shows the same fallback the banner
/// will load. English is consent-core's [`Texts::default`].
const LOCALES: [(&str, &str); 9] = [
    ("de", include_str!("../../../locales/de.json")),
    ("fr", include_str!("../../../locales/fr.json")),
    ("es", include_str!("../../../locales/es.json")),
    ("it", include_str!("../../../locales/it.json")),
    ("nl", include_str!("../../../locales/nl.json")),
    ("pt", include_str!("../../../locales/pt.json")),
    ("pl", include_str!("../../../locales/pl.json")),
    ("zh-CN", include_str!("../../../locales/zh-CN.json")),
    ("ja", include_str!("../../../locales/ja.json")),
];

/// The banner's built-in words for `language`, as the banner reads its locale file; `None` for English (compiled into
/// the banner) and for languages it has no file for.
pub fn built_in_words(language: &str) -> Option<TextsPatch> {
    let (_, json) = LOCALES.iter().find(|(tag, _)| *tag == language)?;
    let value: Value = serde_json::from_str(json).ok()?;
    Some(parse_patch(&value, "locales", &mut Vec::new()))
}

/// One cell of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The word the draft gives in this language (empty when it gives none).
    pub own: String,
    /// What a visitor in this language gets when the cell is left empty.
    pub fallback: String,
    /// The cell is empty and the fallback is English for a language that is not: nobody wrote this word.
    pub missing: bool,
}

/// The words of the draft: its languages (its own first) and, for each text of the banner, a cell per language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextsTable {
    /// The config's `language` (its `texts`), then each of its `translations`, in the order the object holds them.
    pub languages: Vec<String>,
    /// One row per name of [`TextsPatch::FIELDS`], with its cells in the order of `languages`.
    pub rows: Vec<(&'static str, Vec<Cell>)>,
}

impl TextsTable {
    /// How many cells are missing in each language, in the order of `languages`.
    pub fn missing_counts(&self) -> Vec<usize> {
        (0..self.languages.len())
            .map(|at| self.rows.iter().filter(|(_, cells)| cells.get(at).is_some_and(|c| c.missing)).count())
            .collect()
    }
}

/// The table of the draft `text`; `None` when it is not a JSON object whose `texts` and `translations` (if any) are
/// objects.
pub fn table(text: &str) -> Option<TextsTable> {
    let config: Value = serde_json::from_str(text).ok()?;
    let config = config.as_object()?;
    let own_language = own_language(config);
    let texts = optional_object(config, "texts")?;
    let translations = optional_object(config, "translations")?;
    let checked = SiteConfig::from_json(text).ok();
    let mut languages = vec![own_language.clone()];
    languages.extend(translations.keys().filter(|l| **l != own_language).cloned());
    let columns: Vec<Column> = languages
        .iter()
        .map(|language| {
            let words = if *language == own_language {
                Some(&texts)
            } else {
                translations.get(language).and_then(Value::as_object)
            };
            let built_in = built_in_words(language);
            let fallback = fallback_texts(checked.as_ref(), language, built_in.as_ref());
            Column { english: language.split('-').next() == Some(DEFAULT_LANGUAGE), words, fallback, built_in }
        })
        .collect();
    let rows = TextsPatch::FIELDS
        .iter()
        .map(|name| {
            let cells = columns
                .iter()
                .map(|column| {
                    let own = column.words.and_then(|w| w.get(*name)).and_then(Value::as_str).unwrap_or("").to_owned();
                    let has_built_in = column.built_in.as_ref().is_some_and(|b| b.get(name).is_some());
                    Cell {
                        missing: own.trim().is_empty() && !column.english && !has_built_in,
                        fallback: column.fallback.get(name).unwrap_or_default().to_owned(),
                        own,
                    }
                })
                .collect();
            (*name, cells)
        })
        .collect();
    Some(TextsTable { languages, rows })
}

/// One language of the table, as the cells need it.
struct Column<'a> {
    /// The language is English (any region): English is never missing.
    english: bool,
    /// The draft's words in it.
    words: Option<&'a Map<String, Value>>,
    /// What visitors get where the draft has no word.
    fallback: Texts,
    /// The banner's built-in words for it.
    built_in: Option<TextsPatch>,
}

/// What a visitor in `language` gets for a word the draft leaves out there: consent-core's own choice
/// ([`SiteConfig::texts_for`]) with that language's own words taken away, or, while the draft does not pass the check,
/// the built-in words over English.
fn fallback_texts(config: Option<&SiteConfig>, language: &str, built_in: Option<&TextsPatch>) -> Texts {
    let Some(mut config) = config.cloned() else {
        let mut texts = Texts::default();
        if let Some(words) = built_in {
            texts.apply(words);
        }
        return texts;
    };
    let Ok(tag) = LanguageTag::try_from(language) else { return Texts::default() };
    if config.language == tag {
        config.texts = TextsPatch::default();
    }
    config.translations.remove(&tag);
    config.texts_for(&tag, built_in)
}

/// The languages the form offers to add: the banner's built-in ones the draft does not have yet.
pub fn addable_languages(table: &TextsTable) -> Vec<&'static str> {
    BUILT_IN_LANGUAGES.iter().copied().filter(|tag| !table.languages.iter().any(|l| l == tag)).collect()
}

/// The path consent-core's check names for the word `name` in `language` of the draft `text`.
pub fn path_of(table: &TextsTable, language: &str, name: &str) -> String {
    if table.languages.first().is_some_and(|own| own == language) {
        format!("texts.{name}")
    } else {
        format!("translations.{language}.{name}")
    }
}

/// Why an edit was not made, in words for the product team.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextsRefusal {
    /// The draft does not read as a JSON object with objects for `texts` and `translations`.
    #[error("Fix the JSON first: the form edits a config that reads as JSON.")]
    NotJson,
    /// Not a language tag consent-core accepts.
    #[error("Language: {0}")]
    BadLanguage(String),
    /// The draft has the language already.
    #[error("Language: the config has {0} already")]
    AlreadyThere(String),
    /// The language is the config's own: its words are the config's `texts`.
    #[error("Language: {0} is the config's own language; change \"language\" in the JSON to write in another")]
    OwnLanguage(String),
    /// The draft has no such language among its translations.
    #[error("There is no translation into {0} in the config.")]
    NoSuchLanguage(String),
}

/// The draft `text` with the word `name` in `language` set to `word`: in `texts` for the config's own language, in
/// `translations[language]` otherwise. An empty word is left out, so the visitor gets the next language in line.
pub fn with_word(text: &str, language: &str, name: &str, word: &str) -> Result<String, TextsRefusal> {
    let config: Value = serde_json::from_str(text).map_err(|_| TextsRefusal::NotJson)?;
    let object = config.as_object().ok_or(TextsRefusal::NotJson)?;
    let own = own_language(object) == language;
    let key = if own { "texts" } else { "translations" };
    let mut top = optional_object(object, key).ok_or(TextsRefusal::NotJson)?;
    let words = if own {
        &mut top
    } else {
        top.get_mut(language)
            .and_then(Value::as_object_mut)
            .ok_or_else(|| TextsRefusal::NoSuchLanguage(language.to_owned()))?
    };
    if word.is_empty() {
        words.remove(name);
    } else {
        words.insert(name.to_owned(), Value::String(word.to_owned()));
    }
    replaced(text, key, top)
}

/// The draft `text` with an empty translation into `language` (a tag consent-core accepts, normalised as it does).
pub fn with_language(text: &str, language: &str) -> Result<String, TextsRefusal> {
    let tag = LanguageTag::try_from(language).map_err(|e| TextsRefusal::BadLanguage(e.to_string()))?;
    let config: Value = serde_json::from_str(text).map_err(|_| TextsRefusal::NotJson)?;
    let object = config.as_object().ok_or(TextsRefusal::NotJson)?;
    if own_language(object) == tag.as_str() {
        return Err(TextsRefusal::OwnLanguage(tag.to_string()));
    }
    let mut translations = optional_object(object, "translations").ok_or(TextsRefusal::NotJson)?;
    if translations.contains_key(tag.as_str()) {
        return Err(TextsRefusal::AlreadyThere(tag.to_string()));
    }
    translations.insert(tag.to_string(), Value::Object(Map::new()));
    replaced(text, "translations", translations)
}

/// The draft `text` without its translation into `language` (its texts and its categories' words).
pub fn without_language(text: &str, language: &str) -> Result<String, TextsRefusal> {
    let config: Value = serde_json::from_str(text).map_err(|_| TextsRefusal::NotJson)?;
    let object = config.as_object().ok_or(TextsRefusal::NotJson)?;
    let mut translations = optional_object(object, "translations").ok_or(TextsRefusal::NotJson)?;
    translations.remove(language).ok_or_else(|| TextsRefusal::NoSuchLanguage(language.to_owned()))?;
    replaced(text, "translations", translations)
}

/// The config's `language` as written, or English.
fn own_language(config: &Map<String, Value>) -> String {
    let written = config.get("language").and_then(Value::as_str).unwrap_or(DEFAULT_LANGUAGE);
    LanguageTag::try_from(written).map(String::from).unwrap_or_else(|_| written.to_owned())
}

/// The object at `key` (empty when it is missing or `null`); `None` when it holds something else.
fn optional_object(config: &Map<String, Value>, key: &str) -> Option<Map<String, Value>> {
    match config.get(key) {
        None | Some(Value::Null) => Some(Map::new()),
        Some(Value::Object(object)) => Some(object.clone()),
        Some(_) => None,
    }
}

/// `text` with `key` set to `object`, or to `null` (left out, for consent-core) when it is empty.
fn replaced(text: &str, key: &str, object: Map<String, Value>) -> Result<String, TextsRefusal> {
    let json = if object.is_empty() {
        "null".to_owned()
    } else {
        serde_json::to_string(&Value::Object(object)).map_err(|_| TextsRefusal::NotJson)?
    };
    with_replaced(text, key, &json).ok_or(TextsRefusal::NotJson)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{changes, check};

    fn demo() -> String {
        include_str!("../../../demo/consent.json").to_owned()
    }

    fn cell<'a>(table: &'a TextsTable, name: &str, language: &str) -> &'a Cell {
        let at = table.languages.iter().position(|l| l == language).unwrap();
        &table.rows.iter().find(|(n, _)| *n == name).unwrap().1[at]
    }

    #[test]
    fn the_demo_has_one_column_in_english_and_nothing_is_missing() {
        let table = table(&demo()).unwrap();
        assert_eq!(table.languages, ["en"]);
        assert_eq!(table.rows.len(), TextsPatch::FIELDS.len());
        assert_eq!(table.missing_counts(), [0]);
        assert_eq!(cell(&table, "accept_all", "en").fallback, "Accept all");
    }

    #[test]
    fn an_added_built_in_language_falls_back_to_its_built_in_words_and_misses_none() {
        let text = with_language(&demo(), "de").unwrap();
        assert_eq!(check(&text, "demo-shop"), []);
        let table = table(&text).unwrap();
        assert_eq!(table.languages, ["en", "de"]);
        let accept = cell(&table, "accept_all", "de");
        assert_eq!((accept.own.as_str(), accept.fallback.as_str(), accept.missing), ("", "Alle akzeptieren", false));
    }

    #[test]
    fn a_language_without_built_in_words_is_missing_every_word_until_one_is_written() {
        let text = with_language(&demo(), "sv").unwrap();
        let table_before = table(&text).unwrap();
        assert_eq!(table_before.missing_counts(), [0, TextsPatch::FIELDS.len()]);
        assert_eq!(cell(&table_before, "accept_all", "sv").fallback, "Accept all");
        let text = with_word(&text, "sv", "accept_all", "Godkänn alla").unwrap();
        let table_after = table(&text).unwrap();
        assert!(!cell(&table_after, "accept_all", "sv").missing);
        assert_eq!(table_after.missing_counts()[1], TextsPatch::FIELDS.len() - 1);
        assert_eq!(check(&text, "demo-shop"), []);
    }

    #[test]
    fn a_word_is_written_where_the_check_looks_and_names_its_problem_there() {
        let text = with_language(&demo(), "de").unwrap();
        let broken = with_word(&text, "de", "placeholder", "Blockiert").unwrap();
        let problems = check(&broken, "demo-shop");
        let table = table(&broken).unwrap();
        assert_eq!(problems[0].path, path_of(&table, "de", "placeholder"));
        assert!(problems[0].reason.contains("{service} and {category}"), "{problems:?}");
        let own = with_word(&demo(), "en", "title", "Cookies at Demo Shop").unwrap();
        let found = changes(&demo(), &own);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, "texts");
    }

    #[test]
    fn an_emptied_word_is_left_out_so_the_fallback_shows_again() {
        let text = with_word(&with_language(&demo(), "de").unwrap(), "de", "title", "Kekse").unwrap();
        let emptied = with_word(&text, "de", "title", "").unwrap();
        let config: Value = serde_json::from_str(&emptied).unwrap();
        assert_eq!(config["translations"]["de"], serde_json::json!({}));
        assert_eq!(cell(&table(&emptied).unwrap(), "title", "de").fallback, "Wir respektieren Ihre Privatsphäre");
    }

    #[test]
    fn languages_are_checked_normalised_and_removed() {
        assert!(matches!(with_language(&demo(), "deutsch!"), Err(TextsRefusal::BadLanguage(_))));
        assert_eq!(with_language(&demo(), "en"), Err(TextsRefusal::OwnLanguage("en".into())));
        let text = with_language(&demo(), "zh_cn").unwrap();
        assert_eq!(table(&text).unwrap().languages, ["en", "zh-CN"]);
        assert_eq!(with_language(&text, "zh-CN"), Err(TextsRefusal::AlreadyThere("zh-CN".into())));
        assert!(!addable_languages(&table(&text).unwrap()).contains(&"zh-CN"));
        let removed = without_language(&text, "zh-CN").unwrap();
        assert_eq!(table(&removed).unwrap().languages, ["en"]);
        assert_eq!(check(&removed, "demo-shop"), []);
        assert_eq!(without_language(&removed, "zh-CN"), Err(TextsRefusal::NoSuchLanguage("zh-CN".into())));
    }

    #[test]
    fn every_built_in_locale_reads() {
        for tag in BUILT_IN_LANGUAGES.iter().filter(|t| **t != DEFAULT_LANGUAGE) {
            let words = built_in_words(tag).unwrap_or_else(|| panic!("{tag}"));
            assert!(words.get("accept_all").is_some(), "{tag}");
        }
    }
}
