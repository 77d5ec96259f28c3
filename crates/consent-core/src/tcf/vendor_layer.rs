//! What a TCF site's vendor layer lists, in one language: only the site's own vendors (never the whole Global Vendor
//! List, which is megabytes), each with what the Policies require the layer to show about it, and the standard texts
//! of everything they declare. The endpoint serves it at `GET /v1/sites/{site}/vendors/{language}.json`.
//!
//! ```json
//! {"gvl_version": 142, "tcf_policy_version": 5, "cmp_id": 300, "cmp_version": 2, "language": "de",
//!  "vendors": [{"id": 2, "name": "…", "purposes": [1, 3, 4], "legIntPurposes": [2, 7], "flexiblePurposes": [],
//!               "specialPurposes": [1, 2], "features": [1, 3], "specialFeatures": [],
//!               "dataRetention": {"stdRetention": 365, "purposes": {}, "specialPurposes": {}},
//!               "dataDeclaration": [1, 3], "urls": [{"langId": "en", "privacy": "…", "legIntClaim": "…"}],
//!               "usesCookies": true, "cookieMaxAgeSeconds": 31536000, "cookieRefresh": false,
//!               "usesNonCookieAccess": false, "deviceStorageDisclosureUrl": "…"}],
//!  "purposes": [{"id": 1, "name": "…", "description": "…", "illustrations": []}],
//!  "special_purposes": […], "features": […], "special_features": […], "data_categories": […],
//!  "stacks": [{"id": 3, "name": "…", "description": "…", "purposes": [2, 3, 4], "special_features": []}],
//!  "google_ad_tech_providers": [{"id": 89, "name": "…", "privacy_url": "https://…"}],
//!  "tc": {"cmp_id": 300, "cmp_version": 2, "publisher_cc": "AA", "vendor_list_version": 142, …}}
//! ```
//!
//! `google_ad_tech_providers` are Google's ad technology providers outside the list that the config names, as it
//! names them (empty when it names none): the layer lists them apart from IAB's vendors, each with its privacy
//! link, and the visitor's choice of them is Google's Additional Consent string ([`super::additional_consent`]).
//!
//! `tc` is what a TC string of the site may record ([`super::TcTerms`]): with it the banner writes the TC string of
//! any choice made in it with [`super::encode_tc_string`], the encoder the endpoint uses for the first layer's.
//!
//! A vendor is written with the list's own field names, so a reader who knows the GVL knows it, with two policy
//! decisions made here: `legIntPurposes` leaves out purposes that may not rest on legitimate interest (1, and 3 to 6
//! since TCF 2.2: [`super::disclosure::legitimate_interest_allowed`]), since the visitor must not be offered an
//! objection that the TC string cannot record; and `urls` holds only the links in the layer's language, else those in
//! English, else the vendor's first. `dataRetention` keeps only the per-purpose periods that differ from the
//! standard one, for purposes the vendor declares ([`super::retention`]).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::additional_consent::GoogleAdTechProvider;
use super::disclosure::{legitimate_interest_allowed, Disclosure};
use super::first_layer::NamedStack;
use super::gvl::{DataRetention, PurposeId, SpecialFeatureId, Vendor, VendorId, VendorUrl};
use super::terms::TcTerms;
use super::vendor_list::{TextKind, Texts};

/// One of the site's vendors, as the vendor layer shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VendorEntry {
    /// Its id in the list.
    pub id: VendorId,
    /// Its name.
    pub name: String,
    /// Purposes it asks consent for.
    pub purposes: Vec<PurposeId>,
    /// Purposes it claims a legitimate interest for, which the visitor may object to.
    pub leg_int_purposes: Vec<PurposeId>,
    /// Purposes where it accepts either legal basis.
    pub flexible_purposes: Vec<PurposeId>,
    /// Special purposes (no right to object).
    pub special_purposes: Vec<u8>,
    /// Features.
    pub features: Vec<u8>,
    /// Special features (each needs the visitor's opt-in).
    pub special_features: Vec<SpecialFeatureId>,
    /// How long it keeps data, in days.
    pub data_retention: Option<DataRetention>,
    /// Categories of data it collects.
    pub data_declaration: Vec<u16>,
    /// Its privacy policy and legitimate-interest claim, in the layer's language where it has them.
    pub urls: Vec<VendorUrl>,
    /// Whether it stores cookies.
    pub uses_cookies: bool,
    /// The longest a cookie of it lives, in seconds.
    pub cookie_max_age_seconds: Option<i64>,
    /// Whether it extends its cookies' lives on later visits.
    pub cookie_refresh: Option<bool>,
    /// Whether it uses other storage than cookies.
    pub uses_non_cookie_access: bool,
    /// Where its device storage disclosure is.
    pub device_storage_disclosure_url: Option<String>,
}

/// A purpose, feature or data category with its standard texts, illustrations included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Described {
    /// Its id within its kind.
    pub id: u16,
    /// Its standard name.
    pub name: String,
    /// Its standard description.
    pub description: String,
    /// IAB's examples of it.
    pub illustrations: Vec<String>,
}

/// The vendor layer of a TCF site in one language (see the module's doc for its JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorLayer {
    /// The vendor list's version.
    pub gvl_version: u16,
    /// Its TCF policy version.
    pub tcf_policy_version: u8,
    /// The site's CMP id.
    pub cmp_id: u16,
    /// The site's CMP version.
    pub cmp_version: u16,
    /// The language of the texts: IAB's translation's, else `en`.
    pub language: String,
    /// The site's vendors, by ascending id.
    pub vendors: Vec<VendorEntry>,
    /// Every purpose some vendor uses (for consent or legitimate interest).
    pub purposes: Vec<Described>,
    /// Every special purpose some vendor uses.
    pub special_purposes: Vec<Described>,
    /// Every feature some vendor uses.
    pub features: Vec<Described>,
    /// Every special feature some vendor uses.
    pub special_features: Vec<Described>,
    /// Every data category some vendor declares.
    pub data_categories: Vec<Described>,
    /// The stacks the first layer shows, with what each stands for.
    pub stacks: Vec<NamedStack>,
    /// What a TC string of the site may record, for the banner to write one for any choice.
    pub tc: TcTerms,
    /// Google's ad technology providers outside the list, in the config's order.
    pub google_ad_tech_providers: Vec<GoogleAdTechProvider>,
}

impl VendorLayer {
    /// The vendor layer for `disclosure`, with the texts of `texts` (whose language also picks the vendors' links).
    pub fn new(disclosure: &Disclosure, texts: &Texts<'_>, language: &str) -> Self {
        let described = |kind: TextKind, ids: &BTreeSet<u8>| -> Vec<Described> {
            ids.iter()
                .filter_map(|&id| {
                    let text = texts.declaration(kind, id)?;
                    Some(Described {
                        id: u16::from(id),
                        name: text.name,
                        description: text.description,
                        illustrations: text.illustrations,
                    })
                })
                .collect()
        };
        let purposes: BTreeSet<u8> =
            disclosure.consent_purposes.union(&disclosure.legitimate_interest_purposes).copied().collect();
        let categories: BTreeSet<u16> = disclosure.vendors.iter().flat_map(|v| &v.data_declaration).copied().collect();
        let data_categories = categories
            .into_iter()
            .filter_map(|id| {
                let text = texts.data_category(id)?;
                Some(Described { id, name: text.name, description: text.description, illustrations: Vec::new() })
            })
            .collect();
        VendorLayer {
            gvl_version: disclosure.vendor_list_version,
            tcf_policy_version: disclosure.tcf_policy_version,
            cmp_id: disclosure.cmp_id,
            cmp_version: disclosure.cmp_version,
            language: texts.language().to_owned(),
            vendors: disclosure.vendors.iter().map(|v| entry(v, language)).collect(),
            purposes: described(TextKind::Purpose, &purposes),
            special_purposes: described(TextKind::SpecialPurpose, &disclosure.special_purposes),
            features: described(TextKind::Feature, &disclosure.features),
            special_features: described(TextKind::SpecialFeature, &disclosure.special_features),
            data_categories,
            stacks: NamedStack::chosen(disclosure, texts),
            tc: disclosure.terms(),
            google_ad_tech_providers: disclosure.google_ad_tech_providers.clone(),
        }
    }
}

fn entry(vendor: &Vendor, language: &str) -> VendorEntry {
    VendorEntry {
        id: vendor.id,
        name: vendor.name.clone(),
        purposes: vendor.purposes.clone(),
        leg_int_purposes: vendor.leg_int_purposes.iter().copied().filter(|&p| legitimate_interest_allowed(p)).collect(),
        flexible_purposes: vendor.flexible_purposes.clone(),
        special_purposes: vendor.special_purposes.clone(),
        features: vendor.features.clone(),
        special_features: vendor.special_features.clone(),
        data_retention: vendor.data_retention.as_ref().map(|r| r.for_vendor(vendor)),
        data_declaration: vendor.data_declaration.clone(),
        urls: urls_for(&vendor.urls, language),
        uses_cookies: vendor.uses_cookies,
        cookie_max_age_seconds: vendor.cookie_max_age_seconds,
        cookie_refresh: vendor.cookie_refresh,
        uses_non_cookie_access: vendor.uses_non_cookie_access,
        device_storage_disclosure_url: vendor.device_storage_disclosure_url.clone(),
    }
}

/// The vendor's links in `language` (whole tag, then its primary language), else in English, else its first.
fn urls_for(urls: &[VendorUrl], language: &str) -> Vec<VendorUrl> {
    let primary = language.split('-').next().unwrap_or_default();
    let in_language = |lang: &str| -> Vec<VendorUrl> {
        urls.iter().filter(|u| u.lang_id.eq_ignore_ascii_case(lang)).cloned().collect()
    };
    [language, primary, "en"]
        .into_iter()
        .map(in_language)
        .find(|found| !found.is_empty())
        .unwrap_or_else(|| urls.iter().take(1).cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tcf::{check_site, Gvl, GvlTranslation, VendorList};
    use crate::SiteConfig;

    fn layer(vendors: &str, language: &str) -> VendorLayer {
        let gvl = Gvl::from_json(include_str!("../../tests/fixtures/vendor-list.json")).unwrap();
        let german =
            GvlTranslation::from_json(include_str!("../../tests/fixtures/purposes-de.json"), "de", &gvl).unwrap();
        let list = VendorList::new(gvl, [german]);
        let config = SiteConfig::from_json(&format!(
            r#"{{"site": "news", "revision": 1, "categories": [{{"id": "necessary", "title": "N", "required": true}}],
                "tcf": {{"cmp_id": 300, "cmp_version": 2, "vendors": {vendors}}}}}"#
        ))
        .unwrap();
        let disclosure = check_site(&config, Some(&list)).unwrap().unwrap();
        VendorLayer::new(&disclosure, &list.texts(language), language)
    }

    #[test]
    fn the_layer_holds_only_the_sites_vendors_with_their_texts_in_the_language() {
        let layer = layer("[755, 2]", "de");
        assert_eq!(layer.vendors.iter().map(|v| v.id).collect::<Vec<_>>(), [2, 755]);
        assert_eq!((layer.cmp_id, layer.cmp_version, layer.gvl_version, layer.language.as_str()), (300, 2, 142, "de"));
        assert_eq!(layer.purposes.iter().map(|p| p.id).collect::<Vec<_>>(), [1, 2, 3, 4, 7, 9]);
        assert_eq!(layer.purposes[1].illustrations, ["Fixture: Ein Autohändler wirbt auf einer Autoseite."]);
        let json = serde_json::to_value(&layer).unwrap();
        assert_eq!(json["vendors"][0]["legIntPurposes"], serde_json::json!([2, 7]), "{json}");
        assert!(json["vendors"][0]["urls"][0]["legIntClaim"].is_string(), "{json}");
    }

    #[test]
    fn the_layer_carries_each_vendors_periods_that_differ_from_its_standard_one() {
        let layer = layer("[2, 1]", "en");
        let json = serde_json::to_value(&layer).unwrap();
        let retention = |index: usize| json["vendors"][index]["dataRetention"].clone();
        assert_eq!(retention(0), serde_json::json!({"stdRetention": 390, "purposes": {}, "specialPurposes": {}}));
        assert_eq!(
            retention(1),
            serde_json::json!({"stdRetention": 365, "purposes": {"3": 90}, "specialPurposes": {"1": 30}}),
            "{json}"
        );
    }

    #[test]
    fn purposes_that_may_not_rest_on_legitimate_interest_offer_no_objection() {
        // A vendor declaring a legitimate interest for purpose 4 (personalised ads), which TCF 2.2 forbids.
        let vendor: Vendor = serde_json::from_value(serde_json::json!({
            "id": 3, "name": "Old Declarations", "purposes": [1], "legIntPurposes": [4, 7],
            "usesCookies": false, "usesNonCookieAccess": false
        }))
        .unwrap();
        assert_eq!(entry(&vendor, "en").leg_int_purposes, [7]);
    }

    #[test]
    fn links_are_in_the_layers_language_else_english_else_the_first() {
        let links = urls_for(
            &[
                VendorUrl { lang_id: "fr".into(), privacy: "https://x/fr".into(), leg_int_claim: None },
                VendorUrl { lang_id: "en".into(), privacy: "https://x/en".into(), leg_int_claim: None },
            ],
            "fr-CA",
        );
        assert_eq!(links.iter().map(|u| u.privacy.as_str()).collect::<Vec<_>>(), ["https://x/fr"]);
        assert_eq!(urls_for(&links, "de")[0].privacy, "https://x/fr", "the first when neither language nor English");
    }
}
