//! The `consent` command line: `consent serve`, `consent config check`, `consent log …`, `consent policy …` and
//! `consent scan` and `consent gvl update`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use consent_core::tcf::VendorList;
use consent_core::{ConfigError, SiteConfig};
use consent_policy_import::import_config_policy;

pub use crate::cli_serve::{ServeArgs, DEFAULT_DATABASE_URL};

/// The consent-banner endpoint and its tools.
#[derive(Debug, Parser)]
#[command(name = "consent", version, about)]
pub struct Cli {
    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the consent endpoint (and serve the config, the banner bundle and the demo site).
    Serve(Box<ServeArgs>),
    /// Work with a site config.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Work with the proof-of-consent log: verify its hash chains, export it, purge old records.
    #[command(subcommand)]
    Log(crate::cli_log::LogCommand),
    /// Import a privacy policy and print its sections, tracking technologies and suggested categories.
    #[command(subcommand)]
    Policy(crate::cli_policy::PolicyCommand),
    /// Scan a site in headless Chromium (before any choice, after "Reject all", after "Accept all") and write a
    /// report of the trackers it loads and a suggested config.
    Scan(crate::cli_scan::ScanArgs),
    /// Work with IAB Europe's Global Vendor List (sites whose config has a `tcf` section).
    #[command(subcommand)]
    Gvl(crate::cli_gvl::GvlCommand),
}

/// Subcommands of `consent config`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Check a config file and list every problem; exits with 1 if it is invalid.
    Check {
        /// The config file to check.
        file: PathBuf,
    },
    /// Print the config's JSON Schema (what `GET /v1/schema/config.json` serves and `schemas/config.schema.json`
    /// holds), for editors and tools.
    Schema,
    /// Write the endpoint's public files for this config into a folder, for a static host or a CDN to serve in its
    /// place: the config as `consent serve` serves it (`consent.json`) and its first layer in every language
    /// (`v1/sites/{site}/first-layer/{language}.json`), which the boot loader paints before the banner's WebAssembly
    /// arrives. Copy the folder to the root of the host the embed's `data-endpoint` names.
    ExportStatic {
        /// The config file (checked as `consent config check` does; nothing is written if it is invalid).
        file: PathBuf,
        /// The banner bundle, whose `locales/` give the first layer its words in each language.
        #[arg(long, default_value = "dist")]
        bundle: PathBuf,
        /// The folder to write into (created if missing; files of the same names are replaced).
        #[arg(long)]
        out: PathBuf,
        /// The site's pages: a policy the banner fetches by a path on the site (`"policy": {"url": "/privacy.json"}`)
        /// is read from here, so that the first layers carry out "Accept all" and "Reject all" without the banner's
        /// WebAssembly (without it, such a policy's first layers leave the answers to the banner).
        #[arg(long)]
        site: Option<PathBuf>,
        /// The Global Vendor List, as `consent serve --gvl` takes it: needed for a config with a `tcf` section.
        #[arg(long, env = "CONSENT_GVL_FILE")]
        gvl: Option<PathBuf>,
    },
}

/// Runs a parsed command line; the exit code says whether it succeeded.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => crate::cli_serve::run(*args).await.map(|()| ExitCode::SUCCESS),
        Command::Log(command) => crate::cli_log::run(command).await,
        Command::Policy(command) => Ok(crate::cli_policy::run(command)),
        Command::Config(ConfigCommand::Check { file }) => check_config(&file),
        Command::Config(ConfigCommand::Schema) => {
            print!("{}", crate::routes::config_schema::schema_text());
            Ok(ExitCode::SUCCESS)
        }
        Command::Config(ConfigCommand::ExportStatic { file, bundle, out, site, gvl }) => {
            let vendor_list = gvl.as_deref().map(crate::gvl_file::load).transpose()?;
            export_static(&file, &bundle, &out, site.as_deref(), vendor_list.as_ref())
        }
        Command::Scan(args) => crate::cli_scan::run(args).await,
        Command::Gvl(command) => crate::cli_gvl::run(command).await,
    }
}

fn export_static(
    file: &Path,
    bundle: &Path,
    out: &Path,
    site: Option<&Path>,
    vendor_list: Option<&VendorList>,
) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading config {}", file.display()))?;
    match crate::static_export::export_static_with(&text, bundle, out, site, vendor_list) {
        Ok(exported) => {
            for written in &exported.files {
                println!("wrote {}", out.join(written).display());
            }
            for (language, why) in &exported.skipped {
                println!("skipped {language}: {why} (its visitors see the banner once its WebAssembly runs)");
            }
            println!(
                "{} files for site {}: copy {} to the root of the host the embed's data-endpoint names",
                exported.files.len(),
                exported.site,
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            println!("{}: {error}", file.display());
            Ok(ExitCode::FAILURE)
        }
    }
}

fn check_config(path: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading config {}", path.display()))?;
    // The policy is imported as when the config is served, so a policy the importer refuses fails the check too.
    let checked = SiteConfig::from_json(&text).and_then(|mut config| {
        import_config_policy(&mut config).map_err(|problem| ConfigError::Invalid(vec![problem]))?;
        Ok(config)
    });
    match checked {
        Ok(config) => {
            println!(
                "{}: ok (site {}, revision {}, {} categories)",
                path.display(),
                config.site,
                config.revision,
                config.categories.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ConfigError::Invalid(problems)) => {
            println!("{}: {} problem(s)", path.display(), problems.len());
            for problem in problems {
                println!("  {problem}");
            }
            Ok(ExitCode::FAILURE)
        }
        Err(malformed @ ConfigError::Malformed(_)) => {
            println!("{}: {malformed}", path.display());
            Ok(ExitCode::FAILURE)
        }
    }
}
