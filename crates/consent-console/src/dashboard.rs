//! A site's dashboard: what visitors decided over a range of days — the totals, decisions per period, the opt-in rate
//! of every category, what they chose, in which language and on which banner layer — drawn by the console as SVG with
//! every number also in a table, and the same numbers as a CSV download.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::dashboard_numbers::DashboardNumbers;
use crate::date_range::{Day, Range};
use crate::decisions_chart::DecisionsChart;
use crate::opt_in_chart::OptInChart;
use crate::range_picker::RangePicker;
use crate::share_chart::ShareChart;
use crate::totals::Totals;

/// The dashboard of `site`, opening on the last 30 days.
#[component]
pub fn Dashboard(site: String) -> impl IntoView {
    let today = Day::of_unix_ms(js_sys::Date::now());
    let range = RwSignal::new(Range::default_ending(today));
    let numbers = RwSignal::new(None::<Result<DashboardNumbers, String>>);
    let site = StoredValue::new(site);
    Effect::new(move |_| {
        let asked = range.get();
        numbers.set(None);
        spawn_local(async move {
            let answer = api::dashboard(&site.get_value(), &asked).await.map_err(|e| e.to_string());
            // An answer for a range the product team has since changed is dropped, not shown under the new one.
            if range.get_untracked() == asked {
                numbers.set(Some(answer));
            }
        });
    });
    let csv = move || api::dashboard_csv_url(&site.get_value(), &range.get());
    view! {
        <section aria-labelledby="dashboard-heading">
            // Named for assistive technology; the open "Dashboard" part already says it on screen.
            <h2 id="dashboard-heading" class="visually-hidden">"Dashboard"</h2>
            <div class="card">
                <RangePicker range />
                <a class="button" href=csv download="">"Download CSV"</a>
            </div>
            // Said once the numbers are in, briefly: announcing every chart and table would drown the reader.
            <p id="dashboard-status" role="status" class="visually-hidden">
                {move || numbers.with(|found| match found {
                    Some(Ok(found)) => found.status(),
                    _ => String::new(),
                })}
            </p>
            <div>
                {move || match numbers.get() {
                    None => view! { <p aria-busy="true">"Loading the numbers…"</p> }.into_any(),
                    Some(Err(why)) => view! { <p class="problem" role="alert">{why}</p> }.into_any(),
                    Some(Ok(found)) if found.totals.decisions == 0 => view! { <Empty numbers=found /> }.into_any(),
                    Some(Ok(found)) => view! { <Charts numbers=found /> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// No decision in the range: said plainly, with what to try.
#[component]
fn Empty(numbers: DashboardNumbers) -> impl IntoView {
    view! {
        <div class="card empty" data-empty="">
            <p>
                <strong>{format!("No decisions from {} to {}.", numbers.from, numbers.through())}</strong>
            </p>
            <p>
                "Visitors' choices appear here once the banner sends them to this endpoint. Try a longer range, or \
                 check that the site's embed snippet points here and its origin is allowed."
            </p>
        </div>
    }
}

/// The totals and every chart.
#[component]
fn Charts(numbers: DashboardNumbers) -> impl IntoView {
    view! {
        <Totals totals=numbers.totals.clone() />
        <DecisionsChart numbers=numbers.clone() />
        <OptInChart numbers=numbers.clone() />
        // Two columns on a wide screen: what visitors chose beside the two shorter splits, stacked.
        <div class="chart-grid">
            <ShareChart name="choices" caption="What visitors chose".into() what="Choice" rows=numbers.choice_rows()
                series=0 />
            <div>
                <ShareChart name="locales" caption="By locale".into() what="Locale" rows=numbers.locale_rows()
                    series=2 />
                <ShareChart name="layers" caption="By banner layer".into() what="Layer" rows=numbers.layer_rows()
                    series=4 />
            </div>
        </div>
    }
}
