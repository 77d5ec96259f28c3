//! The range at a glance, above the charts: how many decisions, and the shares of accept all, reject all, custom
//! choices and GPC.

use leptos::prelude::*;

use crate::dashboard_numbers::{Breakdown, Share};
use crate::percent::percent;

/// The totals, each with a stable `data-total` hook.
#[component]
pub fn Totals(totals: Breakdown) -> impl IntoView {
    let share = |name: &'static str, label: &'static str, part: Share| {
        view! {
            <div data-total=name>
                <dt>{label}</dt>
                <dd>{percent(part.share)}<span class="of">{format!(" ({})", part.decisions)}</span></dd>
            </div>
        }
    };
    view! {
        <dl class="totals" aria-label="Totals for the range">
            <div data-total="decisions">
                <dt>"Decisions"</dt>
                <dd>{totals.decisions.to_string()}</dd>
            </div>
            {share("accept_all", "Accept all", totals.action("accept_all"))}
            {share("reject_all", "Reject all", totals.action("reject_all"))}
            {share("custom", "Custom choice", totals.action("custom"))}
            {share("gpc", "Sent with GPC on", totals.gpc)}
        </dl>
    }
}
