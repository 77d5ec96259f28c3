//! The theme in the Site settings form: the accent of each colour scheme (a colour picker and its hex value, with
//! consent-core's contrast problem next to them) and the colour scheme.

use consent_core::config::appearance::ColourMode;
use leptos::prelude::*;

use crate::category_fieldset::{has_problem, FieldProblem};
use crate::draft::Problem;
use crate::select_row::SelectRow;
use crate::site_settings::{colour_input_value, SettingEdit, SettingsFields};

/// The banner's own accents (style/base.css), which a colour picker shows while the config sets none.
const DEFAULT_ACCENT: &str = "#0b57d0";
const DEFAULT_ACCENT_DARK: &str = "#a8c7fa";

/// The theme's fields, read from `fields` and written through `edit`.
#[component]
pub fn ThemeFieldset(
    fields: Memo<SettingsFields>,
    edit: Callback<SettingEdit>,
    problems: Memo<Vec<Problem>>,
) -> impl IntoView {
    view! {
        <fieldset class="group">
            <legend>"Theme"</legend>
            <p class="hint">
                "An accent colours the banner's answers and links, so it must read at 4.5:1 on its background; left "
                "empty, the banner's own (shown in grey) applies."
            </p>
            <AccentField
                id="settings-accent"
                label="Accent on the light background"
                path="theme.accent"
                fallback=DEFAULT_ACCENT
                value=Signal::derive(move || fields.with(|f| f.accent.clone()))
                on_input=Callback::new(move |text| edit.run(SettingEdit::Accent(text)))
                problems
            />
            <AccentField
                id="settings-accent-dark"
                label="Accent on the dark background"
                path="theme.accent_dark"
                fallback=DEFAULT_ACCENT_DARK
                value=Signal::derive(move || fields.with(|f| f.accent_dark.clone()))
                on_input=Callback::new(move |text| edit.run(SettingEdit::AccentDark(text)))
                problems
            />
            <SelectRow
                id="settings-mode".into()
                label="Colour scheme".into()
                path="theme.mode".into()
                problems
                options=ColourMode::ALL.map(|m| (m.as_str().to_owned(), mode_words(m).to_owned())).to_vec()
                chosen=Signal::derive(move || {
                    fields.with(|f| if f.mode.is_empty() { ColourMode::Auto.as_str().to_owned() } else { f.mode.clone() })
                })
                on_input=Callback::new(move |value| edit.run(SettingEdit::Mode(value)))
            />
        </fieldset>
    }
}

/// What the scheme select shows for `mode`.
fn mode_words(mode: ColourMode) -> &'static str {
    match mode {
        ColourMode::Auto => "The visitor's system setting (default)",
        ColourMode::Light => "Always light",
        ColourMode::Dark => "Always dark",
    }
}

/// One accent: a colour picker and the hex value (either edits it; empty leaves the banner's own), and the check's
/// problem at `path`, which both fields name.
#[component]
fn AccentField(
    id: &'static str,
    label: &'static str,
    path: &'static str,
    fallback: &'static str,
    value: Signal<String>,
    on_input: Callback<String>,
    problems: Memo<Vec<Problem>>,
) -> impl IntoView {
    let problem_id = format!("{id}-problem");
    let text_id = format!("{id}-text");
    view! {
        <div class="accent">
            <label for=id>{label}</label>
            <div class="accent-fields">
                <input
                    id=id
                    type="color"
                    aria-describedby=problem_id.clone()
                    prop:value=move || colour_input_value(&value.get(), fallback)
                    on:input=move |event| on_input.run(event_target_value(&event))
                />
                <label for=text_id.clone() class="visually-hidden">{label}" (hex value)"</label>
                <input
                    id=text_id
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=fallback
                    aria-describedby=problem_id.clone()
                    aria-invalid=move || has_problem(problems, path).to_string()
                    prop:value=value
                    on:input=move |event| on_input.run(event_target_value(&event))
                />
            </div>
            <FieldProblem id=problem_id path=path.into() problems />
        </div>
    }
}
