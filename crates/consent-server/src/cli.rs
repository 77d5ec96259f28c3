//! The `consent` command line: `consent serve` and `consent config check`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use consent_core::{ConfigError, SiteConfig};

use crate::{app, serve, AppState, Store};

/// Where the consent log lives when neither `--database` nor `DATABASE_URL` says.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://consent.db";

/// The consent-banner endpoint and its tools.
#[derive(Debug, Parser)]
#[command(name = "consent", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the consent endpoint (and serve the config, the banner bundle and the demo site).
    Serve(ServeArgs),
    /// Work with a site config.
    #[command(subcommand)]
    Config(ConfigCommand),
}

/// Options of `consent serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The site config; the endpoint refuses to start if it is invalid.
    #[arg(long, default_value = "demo/consent.json")]
    pub config: PathBuf,
    /// sqlite://FILE (created if missing) or postgres://… [default: $DATABASE_URL, else sqlite://consent.db]
    #[arg(long)]
    pub database: Option<String>,
    /// Directory served at `/` (the demo site).
    #[arg(long, default_value = "demo")]
    pub site_dir: PathBuf,
    /// Directory served at `/consent/` (Trunk's output: consent-boot.js, the banner's JS and WASM, banner.css).
    #[arg(long, default_value = "dist")]
    pub bundle_dir: PathBuf,
}

/// Subcommands of `consent config`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Check a config file and list every problem; exits with 1 if it is invalid.
    Check {
        /// The config file to check.
        file: PathBuf,
    },
}

/// Runs a parsed command line; the exit code says whether it succeeded.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => run_serve(args).await.map(|()| ExitCode::SUCCESS),
        Command::Config(ConfigCommand::Check { file }) => check_config(&file),
    }
}

async fn run_serve(args: ServeArgs) -> anyhow::Result<()> {
    let config = load_config(&args.config)?;
    let database_url = args
        .database
        .or_else(|| std::env::var("DATABASE_URL").ok().filter(|url| !url.is_empty()))
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
    let store = Store::connect(&database_url).await.context("opening the consent log")?;
    if !args.bundle_dir.is_dir() {
        tracing::warn!(dir = %args.bundle_dir.display(), "banner bundle directory not found: /consent/* will be 404");
    }
    let state = AppState::new(config, store, args.site_dir, args.bundle_dir);
    let listener =
        tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("listening on {}", args.addr))?;
    let addr = listener.local_addr().context("reading the listening address")?;
    println!("consent-banner endpoint listening on http://{addr}");
    serve(listener, app(state)).await.context("serving")
}

/// Reads and checks a config file, naming the file and every problem in the error.
fn load_config(path: &Path) -> anyhow::Result<SiteConfig> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading config {}", path.display()))?;
    SiteConfig::from_json(&text).with_context(|| format!("config {} is not usable", path.display()))
}

fn check_config(path: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading config {}", path.display()))?;
    match SiteConfig::from_json(&text) {
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
