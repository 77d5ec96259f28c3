//! One service in the Services form: its name, id, category, kind, provider, privacy policy link, description and
//! whether withdrawing it reloads the page, its hosts (rows added and removed) and its cookies table
//! ([`crate::service_cookies`]), each field with the problem consent-core's check finds at its path; the problems with
//! no field of their own listed under it; and its buttons that move it up or down (the order visitors see) and
//! remove it. A catalog service says so: the fields it leaves out show the entry's values, and an edit overrides them.

use leptos::prelude::*;

use crate::categories_form::focus_later;
use crate::category_fieldset::FieldProblem;
use crate::draft::Problem;
use crate::field_row::FieldRow;
use crate::move_buttons::MoveButtons;
use crate::select_row::SelectRow;
use crate::service_cookies::ServiceCookies;
use crate::service_edit::{
    has_own_field, service_kind_label, service_kind_value, ServiceEdit, ServiceField, ServiceRow, SERVICE_KINDS,
};

/// The service at place `at` of `rows`, among the draft's `categories`.
#[component]
pub fn ServiceFieldset(
    at: usize,
    rows: Memo<Vec<ServiceRow>>,
    categories: Memo<Vec<(String, String)>>,
    problems: Memo<Vec<Problem>>,
    edit: Callback<ServiceEdit>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let read = move |read: fn(&ServiceRow) -> String| {
        Signal::derive(move || rows.with(|r| r.get(at).map(read).unwrap_or_default()))
    };
    let title = read(|s| s.title().to_owned());
    let catalog = move || rows.with(|r| r.get(at).and_then(|s| s.catalog.clone()));
    let dom_id = move |part: &str| format!("service-{at}-{part}");
    let path = move |field: &str| format!("services[{at}].{field}");
    let text_field = move |field: ServiceField, label: &str, multiline: bool| {
        let value = read(match field {
            ServiceField::Id => |s| s.id.clone(),
            ServiceField::Name => |s| s.name.clone(),
            ServiceField::Provider => |s| s.provider.clone(),
            ServiceField::Description => |s| s.description.clone(),
            ServiceField::PrivacyPolicyUrl => |s| s.privacy_policy_url.clone(),
        });
        let on_input = Callback::new(move |text: String| edit.run(ServiceEdit::Text(at, field, text)));
        view! {
            <FieldRow
                id=dom_id(field.key())
                label=label.to_owned()
                path=path(field.key())
                problems
                value
                on_input
                multiline
            />
        }
    };
    let category = read(|s| s.category.clone());
    // The problems under this service that no field of it shows.
    let other_problems = move || {
        let prefix = format!("services[{at}]");
        problems.with(|list| {
            list.iter()
                .filter(|p| match p.path.strip_prefix(&prefix) {
                    Some("") => true,
                    Some(rest) => rest.strip_prefix('.').is_some_and(|field| !has_own_field(field)),
                    None => false,
                })
                .map(|p| format!("{}: {}", p.path, p.reason))
                .collect::<Vec<_>>()
        })
    };
    let count = Memo::new(move |_| rows.with(Vec::len));
    let on_move = Callback::new(move |up: bool| {
        let moved = title.get_untracked();
        let (change, to) =
            if up { (ServiceEdit::MoveUp(at), at.saturating_sub(1)) } else { (ServiceEdit::MoveDown(at), at + 1) };
        edit.run(change);
        status.set(Some(format!("{moved} moved to place {} of {}.", to + 1, count.get_untracked())));
        true
    });
    let reload_id = dom_id("reload-on-withdraw");
    let remove = move |_| {
        let removed = title.get_untracked();
        let left = rows.with_untracked(Vec::len).saturating_sub(1);
        edit.run(ServiceEdit::Remove(at));
        status.set(Some(format!("{removed} removed: publish to apply it.")));
        focus_later(if left == 0 { "add-own-service".into() } else { format!("service-{}-remove", at.min(left - 1)) });
    };

    view! {
        <fieldset class="service" aria-describedby=dom_id("problems")>
            <legend>{title}</legend>
            {move || catalog().map(|id| view! {
                <p class="hint">
                    "From the catalog entry "<code>{id}</code>": the fields you leave as they are follow the catalog; "
                    "a field you edit is this site's own."
                </p>
            })}
            <div class="service-fields">
                {text_field(ServiceField::Name, "Name", false)}
                {text_field(ServiceField::Id, "Id", false)}
                <SelectRow
                    id=dom_id("category")
                    label="Category".into()
                    path=path("category")
                    problems
                    options=categories
                    chosen=category
                    on_input=Callback::new(move |id| edit.run(ServiceEdit::Category(at, id)))
                />
                <SelectRow
                    id=dom_id("kind")
                    label="What it does".into()
                    path=path("kind")
                    problems
                    options=SERVICE_KINDS.map(|k| (service_kind_value(k), service_kind_label(k).to_owned())).to_vec()
                    chosen=read(|s| s.kind.clone())
                    on_input=Callback::new(move |kind| edit.run(ServiceEdit::Kind(at, kind)))
                />
                {text_field(ServiceField::Provider, "Provider", false)}
                {text_field(ServiceField::PrivacyPolicyUrl, "Privacy policy (https:// link)", false)}
            </div>
            {text_field(ServiceField::Description, "Description", true)}
            <div class="check">
                <input
                    type="checkbox"
                    id=reload_id.clone()
                    aria-describedby=dom_id("reload-on-withdraw-problem")
                    prop:checked=move || rows.with(|r| r.get(at).is_some_and(|s| s.reload_on_withdraw))
                    on:change=move |event| edit.run(ServiceEdit::ReloadOnWithdraw(at, event_target_checked(&event)))
                />
                <label for=reload_id>
                    "Reload the page when a visitor withdraws it (for a script that cannot be stopped once it runs)"
                </label>
            </div>
            <FieldProblem id=dom_id("reload-on-withdraw-problem") path=path("reload_on_withdraw") problems />
            <ServiceHosts at rows problems edit />
            <ServiceCookies at rows problems edit />
            <ul id=dom_id("problems") class="problem">
                {move || other_problems().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>
            <div class="service-actions">
                <MoveButtons prefix="service" at count=count.into() name=title on_move />
                <button type="button" class="quiet" id=dom_id("remove") on:click=remove>
                    "Remove "{title}
                </button>
            </div>
        </fieldset>
    }
}

/// The hosts of the service at `at`: a row each (its pattern, with its problem, and a Remove button) and a button
/// that adds an empty row and moves the focus to it.
#[component]
fn ServiceHosts(
    at: usize,
    rows: Memo<Vec<ServiceRow>>,
    problems: Memo<Vec<Problem>>,
    edit: Callback<ServiceEdit>,
) -> impl IntoView {
    let count = Memo::new(move |_| rows.with(|r| r.get(at).map_or(0, |s| s.hosts.len())));
    let hint = format!("service-{at}-hosts-hint");
    // The rows' copy: the rows are drawn by a closure that owns it.
    let row_hint = hint.clone();
    let add = move |_| {
        let row = count.get_untracked();
        edit.run(ServiceEdit::AddHost(at));
        focus_later(format!("service-{at}-host-{row}"));
    };
    view! {
        <fieldset class="plain hosts">
            <legend>"Hosts"</legend>
            <p class="hint" id=hint.clone()>
                "Requests to these are held until the service is granted: a host (cdn.example.com), *.example.com "
                "for its subdomains, or a host and a path (example.com/pixel)."
            </p>
            <For each=move || 0..count.get() key=|row| *row let(row)>
                <div class="host-row">
                    <FieldRow
                        id=format!("service-{at}-host-{row}")
                        label=format!("Host {}", row + 1)
                        path=format!("services[{at}].hosts[{row}]")
                        problems
                        value=Signal::derive(move || {
                            rows.with(|r| r.get(at).and_then(|s| s.hosts.get(row).cloned()).unwrap_or_default())
                        })
                        on_input=Callback::new(move |host: String| edit.run(ServiceEdit::Host(at, row, host)))
                        hidden_label=true
                        hint=row_hint.clone()
                    />
                    <button
                        type="button"
                        class="quiet"
                        on:click=move |_| {
                            edit.run(ServiceEdit::RemoveHost(at, row));
                            focus_later(format!("service-{at}-add-host"));
                        }
                    >
                        "Remove"<span class="visually-hidden">" host "{row + 1}</span>
                    </button>
                </div>
            </For>
            <button type="button" class="quiet" id=format!("service-{at}-add-host") on:click=add>
                "Add a host"
            </button>
        </fieldset>
    }
}
