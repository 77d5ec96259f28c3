//! How fast each consent manager's first-visit banner appears and what it costs in bytes, ours against
//! vanilla-cookieconsent and Klaro, with a page that has no manager as the baseline. A benchmark that prints figures,
//! not a test: `scripts/bench-banner-speed`.
//!
//! ```text
//! banner_speed [RUNS] [--profile none|slow4g]... [--deployment serve|static]... [--verbose]
//! ```
//!
//! Every visitor is a fresh headless Chromium that opens the same corpus page (`gtag.html`), set up for each manager as
//! the leak benchmark sets it up (tests/e2e/fixtures/leak-bench/), under each network and CPU profile
//! ([`profile`]) and from each deployment ([`deployment`]): see [`measure`] for what is measured. Visitors alternate
//! between the managers so that all see the same machine load. The table goes to stdout, progress to stderr.

// The leak benchmark's description of each manager's setup, shared so that both benchmarks measure the same sites;
// this one reads only the pages, the selectors and the cookie names of it.
#[path = "../leak_bench/manager.rs"]
#[allow(dead_code)]
mod manager;

mod contender;
mod deployment;
mod measure;
mod profile;
mod report;
mod static_site;

use anyhow::{bail, Context, Result};
use tracker_recorder::Recorder;

use crate::contender::Contender;
use crate::deployment::Deployment;
use crate::measure::{PageView, Visit};
use crate::profile::Profile;
use crate::report::Row;

const DEFAULT_RUNS: usize = 5;
const USAGE: &str = "usage: banner_speed [RUNS] [--profile none|slow4g]... [--deployment serve|static]... [--verbose]";

/// The command line.
struct Args {
    runs: usize,
    profiles: Vec<Profile>,
    deployments: Vec<Deployment>,
    /// Lists every response of every page view on stderr (to see what was compressed, what came from the cache).
    verbose: bool,
}

fn parse_args() -> Result<Args> {
    let mut args = Args { runs: DEFAULT_RUNS, profiles: Vec::new(), deployments: Vec::new(), verbose: false };
    let mut words = std::env::args().skip(1);
    while let Some(word) = words.next() {
        match word.as_str() {
            "--profile" => args.profiles.push(Profile::parse(&words.next().unwrap_or_default())?),
            "--deployment" => args.deployments.push(Deployment::parse(&words.next().unwrap_or_default())?),
            "--verbose" | "-v" => args.verbose = true,
            "--help" | "-h" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            runs if runs.bytes().all(|b| b.is_ascii_digit()) => {
                args.runs = runs.parse().context(USAGE)?;
            }
            other => bail!("unknown argument '{other}'\n{USAGE}"),
        }
    }
    if args.runs == 0 {
        bail!("RUNS must be at least 1\n{USAGE}");
    }
    if args.profiles.is_empty() {
        args.profiles = Profile::ALL.to_vec();
    }
    if args.deployments.is_empty() {
        args.deployments = Deployment::ALL.to_vec();
    }
    Ok(args)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<()> {
    let args = parse_args()?;
    let recorder = Recorder::start("127.0.0.1:0")?;
    let mut rows = Vec::new();
    for profile in &args.profiles {
        for deployment in &args.deployments {
            let mut sites = Vec::new();
            for contender in Contender::ALL {
                sites.push(deployment.start(contender.site_options()?).await?);
            }
            let mut visits: Vec<Vec<Visit>> = Contender::ALL.iter().map(|_| Vec::new()).collect();
            for run in 1..=args.runs {
                for (index, contender) in Contender::ALL.into_iter().enumerate() {
                    let visit = measure::visit(&sites[index], &recorder, contender, *profile)
                        .await
                        .with_context(|| format!("{} {} {}", profile.id(), deployment.id(), contender.id()))?;
                    progress(*profile, *deployment, run, args.runs, contender, &visit, args.verbose);
                    visits[index].push(visit);
                }
            }
            for (contender, visits) in Contender::ALL.into_iter().zip(visits) {
                rows.push(Row { profile: *profile, deployment: *deployment, contender, visits });
            }
        }
    }
    report::print(&rows, args.runs)
}

/// One line per visitor on stderr, with the figures that show the throttling applies (when the document arrived, how
/// long the CPU check took).
fn progress(
    profile: Profile,
    deployment: Deployment,
    run: usize,
    runs: usize,
    contender: Contender,
    visit: &Visit,
    verbose: bool,
) {
    let banner = visit.banner_ms.map_or_else(|| "—".to_owned(), |ms| format!("{ms:.0} ms"));
    eprintln!(
        "{} {} {run}/{runs} {:<22} banner {banner:>8}, first {:6.1} KB in {} requests (document at {:.0} ms, \
         CPU check {:.0} ms), returning DCL {:.0} ms, {:.1} KB in {} requests",
        profile.id(),
        deployment.id(),
        contender.id(),
        visit.first.bytes() as f64 / 1024.0,
        visit.first.network_requests(),
        visit.first.document_ms,
        visit.cpu_check_ms,
        visit.returning.dom_content_loaded_ms,
        visit.returning.bytes() as f64 / 1024.0,
        visit.returning.network_requests(),
    );
    if verbose {
        list("first", &visit.first);
        list("returning", &visit.returning);
    }
}

fn list(view: &str, page: &PageView) {
    for r in &page.resources {
        eprintln!(
            "    {view:<9} {:>7} B on the wire, body {:>7} B sent / {:>7} B used  {}",
            r.transfer, r.encoded, r.decoded, r.url
        );
    }
}
