//! "Decisions per day / week / month": one bar per period of the range, with a count axis.

use leptos::prelude::*;

use crate::chart_figure::{ChartFigure, NumbersTable};
use crate::chart_path::{unit, Slots};
use crate::chart_scale::{count_ticks, Scale};
use crate::dashboard_numbers::{period_label, DashboardNumbers};
use crate::percent::count_and_percent;

/// As wide as a desktop card, so the labels are drawn at their CSS size; narrower screens scale the chart down.
const WIDTH: f64 = 1160.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 36.0;
/// About how wide an axis label ("30 Nov", "Dec 2026") is at the chart's font size.
const LABEL_WIDTH: f64 = 64.0;

/// The bars, and per period the decisions and what they were, as a table.
#[component]
pub fn DecisionsChart(numbers: DashboardNumbers) -> impl IntoView {
    let granularity = numbers.granularity();
    let max = numbers.periods.iter().map(|period| period.numbers.decisions).max().unwrap_or(0);
    let ticks = count_ticks(max, 4);
    let top = ticks.last().copied().unwrap_or(1);
    let y = Scale::new(top as f64, HEIGHT - BOTTOM, TOP);
    let slots = Slots::new(numbers.periods.len(), LEFT, WIDTH - RIGHT);
    let every = slots.label_every(LABEL_WIDTH);

    let grid = ticks
        .iter()
        .map(|tick| {
            let at = unit(y.at(*tick as f64));
            view! {
                <line class="grid" x1=unit(LEFT) x2=unit(WIDTH - RIGHT) y1=at.clone() y2=at.clone()></line>
                <text class="tick" x=unit(LEFT - 8.0) y=at text-anchor="end" dominant-baseline="middle">
                    {tick.to_string()}
                </text>
            }
        })
        .collect_view();
    let bars = numbers
        .periods
        .iter()
        .enumerate()
        .map(|(index, period)| {
            let count = period.numbers.decisions as f64;
            let x = slots.middle(index) - slots.bar_width() / 2.0;
            let (bar_top, base) = (y.at(count), y.at(0.0));
            let label = slots.is_labelled(index, every).then(|| {
                view! {
                    <text class="tick" x=unit(slots.middle(index)) y=unit(HEIGHT - BOTTOM + 20.0) text-anchor="middle">
                        {period_label(&period.start, granularity)}
                    </text>
                }
            });
            view! {
                <rect class="bar series-0" x=unit(x) y=unit(bar_top) width=unit(slots.bar_width())
                    height=unit(base - bar_top)></rect>
                {label}
            }
        })
        .collect_view();

    let table = NumbersTable {
        headers: ["Period starting", "Decisions", "Accept all", "Reject all", "Custom choice", "Withdrawal", "GPC on"]
            .map(String::from)
            .to_vec(),
        rows: numbers
            .periods
            .iter()
            .map(|period| {
                let numbers = &period.numbers;
                let share = |action: &str| {
                    let part = numbers.action(action);
                    count_and_percent(part.decisions, part.share)
                };
                let cells = vec![
                    numbers.decisions.to_string(),
                    share("accept_all"),
                    share("reject_all"),
                    share("custom"),
                    share("withdraw"),
                    count_and_percent(numbers.gpc.decisions, numbers.gpc.share),
                ];
                (period.start.clone(), cells)
            })
            .collect(),
    };
    let caption = format!("Decisions per {}", granularity.name());
    view! {
        <ChartFigure name="decisions" caption latest_right=true table>
            <svg
                role="img"
                aria-label=numbers.decisions_summary()
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                width=unit(WIDTH)
                height=unit(HEIGHT)
            >
                {grid}
                <line class="axis" x1=unit(LEFT) x2=unit(WIDTH - RIGHT) y1=unit(HEIGHT - BOTTOM) y2=unit(HEIGHT - BOTTOM)>
                </line>
                {bars}
            </svg>
        </ChartFigure>
    }
}
