//! A share chart: one horizontal bar per row (an action, a locale, a banner layer), as long as its share of the
//! range's decisions, with the share and the count written beside it.

use leptos::prelude::*;

use crate::chart_figure::{ChartFigure, NumbersTable};
use crate::chart_path::unit;
use crate::chart_scale::Scale;
use crate::dashboard_numbers::{share_summary, ShareRow};
use crate::percent::{count_and_percent, percent};

const WIDTH: f64 = 600.0;
const ROW: f64 = 30.0;
/// Room for the longest label, "Sent with GPC on (any action)", at the chart's font size.
const LABEL: f64 = 240.0;
/// Room after the longest bar for its "100% (1234)".
const VALUE: f64 = 96.0;

/// The bars of `rows`, captioned `caption`; `name` is the figure's `data-chart`, `what` heads the table's first column
/// ("Action", "Locale" …) and `series` picks the colour.
#[component]
pub fn ShareChart(
    name: &'static str,
    caption: String,
    what: &'static str,
    rows: Vec<ShareRow>,
    series: usize,
) -> impl IntoView {
    let height = ROW * rows.len().max(1) as f64 + 4.0;
    let x = Scale::new(1.0, LABEL, WIDTH - VALUE);
    let bars = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let top = 2.0 + ROW * index as f64;
            let middle = unit(top + ROW / 2.0);
            let end = x.at(row.share);
            view! {
                <text class="label" x="0" y=middle.clone() dominant-baseline="middle">{row.label.clone()}</text>
                <rect class="track" x=unit(LABEL) y=unit(top + 6.0) width=unit(x.at(1.0) - LABEL) height=unit(ROW - 12.0)>
                </rect>
                <rect class=format!("bar series-{series}") x=unit(LABEL) y=unit(top + 6.0) width=unit(end - LABEL)
                    height=unit(ROW - 12.0)></rect>
                <text class="value" x=unit(x.at(1.0) + 8.0) y=middle dominant-baseline="middle">
                    {count_and_percent(row.decisions, row.share)}
                </text>
            }
        })
        .collect_view();
    let table = NumbersTable {
        headers: vec![what.to_owned(), "Decisions".into(), "Share".into()],
        rows: rows.iter().map(|row| (row.label.clone(), vec![row.decisions.to_string(), percent(row.share)])).collect(),
    };
    let summary = share_summary(&caption, &rows);
    view! {
        <ChartFigure name caption table>
            <svg role="img" aria-label=summary viewBox=format!("0 0 {WIDTH} {height}") width=unit(WIDTH)
                height=unit(height)>
                {bars}
            </svg>
        </ChartFigure>
    }
}
