//! "Opt-in rate per category": one line per category over the range's periods, 0 to 100 %, each line with its own
//! colour *and* dash pattern and dots on its points, so the lines are told apart without colour too.

use leptos::prelude::*;

use crate::chart_figure::{ChartFigure, NumbersTable};
use crate::chart_path::{line_path, unit, Slots};
use crate::chart_scale::Scale;
use crate::dashboard_numbers::{period_label, DashboardNumbers};
use crate::percent::percent;

/// As wide as a desktop card, so the labels are drawn at their CSS size; narrower screens scale the chart down.
const WIDTH: f64 = 1160.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 36.0;
const LABEL_WIDTH: f64 = 64.0;
/// How many series styles the stylesheet defines (`series-0` …); more categories reuse them in turn.
pub const SERIES_STYLES: usize = 6;

/// The lines, a legend, and per period each category's rate with its counts, as a table.
#[component]
pub fn OptInChart(numbers: DashboardNumbers) -> impl IntoView {
    let granularity = numbers.granularity();
    let categories = numbers.categories();
    let y = Scale::new(1.0, HEIGHT - BOTTOM, TOP);
    let slots = Slots::new(numbers.periods.len(), LEFT, WIDTH - RIGHT);
    let every = slots.label_every(LABEL_WIDTH);

    let grid = [0.0, 0.25, 0.5, 0.75, 1.0]
        .into_iter()
        .map(|rate| {
            let at = unit(y.at(rate));
            view! {
                <line class="grid" x1=unit(LEFT) x2=unit(WIDTH - RIGHT) y1=at.clone() y2=at.clone()></line>
                <text class="tick" x=unit(LEFT - 8.0) y=at text-anchor="end" dominant-baseline="middle">
                    {percent(rate)}
                </text>
            }
        })
        .collect_view();
    let labels = numbers
        .periods
        .iter()
        .enumerate()
        .filter(|(index, _)| slots.is_labelled(*index, every))
        .map(|(index, period)| {
            view! {
                <text class="tick" x=unit(slots.middle(index)) y=unit(HEIGHT - BOTTOM + 20.0) text-anchor="middle">
                    {period_label(&period.start, granularity)}
                </text>
            }
        })
        .collect_view();
    let lines = categories
        .iter()
        .enumerate()
        .map(|(series, category)| {
            let style = format!("series-{}", series % SERIES_STYLES);
            let points: Vec<Option<(f64, f64)>> = numbers
                .opt_in_series(category)
                .into_iter()
                .enumerate()
                .map(|(index, rate)| rate.map(|rate| (slots.middle(index), y.at(rate))))
                .collect();
            let dots = points
                .iter()
                .flatten()
                .map(|(x, y)| view! { <circle class=format!("dot {style}") cx=unit(*x) cy=unit(*y) r="3.5"></circle> })
                .collect_view();
            view! {
                <path class=format!("line {style}") d=line_path(&points)></path>
                {dots}
            }
        })
        .collect_view();
    let legend = categories
        .iter()
        .enumerate()
        .map(|(series, category)| {
            let style = format!("series-{}", series % SERIES_STYLES);
            view! {
                <li>
                    <svg class="swatch" viewBox="0 0 28 10" width="28" height="10" aria-hidden="true">
                        <line class=format!("line {style}") x1="0" y1="5" x2="28" y2="5"></line>
                    </svg>
                    {category.clone()}
                </li>
            }
        })
        .collect_view();

    let mut headers = vec!["Period starting".to_owned()];
    headers.extend(categories.iter().cloned());
    let rows = numbers
        .periods
        .iter()
        .map(|period| {
            let cells = categories
                .iter()
                .map(|category| match period.numbers.categories.get(category) {
                    Some(opt_in) if opt_in.decisions > 0 => {
                        format!("{} ({} of {})", percent(opt_in.opt_in_rate), opt_in.granted, opt_in.decisions)
                    }
                    _ => "no decision".to_owned(),
                })
                .collect();
            (period.start.clone(), cells)
        })
        .collect();
    let caption = format!("Opt-in rate per category and {}", granularity.name());
    view! {
        <ChartFigure name="opt-in" caption latest_right=true table=NumbersTable { headers, rows }>
            <svg
                role="img"
                aria-label=numbers.opt_in_summary()
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                width=unit(WIDTH)
                height=unit(HEIGHT)
            >
                {grid}
                {labels}
                {lines}
            </svg>
            <ul class="legend" aria-label="Categories">{legend}</ul>
        </ChartFigure>
    }
}
