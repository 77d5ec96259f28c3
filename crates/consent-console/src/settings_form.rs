//! The Site settings form: the config's top-level settings as fields (how long a choice is kept, where the first
//! layer and the floating "Cookie settings" button sit, the theme, the revision note, the policy link, the cookie
//! domain). Like the Categories form it reads and writes the same `draft` as the JSON editor, each edit rewriting one
//! top-level value ([`crate::site_settings`]), and each field shows the problem consent-core's check finds at its path.

use consent_core::config::appearance::{FloatingButton, Layout};
use consent_core::config::MAX_CONSENT_DAYS;
use leptos::prelude::*;

use crate::card_header::{unless_json, CardHeader};
use crate::category_fieldset::{has_problem, FieldProblem};
use crate::draft::Problem;
use crate::select_row::SelectRow;
use crate::site_settings::{apply, read, SettingEdit, SettingsFields};
use crate::theme_fieldset::ThemeFieldset;

/// The form, editing `draft`; `problems` are the draft's, as the JSON editor lists them.
#[component]
pub fn SettingsForm(draft: RwSignal<String>, problems: Memo<Vec<Problem>>) -> impl IntoView {
    let readable = Memo::new(move |_| draft.with(|text| read(text).is_some()));
    // While the draft does not read, the last settings that did stay on screen (disabled), as in the Categories form.
    let fields = Memo::new(move |previous: Option<&SettingsFields>| {
        draft.with(|text| read(text)).or_else(|| previous.cloned()).unwrap_or_default()
    });
    let edit = Callback::new(move |edit: SettingEdit| {
        if let Some(text) = draft.with_untracked(|text| apply(text, &edit)) {
            draft.set(text);
        }
    });
    let field = move |read: fn(&SettingsFields) -> String| Signal::derive(move || fields.with(read));
    // A select's value: the draft's, or the banner's default while the draft leaves it out.
    let chosen = move |read: fn(&SettingsFields) -> &String, default: &'static str| {
        Signal::derive(move || {
            fields.with(|f| match read(f).as_str() {
                "" => default.to_owned(),
                value => value.to_owned(),
            })
        })
    };

    view! {
        <section class="card settings" aria-labelledby="settings-heading">
            <CardHeader heading_id="settings-heading" title="Site settings" blocked=unless_json(readable)>"How the banner looks and behaves on this site. Changes go into the draft (the JSON below)."
            </CardHeader>
            <fieldset class="plain settings-fields" disabled=move || !readable.get()>
                <legend class="visually-hidden">"Site settings"</legend>
                <fieldset class="group">
                    <legend>"Banner"</legend>
                    <div>
                        <label for="settings-consent-days">"Days a choice is kept"</label>
                        <p class="hint" id="settings-consent-days-hint">
                            {format!("1 to {MAX_CONSENT_DAYS} (13 months); left empty, 365. Visitors are asked again after.")}
                        </p>
                        <input
                            id="settings-consent-days"
                            type="number"
                            min="1"
                            max=MAX_CONSENT_DAYS
                            aria-describedby="settings-consent-days-hint settings-consent-days-problem"
                            aria-invalid=move || has_problem(problems, "consent_days").to_string()
                            prop:value=field(|f| f.consent_days.clone())
                            on:input=move |event| edit.run(SettingEdit::ConsentDays(event_target_value(&event)))
                        />
                        <FieldProblem id="settings-consent-days-problem".into() path="consent_days".into() problems />
                    </div>
                    <SelectRow
                        id="settings-layout".into()
                        label="Where the first layer sits".into()
                        path="layout".into()
                        problems
                        options=Layout::ALL.map(|l| (l.as_str().to_owned(), layout_words(l).to_owned())).to_vec()
                        chosen=chosen(|f| &f.layout, Layout::Bar.as_str())
                        on_input=Callback::new(move |value| edit.run(SettingEdit::Layout(value)))
                    />
                    <SelectRow
                        id="settings-floating-button".into()
                        label="Where the \"Cookie settings\" button floats".into()
                        path="floating_button".into()
                        problems
                        options=FloatingButton::ALL
                            .map(|p| (p.as_str().to_owned(), floating_button_words(p).to_owned()))
                            .to_vec()
                        chosen=chosen(|f| &f.floating_button, FloatingButton::default().as_str())
                        on_input=Callback::new(move |value| edit.run(SettingEdit::FloatingButton(value)))
                    />
                </fieldset>
                <ThemeFieldset fields edit problems />
                <fieldset class="group">
                    <legend>"Links and notes"</legend>
                    <TextSetting
                        id="settings-revision-note"
                        label="Note for returning visitors asked again"
                        path="revision_note"
                        value=field(|f| f.revision_note.clone())
                        on_input=Callback::new(move |text| edit.run(SettingEdit::RevisionNote(text)))
                        problems
                    />
                    <TextSetting
                        id="settings-policy-url"
                        label="Privacy policy link"
                        path="policy_url"
                        value=field(|f| f.policy_url.clone())
                        on_input=Callback::new(move |text| edit.run(SettingEdit::PolicyUrl(text)))
                        problems
                    />
                    <TextSetting
                        id="settings-cookie-domain"
                        label="Cookie domain (to share one choice across subdomains)"
                        path="cookie_domain"
                        value=field(|f| f.cookie_domain.clone())
                        on_input=Callback::new(move |text| edit.run(SettingEdit::CookieDomain(text)))
                        problems
                    />
                    <p class="hint">"A field left empty is left out of the config: the banner's default applies."</p>
                </fieldset>
            </fieldset>
        </section>
    }
}

/// What the layout select shows for `layout`.
fn layout_words(layout: Layout) -> &'static str {
    match layout {
        Layout::Bar => "Bar across the bottom (default)",
        Layout::CornerBox => "Box in the corner",
        Layout::Modal => "Modal dialog in the middle: the page waits for an answer",
    }
}

/// What the floating button select shows for `place`.
fn floating_button_words(place: FloatingButton) -> &'static str {
    match place {
        FloatingButton::BottomLeft => "Bottom left (default)",
        FloatingButton::BottomRight => "Bottom right, for pages with a chat widget on the left",
        FloatingButton::None => "None: the site links to the preferences itself (data-consent-open)",
    }
}

/// One text setting: its label, field and the check's problem at `path`.
#[component]
fn TextSetting(
    id: &'static str,
    label: &'static str,
    path: &'static str,
    value: Signal<String>,
    on_input: Callback<String>,
    problems: Memo<Vec<Problem>>,
) -> impl IntoView {
    let problem_id = format!("{id}-problem");
    view! {
        <div>
            <label for=id>{label}</label>
            <input
                id=id
                autocomplete="off"
                aria-describedby=problem_id.clone()
                aria-invalid=move || has_problem(problems, path).to_string()
                prop:value=value
                on:input=move |event| on_input.run(event_target_value(&event))
            />
            <FieldProblem id=problem_id path=path.into() problems />
        </div>
    }
}
