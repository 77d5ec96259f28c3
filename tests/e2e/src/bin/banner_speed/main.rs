//! How fast the first-visit banner appears, ours against vanilla-cookieconsent and Klaro, in the same headless Chromium run, and
//! whether it shifts the page's layout. A benchmark that prints figures, not a test: `scripts/bench-banner-speed`.
//!
//! Each run is a first visit in a fresh browser profile to the same corpus page (`gtag.html`), set up for each manager
//! as the leak benchmark sets it up (tests/e2e/fixtures/leak-bench/). A probe added before any page script records,
//! frame by frame, the first moment the manager's first layer is in the page with a size and not transparent
//! (`performance.now()`, so milliseconds from the start of navigation), and sums the page's layout shifts. Runs
//! alternate between the managers so that both see the same machine load.

// The leak benchmark's description of each manager's setup, shared so that both benchmarks measure the same sites;
// this one reads only the banner's selector of it.
#[path = "../leak_bench/manager.rs"]
#[allow(dead_code)]
mod manager;

use std::time::Duration;

use anyhow::{Context, Result};
use consent_e2e::browser::Browser;
use consent_e2e::site::TestSite;
use consent_e2e::wait::wait_for;
use manager::Manager;
use serde_json::{json, Value};
use tracker_recorder::Recorder;

const PAGE: &str = "gtag.html";
const DEFAULT_RUNS: usize = 9;

/// Runs in every new document before its scripts: finds the banner (in the page or an open shadow root) every frame,
/// and adds up layout shifts.
fn probe(selector: &str) -> String {
    format!(
        r#"(() => {{
  const deep = (root) => {{
    const hit = root.querySelector({selector:?});
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) {{ const inner = deep(el.shadowRoot); if (inner) return inner; }}
    return null;
  }};
  const speed = window.__bannerSpeed = {{ shown: null, shift: 0 }};
  new PerformanceObserver((list) => {{ for (const e of list.getEntries()) if (!e.hadRecentInput) speed.shift += e.value; }})
    .observe({{ type: 'layout-shift', buffered: true }});
  const tick = () => {{
    const el = document.documentElement && deep(document);
    if (el) {{
      const box = el.getBoundingClientRect(), style = getComputedStyle(el);
      if (box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && parseFloat(style.opacity) > 0) {{
        speed.shown = performance.now();
        return;
      }}
    }}
    requestAnimationFrame(tick);
  }};
  requestAnimationFrame(tick);
}})();"#
    )
}

struct Run {
    shown_ms: f64,
    layout_shift: f64,
}

async fn first_visit(site: &TestSite, recorder: &Recorder, manager: Manager) -> Result<Run> {
    let browser = Browser::start(recorder.addr()).await?;
    let source = probe(manager.ui().banner);
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": source })).await?;
    browser.open(&site.url(&format!("/{PAGE}"))).await?;
    let shown = wait_for(
        || async {
            let value = browser.js("return window.__bannerSpeed && window.__bannerSpeed.shown;", vec![]).await?;
            Ok(value.as_f64())
        },
        Duration::from_secs(20),
        "the banner to appear",
    )
    .await?;
    // Late shifts count too: a banner that pushes the page down after it appears is a layout shift.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let shift: Value = browser.js("return window.__bannerSpeed.shift;", vec![]).await?;
    Ok(Run { shown_ms: shown, layout_shift: shift.as_f64().unwrap_or(0.0) })
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<()> {
    let runs: usize = match std::env::args().nth(1) {
        Some(n) => n.parse().context("usage: banner_speed [RUNS]")?,
        None => DEFAULT_RUNS,
    };
    let managers = Manager::ALL;
    let pages = vec![PAGE.to_owned()];
    let mut sites = Vec::new();
    for manager in managers {
        sites.push(TestSite::start(manager.site_options(&pages)?).await?);
    }
    let recorder = Recorder::start("127.0.0.1:0")?;
    let mut results: Vec<Vec<Run>> = managers.iter().map(|_| Vec::new()).collect();
    for run in 0..runs {
        for (index, manager) in managers.iter().enumerate() {
            let result = first_visit(&sites[index], &recorder, *manager).await?;
            eprintln!(
                "run {}: {:<24} banner at {:7.1} ms, layout shift {:.4}",
                run + 1,
                manager.id(),
                result.shown_ms,
                result.layout_shift
            );
            results[index].push(result);
        }
    }
    println!("| manager | first-visit banner shown (ms from navigation, median of {runs}) | min | max | layout shift (max) |");
    println!("|---|--:|--:|--:|--:|");
    let mut medians = Vec::new();
    for (index, manager) in managers.iter().enumerate() {
        let mut shown: Vec<f64> = results[index].iter().map(|r| r.shown_ms).collect();
        let (min, max) = shown.iter().fold((f64::MAX, 0f64), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
        let med = median(&mut shown);
        let shift = results[index].iter().map(|r| r.layout_shift).fold(0f64, f64::max);
        println!("| {} | {med:.1} | {min:.1} | {max:.1} | {shift:.4} |", manager.label()?);
        medians.push(med);
    }
    println!("\nours / vanilla-cookieconsent, median time to banner: {:.2}", medians[0] / medians[1]);
    println!("ours / Klaro, median time to banner: {:.2}", medians[0] / medians[2]);
    Ok(())
}
