//! The preferences: every category with what it is for and a toggle, every service inside it with its own toggle and
//! its table of cookies, the visitor's consent id, and the same three ways to answer.

use std::sync::Arc;

use consent_core::choice::CustomChoice;
use consent_core::policy::links;
use consent_core::policy::SectionId;
use consent_core::{Choice, SiteConfig, StoredConsent, UiLayer};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::accept_or_reject::AcceptOrReject;
use crate::category_toggle::CategoryToggle;
use crate::found_trackers::FoundTrackers;
use crate::gpc_notice::GpcNotice;
use crate::locale::Words;
use crate::policy_loader::LoadedPolicy;
use crate::tcf::{self, TcfToggles};
use crate::{boot, browser, focus_return, focus_trap, storage};

/// The preferences, a modal dialog: focus moves in when it opens, Tab and Shift+Tab stay inside, Escape closes it
/// without giving consent, and focus goes back to what opened it. The toggles start from the visitor's own standing
/// choice, else all off: nothing is pre-ticked.
#[component]
pub fn PreferencesDialog(
    config: Arc<SiteConfig>,
    words: Arc<Words>,
    decide: Callback<(Choice, UiLayer)>,
    close: Callback<()>,
    /// The policy, when it is loaded, and how to open it at a section: each category links to the section about it.
    policy: Option<(Arc<LoadedPolicy>, Callback<Option<SectionId>>)>,
    /// Hidden (but kept, with the visitor's toggles) while the policy view is open over it.
    #[prop(into)]
    hidden: Signal<bool>,
    /// The TCF switches of a TCF site ([`TcfChoices`]), reset to the visitor's standing TC string as it opens.
    tcf_toggles: RwSignal<TcfToggles>,
    /// Opens at a TCF site's vendor list, open, with focus on it, rather than at the top (its "N partners").
    #[prop(optional)]
    at_vendors: bool,
) -> impl IntoView {
    focus_return::on_close();
    tcf_toggles.set(TcfToggles::start());
    let standing = storage::load().filter(|s| s.site == config.site && s.is_valid_for(&config, browser::now_ms()));
    let start = standing
        .as_ref()
        .map_or_else(CustomChoice::none, |s| CustomChoice::from_decisions(&s.decisions(), &s.service_decisions()));
    let selection = RwSignal::new(start);
    let texts = &words.texts;
    let dialog = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        let Some(section) = dialog.get() else { return };
        let vendors = at_vendors.then(|| vendor_list(&section)).flatten();
        if let Some(vendors) = &vendors {
            vendors.scroll_into_view_with_bool(true);
        }
        crate::focus_return::focus_without_scrolling(vendors.as_ref().unwrap_or(&section));
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(section) = dialog.get() else { return };
        if ev.key() == "Escape" {
            ev.prevent_default();
            close.run(());
        } else {
            focus_trap::wrap_tab(&ev, &section);
        }
    };
    let found = boot::found_trackers();
    let found_in = |category: &str| found.iter().filter(|t| t.category == category).cloned().collect::<Vec<_>>();
    let categories = config
        .categories
        .iter()
        .map(|category| {
            let link = policy.as_ref().and_then(|(loaded, open)| {
                let cookie = links::cookie_section(&loaded.policy, loaded.cookie_section.as_ref());
                links::category_section(&loaded.policy, category, cookie).map(|s| (s.id().clone(), *open))
            });
            view! {
                <CategoryToggle
                    config=config.clone()
                    words=words.clone()
                    category=category.clone()
                    selection=selection
                    policy_link=link
                    found=found_in(category.id.as_str())
                />
            }
        })
        .collect_view();

    view! {
        <div class="cb-backdrop" aria-hidden="true" hidden=move || hidden.get()></div>
        <section
            class="cb-preferences"
            hidden=move || hidden.get()
            data-consent-preferences=""
            role="dialog"
            aria-modal="true"
            aria-labelledby="cb-preferences-title"
            aria-describedby="cb-preferences-intro"
            tabindex="-1"
            node_ref=dialog
            on:keydown=on_keydown
        >
            <div class="cb-dialog-head">
                <h2 id="cb-preferences-title" class="cb-title">
                    {texts.preferences_title.clone()}
                </h2>
                <button
                    type="button"
                    class="cb-close"
                    data-consent-action="close"
                    aria-label=texts.close.clone()
                    on:click=move |_| close.run(())
                >
                    "×"
                </button>
            </div>
            <div class="cb-dialog-body">
                <p id="cb-preferences-intro" class="cb-text">
                    {texts.preferences_intro.clone()}
                </p>
                <GpcNotice config=config.clone() words=words.clone() signal=crate::gpc::is_set() />
                <ul class="cb-categories">{categories}</ul>
                {config
                    .tcf
                    .is_some()
                    .then(|| tcf::section(words.clone(), tcf_toggles, at_vendors))}
                <FoundTrackers heading=texts.also_found_everything.clone() trackers=found_in("*") />
                {standing.as_ref().map(|s| view! { <ConsentIdNote words=words.clone() stored=s.clone() /> })}
            </div>
            <div class="cb-actions cb-dialog-foot">
                <AcceptOrReject words=words.clone() decide layer=UiLayer::Preferences />
                <button
                    type="button"
                    class="cb-button"
                    data-consent-action="save"
                    on:click=move |_| decide.run((Choice::Custom(selection.get()), UiLayer::Preferences))
                >
                    {texts.save.clone()}
                </button>
            </div>
        </section>
    }
}

/// Where "N partners" takes the visitor in the preferences: the vendor list's summary (`tcf_choices`), or, when
/// the vendor list could not be had (or this WASM has no TCF), the note that says so.
fn vendor_list(dialog: &web_sys::HtmlElement) -> Option<web_sys::HtmlElement> {
    let found = dialog.query_selector("[data-tcf-vendors]>summary,[data-tcf-unavailable]").ok()??;
    found.dyn_into().ok()
}

/// The id of the visitor's standing choice, which they can quote when they ask about it.
#[component]
fn ConsentIdNote(words: Arc<Words>, stored: StoredConsent) -> impl IntoView {
    view! {
        <p class="cb-consent-id">
            <strong>{words.texts.consent_id.clone()}</strong>
            " "
            <code data-consent-id="">{stored.id.to_string()}</code>
            {crate::storage::receipt_for(stored.id.as_str()).map(|receipt| {
                // The endpoint's record number and chain hash: language-neutral, so they need no translation.
                let chain: String = receipt.chain_hash.chars().take(12).collect();
                view! {
                    <span data-consent-receipt="">
                        " · #" <span data-consent-seq="">{receipt.seq}</span> " · " <code>{chain}</code>
                    </span>
                }
            })}
            " "
            <span class="cb-muted">{words.texts.consent_id_hint.clone()}</span>
        </p>
    }
}
