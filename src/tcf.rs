//! IAB TCF in the banner: the site's vendor layer (`v1/sites/{site}/vendors/{language}.json` under the endpoint, drawn
//! up by consent-core's `VendorLayer`), fetched as the banner starts for a config with `tcf`, and the TC string of
//! each answer given in the banner, written with consent-core's encoder from the file's `tc` terms. The boot loader's
//! `__tcfapi` (boot/tcf/api.js) puts that string in the `euconsent-v2` cookie when the `consent` or `change` event
//! carries it, and deletes the cookie when it does not.
//!
//! Fetched alongside the banner's words, before anything is shown, so that "Accept all" and "Reject all" on the
//! banner's own first layer have it. A file that cannot be had leaves the banner working for the site's categories,
//! says so on the console, and writes no TC string: no signal, no consent for any vendor (fail closed).
//!
//! ```ignore
//! tcf::load(&config, &language).await;
//! let strings = tcf::strings(&config, &Choice::AcceptAll, answered, &TcfToggles::default());
//! ```

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Arc;

use consent_core::tcf::{
    ac_string, ac_string_for_answer, decode_tc_string, keeps_standing_tc_string, tc_string_for_answer, Answered, AtpId,
    DecodedTcString, TcfChoice, VendorLayer,
};
use consent_core::{Choice, LanguageTag, SiteConfig};
use leptos::prelude::*;

use crate::apply::TcfStrings;
use crate::locale::Words;
use crate::tcf_choices::TcfChoices;
use crate::{boot, browser, locale};

thread_local! {
    static LAYER: RefCell<Option<Arc<VendorLayer>>> = const { RefCell::new(None) };
}

/// Where the vendor layer of `site` is, in `language`.
fn vendors_url(endpoint: &str, site: &str, language: &LanguageTag) -> String {
    format!("{}/v1/sites/{site}/vendors/{language}.json", endpoint.trim_end_matches('/'))
}

/// Fetches the vendor layer of a TCF site in `language` (nothing for a site without TCF) and keeps it for
/// [`layer`] and [`tc_string`]; a failure is said on the console.
pub async fn load(config: &SiteConfig, language: &LanguageTag) {
    if config.tcf.is_none() {
        return;
    }
    let url = vendors_url(&boot::endpoint(), &config.site, language);
    let read = crate::fetch::text(&url)
        .await
        .and_then(|text| serde_json::from_str::<VendorLayer>(&text).map_err(|e| e.to_string()));
    match read {
        Ok(layer) => LAYER.with(|kept| *kept.borrow_mut() = Some(Arc::new(layer))),
        Err(e) => browser::console_warn(&format!(
            "the vendor list at {url} could not be loaded ({e}): choices made in the banner write no TC string, so \
             the site's IAB vendors get no consent."
        )),
    }
}

/// The site's vendor layer, once loaded.
pub fn layer() -> Option<Arc<VendorLayer>> {
    LAYER.with(|kept| kept.borrow().clone())
}

/// The TC string of an answer given in the banner (see `consent_core::tcf::answer`), dated now and recording the
/// banner's language; the visitor's standing one, unchanged, for an answer that keeps it (a placeholder's grant:
/// only one this site's CMP wrote, which the endpoint takes); `None` without a vendor layer or for an answer that
/// makes no TCF choice.
fn tc_string(config: &SiteConfig, choice: &Choice, answered: Answered, chosen: &TcfChoice) -> Option<String> {
    let tcf = config.tcf.as_ref()?;
    if keeps_standing_tc_string(answered.layer) {
        let text = stored_text("euconsent-v2")?;
        return decode_tc_string(&text).ok().filter(|d| d.cmp_id == tcf.cmp_id).map(|_| text);
    }
    let layer = layer()?;
    let language = locale::current()?;
    tc_string_for_answer(&layer.tc, choice, answered, chosen, &language, browser::now_ms() / 1000)
}

/// The strings of an answer given in the banner: its TC string and, beside it, its AC string (the standing one for an
/// answer that keeps the standing TC string). A choice saved in the preferences writes what their switches
/// (`toggles`) hold: the TCF choice, and the Google ad tech providers switched on.
pub fn strings(config: &SiteConfig, choice: &Choice, answered: Answered, toggles: &TcfToggles) -> TcfStrings {
    let Some(tc) = tc_string(config, choice, answered, &toggles.chosen) else { return TcfStrings::default() };
    let ac = if keeps_standing_tc_string(answered.layer) {
        stored_text("addtl_consent")
    } else {
        layer().and_then(|layer| {
            ac_string_for_answer(&layer.google_ad_tech_providers, choice, answered.layer, &toggles.providers)
        })
    };
    TcfStrings { tc: Some(tc), ac }
}

/// The preferences' TCF section ([`TcfChoices`]), from the vendor layer loaded as the banner started; its vendor list
/// open when `at_vendors` (the visitor came by the first layer's "N partners").
pub fn section(words: Arc<Words>, toggles: RwSignal<TcfToggles>, at_vendors: bool) -> impl IntoView {
    view! { <TcfChoices words layer=layer() toggles at_vendors /> }
}

/// The value of the first-party cookie `name` (`euconsent-v2`, `addtl_consent`), if it has one.
fn stored_text(name: &str) -> Option<String> {
    let cookies = browser::html_document()?.cookie().ok()?;
    let value = cookies.split(';').find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))?;
    Some(value.to_owned()).filter(|v| !v.is_empty())
}

/// The visitor's TC string, decoded.
pub fn stored() -> Option<DecodedTcString> {
    decode_tc_string(&stored_text("euconsent-v2")?).ok()
}

/// The preferences' TCF switches: what they hold, whether the visitor used a vendor's own switch (then the TC
/// string names the vendor screen), and the Google ad tech providers switched on (the AC string's consented ids).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TcfToggles {
    pub chosen: TcfChoice,
    pub by_vendor: bool,
    pub providers: BTreeSet<AtpId>,
}

impl TcfToggles {
    /// Where the switches start when the preferences open (see `TcfChoice::preferences_start`; the providers' from
    /// the standing AC string, see `ac_string::preferences_start`).
    pub fn start() -> Self {
        let Some(layer) = layer() else { return TcfToggles::default() };
        TcfToggles {
            chosen: TcfChoice::preferences_start(&layer.tc, stored().as_ref()),
            by_vendor: false,
            providers: ac_string::preferences_start(
                &layer.google_ad_tech_providers,
                stored_text("addtl_consent").as_deref(),
            ),
        }
    }
}

/// One TCF switch of the preferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggle {
    /// Consent to a purpose.
    Purpose(u8),
    /// A purpose's legitimate interest (off: objected to).
    PurposeInterest(u8),
    /// Opt-in to a special feature.
    SpecialFeature(u8),
    /// Consent to a vendor.
    Vendor(u16),
    /// A vendor's legitimate interest (off: objected to).
    VendorInterest(u16),
    /// Consent to one of Google's ad tech providers (the AC string).
    AdTechProvider(AtpId),
}

impl Toggle {
    /// Its `data-tcf` hook, by which pages and tests find it: `purpose-3`, `purpose-interest-7`, `special-feature-1`,
    /// `vendor-2`, `vendor-interest-2`, `ad-tech-provider-89`.
    pub fn hook(self) -> String {
        match self {
            Toggle::Purpose(id) => format!("purpose-{id}"),
            Toggle::PurposeInterest(id) => format!("purpose-interest-{id}"),
            Toggle::SpecialFeature(id) => format!("special-feature-{id}"),
            Toggle::Vendor(id) => format!("vendor-{id}"),
            Toggle::VendorInterest(id) => format!("vendor-interest-{id}"),
            Toggle::AdTechProvider(id) => format!("ad-tech-provider-{id}"),
        }
    }

    /// Whether it is on in `toggles`.
    pub fn is_on(self, toggles: &TcfToggles) -> bool {
        let chosen = &toggles.chosen;
        match self {
            Toggle::Purpose(id) => chosen.purposes_consent.contains(&id),
            Toggle::PurposeInterest(id) => chosen.purposes_legitimate_interest.contains(&id),
            Toggle::SpecialFeature(id) => chosen.special_features.contains(&id),
            Toggle::Vendor(id) => chosen.vendors_consent.contains(&id),
            Toggle::VendorInterest(id) => chosen.vendors_legitimate_interest.contains(&id),
            Toggle::AdTechProvider(id) => toggles.providers.contains(&id),
        }
    }

    /// Whether it is on, as the preferences' switch shows it.
    pub fn checked(self, toggles: RwSignal<TcfToggles>) -> Box<dyn Fn() -> bool + Send + Sync> {
        Box::new(move || toggles.with(|t| self.is_on(t)))
    }

    /// What the preferences' switch does when the visitor switches it.
    pub fn on_change(self, toggles: RwSignal<TcfToggles>) -> Box<dyn Fn(bool) + Send + Sync> {
        Box::new(move |on| toggles.update(|t| self.set(t, on)))
    }

    /// Switches it on or off in `toggles`.
    pub fn set(self, toggles: &mut TcfToggles, on: bool) {
        fn put<T: Ord>(set: &mut std::collections::BTreeSet<T>, id: T, on: bool) {
            if on {
                set.insert(id);
            } else {
                set.remove(&id);
            }
        }
        let chosen = &mut toggles.chosen;
        match self {
            Toggle::Purpose(id) => put(&mut chosen.purposes_consent, id, on),
            Toggle::PurposeInterest(id) => put(&mut chosen.purposes_legitimate_interest, id, on),
            Toggle::SpecialFeature(id) => put(&mut chosen.special_features, id, on),
            Toggle::Vendor(id) => put(&mut chosen.vendors_consent, id, on),
            Toggle::VendorInterest(id) => put(&mut chosen.vendors_legitimate_interest, id, on),
            Toggle::AdTechProvider(id) => put(&mut toggles.providers, id, on),
        }
        toggles.by_vendor |= matches!(self, Toggle::Vendor(_) | Toggle::VendorInterest(_));
    }
}
