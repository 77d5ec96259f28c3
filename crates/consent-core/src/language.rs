//! Languages: the tags a config and a browser name them by, the languages the banner speaks out of the box, and which
//! of them a visitor gets.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The languages the banner has words for without any config. English is compiled into the banner; the others ship
/// as `locales/<tag>.json` beside it and are fetched only when a visitor needs one.
pub const BUILT_IN_LANGUAGES: [&str; 10] = ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "zh-CN", "ja"];

/// The language the banner falls back to, and the one compiled into it.
pub const DEFAULT_LANGUAGE: &str = "en";

/// A language tag such as `en`, `de`, `pt-BR` or `zh-CN`: a 2–3 letter language, then optional subtags. Written in the
/// usual case (`zh-cn` becomes `zh-CN`), so that tags compare equal however a config or a browser spells them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageTag(String);

/// Why a string is not a language tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a language tag: write a language such as 'de', optionally with a region such as 'pt-BR' or 'zh-CN'"
)]
pub struct LanguageTagError(String);

impl LanguageTag {
    /// The tag as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language without region or script: `pt` for `pt-BR`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or_default()
    }

    /// English, the default.
    pub fn default_language() -> Self {
        Self(DEFAULT_LANGUAGE.into())
    }
}

impl TryFrom<String> for LanguageTag {
    type Error = LanguageTagError;

    fn try_from(value: String) -> Result<Self, LanguageTagError> {
        let bad = || LanguageTagError(value.chars().take(40).collect());
        let mut parts = value.trim().split(['-', '_']);
        let language =
            parts.next().filter(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
        let mut tag = language.ok_or_else(bad)?.to_ascii_lowercase();
        for part in parts {
            if part.is_empty() || part.len() > 8 || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(bad());
            }
            tag.push('-');
            // BCP 47 conventions: regions upper case (`CN`), scripts title case (`Hans`), the rest lower case.
            match part.len() {
                2 => tag.push_str(&part.to_ascii_uppercase()),
                4 => {
                    tag.push_str(&part[..1].to_ascii_uppercase());
                    tag.push_str(&part[1..].to_ascii_lowercase());
                }
                _ => tag.push_str(&part.to_ascii_lowercase()),
            }
        }
        Ok(Self(tag))
    }
}

impl TryFrom<&str> for LanguageTag {
    type Error = LanguageTagError;

    fn try_from(value: &str) -> Result<Self, LanguageTagError> {
        Self::try_from(value.to_owned())
    }
}

impl From<LanguageTag> for String {
    fn from(tag: LanguageTag) -> Self {
        tag.0
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The language a visitor gets: the first of their `preferences` (the page's `<html lang>`, then the browser's
/// `navigator.languages`) that the banner can speak, else English.
///
/// A preference matches an available language exactly, or by its primary language (`de-AT` gets `de`, `pt-BR` gets
/// `pt`); Simplified Chinese (`zh`, `zh-Hans`, `zh-SG`) gets `zh-CN`. Traditional Chinese does not get `zh-CN`: the next
/// preference is tried instead. Preferences that are not language tags are skipped.
pub fn choose_language<'a>(preferences: impl IntoIterator<Item = &'a str>, available: &[LanguageTag]) -> LanguageTag {
    preferences
        .into_iter()
        .filter_map(|text| LanguageTag::try_from(text).ok())
        .find_map(|wanted| best_match(&wanted, available))
        .unwrap_or_else(LanguageTag::default_language)
}

fn best_match(wanted: &LanguageTag, available: &[LanguageTag]) -> Option<LanguageTag> {
    if let Some(exact) = available.iter().find(|a| *a == wanted) {
        return Some(exact.clone());
    }
    if wanted.primary() == "zh" {
        let simplified =
            matches!(wanted.as_str(), "zh" | "zh-CN" | "zh-SG" | "zh-MY") || wanted.as_str().starts_with("zh-Hans");
        return simplified.then(|| available.iter().find(|a| a.as_str() == "zh-CN").cloned()).flatten();
    }
    available.iter().find(|a| a.as_str() == wanted.primary()).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tags(list: &[&str]) -> Vec<LanguageTag> {
        list.iter().map(|t| LanguageTag::try_from(*t).unwrap()).collect()
    }

    fn built_in() -> Vec<LanguageTag> {
        tags(&BUILT_IN_LANGUAGES)
    }

    #[test]
    fn tags_are_written_the_usual_way() {
        assert_eq!(LanguageTag::try_from("zh-cn").unwrap().as_str(), "zh-CN");
        assert_eq!(LanguageTag::try_from("PT_br").unwrap().as_str(), "pt-BR");
        assert_eq!(LanguageTag::try_from("zh-hant-tw").unwrap().as_str(), "zh-Hant-TW");
        for bad in ["", "e", "english", "de-", "de--AT", "d3", "de-AT!"] {
            assert!(LanguageTag::try_from(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_first_preference_the_banner_speaks_wins() {
        assert_eq!(choose_language(["de-AT", "fr"], &built_in()).as_str(), "de");
        assert_eq!(choose_language(["sv", "fr-CH", "de"], &built_in()).as_str(), "fr");
        assert_eq!(choose_language(["pt-BR"], &built_in()).as_str(), "pt");
        assert_eq!(choose_language(["ja-JP"], &built_in()).as_str(), "ja");
        assert_eq!(choose_language(["sv", "fi"], &built_in()).as_str(), "en", "nothing matches: English");
        assert_eq!(choose_language([], &built_in()).as_str(), "en");
        assert_eq!(choose_language(["not a tag", "nl"], &built_in()).as_str(), "nl");
    }

    #[test]
    fn simplified_chinese_gets_zh_cn_and_traditional_chinese_does_not() {
        for wanted in ["zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "zh-SG"] {
            assert_eq!(choose_language([wanted], &built_in()).as_str(), "zh-CN", "{wanted}");
        }
        assert_eq!(choose_language(["zh-TW", "ja"], &built_in()).as_str(), "ja");
        assert_eq!(choose_language(["zh-Hant"], &built_in()).as_str(), "en");
    }

    #[test]
    fn a_site_may_add_a_regional_language() {
        let available = [built_in(), tags(&["de-CH", "sv"])].concat();
        assert_eq!(choose_language(["de-CH"], &available).as_str(), "de-CH");
        assert_eq!(choose_language(["de-DE"], &available).as_str(), "de");
        assert_eq!(choose_language(["sv-FI"], &available).as_str(), "sv");
    }

    proptest! {
        #[test]
        fn the_choice_is_always_available_or_english(prefs in proptest::collection::vec("[a-zA-Z_-]{0,12}", 0..5)) {
            let chosen = choose_language(prefs.iter().map(String::as_str), &built_in());
            prop_assert!(built_in().contains(&chosen));
        }
    }
}
