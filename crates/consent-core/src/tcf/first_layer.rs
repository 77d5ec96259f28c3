//! What the first layer of a TCF site must state (TCF Policies, "Appendix B", the first layer's minimum content): how
//! many vendors the site works with, and the purposes, special purposes, features and special features they use, by
//! their standard names in the layer's language, with the stacks chosen by [`super::Disclosure`] standing in for the
//! purposes and special features they group.
//!
//! The endpoint puts this in the first-layer answer as its `tcf` field, for the boot loader to paint:
//!
//! ```json
//! "tcf": {
//!   "vendor_count": 7, "gvl_version": 142, "tcf_policy_version": 5, "language": "de", "legitimate_interest": true,
//!   "stacks": [{"id": 3, "name": "Personalisierte Werbung", "description": "…", "purposes": [2, 3, 4],
//!               "special_features": []}],
//!   "purposes": [{"id": 1, "name": "…", "description": "…"}],
//!   "special_features": [], "special_purposes": [{"id": 1, …}], "features": [{"id": 1, …}]
//! }
//! ```
//!
//! `legitimate_interest` says whether some vendor claims a legitimate interest the visitor may object to (the layer
//! then says so). The banner reads the same JSON back (from the boot loader's copy of the answer, or the endpoint)
//! so that its own first layer states exactly what the painted one did.
//!
//! `purposes` and `special_features` hold only what no stack covers (each item is described once); `language` is the
//! language of the texts (IAB's translation, or `en` where IAB has none).

use serde::{Deserialize, Serialize};

use super::disclosure::Disclosure;
use super::gvl::{PurposeId, SpecialFeatureId};
use super::vendor_list::{TextKind, Texts};

/// A purpose, feature or special purpose by its standard texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    /// Its id within its kind.
    pub id: u16,
    /// Its standard name.
    pub name: String,
    /// Its standard description.
    pub description: String,
}

/// A stack by its standard texts, with what it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedStack {
    /// Its id.
    pub id: u16,
    /// Its standard name.
    pub name: String,
    /// Its standard description.
    pub description: String,
    /// The purposes it groups.
    pub purposes: Vec<PurposeId>,
    /// The special features it groups.
    pub special_features: Vec<SpecialFeatureId>,
}

impl NamedStack {
    /// The stacks `disclosure` shows in place of what they group, by their texts in the language of `texts` (both
    /// layers show the same ones).
    pub fn chosen(disclosure: &Disclosure, texts: &Texts<'_>) -> Vec<Self> {
        let named = |id: u16| {
            let (text, stack) = (texts.stack(id)?, texts.gvl().stacks.get(&id)?);
            Some(NamedStack {
                id,
                name: text.name,
                description: text.description,
                purposes: stack.purposes.clone(),
                special_features: stack.special_features.clone(),
            })
        };
        disclosure.stacks.stacks.iter().filter_map(|&id| named(id)).collect()
    }
}

/// The first layer's TCF disclosure (see the module's doc for its JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstLayerTcf {
    /// How many vendors the site works with.
    pub vendor_count: usize,
    /// The vendor list's version.
    pub gvl_version: u16,
    /// The TCF policy version of the list.
    pub tcf_policy_version: u8,
    /// The language of the texts below.
    pub language: String,
    /// Whether some vendor claims a legitimate interest for a purpose, which the visitor may object to.
    #[serde(default)]
    pub legitimate_interest: bool,
    /// The stacks shown in place of the purposes and special features they group.
    pub stacks: Vec<NamedStack>,
    /// The purposes (consent or legitimate interest) no stack covers.
    pub purposes: Vec<Named>,
    /// The special features no stack covers.
    pub special_features: Vec<Named>,
    /// The special purposes the vendors use (no choice: disclosed only).
    pub special_purposes: Vec<Named>,
    /// The features the vendors use (no choice: disclosed only).
    pub features: Vec<Named>,
}

impl FirstLayerTcf {
    /// What the first layer states for `disclosure`, in the language of `texts`.
    pub fn new(disclosure: &Disclosure, texts: &Texts<'_>) -> Self {
        let named = |kind: TextKind, ids: &mut dyn Iterator<Item = u8>| -> Vec<Named> {
            ids.filter_map(|id| {
                let text = texts.declaration(kind, id)?;
                Some(Named { id: u16::from(id), name: text.name, description: text.description })
            })
            .collect()
        };
        FirstLayerTcf {
            vendor_count: disclosure.vendors.len(),
            gvl_version: disclosure.vendor_list_version,
            tcf_policy_version: disclosure.tcf_policy_version,
            language: texts.language().to_owned(),
            legitimate_interest: !disclosure.legitimate_interest_purposes.is_empty(),
            stacks: NamedStack::chosen(disclosure, texts),
            purposes: named(TextKind::Purpose, &mut disclosure.stacks.purposes.iter().copied()),
            special_features: named(TextKind::SpecialFeature, &mut disclosure.stacks.special_features.iter().copied()),
            special_purposes: named(TextKind::SpecialPurpose, &mut disclosure.special_purposes.iter().copied()),
            features: named(TextKind::Feature, &mut disclosure.features.iter().copied()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tcf::{check_site, Gvl, GvlTranslation, VendorList};
    use crate::SiteConfig;

    #[test]
    fn the_first_layer_names_the_vendor_count_the_stacks_and_what_they_leave() {
        let gvl = Gvl::from_json(include_str!("../../tests/fixtures/vendor-list.json")).unwrap();
        let german =
            GvlTranslation::from_json(include_str!("../../tests/fixtures/purposes-de.json"), "de", &gvl).unwrap();
        let list = VendorList::new(gvl, [german]);
        let config = SiteConfig::from_json(
            r#"{"site": "news", "revision": 1, "categories": [{"id": "necessary", "title": "N", "required": true}],
                "tcf": {"cmp_id": 300, "cmp_version": 1, "vendors": [2, 4]}}"#,
        )
        .unwrap();
        let disclosure = check_site(&config, Some(&list)).unwrap().unwrap();
        let layer = FirstLayerTcf::new(&disclosure, &list.texts("de"));
        assert_eq!(layer.vendor_count, 2);
        assert_eq!(layer.language, "de");
        assert!(layer.legitimate_interest, "vendor 2 claims purpose 7 as a legitimate interest");
        // Vendors 2 and 4 use purposes 1 to 4 and 7 and special feature 1: stack 3 (purposes 2, 3, 4) is shown;
        // stack 1 needs special feature 2 too, which no vendor uses.
        assert_eq!(
            layer.stacks.iter().map(|s| (s.id, s.name.as_str())).collect::<Vec<_>>(),
            [(3, "Personalisierte Werbung")]
        );
        assert_eq!(layer.purposes.iter().map(|p| p.id).collect::<Vec<_>>(), [1, 7]);
        assert_eq!(layer.purposes[1].name, "Messung der Werbeleistung");
        assert_eq!(
            layer.special_features.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["Verwendung präziser Standortdaten"]
        );
        assert_eq!(layer.special_purposes.iter().map(|p| p.id).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn the_banner_reads_back_exactly_what_the_endpoint_wrote() {
        let gvl = Gvl::from_json(include_str!("../../tests/fixtures/vendor-list.json")).unwrap();
        let list = VendorList::new(gvl, []);
        let config = SiteConfig::from_json(
            r#"{"site": "news", "revision": 1, "categories": [{"id": "necessary", "title": "N", "required": true}],
                "tcf": {"cmp_id": 300, "cmp_version": 1, "vendors": [1, 2, 4, 755]}}"#,
        )
        .unwrap();
        let disclosure = check_site(&config, Some(&list)).unwrap().unwrap();
        let layer = FirstLayerTcf::new(&disclosure, &list.texts("en"));
        let json = serde_json::to_string(&layer).unwrap();
        assert_eq!(serde_json::from_str::<FirstLayerTcf>(&json).unwrap(), layer);
    }
}
