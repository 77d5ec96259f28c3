//! The frame every dashboard chart shares: a `<figure>` with its caption, the chart, and the same numbers as a real
//! table behind "Show the numbers", for screen-reader users, for copying, and for anyone who reads tables better than
//! shapes.

use leptos::prelude::*;

/// The numbers a chart draws, as a table: a header row, then rows led by a row header.
#[derive(Debug, Clone, PartialEq)]
pub struct NumbersTable {
    /// The column headers, the first over the row headers.
    pub headers: Vec<String>,
    /// Each row: its header (a period, an action, a locale …) and its cells.
    pub rows: Vec<(String, Vec<String>)>,
}

/// A chart in its figure: `caption` names it, `children` draw it (an SVG with `role="img"` and its own summary as
/// `aria-label`, and a legend if it needs one), `table` holds its numbers. `name` is a stable hook (`data-chart`).
///
/// A chart keeps a minimum width (console.css) rather than shrinking its labels to nothing on a phone: it scrolls
/// sideways instead, in a box the keyboard can reach and scroll. A `latest_right` chart (one bar or point per period,
/// oldest first) opens scrolled to its right end, as the latest period is the one most often looked for.
#[component]
pub fn ChartFigure(
    name: &'static str,
    caption: String,
    table: NumbersTable,
    #[prop(optional)] latest_right: bool,
    children: Children,
) -> impl IntoView {
    let body = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(element) = body.get().filter(|_| latest_right) {
            element.set_scroll_left(element.scroll_width());
        }
    });
    let header = table.headers.into_iter().map(|text| view! { <th scope="col">{text}</th> }).collect_view();
    let rows = table
        .rows
        .into_iter()
        .map(|(head, cells)| {
            let cells = cells.into_iter().map(|text| view! { <td>{text}</td> }).collect_view();
            view! { <tr><th scope="row">{head}</th>{cells}</tr> }
        })
        .collect_view();
    let region = format!("{caption}: the numbers");
    view! {
        <figure class="card chart" data-chart=name>
            <figcaption>{caption.clone()}</figcaption>
            <div class="chart-body" node_ref=body tabindex="0" role="group" aria-label=caption.clone()>{children()}</div>
            <details>
                <summary>"Show the numbers"</summary>
                // Focusable and named, so a keyboard can scroll a table wider than the page.
                <div class="table-scroll" tabindex="0" role="region" aria-label=region>
                    <table>
                        <caption class="visually-hidden">{caption}</caption>
                        <thead><tr>{header}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
