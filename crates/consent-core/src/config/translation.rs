//! A config's own words and its `translations`, read from JSON with every problem named by its path, and which words
//! a visitor gets in which language.
//!
//! ```json
//! { "language": "en",
//!   "texts": { "title": "Cookies at Demo Shop" },
//!   "translations": { "de": { "title": "Cookies bei Demo Shop",
//!                             "categories": { "analytics": { "title": "Statistik", "description": "…" } } } } }
//! ```
//! `texts` and the categories' titles and descriptions are written in the config's `language` (English unless it says
//! otherwise). For a visitor in language L the banner shows, each word taken from the first that has it:
//! `translations[L]`, the config's own words if L is the config's language, the banner's built-in words for L
//! (`locales/L.json`), English.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::config::{Category, SiteConfig, MAX_TEXT_LEN};
use crate::field_error::FieldError;
use crate::id::CategoryId;
use crate::language::{LanguageTag, BUILT_IN_LANGUAGES, DEFAULT_LANGUAGE};
use crate::texts::{placeholders, Texts, TextsPatch};

/// A category's title and description in another language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CategoryWords {
    /// The category's title in this language; when absent, the next language in line provides it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The category's description in this language; when absent, the next language in line provides it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One language of a config's `translations`: texts, and the categories' words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Translation {
    /// The banner's words in this language, each optional: a word left out comes from the next language in line.
    #[serde(flatten)]
    pub texts: TextsPatch,
    /// The categories' words in this language, by category id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub categories: BTreeMap<CategoryId, CategoryWords>,
}

/// A text and the language it is written in, so the banner can mark a word that fell back to another language
/// (`lang` attribute) for screen readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Localised<'a> {
    /// The words to show, written in `language`.
    pub text: &'a str,
    /// The language it is actually written in: the visitor's, or the one it fell back to.
    pub language: &'a LanguageTag,
}

/// Reads a texts object (a config's `texts`, a locale file); `path` prefixes the problems (`texts`, `locales/de.json`).
pub fn parse_patch(value: &Value, path: &str, problems: &mut Vec<FieldError>) -> TextsPatch {
    let mut patch = TextsPatch::default();
    let Some(object) = as_object(value, path, problems) else { return patch };
    for (name, text) in object {
        let here = format!("{path}.{name}");
        if !TextsPatch::FIELDS.contains(&name.as_str()) {
            problems.push(FieldError::new(here, unknown_text(name)));
        } else if let Some(text) = checked_text(text, name, &here, problems) {
            patch.set(name, text);
        }
    }
    patch
}

/// Reads a config's `translations`: language tags mapping to texts, plus `categories` by id.
pub fn parse_translations(
    value: &Value,
    categories: &[Category],
    problems: &mut Vec<FieldError>,
) -> BTreeMap<LanguageTag, Translation> {
    let mut translations = BTreeMap::new();
    let Some(object) = as_object(value, "translations", problems) else { return translations };
    for (tag, entry) in object {
        let path = format!("translations.{tag}");
        let language = match LanguageTag::try_from(tag.as_str()) {
            Ok(language) => language,
            Err(e) => {
                problems.push(FieldError::new(path, e.to_string()));
                continue;
            }
        };
        let mut translation = Translation::default();
        if let Some(words) = as_object(entry, &path, problems) {
            let (category_words, texts): (Vec<_>, Vec<_>) = words.iter().partition(|(name, _)| *name == "categories");
            // Inserted rather than collected: `collect()` into a map sorts first, which costs the banner WASM.
            let mut texts_only = serde_json::Map::new();
            texts_only.extend(texts.into_iter().map(|(k, v)| (k.clone(), v.clone())));
            let texts = texts_only;
            translation.texts = parse_patch(&Value::Object(texts), &path, problems);
            if let Some((_, value)) = category_words.first() {
                translation.categories =
                    parse_category_words(value, &format!("{path}.categories"), categories, problems);
            }
        }
        translations.insert(language, translation);
    }
    translations
}

fn parse_category_words(
    value: &Value,
    path: &str,
    categories: &[Category],
    problems: &mut Vec<FieldError>,
) -> BTreeMap<CategoryId, CategoryWords> {
    let mut found = BTreeMap::new();
    let Some(object) = as_object(value, path, problems) else { return found };
    for (id, words) in object {
        let here = format!("{path}.{id}");
        let Some(category) = categories.iter().find(|c| c.id.as_str() == id) else {
            let ids: Vec<_> = categories.iter().map(|c| c.id.as_str()).collect();
            problems.push(FieldError::new(here, format!("is not one of the config's categories ({})", ids.join(", "))));
            continue;
        };
        let mut entry = CategoryWords::default();
        for (field, text) in as_object(words, &here, problems).into_iter().flatten() {
            let at = format!("{here}.{field}");
            let slot = match field.as_str() {
                "title" => &mut entry.title,
                "description" => &mut entry.description,
                _ => {
                    problems.push(FieldError::new(at, "is not a category text: use 'title' or 'description'"));
                    continue;
                }
            };
            *slot = checked_text(text, field, &at, problems);
        }
        found.insert(category.id.clone(), entry);
    }
    found
}

fn as_object<'a>(
    value: &'a Value,
    path: &str,
    problems: &mut Vec<FieldError>,
) -> Option<&'a serde_json::Map<String, Value>> {
    let object = value.as_object();
    if object.is_none() {
        problems.push(FieldError::new(path, "must be an object"));
    }
    object
}

/// A text checked the way every text of the banner is: a non-empty string, not too long, keeping the `{…}`
/// placeholders its English has, with no more plural forms than a language can have.
fn checked_text(value: &Value, name: &str, path: &str, problems: &mut Vec<FieldError>) -> Option<String> {
    let Some(text) = value.as_str() else {
        problems.push(FieldError::new(path, "must be a string"));
        return None;
    };
    let before = problems.len();
    if text.trim().is_empty() {
        problems.push(FieldError::new(path, "must not be empty (leave it out for the default)"));
    } else if text.chars().count() > MAX_TEXT_LEN {
        problems.push(FieldError::new(path, format!("is longer than {MAX_TEXT_LEN} characters")));
    }
    let english = Texts::default();
    if let Some(reference) = english.get(name) {
        let wanted = placeholders(reference);
        let found = placeholders(text);
        // Compared as sets, without sorting: every sort instantiated adds kilobytes to the banner.
        if !wanted.iter().all(|w| found.contains(w)) || !found.iter().all(|f| wanted.contains(f)) {
            let mut wanted = wanted;
            wanted.dedup();
            let list = if wanted.is_empty() { "no placeholders".to_owned() } else { wanted.join(" and ") };
            problems.push(FieldError::new(path, format!("must contain {list}, as the English text does")));
        }
        if reference.contains('|') && text.split('|').count() > 3 {
            problems.push(FieldError::new(path, "has more than 3 plural forms separated by '|'"));
        }
    }
    (problems.len() == before).then(|| text.to_owned())
}

fn unknown_text(name: &str) -> String {
    let close = TextsPatch::FIELDS.iter().find(|field| edit_distance(field, name) <= 2);
    match close {
        Some(field) => format!("is not a text of the banner; did you mean '{field}'?"),
        None => "is not a text of the banner (see the README for the list)".into(),
    }
}

/// Levenshtein distance, for "did you mean" hints on short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Where the banner finds its built-in words for `language`, relative to its own files; `None` for English, which is
/// compiled in, and for languages it has no file for.
pub fn built_in_locale_path(language: &LanguageTag) -> Option<String> {
    (language.as_str() != DEFAULT_LANGUAGE && BUILT_IN_LANGUAGES.contains(&language.as_str()))
        .then(|| format!("locales/{language}.json"))
}

impl SiteConfig {
    /// Every language the banner can show this site in: the built-in ones, the config's own and its translations.
    pub fn languages(&self) -> Vec<LanguageTag> {
        let built_in = BUILT_IN_LANGUAGES.iter().filter_map(|tag| LanguageTag::try_from(*tag).ok());
        let mut all: Vec<LanguageTag> = Vec::new();
        for tag in built_in.chain([self.language.clone()]).chain(self.translations.keys().cloned()) {
            if !all.contains(&tag) {
                all.push(tag);
            }
        }
        all
    }

    /// The banner's words for a visitor in `language`, given the built-in words for it (`built_in`, the parsed
    /// `locales/<language>.json`; `None` for English or when the file could not be loaded).
    pub fn texts_for(&self, language: &LanguageTag, built_in: Option<&TextsPatch>) -> Texts {
        let mut texts = Texts::default();
        if let Some(words) = built_in {
            texts.apply(words);
        }
        if *language == self.language {
            texts.apply(&self.texts);
        }
        if let Some(translation) = self.translations.get(language) {
            texts.apply(&translation.texts);
        }
        texts
    }

    /// A category's title in `language`: translated if the config translates it, else as the config writes it.
    pub fn category_title<'a>(&'a self, category: &'a Category, language: &'a LanguageTag) -> Localised<'a> {
        self.category_word(category, language, |w| w.title.as_deref(), &category.title)
    }

    /// A category's description in `language`, like [`SiteConfig::category_title`].
    pub fn category_description<'a>(&'a self, category: &'a Category, language: &'a LanguageTag) -> Localised<'a> {
        self.category_word(category, language, |w| w.description.as_deref(), &category.description)
    }

    fn category_word<'a>(
        &'a self,
        category: &'a Category,
        language: &'a LanguageTag,
        pick: impl Fn(&'a CategoryWords) -> Option<&'a str>,
        own: &'a str,
    ) -> Localised<'a> {
        let translated = self.translations.get(language).and_then(|t| t.categories.get(&category.id)).and_then(pick);
        match translated {
            Some(text) => Localised { text, language },
            None => Localised { text: own, language: &self.language },
        }
    }
}

#[cfg(test)]
#[path = "translation_tests.rs"]
mod tests;
