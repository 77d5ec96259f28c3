//! The banner as a whole: which layer is on top (the first layer, the preferences, the policy), what each answer does,
//! and which layers stay mounted underneath so that closing one finds the other as it was, focus included.

use std::sync::Arc;

use consent_core::policy::SectionId;
use consent_core::tcf::{Answered, FirstLayerTcf};
use consent_core::{Choice, SiteConfig, UiLayer};
use leptos::prelude::*;

use crate::early_handover::{self, EarlyAction};
use crate::first_layer::{Banner, Circumstances};
use crate::locale::Words;
use crate::policy_loader::PolicyState;
use crate::policy_view::PolicyView;
use crate::preferences::PreferencesDialog;
use crate::shadow_host::ShadowHost;
use crate::tcf::TcfToggles;
use crate::{apply, boot, boot_words, browser, layer_mount, locale, policy_loader, storage, tcf_first_layer, theme};

/// Loads the visitor's words (the language file, when it is not English) and, for a TCF site, what its first layer
/// states, and waits for the stylesheet, then mounts the banner into `host`'s shadow root.
pub fn mount(host: ShadowHost, config: Arc<SiteConfig>, first: Option<Layer>) {
    theme::apply(&config, &host.element);
    wasm_bindgen_futures::spawn_local(async move {
        // A TCF site's vendor layer and first-layer statement come with the words, so that every answer in the banner
        // has them.
        let language = locale::choose(&config);
        let (words, (), tcf) = futures::future::join3(
            locale::load(&config, language.clone()),
            crate::tcf::load(&config, &language),
            tcf_first_layer::load(&config, &language),
        )
        .await;
        let words = Arc::new(words);
        let tcf = tcf.map(Arc::new);
        host.styled().await;
        let root = host.root;
        let _ = root.set_attribute("lang", words.language.as_str());
        boot_words::remember(&words);
        locale::set_current(&words.language);
        // What the visitor clicked on the first layer the boot loader painted meanwhile is carried out now.
        let early = (first == Some(Layer::FirstLayer)).then(early_handover::take_action).flatten();
        let first = early.as_ref().map_or(first, EarlyAction::opening);
        if let Some(EarlyAction::Decided(choice)) = &early {
            let answered = Answered { layer: UiLayer::FirstLayer, by_vendor: false };
            let strings = crate::tcf::strings(&config, choice, answered, &TcfToggles::default());
            apply::apply_answer(&config, choice, UiLayer::FirstLayer, strings);
        }
        let policy_first = early == Some(EarlyAction::Policy);
        // Loaded for Customise or the policy on the painted first layer, the banner opens them once a policy it
        // fetches by URL is in, as it always was when the banner came with the page: the preferences link each
        // category to it and the policy view shows it (both read it when they open). The button says it is busy.
        let at_vendors = early == Some(EarlyAction::Partners);
        let fetched_policy = match early {
            Some(EarlyAction::Customise | EarlyAction::Partners | EarlyAction::Policy) => {
                policy_loader::fetch_now(&config).await
            }
            _ => None,
        };
        let layers = root.clone();
        leptos::mount::mount_to(root, move || {
            view! {
                <ConsentUi
                    config=config
                    words=words
                    first=first
                    host=layers
                    policy_first
                    at_vendors
                    fetched_policy=fetched_policy.clone()
                    tcf=tcf.clone()
                />
            }
        })
        .forget();
        early_handover::remove_painted();
    });
}

/// Which layer of the banner is on top.
// "First layer" is the regulators' name for the banner's first screen (EDPB, CNIL), so it keeps its name here.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    FirstLayer,
    Preferences,
    /// The privacy policy, over the layer it was opened from, which stays mounted (hidden) underneath.
    Policy,
}

/// Whether the visitor has a choice that still stands for this config: then closing the preferences leaves nothing
/// on screen; otherwise the first layer is still waiting for an answer.
fn has_standing_choice(config: &SiteConfig) -> bool {
    storage::load().is_some_and(|s| s.site == config.site && s.is_valid_for(config, browser::now_ms()))
}

/// The whole banner. It shows `first`, and disappears once the visitor has chosen; "Cookie settings" (a link of the
/// page, or the boot loader's floating button) brings the preferences back.
///
/// While the preferences are open over a first layer still waiting for an answer, the first layer stays mounted but
/// hidden: Escape brings it back with focus on the "Customise" that opened the preferences. The policy view keeps the
/// layer it was opened from the same way.
#[component]
pub fn ConsentUi(
    config: Arc<SiteConfig>,
    words: Arc<Words>,
    first: Option<Layer>,
    /// The element the layers are mounted in, inside the shadow root.
    host: web_sys::HtmlElement,
    /// Opens the policy view over `first` at once (the visitor asked for it on the painted first layer).
    #[prop(optional)]
    policy_first: bool,
    /// Opens the preferences of `first` at the vendor list (the visitor asked for it on the painted first layer).
    #[prop(optional)]
    at_vendors: bool,
    /// The policy, already fetched (see [`mount`]); else it is fetched now.
    #[prop(optional_no_strip)]
    fetched_policy: Option<PolicyState>,
    /// What a TCF site's first layer states (see [`crate::tcf_first_layer`]).
    #[prop(optional_no_strip)]
    tcf: Option<Arc<FirstLayerTcf>>,
) {
    let (layer, set_layer) = signal(first);
    // Whether the preferences, as they open, show the vendor list (a TCF site's "N partners") rather than their top.
    let at_vendors = RwSignal::new(at_vendors);
    boot::on_show_preferences(move || {
        at_vendors.set(false);
        set_layer.set(Some(Layer::Preferences));
    });
    crate::api::install(config.clone(), set_layer);
    let grant_config = config.clone();
    boot::on_grant(move |category| {
        apply::grant_category(&grant_config, &category);
        set_layer.set(None);
    });

    // The preferences' TCF switches (a TCF site's), which a choice saved there carries into its TC string.
    let tcf_toggles = RwSignal::new(TcfToggles::default());
    let decide_config = config.clone();
    let decide = Callback::new(move |(choice, ui_layer): (Choice, UiLayer)| {
        let toggles = tcf_toggles.get_untracked();
        let answered = Answered { layer: ui_layer, by_vendor: toggles.by_vendor };
        let strings = crate::tcf::strings(&decide_config, &choice, answered, &toggles);
        apply::apply_answer(&decide_config, &choice, ui_layer, strings);
        set_layer.set(None);
    });
    // Closing the preferences is not consent: without a choice that still stands, the first layer comes back.
    let close_config = config.clone();
    let close = Callback::new(move |()| {
        set_layer.set(if has_standing_choice(&close_config) { None } else { Some(Layer::FirstLayer) });
    });
    let preferences_at = move |vendors: bool| {
        at_vendors.set(vendors);
        set_layer.set(Some(Layer::Preferences));
    };
    let customise = Callback::new(move |()| preferences_at(false));
    let partners = Callback::new(move |()| preferences_at(true));
    let policy = match fetched_policy {
        Some(state) => RwSignal::new(state),
        None => policy_loader::load(&config),
    };
    let policy_over = RwSignal::new(None::<Layer>);
    let policy_target = RwSignal::new(None::<SectionId>);
    let open_policy = Callback::new(move |section: Option<SectionId>| {
        policy_over.set(layer.get_untracked());
        policy_target.set(section);
        set_layer.set(Some(Layer::Policy));
    });
    let back = Callback::new(move |()| set_layer.set(policy_over.get_untracked()));
    // The first layer links to the policy view when there is a policy it can show, else to `policy_url`.
    let viewable = policy_loader::viewable(&config);
    if policy_first && viewable {
        open_policy.run(None);
    }

    // A memo, so that the first layer is built once and kept while the preferences open and close over it.
    let under_config = config.clone();
    let first_mounted = Memo::new(move |_| match layer.get() {
        Some(Layer::FirstLayer) => true,
        Some(Layer::Preferences | Layer::Policy) => !has_standing_choice(&under_config),
        None => false,
    });
    let preferences_open = Memo::new(move |_| match layer.get() {
        Some(Layer::Preferences) => true,
        Some(Layer::Policy) => policy_over.get() == Some(Layer::Preferences),
        _ => false,
    });
    let policy_open = Memo::new(move |_| layer.get() == Some(Layer::Policy));
    let first_hidden = Signal::derive(move || layer.get() != Some(Layer::FirstLayer));
    let preferences_hidden = Signal::derive(move || layer.get() == Some(Layer::Policy));
    let banner_words = words.clone();
    let banner_config = config.clone();
    layer_mount::mount_while(first_mounted, host.clone(), move || {
        view! {
            <Banner
                config=banner_config.clone()
                words=banner_words.clone()
                decide=decide
                customise=customise
                partners=partners
                open_policy=viewable.then_some(open_policy)
                hidden=first_hidden
                circumstances=Circumstances::of_this_visitor(&banner_config)
                tcf=tcf.clone()
            />
        }
    });
    let (preferences_config, preferences_words) = (config.clone(), words.clone());
    layer_mount::mount_while(preferences_open, host.clone(), move || {
        let loaded = match policy.get_untracked() {
            PolicyState::Ready(loaded) => Some(loaded),
            _ => None,
        };
        view! {
            <PreferencesDialog
                config=preferences_config.clone()
                words=preferences_words.clone()
                decide=decide
                close=close
                policy=loaded.map(|loaded| (loaded, open_policy))
                hidden=preferences_hidden
                tcf_toggles=tcf_toggles
                at_vendors=at_vendors.get_untracked()
            />
        }
    });
    let fallback_url = config.policy_url.clone();
    let policy_lang = (config.language != words.language).then(|| config.language.to_string());
    layer_mount::mount_while(policy_open, host, move || {
        let loaded = match policy.get_untracked() {
            PolicyState::Ready(loaded) => Some(loaded),
            _ => None,
        };
        view! {
            <PolicyView
                words=words.clone()
                policy=loaded
                fallback_url=fallback_url.clone()
                target=policy_target.get_untracked()
                lang=policy_lang.clone()
                back=back
            />
        }
    });
}
