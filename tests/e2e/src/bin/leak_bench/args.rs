//! The command line: which configuration variants, managers and corpus pages to measure (all of them by default).

use anyhow::{bail, Result};

use crate::manager::{corpus_pages, Manager};
use crate::variant::Variant;

pub const USAGE: &str = "usage: leak_bench [--verbose] [--config all|owner|both] \
                         [--manager consent-banner|vanilla-cookieconsent|klaro]... [--page NAME.html]...";

/// What to measure, and how much to print.
pub struct Args {
    /// Print every counted request and the cookies to stderr.
    pub verbose: bool,
    /// The configuration variants, each measured and printed as its own table.
    pub variants: Vec<Variant>,
    pub managers: Vec<Manager>,
    /// Corpus page names (`gtag.html`), checked to be corpus pages.
    pub pages: Vec<String>,
}

/// Reads the process's arguments; prints [`USAGE`] and exits on `--help`.
pub fn parse() -> Result<Args> {
    let mut args = Args { verbose: false, variants: Variant::ALL.to_vec(), managers: Vec::new(), pages: Vec::new() };
    let mut words = std::env::args().skip(1);
    while let Some(word) = words.next() {
        match word.as_str() {
            "--verbose" | "-v" => args.verbose = true,
            "--config" => {
                let id = words.next().unwrap_or_default();
                args.variants = match id.as_str() {
                    "both" => Variant::ALL.to_vec(),
                    _ => match Variant::ALL.into_iter().find(|v| v.id() == id) {
                        Some(variant) => vec![variant],
                        None => bail!("unknown config variant '{id}'\n{USAGE}"),
                    },
                };
            }
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
