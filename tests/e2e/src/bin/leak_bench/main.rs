//! The leak benchmark: the tracker corpus (tests/e2e/fixtures/corpus) through this project's banner,
//! vanilla-cookieconsent and Klaro, each set up as its own documentation says, in the same headless Chromium with the
//! same flags and tracker recorder as the end-to-end tests. For each manager and page it prints the tracker requests
//! sent before consent, after "Reject all" and after withdrawal, whether the trackers' cookies were removed, whether
//! "Accept all" really loaded the page's snippets, and each manager's boot cost. A benchmark, not a test: it always
//! prints the table, and fails only if a measurement could not be made.
//!
//! ```text
//! scripts/bench-leaks [--verbose] [--manager consent-banner|vanilla-cookieconsent|klaro]... [--page gtag.html]...
//! ```

mod manager;
mod report;
mod scenario;
mod trackers;

use anyhow::{bail, Result};
use consent_e2e::site::TestSite;

use crate::manager::{corpus_pages, Manager};
use crate::report::ManagerResults;

/// The command line.
struct Args {
    verbose: bool,
    managers: Vec<Manager>,
    pages: Vec<String>,
}

const USAGE: &str = "usage: leak_bench [--verbose] [--manager consent-banner|vanilla-cookieconsent|klaro]... \
                     [--page NAME.html]...";

fn parse_args() -> Result<Args> {
    let mut args = Args { verbose: false, managers: Vec::new(), pages: Vec::new() };
    let mut words = std::env::args().skip(1);
    while let Some(word) = words.next() {
        match word.as_str() {
            "--verbose" | "-v" => args.verbose = true,
            "--manager" => {
                let id = words.next().unwrap_or_default();
                match Manager::ALL.into_iter().find(|m| m.id() == id) {
                    Some(manager) => args.managers.push(manager),
                    None => bail!("unknown manager '{id}'\n{USAGE}"),
                }
            }
            "--page" => args.pages.push(words.next().unwrap_or_default()),
            "--help" | "-h" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument '{other}'\n{USAGE}"),
        }
    }
    if args.managers.is_empty() {
        args.managers = Manager::ALL.to_vec();
    }
    let corpus = corpus_pages()?;
    if let Some(unknown) = args.pages.iter().find(|p| !corpus.contains(p)) {
        bail!("'{unknown}' is not a corpus page: {corpus:?}");
    }
    if args.pages.is_empty() {
        args.pages = corpus;
    }
    Ok(args)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<()> {
    let args = parse_args()?;
    let mut results = Vec::new();
    for manager in &args.managers {
        let label = manager.label()?;
        let site = TestSite::start(manager.site_options(&args.pages)?).await?;
        let mut pages = Vec::new();
        for page in &args.pages {
            eprintln!("leak-bench: {label}: {page}");
            let result = scenario::measure(&site, *manager, page, args.verbose).await;
            if let Err(error) = &result {
                eprintln!("leak-bench: {label}: {page}: not measured: {error:#}");
            }
            pages.push((page.clone(), result));
        }
        results.push(ManagerResults { manager: *manager, label, pages });
    }

    println!("Tracker requests (from the page, to tracker hosts) per phase:\n");
    println!("{}\n", report::leak_table(&results));
    println!("Boot cost of a returning visitor (the manager's own files, the site's config excluded):\n");
    println!("{}", report::boot_table(&results)?);
    let notes = report::notes(&results);
    if !notes.is_empty() {
        println!();
        for note in &notes {
            println!("- {note}");
        }
    }
    if results.iter().any(|m| m.pages.iter().any(|(_, r)| r.is_err())) {
        eprintln!("leak-bench: some pages could not be measured (see above)");
        std::process::exit(1);
    }
    Ok(())
}
