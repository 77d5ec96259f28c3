//! `consent gvl update --out FILE [--languages de,fr] [--source URL] [--allow-older]`: the command line of
//! [`crate::gvl_update`], which does the work.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::gvl_download::Downloader;
use crate::gvl_update::{update, UpdateOptions, DEFAULT_SOURCE};

/// Subcommands of `consent gvl`.
#[derive(Debug, Subcommand)]
pub enum GvlCommand {
    /// Download IAB Europe's current Global Vendor List and its translations into the files `consent serve --gvl`
    /// reads. Every file is checked before anything is written, and each is replaced whole, so a failed update leaves
    /// the old list. A running `consent serve` keeps the list it started with: restart it to use the new one.
    Update(UpdateArgs),
}

/// Options of `consent gvl update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The list's file (`gvl/vendor-list.json`, the folder is created if missing); the `purposes-{language}.json`
    /// translations are written beside it.
    #[arg(long)]
    pub out: PathBuf,
    /// The translations to download (comma-separated ISO 639-1 codes as IAB names its files: `de,fr,pt-br`); each
    /// must exist. Default: every language IAB's TCF library knows, skipping those IAB does not publish.
    #[arg(long, value_delimiter = ',')]
    pub languages: Option<Vec<String>>,
    /// The folder URL holding `vendor-list.json` and the translations (a mirror of IAB's, for instance).
    #[arg(long, default_value = DEFAULT_SOURCE)]
    pub source: String,
    /// Write the downloaded list even if it is older than the one at --out.
    #[arg(long)]
    pub allow_older: bool,
}

/// Runs a `consent gvl` subcommand and prints what it wrote.
pub async fn run(command: GvlCommand) -> anyhow::Result<ExitCode> {
    let GvlCommand::Update(args) = command;
    let options =
        UpdateOptions { out: args.out, languages: args.languages, source: args.source, allow_older: args.allow_older };
    let updated = update(&options, &Downloader::new()?).await?;
    for file in &updated.written {
        println!("wrote {}", file.display());
    }
    if !updated.not_published.is_empty() {
        println!("IAB publishes no translation for: {}", updated.not_published.join(", "));
    }
    let replaced = updated.replaced.map(|old| format!(", replacing version {old}")).unwrap_or_default();
    let languages = if updated.languages.is_empty() { "none".to_owned() } else { updated.languages.join(", ") };
    println!(
        "Global Vendor List version {} (TCF policy version {}, published {}): {} vendors ({} more deleted), \
         translations: {languages}{replaced}",
        updated.version, updated.policy_version, updated.last_updated, updated.vendors, updated.deleted
    );
    println!("restart `consent serve --gvl {}` to use it", options.out.display());
    Ok(ExitCode::SUCCESS)
}
