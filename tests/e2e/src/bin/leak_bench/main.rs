//! The leak benchmark: the tracker corpus (tests/e2e/fixtures/corpus) through this project's banner,
//! vanilla-cookieconsent and Klaro, each set up as its own documentation says, in the same headless Chromium with the
//! same flags and tracker recorder as the end-to-end tests. For each configuration variant (every service configured,
//! or only those whose tags the site owner marks), manager and page it prints the tracker requests sent before
//! consent, after "Reject all" and after withdrawal, whether the trackers' cookies were removed, whether "Accept all"
//! really loaded the page's snippets, and each manager's boot cost. A benchmark, not a test: it always prints the
//! tables, and fails only if a measurement could not be made.
//!
//! ```text
//! scripts/bench-leaks [--verbose] [--config all|owner|both] [--manager consent-banner|vanilla-cookieconsent|klaro]...
//!                     [--page gtag.html]...
//! ```

mod args;
mod manager;
mod report;
mod scenario;
mod trackers;
mod variant;

use anyhow::Result;
use consent_e2e::site::TestSite;

use crate::args::Args;
use crate::report::ManagerResults;
use crate::variant::Variant;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<()> {
    let args = args::parse()?;
    let mut runs = Vec::new();
    for variant in &args.variants {
        runs.push((*variant, measure(*variant, &args).await?));
    }

    for (variant, results) in &runs {
        println!("Tracker requests (from the page, to tracker hosts) per phase, {}:\n", variant.title());
        println!("{}\n", report::leak_table(results));
    }
    // The manager's own files are the same in every variant (the site's config is left out).
    if let Some((_, results)) = runs.first() {
        println!("Boot cost of a returning visitor (the manager's own files, the site's config excluded):\n");
        println!("{}", report::boot_table(results)?);
    }
    let notes: Vec<String> = runs
        .iter()
        .flat_map(|(variant, results)| {
            report::notes(results).into_iter().map(move |n| format!("{}: {n}", variant.id()))
        })
        .collect();
    if !notes.is_empty() {
        println!();
        for note in &notes {
            println!("- {note}");
        }
    }
    if runs.iter().any(|(_, results)| results.iter().any(|m| m.pages.iter().any(|(_, r)| r.is_err()))) {
        eprintln!("leak-bench: some pages could not be measured (see above)");
        std::process::exit(1);
    }
    Ok(())
}

/// Every manager of `args` on every page of `args`, set up as `variant` says. A page that could not be measured is
/// reported and kept as its error, so one failure does not cost the rest of a run of several minutes.
async fn measure(variant: Variant, args: &Args) -> Result<Vec<ManagerResults>> {
    let mut results = Vec::new();
    for manager in &args.managers {
        let label = manager.label()?;
        let site = TestSite::start(variant.site_options(*manager, &args.pages)?).await?;
        let mut pages = Vec::new();
        for page in &args.pages {
            eprintln!("leak-bench: {}: {label}: {page}", variant.id());
            let result = scenario::measure(&site, *manager, page, args.verbose).await;
            if let Err(error) = &result {
                eprintln!("leak-bench: {}: {label}: {page}: not measured: {error:#}", variant.id());
            }
            pages.push((page.clone(), result));
        }
        results.push(ManagerResults { manager: *manager, label, pages });
    }
    Ok(results)
}
