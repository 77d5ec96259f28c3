//! The dashboard's range: from and to (UTC days, both included) and per day, week or month; the numbers change when
//! the product team presses "Show", not on every keystroke in a date field.

use leptos::prelude::*;

use crate::date_range::{Granularity, Range};

/// The form; a range that cannot be shown is named, and the last good one stays.
#[component]
pub fn RangePicker(range: RwSignal<Range>) -> impl IntoView {
    let start = range.get_untracked();
    let from = RwSignal::new(start.from.to_string());
    let through = RwSignal::new(start.through.to_string());
    let granularity = RwSignal::new(start.granularity);
    let problem = RwSignal::new(None::<String>);
    let show = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match Range::read(&from.get_untracked(), &through.get_untracked(), granularity.get_untracked()) {
            Ok(picked) => {
                problem.set(None);
                range.set(picked);
            }
            Err(why) => problem.set(Some(why.to_string())),
        }
    };
    let options = Granularity::ALL
        .into_iter()
        .map(|option| view! { <option value=option.name() selected=move || granularity.get() == option>{option.name()}</option> })
        .collect_view();
    view! {
        <form class="range-picker" on:submit=show aria-describedby="range-hint">
            <div>
                <label for="dashboard-from">"From"</label>
                <input id="dashboard-from" type="date" prop:value=move || from.get()
                    on:input=move |event| from.set(event_target_value(&event)) />
            </div>
            <div>
                <label for="dashboard-to">"To"</label>
                <input id="dashboard-to" type="date" prop:value=move || through.get()
                    on:input=move |event| through.set(event_target_value(&event)) />
            </div>
            <div>
                <label for="dashboard-granularity">"Per"</label>
                <select id="dashboard-granularity"
                    on:change=move |event| {
                        if let Some(picked) = Granularity::parse(&event_target_value(&event)) {
                            granularity.set(picked);
                        }
                    }>
                    {options}
                </select>
            </div>
            <button type="submit">"Show"</button>
        </form>
        <p id="range-hint" class="hint">"Days are UTC days; both ends are included."</p>
        <p class="problem" role="alert">{move || problem.get()}</p>
    }
}
