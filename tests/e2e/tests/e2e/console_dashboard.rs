//! The console's dashboard, used as a product team member would: visitors' decisions reach the endpoint, the team
//! signs in, opens a site's dashboard and reads every number posted — in the totals, the charts' tables and the CSV
//! download — changes the range and the granularity, and finds an empty range said plainly. axe finds nothing in the
//! light or the dark scheme. Screenshots for review: `screenshots/console-dashboard*.png`.

use anyhow::{ensure, Context, Result};
use consent_e2e::site::SiteOptions;
use consent_e2e::wait::{wait_until, PROMPTLY};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::axe::color_scheme;
use crate::fixture::Visit;
use crate::keyboard::{press as key, tab_to};
use crate::product_console::{
    fill, no_axe_violations, no_console_errors, press, save_screenshot, sign_in_and_open_demo_shop, text_of,
    wait_for_text,
};

/// One decision as the banner sends it: `n` makes its consent id; `granted` lists the optional categories allowed.
fn decision(n: u32, action: &str, locale: &str, layer: &str, gpc: bool, granted: &[&str]) -> Value {
    let state = |category: &str| if granted.contains(&category) { "granted" } else { "denied" };
    json!({
        "consent_id": format!("00000000-0000-4000-8000-{n:012}"),
        "site": "demo-shop",
        "action": action,
        "decisions": {"necessary": "granted", "analytics": state("analytics"), "marketing": state("marketing")},
        "services": {"demo-analytics": state("analytics"), "demo-ads": state("marketing"),
                     "demo-video": state("marketing")},
        "config_revision": 1,
        "config_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "locale": locale,
        "ui_layer": layer,
        "page_url": "https://shop.example/cart",
        "gpc": gpc,
        "decided_at_ms": 1764000000000u64,
        "expires_at_ms": 1779000000000u64,
        "banner_version": "0.1.0"
    })
}

/// Five decisions: two acceptances, a refusal with GPC, and two custom choices (one with GPC). So: 40 % accept all,
/// 20 % reject all, 40 % custom, 40 % with GPC; analytics granted 3 of 5, marketing 2 of 5; en-GB 3, de 2; first
/// layer 3, preferences 2.
fn five_decisions() -> Value {
    json!([
        decision(1, "accept_all", "en-GB", "first_layer", false, &["analytics", "marketing"]),
        decision(2, "accept_all", "en-GB", "first_layer", false, &["analytics", "marketing"]),
        decision(3, "reject_all", "de", "first_layer", true, &[]),
        decision(4, "custom", "en-GB", "preferences", false, &["analytics"]),
        decision(5, "custom", "de", "preferences", true, &[]),
    ])
}

/// Runs `fetch(url, init)` in the page (so with its cookies) and returns the status and the body text.
pub(crate) async fn fetch_in_page(visit: &Visit, url: &str, init: Value) -> Result<(u64, String)> {
    let answer = visit
        .browser
        .client
        .execute_async(
            "var done = arguments[arguments.length - 1];
             fetch(arguments[0], arguments[1])
               .then(function (r) { return r.text().then(function (t) { done([r.status, t]); }); })
               .catch(function (e) { done([0, String(e)]); });",
            vec![url.into(), init],
        )
        .await
        .context("fetching in the page")?;
    Ok((answer[0].as_u64().unwrap_or(0), answer[1].as_str().unwrap_or_default().to_owned()))
}

/// The rows of the table under the chart `name`: each row's header, then its cells.
async fn table_rows(visit: &Visit, name: &str) -> Result<Vec<Vec<String>>> {
    let rows = visit
        .browser
        .js(
            "return Array.from(document.querySelectorAll('[data-chart=\"' + arguments[0] + '\"] tbody tr'))
                 .map(function (row) { return Array.from(row.cells).map(function (c) { return c.textContent.trim(); }); });",
            vec![name.into()],
        )
        .await?;
    Ok(serde_json::from_value(rows)?)
}

/// The text of the total `name` (`data-total`), its label left out.
async fn total(visit: &Visit, name: &str) -> Result<String> {
    Ok(text_of(visit, &format!("[data-total=\"{name}\"] dd")).await?.trim().to_owned())
}

/// Today, UTC, as the endpoint counts days.
async fn today(visit: &Visit) -> Result<String> {
    let day = visit.browser.js("return new Date().toISOString().slice(0, 10);", vec![]).await?;
    Ok(day.as_str().context("a date")?.to_owned())
}

/// Strings, for comparing table rows.
fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|cell| (*cell).to_owned()).collect()
}

/// Saves the whole page, not only the viewport (the charts are below the fold), as
/// `screenshots/console-{name}.png`: the window is made as tall as the page for the shot, then put back.
async fn save_whole_page(visit: &Visit, name: &str) -> Result<()> {
    let client = &visit.browser.client;
    let (width, height) = client.get_window_size().await?;
    let needed = visit
        .browser
        .js("return document.documentElement.scrollHeight + (window.outerHeight - window.innerHeight);", vec![])
        .await?;
    let needed = needed.as_u64().and_then(|px| u32::try_from(px).ok()).context("the page's height")?;
    client.set_window_size(u32::try_from(width)?, needed.max(u32::try_from(height)?)).await?;
    let saved = save_screenshot(visit, name).await;
    client.set_window_size(u32::try_from(width)?, u32::try_from(height)?).await?;
    saved
}

/// The lowest contrast ratio between any bar, dot or line of the charts and its card, as WCAG 1.4.11 (non-text
/// contrast, at least 3:1) measures it: axe checks text only.
async fn lowest_graphic_contrast(visit: &Visit) -> Result<f64> {
    let lowest = visit
        .browser
        .js(
            "function rgb(text) { return (text.match(/[\\d.]+/g) || []).slice(0, 3).map(Number); }
             function luminance(c) {
                 var l = c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                 return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
             }
             var lowest = 21;
             document.querySelectorAll('.chart .bar, .chart .dot, .chart .line').forEach(function (shape) {
                 var style = getComputedStyle(shape);
                 var paint = shape.classList.contains('line') ? style.stroke : style.fill;
                 var card = getComputedStyle(shape.closest('.chart')).backgroundColor;
                 var a = luminance(rgb(paint)), b = luminance(rgb(card));
                 var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                 if (ratio < lowest) lowest = ratio;
             });
             return lowest;",
            vec![],
        )
        .await?;
    lowest.as_f64().context("a contrast ratio")
}

/// Opens the "Show the numbers" matching `selector` (all of them with `details`), so axe checks the tables too.
async fn show_numbers(visit: &Visit, selector: &str) -> Result<()> {
    let script = "document.querySelectorAll(arguments[0]).forEach(function (d) { d.open = true; });";
    visit.browser.js(script, vec![selector.into()]).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_shows_every_decision_posted_in_totals_tables_and_csv() -> Result<()> {
    let visit = Visit::with(SiteOptions { console: true, ..SiteOptions::default() }).await?;
    visit.open("/admin/").await?;
    visit.browser.wait_for("#admin-token").await?;

    // Visitors decide: five records reach the endpoint as banners send them.
    let init = json!({"method": "POST", "headers": {"Content-Type": "application/json"},
                      "body": five_decisions().to_string()});
    let (status, body) = fetch_in_page(&visit, "/v1/consents", init).await?;
    ensure!(status == 201 || status == 200, "posting the decisions: {status} {body}");

    sign_in_and_open_demo_shop(&visit).await?;
    // By keyboard: from the site's first part, Tab reaches "Dashboard" and Enter opens it.
    let focus_first = "document.querySelector('.site-parts button').focus();";
    visit.browser.js(focus_first, vec![]).await?;
    tab_to(&visit.browser, ".site-parts button:nth-child(2)", 3).await?;
    key(&visit.browser, Key::Enter).await?;
    visit.browser.wait_for("[data-total=\"decisions\"]").await?;
    let current =
        visit.browser.js("return document.querySelector('[aria-current=\"page\"]').innerText;", vec![]).await?;
    ensure!(current == json!("Dashboard"), "the open part is marked: {current}");

    let status = text_of(&visit, "#dashboard-status").await?;
    ensure!(status.starts_with("Showing 5 decisions from "), "announced: {status}");

    // The totals are the five decisions.
    ensure!(total(&visit, "decisions").await? == "5", "decisions: {}", total(&visit, "decisions").await?);
    for (name, wanted) in
        [("accept_all", "40% (2)"), ("reject_all", "20% (1)"), ("custom", "40% (2)"), ("gpc", "40% (2)")]
    {
        let shown = total(&visit, name).await?;
        ensure!(shown == wanted, "total {name}: {shown}, not {wanted}");
    }

    // Per day, the last 30 days: all five today, none before; the chart draws one bar a day and says so.
    let today = today(&visit).await?;
    let days = table_rows(&visit, "decisions").await?;
    ensure!(days.len() == 30, "30 days, today included: {}", days.len());
    ensure!(
        days[29] == row(&[&today, "5", "2 (40%)", "1 (20%)", "2 (40%)", "0 (0%)", "2 (40%)"]),
        "today: {:?}",
        days[29]
    );
    ensure!(days[..29].iter().all(|day| day[1] == "0"), "no decision before today: {days:?}");
    ensure!(visit.browser.count("[data-chart=\"decisions\"] rect.bar").await? == 30, "one bar a day");
    let label = visit.browser.js(
        "var s = document.querySelector('[data-chart=\"decisions\"] svg[role=\"img\"]'); return s.getAttribute('aria-label');",
        vec![],
    );
    let label = label.await?;
    ensure!(label.as_str().is_some_and(|text| text.contains("5 in all")), "the chart's summary: {label}");

    let opt_in = table_rows(&visit, "opt-in").await?;
    ensure!(
        opt_in[29] == row(&[&today, "60% (3 of 5)", "40% (2 of 5)", "100% (5 of 5)"]),
        "opt-in today (analytics, marketing, necessary): {:?}",
        opt_in[29]
    );
    ensure!(opt_in[0][1] == "no decision", "a day without decisions is no rate: {:?}", opt_in[0]);
    let choices = table_rows(&visit, "choices").await?;
    ensure!(
        choices
            == [
                row(&["Accept all", "2", "40%"]),
                row(&["Reject all", "1", "20%"]),
                row(&["Custom choice", "2", "40%"]),
                row(&["Withdrawal", "0", "0%"]),
                row(&["GPC signal alone", "0", "0%"]),
                row(&["Sent with GPC on (any action)", "2", "40%"]),
            ],
        "choices: {choices:?}"
    );
    let locales = table_rows(&visit, "locales").await?;
    ensure!(locales == [row(&["en-GB", "3", "60%"]), row(&["de", "2", "40%"])], "locales: {locales:?}");
    let layers = table_rows(&visit, "layers").await?;
    ensure!(layers == [row(&["First layer", "3", "60%"]), row(&["Preferences", "2", "40%"])], "layers: {layers:?}");

    // The CSV link gives the same numbers, with the session the page has.
    let href = visit.browser.js(
        "var a = Array.from(document.querySelectorAll('a')).find(function (a) { return a.innerText.trim() === 'Download CSV'; });
         return a ? a.getAttribute('href') : null;",
        vec![],
    );
    let href = href.await?;
    let href = href.as_str().context("a \"Download CSV\" link")?.to_owned();
    let (status, csv) = fetch_in_page(&visit, &href, json!({})).await?;
    ensure!(status == 200, "the CSV: {status} {csv}");
    let lines: Vec<Vec<&str>> = csv.split_terminator("\r\n").map(|line| line.split(',').collect()).collect();
    let column = |name: &str| lines[0].iter().position(|header| *header == name).context(name.to_owned());
    let total_line = lines.last().context("a total line")?;
    ensure!(total_line[0] == "total" && lines.len() == 32, "a header, 30 days and the total: {} lines", lines.len());
    for (name, wanted) in [
        ("decisions", "5"),
        ("action:accept_all", "2"),
        ("action:reject_all", "1"),
        ("action:custom", "2"),
        ("gpc", "2"),
        ("category:analytics:granted", "3"),
        ("locale:de", "2"),
        ("ui_layer:first_layer", "3"),
    ] {
        ensure!(total_line[column(name)?] == wanted, "CSV {name}: {}, not {wanted}", total_line[column(name)?]);
    }
    ensure!(lines[30][0] == today && lines[30][column("decisions")?] == "5", "CSV today: {:?}", lines[30]);

    // Light and dark: nothing for axe, every table open; screenshots to look at, with one table open.
    for scheme in ["light", "dark"] {
        color_scheme(&visit.browser, scheme).await?;
        show_numbers(&visit, "details").await?;
        no_axe_violations(&visit, &format!("dashboard, {scheme}")).await?;
        let contrast = lowest_graphic_contrast(&visit).await?;
        ensure!(contrast >= 3.0, "a chart's shape contrasts only {contrast:.2}:1 with its card ({scheme})");
        visit
            .browser
            .js("document.querySelectorAll('details').forEach(function (d) { d.open = false; });", vec![])
            .await?;
        show_numbers(&visit, "[data-chart=\"choices\"] details").await?;
        save_whole_page(&visit, if scheme == "light" { "dashboard" } else { "dashboard-dark" }).await?;
    }
    color_scheme(&visit.browser, "light").await?;

    // On a phone the charts scroll sideways rather than shrinking their labels; still nothing for axe.
    let client = &visit.browser.client;
    let (width, height) = client.get_window_size().await?;
    client.set_window_size(375, u32::try_from(height)?).await?;
    no_axe_violations(&visit, "dashboard, phone").await?;
    // Shown again at this width, the per-day chart opens on its latest days, not on the oldest.
    press(&visit, "Show").await?;
    let scrolled = || async {
        let script = "var body = document.querySelector('[data-chart=\"decisions\"] .chart-body');
                      return body ? body.scrollLeft : 0;";
        Ok(visit.browser.js(script, vec![]).await?.as_f64().unwrap_or(0.0) > 0.0)
    };
    wait_until(scrolled, PROMPTLY, "the per-day chart to open scrolled to today").await?;
    save_whole_page(&visit, "dashboard-phone").await?;
    client.set_window_size(u32::try_from(width)?, u32::try_from(height)?).await?;

    // Per month: the same totals, one period a month.
    visit
        .browser
        .js(
            "var s = document.querySelector('#dashboard-granularity'); s.value = 'month';
             s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await?;
    press(&visit, "Show").await?;
    wait_for_text(&visit, "Decisions per month").await?;
    visit.browser.wait_for("[data-total=\"decisions\"]").await?;
    ensure!(total(&visit, "decisions").await? == "5");
    let months = table_rows(&visit, "decisions").await?;
    ensure!((1..=2).contains(&months.len()), "30 days are one or two months: {months:?}");
    ensure!(months.last().is_some_and(|month| month[1] == "5"), "this month: {months:?}");

    // A range before any decision: said plainly, no charts.
    fill(&visit, "#dashboard-from", "2020-01-01").await?;
    fill(&visit, "#dashboard-to", "2020-01-31").await?;
    press(&visit, "Show").await?;
    wait_for_text(&visit, "No decisions from 2020-01-01 to 2020-01-31.").await?;
    ensure!(visit.browser.count("[data-chart]").await? == 0, "no chart of nothing");
    no_axe_violations(&visit, "dashboard, empty").await?;
    save_screenshot(&visit, "dashboard-empty").await?;

    // A range that ends before it starts is named, and the last one stays.
    fill(&visit, "#dashboard-to", "2019-12-31").await?;
    press(&visit, "Show").await?;
    wait_for_text(&visit, "\"To\" must be on or after \"From\".").await?;
    no_console_errors(&visit).await
}
