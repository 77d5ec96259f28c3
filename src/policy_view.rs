//! The policy view: the site's privacy policy inside the banner, with a table of contents and a one-click jump to
//! the section about cookies and similar technologies. A modal dialog like the preferences, opened over the first
//! layer or the preferences, to which "Back" and Escape return.

use std::sync::Arc;

use consent_core::policy::links;
use consent_core::policy::{Section, SectionId};
use leptos::either::Either;
use leptos::prelude::*;
use web_sys::Element;

use crate::locale::Words;
use crate::policy_blocks::blocks_view;
use crate::policy_loader::LoadedPolicy;
use crate::{focus_return, focus_trap};

/// The element id of a section's heading.
fn heading_id(id: &SectionId) -> String {
    format!("cb-policy-{id}")
}

/// Scrolls the section's heading to the top of the view and gives it focus, so that reading (and a screen reader)
/// starts there.
fn show_section(dialog: &Element, id: &SectionId) {
    let Ok(Some(heading)) = dialog.query_selector(&format!("#{}", heading_id(id))) else { return };
    heading.scroll_into_view_with_bool(true);
    if let Ok(heading) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(heading) {
        focus_return::focus_without_scrolling(&heading);
    }
}

/// The policy view. `policy` is `None` while a policy file is still loading or when it failed: the view then says
/// so and links to `fallback_url`.
#[component]
pub fn PolicyView(
    words: Arc<Words>,
    policy: Option<Arc<LoadedPolicy>>,
    fallback_url: Option<String>,
    /// The section to open at (a category's link), else the top.
    target: Option<SectionId>,
    /// The policy's language (the config's), when it is not the banner's: marked for screen readers.
    lang: Option<String>,
    back: Callback<()>,
) -> impl IntoView {
    focus_return::on_close();
    let texts = &words.texts;
    let dialog = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        let Some(section) = dialog.get() else { return };
        match &target {
            Some(id) => show_section(&section, id),
            None => focus_return::focus_without_scrolling(&section),
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(section) = dialog.get() else { return };
        if ev.key() == "Escape" {
            ev.prevent_default();
            back.run(());
        } else {
            focus_trap::wrap_tab(&ev, &section);
        }
    };
    // Only the policy's own words are in its language; the banner's fallbacks are in the visitor's.
    let has_title = policy.as_ref().is_some_and(|p| p.policy.title().is_some());
    let title_lang = lang.clone().filter(|_| has_title);
    let body_lang = lang.filter(|_| policy.is_some());
    let title = policy.as_ref().and_then(|p| p.policy.title().map(str::to_owned)).unwrap_or(texts.policy_link.clone());
    let body = match &policy {
        Some(loaded) => Either::Left(document_view(&words, loaded, dialog)),
        None => {
            let link =
                fallback_url.map(|url| view! { " " <a class="cb-link" href=url>{texts.policy_link.clone()}</a> });
            Either::Right(view! { <p class="cb-text">{texts.policy_error.clone()} {link}</p> })
        }
    };
    view! {
        <div class="cb-backdrop" aria-hidden="true"></div>
        <section
            class="cb-preferences cb-policy"
            data-consent-policy=""
            role="dialog"
            aria-modal="true"
            aria-labelledby="cb-policy-title"
            tabindex="-1"
            node_ref=dialog
            on:keydown=on_keydown
        >
            <div class="cb-dialog-head">
                <h2 id="cb-policy-title" class="cb-title" lang=title_lang>
                    {title}
                </h2>
                <button
                    type="button"
                    class="cb-close"
                    data-consent-action="close"
                    aria-label=texts.policy_back.clone()
                    on:click=move |_| back.run(())
                >
                    "×"
                </button>
            </div>
            <div class="cb-dialog-body" lang=body_lang>
                {body}
            </div>
            <div class="cb-dialog-foot">
                <button type="button" class="cb-button" data-consent-action="back" on:click=move |_| back.run(())>
                    {texts.policy_back.clone()}
                </button>
            </div>
        </section>
    }
}

/// The policy itself: its date, the jump to cookies, the table of contents, what it says before its first heading,
/// and every section in reading order (flat, each heading at its outline level).
fn document_view(
    words: &Words,
    loaded: &LoadedPolicy,
    dialog: NodeRef<leptos::html::Section>,
) -> impl IntoView + use<> {
    let texts = &words.texts;
    let policy = &loaded.policy;
    let sections = policy.all_sections();
    let go_to = move |id: SectionId| {
        move |ev: leptos::ev::MouseEvent| {
            // An in-page link, handled here so the page's own URL (and any router of the site) is left alone.
            ev.prevent_default();
            if let Some(dialog) = dialog.get() {
                show_section(&dialog, &id);
            }
        }
    };
    // The date, unless the policy's own opening words already say it.
    let said = |date: &str| policy.preamble().iter().flat_map(|b| b.texts()).any(|text| text.contains(date));
    let date = policy.effective_date().filter(|d| !said(&d.text)).map(|d| {
        view! { <p class="cb-muted cb-policy-date">{texts.policy_effective.replace("{date}", &d.text)}</p> }
    });
    let jump = links::cookie_section(policy, loaded.cookie_section.as_ref()).map(|section| {
        let id = section.id().clone();
        view! {
            <p>
                <button type="button" class="cb-button cb-jump" data-consent-action="policy-cookies" on:click=go_to(id)>
                    {texts.policy_cookies.clone()}
                </button>
            </p>
        }
    });
    let contents = sections
        .iter()
        .map(|section| {
            let href = format!("#{}", heading_id(section.id()));
            view! {
                <li class=format!("cb-toc-{}", section.level())>
                    <a class="cb-link" href=href on:click=go_to(section.id().clone())>
                        {heading_text(section)}
                    </a>
                </li>
            }
        })
        .collect_view();
    let body = sections.iter().map(|section| section_view(section)).collect_view();
    view! {
        {date}
        {jump}
        <nav class="cb-toc" aria-labelledby="cb-policy-contents">
            <h3 id="cb-policy-contents" class="cb-toc-title">
                {texts.policy_contents.clone()}
            </h3>
            <ol>{contents}</ol>
        </nav>
        <div class="cb-policy-text">{blocks_view(policy.preamble())} {body}</div>
    }
}

/// "2.1 How we use cookies": the policy's number, then its heading.
fn heading_text(section: &Section) -> String {
    match section.number() {
        Some(number) => format!("{number} {}", section.heading()),
        None => section.heading().to_owned(),
    }
}

/// One section: its heading, at its outline level below the view's own title, and what it says. `tabindex="-1"` so
/// that a jump can give the heading focus.
fn section_view(section: &Section) -> impl IntoView + use<> {
    let level = u8::from(section.level()) + 2;
    view! {
        <section class="cb-policy-section" aria-labelledby=heading_id(section.id())>
            <h3
                id=heading_id(section.id())
                class=format!("cb-policy-heading cb-policy-h{}", section.level())
                attr:aria-level=level.to_string()
                tabindex="-1"
            >
                {heading_text(section)}
            </h3>
            {blocks_view(section.blocks())}
        </section>
    }
}
