//! IAB Europe's translations of the Global Vendor List's standard texts (`purposes-de.json`, `purposes-fr.json` … next
//! to `vendor-list.json`, v3 format): the names, descriptions and illustrations of the purposes, special purposes,
//! features, special features, stacks and data categories in one language. The Policies require these standard texts
//! (a CMP may not word purposes its own way without saying so in UseNonStandardTexts), so the banner shows IAB's
//! translation where one exists and the list's English otherwise.
//!
//! Read as leniently as the list itself (fields this crate does not know are ignored), but a file of another format
//! version or TCF policy version than the list is refused: its words would describe other purposes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::gvl::{Gvl, GvlError};
use crate::field_error::FieldError;

/// One translated text: what IAB publishes for a purpose, feature, stack or data category in a language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TranslatedText {
    /// Its standard name.
    pub name: String,
    /// Its standard description.
    #[serde(default)]
    pub description: String,
    /// IAB's examples of it.
    #[serde(default)]
    pub illustrations: Vec<String>,
}

/// A checked translation file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GvlTranslation {
    /// The language, lowercase ISO 639-1 (`de`), as the file's name has it.
    pub language: String,
    /// Purposes, by id.
    pub purposes: BTreeMap<u8, TranslatedText>,
    /// Special purposes, by id.
    pub special_purposes: BTreeMap<u8, TranslatedText>,
    /// Features, by id.
    pub features: BTreeMap<u8, TranslatedText>,
    /// Special features, by id.
    pub special_features: BTreeMap<u8, TranslatedText>,
    /// Stacks, by id.
    pub stacks: BTreeMap<u16, TranslatedText>,
    /// Data categories, by id.
    pub data_categories: BTreeMap<u16, TranslatedText>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TranslationWire {
    #[serde(default)]
    gvl_specification_version: Option<u32>,
    #[serde(default)]
    tcf_policy_version: Option<u32>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    purposes: BTreeMap<u8, TranslatedText>,
    #[serde(default)]
    special_purposes: BTreeMap<u8, TranslatedText>,
    #[serde(default)]
    features: BTreeMap<u8, TranslatedText>,
    #[serde(default)]
    special_features: BTreeMap<u8, TranslatedText>,
    #[serde(default)]
    stacks: BTreeMap<u16, TranslatedText>,
    #[serde(default)]
    data_categories: BTreeMap<u16, TranslatedText>,
}

impl GvlTranslation {
    /// Parses `purposes-{language}.json` and checks it belongs with `gvl`: format version 3 and the list's TCF
    /// policy version, when the file states them, and the language its name promises. Each problem names its field.
    pub fn from_json(text: &str, language: &str, gvl: &Gvl) -> Result<Self, GvlError> {
        let wire: TranslationWire = serde_json::from_str(text).map_err(|e| GvlError::Malformed(e.to_string()))?;
        let mut problems = Vec::new();
        if let Some(version) = wire.gvl_specification_version.filter(|&v| v != 3) {
            problems.push(FieldError::new("gvlSpecificationVersion", format!("{version} is not 3")));
        }
        if let Some(version) = wire.tcf_policy_version.filter(|&v| v != u32::from(gvl.tcf_policy_version)) {
            problems.push(FieldError::new(
                "tcfPolicyVersion",
                format!("{version} is not the vendor list's {}: download both together", gvl.tcf_policy_version),
            ));
        }
        if let Some(named) = wire.language.as_deref().filter(|named| !named.eq_ignore_ascii_case(language)) {
            problems.push(FieldError::new("language", format!("is '{named}' but the file is for '{language}'")));
        }
        if !problems.is_empty() {
            return Err(GvlError::Invalid(problems));
        }
        Ok(GvlTranslation {
            language: language.to_ascii_lowercase(),
            purposes: wire.purposes,
            special_purposes: wire.special_purposes,
            features: wire.features,
            special_features: wire.special_features,
            stacks: wire.stacks,
            data_categories: wire.data_categories,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GVL: &str = include_str!("../../tests/fixtures/vendor-list.json");
    const GERMAN: &str = include_str!("../../tests/fixtures/purposes-de.json");

    #[test]
    fn a_translation_reads_with_its_texts_by_id() {
        let gvl = Gvl::from_json(GVL).unwrap();
        let german = GvlTranslation::from_json(GERMAN, "de", &gvl).unwrap();
        assert_eq!(german.purposes[&1].name, "Speichern von oder Zugriff auf Informationen auf einem Endgerät");
        assert!(german.stacks.contains_key(&1));
    }

    #[test]
    fn a_translation_of_another_policy_version_is_refused() {
        let gvl = Gvl::from_json(GVL).unwrap();
        let old = GERMAN.replace("\"tcfPolicyVersion\": 5", "\"tcfPolicyVersion\": 4");
        let error = GvlTranslation::from_json(&old, "de", &gvl).unwrap_err();
        assert!(error.to_string().contains("tcfPolicyVersion: 4 is not the vendor list's 5"), "{error}");
    }

    #[test]
    fn a_file_for_another_language_is_refused() {
        let gvl = Gvl::from_json(GVL).unwrap();
        let error = GvlTranslation::from_json(GERMAN, "fr", &gvl).unwrap_err();
        assert!(error.to_string().contains("language: is 'de' but the file is for 'fr'"), "{error}");
    }
}
