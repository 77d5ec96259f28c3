//! The publisher restrictions of the IAB TCF form: the ones the draft has, each in words with a remove button and
//! every problem the check (or the endpoint, which knows the vendors' declarations) finds in it; and a row that adds
//! one: a purpose, what is restricted, and the vendors (none typed: every vendor of the site it can apply to). The
//! edits are [`crate::tcf_edit`]'s; what each restriction means is consent-core's `tcf::restriction`.

use leptos::prelude::*;

use crate::categories_form::focus_later;
use crate::draft::Problem;
use crate::tcf_edit::{RestrictionFields, TcfEdit, TcfFields};

/// The restriction types, by config name, with the words the form shows for each.
const KINDS: [(&str, &str); 3] = [
    ("not_allowed", "Not allowed: the vendors may not use the purpose"),
    ("require_consent", "Require consent: flexible vendors use it on consent only"),
    ("require_li", "Require legitimate interest: flexible vendors use it on legitimate interest only"),
];

/// One restriction in words: "Purpose 3: not allowed, for vendors 2, 4".
fn described(r: &RestrictionFields) -> String {
    let kind = match r.restriction.as_str() {
        "not_allowed" => "not allowed",
        "require_consent" => "consent required",
        "require_li" => "legitimate interest required",
        other => other,
    };
    let whom = match &r.vendors {
        None => "for every vendor of the site it applies to".to_owned(),
        Some(ids) => format!("for vendor{} {}", if ids.len() == 1 { "" } else { "s" }, ids.join(", ")),
    };
    format!("Purpose {}: {kind}, {whom}", r.purpose)
}

/// The problems within restriction `at` (its own and its fields'), each as "field: reason".
fn problems_of(problems: &[Problem], at: usize) -> Vec<String> {
    let path = format!("tcf.publisher_restrictions[{at}]");
    problems
        .iter()
        .filter_map(|p| {
            let rest = p.path.strip_prefix(&path)?;
            match rest {
                "" => Some(p.reason.clone()),
                _ if rest.starts_with('.') => Some(format!("{}: {}", &rest[1..], p.reason)),
                _ => None,
            }
        })
        .collect()
}

/// The restrictions part of the form.
#[component]
pub fn TcfRestrictions(
    fields: Memo<TcfFields>,
    edit: Callback<TcfEdit>,
    problems: Memo<Vec<Problem>>,
) -> impl IntoView {
    let restrictions = Memo::new(move |_| fields.with(|f| f.restrictions.clone()));
    let purpose = RwSignal::new(String::new());
    let kind = RwSignal::new(KINDS[0].0.to_owned());
    let vendors = RwSignal::new(String::new());
    let add = move |_| {
        edit.run(TcfEdit::AddRestriction {
            purpose: purpose.get_untracked(),
            restriction: kind.get_untracked(),
            vendors: vendors.get_untracked(),
        });
        purpose.set(String::new());
        vendors.set(String::new());
    };
    let remove = move |at: usize| {
        edit.run(TcfEdit::RemoveRestriction(at));
        let left = restrictions.with_untracked(Vec::len);
        focus_later(if left == 0 {
            "tcf-restriction-purpose".into()
        } else {
            format!("tcf-restriction-{}-remove", at.min(left - 1))
        });
    };

    view! {
        <fieldset class="group tcf-restrictions">
            <legend>"Publisher restrictions"</legend>
            <p class="hint">
                "Per purpose, what you do not let vendors do: not use it at all, or use it only on consent or only "
                "on legitimate interest (for vendors that declare it flexible). Every TC string carries them, and "
                "visitors are not asked for what no vendor may do."
            </p>
            <ul class="restrictions">
                {move || {
                    restrictions
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(at, restriction)| {
                            let text = described(&restriction);
                            let found = move || problems.with(|list| problems_of(list, at));
                            view! {
                                <li data-restriction=at>
                                    <span>{text.clone()}</span>
                                    " "
                                    <button
                                        type="button"
                                        class="quiet"
                                        id=format!("tcf-restriction-{at}-remove")
                                        aria-describedby=format!("tcf-restriction-{at}-problem")
                                        on:click=move |_| remove(at)
                                    >
                                        "Remove"<span class="visually-hidden">" "{text}</span>
                                    </button>
                                    <p id=format!("tcf-restriction-{at}-problem") class="problem field-problem">
                                        {move || found().join("; ")}
                                    </p>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="field">
                <label for="tcf-restriction-purpose">"Purpose (1 to 11)"</label>
                <input
                    id="tcf-restriction-purpose"
                    inputmode="numeric"
                    autocomplete="off"
                    prop:value=purpose
                    on:input=move |event| purpose.set(event_target_value(&event))
                />
            </div>
            <div class="field">
                <label for="tcf-restriction-type">"Restriction"</label>
                <select id="tcf-restriction-type" on:input=move |event| kind.set(event_target_value(&event))>
                    {KINDS
                        .iter()
                        .map(|(value, words)| {
                            view! {
                                <option value=*value prop:selected=move || kind.with(|k| k == value)>{*words}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="tcf-restriction-vendors">"Vendor ids (empty: every vendor it applies to)"</label>
                <input
                    id="tcf-restriction-vendors"
                    autocomplete="off"
                    prop:value=vendors
                    on:input=move |event| vendors.set(event_target_value(&event))
                />
            </div>
            <button type="button" id="tcf-restriction-add" on:click=add>
                "Add restriction"
            </button>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restriction_is_described_with_its_vendors_or_all() {
        let all = RestrictionFields { purpose: "3".into(), restriction: "not_allowed".into(), vendors: None };
        assert_eq!(described(&all), "Purpose 3: not allowed, for every vendor of the site it applies to");
        let some = RestrictionFields { vendors: Some(vec!["2".into(), "4".into()]), ..all };
        assert_eq!(described(&some), "Purpose 3: not allowed, for vendors 2, 4");
    }

    #[test]
    fn the_problems_of_a_restriction_are_its_own_and_its_fields() {
        let problem = |path: &str| Problem { path: path.into(), reason: "bad".into() };
        let list = [
            problem("tcf.publisher_restrictions[1].vendors[0]"),
            problem("tcf.publisher_restrictions[1]"),
            problem("tcf.publisher_restrictions[10]"),
            problem("tcf.vendors[1]"),
        ];
        assert_eq!(problems_of(&list, 1), ["vendors[0]: bad", "bad"]);
    }
}
