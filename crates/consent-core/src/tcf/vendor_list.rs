//! The Global Vendor List as an endpoint holds it: the list and IAB's translations of its standard texts, and the
//! check every TCF site config must pass against it before it is served.

use std::collections::BTreeMap;

use super::disclosure::{Disclosure, DisclosureError};
use super::gvl::{Declaration, Gvl};
use super::translation::{GvlTranslation, TranslatedText};
use crate::field_error::FieldError;
use crate::SiteConfig;

/// A loaded Global Vendor List with its translations, by lowercase language (`de`, `pt-br`).
#[derive(Debug, Clone, PartialEq)]
pub struct VendorList {
    /// The list itself (its texts are IAB's English).
    pub gvl: Gvl,
    /// IAB's translations of the list's standard texts, by lowercase language.
    pub translations: BTreeMap<String, GvlTranslation>,
}

impl VendorList {
    /// A list with its translations.
    pub fn new(gvl: Gvl, translations: impl IntoIterator<Item = GvlTranslation>) -> Self {
        let translations = translations.into_iter().map(|t| (t.language.clone(), t)).collect();
        VendorList { gvl, translations }
    }

    /// The standard texts in `language` (a language tag such as `de` or `pt-BR`): IAB's translation for the whole tag,
    /// else for its primary language, else the list's English.
    pub fn texts(&self, language: &str) -> Texts<'_> {
        let language = language.to_ascii_lowercase();
        let primary = language.split('-').next().unwrap_or_default();
        let translation = self.translations.get(&language).or_else(|| self.translations.get(primary));
        Texts { gvl: &self.gvl, translation }
    }
}

/// The standard texts in one language, falling back to English text by text (a translation may lag the list).
#[derive(Debug, Clone, Copy)]
pub struct Texts<'a> {
    gvl: &'a Gvl,
    translation: Option<&'a GvlTranslation>,
}

/// Which of the list's kinds of standard text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A purpose.
    Purpose,
    /// A special purpose.
    SpecialPurpose,
    /// A feature.
    Feature,
    /// A special feature.
    SpecialFeature,
}

impl<'a> Texts<'a> {
    /// The list the texts are of.
    pub fn gvl(&self) -> &'a Gvl {
        self.gvl
    }

    /// The language the texts are in: the translation's, else `en`.
    pub fn language(&self) -> &'a str {
        self.translation.map_or("en", |t| t.language.as_str())
    }

    /// The text of a purpose, special purpose, feature or special feature, if the list defines it.
    pub fn declaration(&self, kind: TextKind, id: u8) -> Option<TranslatedText> {
        let (english, translated) = match kind {
            TextKind::Purpose => (&self.gvl.purposes, self.translation.map(|t| &t.purposes)),
            TextKind::SpecialPurpose => (&self.gvl.special_purposes, self.translation.map(|t| &t.special_purposes)),
            TextKind::Feature => (&self.gvl.features, self.translation.map(|t| &t.features)),
            TextKind::SpecialFeature => (&self.gvl.special_features, self.translation.map(|t| &t.special_features)),
        };
        let english: &Declaration = english.get(&id)?;
        Some(translated.and_then(|t| t.get(&id)).cloned().unwrap_or_else(|| TranslatedText {
            name: english.name.clone(),
            description: english.description.clone(),
            illustrations: english.illustrations.clone(),
        }))
    }

    /// The text of a stack, if the list defines it.
    pub fn stack(&self, id: u16) -> Option<TranslatedText> {
        let english = self.gvl.stacks.get(&id)?;
        Some(self.translation.and_then(|t| t.stacks.get(&id)).cloned().unwrap_or_else(|| TranslatedText {
            name: english.name.clone(),
            description: english.description.clone(),
            illustrations: Vec::new(),
        }))
    }

    /// The text of a data category, if the list defines it.
    pub fn data_category(&self, id: u16) -> Option<TranslatedText> {
        let english = self.gvl.data_categories.get(&id)?;
        Some(self.translation.and_then(|t| t.data_categories.get(&id)).cloned().unwrap_or_else(|| TranslatedText {
            name: english.name.clone(),
            description: english.description.clone(),
            illustrations: Vec::new(),
        }))
    }
}

/// What a site's `tcf` section discloses with the endpoint's vendor list: `Ok(None)` for a site without TCF. A TCF
/// site is refused when the endpoint has no list (it could write no TC string: fail closed), or names a vendor the
/// list lacks or marks deleted, each problem naming the config field (`tcf.vendors[2]`).
pub fn check_site(config: &SiteConfig, list: Option<&VendorList>) -> Result<Option<Disclosure>, Vec<FieldError>> {
    let Some(tcf) = config.tcf.as_ref() else { return Ok(None) };
    let Some(list) = list else {
        return Err(vec![FieldError::new(
            "tcf",
            "this endpoint has no Global Vendor List to check the vendors against and write TC strings from: start \
             it with --gvl FILE (`consent gvl update --out FILE` downloads the list)",
        )]);
    };
    Disclosure::new(tcf, &list.gvl).map(Some).map_err(DisclosureError::into_problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GVL: &str = include_str!("../../tests/fixtures/vendor-list.json");
    const GERMAN: &str = include_str!("../../tests/fixtures/purposes-de.json");

    fn list() -> VendorList {
        let gvl = Gvl::from_json(GVL).unwrap();
        let german = GvlTranslation::from_json(GERMAN, "de", &gvl).unwrap();
        VendorList::new(gvl, [german])
    }

    fn config(vendors: &str) -> SiteConfig {
        SiteConfig::from_json(&format!(
            r#"{{"site": "news", "revision": 1, "categories": [{{"id": "necessary", "title": "N", "required": true}}],
                "tcf": {{"cmp_id": 300, "cmp_version": 1, "vendors": {vendors}}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn texts_are_translated_where_iab_translated_them_and_english_elsewhere() {
        let list = list();
        let german = list.texts("de-AT");
        assert_eq!(german.language(), "de");
        assert_eq!(german.declaration(TextKind::Purpose, 7).unwrap().name, "Messung der Werbeleistung");
        // Purpose 11 is not in the fixture's translation.
        assert_eq!(german.declaration(TextKind::Purpose, 11).unwrap().name, "Use limited data to select content");
        assert_eq!(list.texts("fr").declaration(TextKind::Purpose, 7).unwrap().name, "Measure advertising performance");
        assert_eq!(list.texts("fr").language(), "en");
    }

    #[test]
    fn a_vendor_the_list_lacks_or_deleted_is_named_by_its_place_in_the_config() {
        let problems = check_site(&config("[1, 2, 9999, 5]"), Some(&list())).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(text[0], "tcf.vendors[2]: vendor 9999 is not in the Global Vendor List (version 142)");
        assert!(text[1].starts_with("tcf.vendors[3]: vendor 5 (Departed Ad Exchange) was deleted"), "{text:?}");
    }

    #[test]
    fn a_tcf_site_without_a_list_is_refused_and_a_site_without_tcf_needs_none() {
        let problems = check_site(&config("[1]"), None).unwrap_err();
        assert_eq!(problems[0].path, "tcf");
        assert!(problems[0].reason.contains("--gvl"), "{problems:?}");
        let plain = SiteConfig::from_json(
            r#"{"site": "news", "revision": 1, "categories": [{"id": "necessary", "title": "N", "required": true}]}"#,
        )
        .unwrap();
        assert_eq!(check_site(&plain, None), Ok(None));
    }
}
