//! `consent scan URL [--pages N] [--out DIR] [--chromium-arg ARG]...`: the command line of the scanner
//! (crates/consent-scan), which does the work.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use consent_scan::{scan, ScanOptions, MAX_PAGES};

/// What `consent scan` takes.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The page to start from (http or https).
    pub url: String,
    /// How many pages to visit per pass, following links to the same origin.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=MAX_PAGES as u64))]
    pub pages: u64,
    /// The directory to write report.html, report.md, report.json and suggested-config.json into.
    #[arg(long, default_value = "consent-scan")]
    pub out: PathBuf,
    /// An extra Chromium argument, repeatable: `--chromium-arg=--host-resolver-rules=MAP * 127.0.0.1:8443` to send
    /// every host to a local server, `--chromium-arg=--proxy-server=…`, `--chromium-arg=--ignore-certificate-errors`.
    #[arg(long = "chromium-arg", value_name = "ARG", allow_hyphen_values = true)]
    pub chromium_args: Vec<String>,
    /// How long to wait after each page has loaded for requests that come late, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    pub settle_ms: u64,
}

/// Runs the scan and prints the headline and the files written.
pub async fn run(args: ScanArgs) -> anyhow::Result<ExitCode> {
    let options = ScanOptions {
        url: args.url,
        // Bounded by the parser above.
        pages: args.pages as usize,
        out: args.out,
        chromium_args: args.chromium_args,
        settle: Duration::from_millis(args.settle_ms),
    };
    let outcome = scan(&options).await?;
    println!("{}", outcome.report.headline());
    for file in &outcome.files {
        println!("wrote {}", file.display());
    }
    Ok(ExitCode::SUCCESS)
}
