//! `consent log …`: the proof-of-consent log from the command line — verify its hash chains, export it, purge it,
//! prove a record is in it and check such a proof offline.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Subcommand;
use consent_core::config::check_site_id;
use futures_util::StreamExt;

use crate::chain::verify::{verify_site, Verifier};
use crate::cli_serve::database_url;
use crate::export::{self, Format};
use crate::routes::export::time_window;
use crate::row::LoggedRow;
use crate::store::pages::Range;
use crate::time::now_ms;
use crate::{ChainKey, Store};

/// Subcommands of `consent log`.
#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Recompute every site's hash chain (or one site's) from the database. Prints a summary per site and exits 0
    /// when all are intact; otherwise names the first edited, inserted or deleted record and exits 1.
    Verify {
        /// Only this site.
        #[arg(long)]
        site: Option<String>,
        /// sqlite://FILE or postgres://… [default: $DATABASE_URL, else sqlite://consent.db]
        #[arg(long)]
        database: Option<String>,
        /// The key purge checkpoints were signed with; checks their signatures.
        #[arg(long, env = "CONSENT_CHAIN_KEY", hide_env_values = true)]
        chain_key: Option<String>,
    },
    /// Verify an NDJSON export offline, without the database: recompute every record's hash from its fields and check
    /// that each record chains to the one before it. Exits 1 naming the first broken record.
    VerifyExport {
        /// The export (`consent log export` or `GET /v1/sites/{site}/consents`, NDJSON); `-` for stdin.
        file: std::path::PathBuf,
    },
    /// Write a site's log to stdout, with its chain hashes, for an auditor to verify offline.
    Export {
        /// The site whose log to write.
        #[arg(long)]
        site: String,
        /// ndjson or csv.
        #[arg(long, default_value = "ndjson")]
        format: String,
        /// Records received at or after this time (Unix milliseconds or RFC 3339).
        #[arg(long)]
        from: Option<String>,
        /// Records received before this time (Unix milliseconds or RFC 3339).
        #[arg(long)]
        to: Option<String>,
        /// sqlite://FILE or postgres://… [default: $DATABASE_URL, else sqlite://consent.db]
        #[arg(long)]
        database: Option<String>,
    },
    /// Print a record's inclusion proof (JSON): its leaf, place and audit path in its site's Merkle tree, and the
    /// signed tree head they lead to, as `GET /v1/consents/{id}/proof` answers it.
    Prove {
        /// The record's consent id.
        consent_id: String,
        /// Which tree to prove against, and where the log and its key are.
        #[command(flatten)]
        tree: SignedTree,
    },
    /// Print a site's signed tree head (JSON), as `GET /v1/sites/{site}/log/head` answers it.
    Head {
        /// The site whose signed tree head to print.
        #[arg(long)]
        site: String,
        /// Which tree to sign, and where the log and its key are.
        #[command(flatten)]
        tree: SignedTree,
    },
    /// Check a record's inclusion proof offline, with no database: the audit path leads from the record's chain hash
    /// to the signed head's root, and the head's signature holds. Exits 0 when it does, 1 naming what fails.
    CheckProof {
        /// The proof (`consent log prove` or `GET /v1/consents/{id}/proof`); `-` for stdin.
        proof: std::path::PathBuf,
        /// A head published by the site (`GET /v1/sites/{site}/log/head`): the proof must lead to this head.
        #[arg(long)]
        head: Option<std::path::PathBuf>,
        /// The log's public key (64 hex characters) that the head must be signed with; without it, the key named in
        /// the head is used and the check says so.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Print the proof (JSON) that a site's log at --from records is a prefix of its log at --to records (default:
    /// every committed record), as `GET /v1/sites/{site}/log/consistency` answers it; check it offline with
    /// `consent log check-consistency`.
    Consistency {
        /// The site whose log the proof is about.
        #[arg(long)]
        site: String,
        /// The size of the older tree (a head published earlier).
        #[arg(long)]
        from: u64,
        /// The size of the newer tree [default: every committed record].
        #[arg(long)]
        to: Option<u64>,
        /// sqlite://FILE or postgres://… [default: $DATABASE_URL, else sqlite://consent.db]
        #[arg(long)]
        database: Option<String>,
    },
    /// Check a consistency proof offline, with no database: both heads' signatures hold, under one key, for one site,
    /// and the proof joins the older head's root to the newer one's, so nothing the older head covered was changed
    /// or removed. Exits 0 when it does, 1 naming what fails.
    CheckConsistency {
        /// The proof (`consent log consistency` or `GET /v1/sites/{site}/log/consistency`); `-` for stdin.
        proof: std::path::PathBuf,
        /// The older signed head the site published (`GET /v1/sites/{site}/log/head`).
        #[arg(long)]
        old: std::path::PathBuf,
        /// The newer signed head.
        #[arg(long)]
        new: std::path::PathBuf,
        /// The log's public key (64 hex characters) both heads must be signed with; without it, the key named in
        /// the heads is used and the check says so.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Delete a site's records older than a number of days, leaving a checkpoint the chain restarts from.
    Purge {
        /// The site whose old records to delete.
        #[arg(long)]
        site: String,
        /// Records received more than this many days ago are deleted.
        #[arg(long, default_value_t = 365)]
        older_than_days: u32,
        /// sqlite://FILE or postgres://… [default: $DATABASE_URL, else sqlite://consent.db]
        #[arg(long)]
        database: Option<String>,
        /// Signs the checkpoint.
        #[arg(long, env = "CONSENT_CHAIN_KEY", hide_env_values = true)]
        chain_key: Option<String>,
    },
}

/// Runs a `consent log` subcommand.
pub async fn run(command: LogCommand) -> anyhow::Result<ExitCode> {
    match command {
        LogCommand::Verify { site, database, chain_key } => verify(site, database, chain_key).await,
        LogCommand::VerifyExport { file } => verify_export(&file),
        LogCommand::Export { site, format, from, to, database } => {
            export_log(site, &format, from, to, database).await.map(|()| ExitCode::SUCCESS)
        }
        LogCommand::Purge { site, older_than_days, database, chain_key } => {
            purge(site, older_than_days, database, chain_key).await
        }
        LogCommand::Prove { consent_id, tree } => {
            let (store, key) = tree.open().await?;
            let proof = crate::log_tree::prove(&store, &key, &consent_id, tree.tree_size).await?;
            println!("{}", serde_json::to_string_pretty(&proof)?);
            Ok(ExitCode::SUCCESS)
        }
        LogCommand::Head { site, tree } => {
            let (store, key) = tree.open().await?;
            if !store.site_exists(&site).await? {
                bail!("site '{site}' has no log in this database");
            }
            let head = crate::log_tree::head(&store, &key, &site, tree.tree_size).await?;
            println!("{}", serde_json::to_string_pretty(&head)?);
            Ok(ExitCode::SUCCESS)
        }
        LogCommand::CheckProof { proof, head, public_key } => {
            crate::proof_check::run(&proof, head.as_deref(), public_key.as_deref())
        }
        LogCommand::Consistency { site, from, to, database } => {
            let store = open(database).await?;
            if !store.site_exists(&site).await? {
                bail!("site '{site}' has no log in this database");
            }
            let proof = crate::log_tree::consistency(&store, &site, from, to).await?;
            println!("{}", serde_json::to_string_pretty(&proof)?);
            Ok(ExitCode::SUCCESS)
        }
        LogCommand::CheckConsistency { proof, old, new, public_key } => {
            let files = crate::consistency_check::Files { proof: &proof, old_head: &old, new_head: &new };
            crate::consistency_check::run(files, public_key.as_deref())
        }
    }
}

async fn open(database: Option<String>) -> anyhow::Result<Store> {
    let url = database_url(database);
    Store::connect(&url)
        .await
        .with_context(|| format!("opening the consent log {}", crate::store::redact_password(&url)))
}

/// The options of the commands that answer with a signed tree head (`prove`, `head`).
#[derive(Debug, clap::Args)]
pub struct SignedTree {
    /// Use the tree at this many records (a head published earlier) instead of the whole log.
    #[arg(long)]
    tree_size: Option<u64>,
    /// sqlite://FILE or postgres://… [default: $DATABASE_URL, else sqlite://consent.db]
    #[arg(long)]
    database: Option<String>,
    /// The key file the servers sign with (`consent serve --log-key-file`); default: the key kept in the database.
    #[arg(long, env = "CONSENT_LOG_KEY_FILE")]
    log_key_file: Option<std::path::PathBuf>,
}

impl SignedTree {
    /// The log, and the key its heads are signed with: the file's, else the database's (generated there if none
    /// yet).
    async fn open(&self) -> anyhow::Result<(Store, crate::log_key::LogKey)> {
        let file_key = self.log_key_file.as_deref().map(crate::log_key::LogKey::from_file).transpose()?;
        let store = open(self.database.clone()).await?;
        let key = match file_key {
            Some(key) => key,
            None => crate::log_key::LogKey::stored(&store).await?,
        };
        Ok((store, key))
    }
}

async fn verify(site: Option<String>, database: Option<String>, chain_key: Option<String>) -> anyhow::Result<ExitCode> {
    let key = chain_key.as_deref().map(ChainKey::new).transpose()?;
    let store = open(database).await?;
    let sites = match site {
        Some(site) => {
            if !store.site_exists(&site).await? {
                bail!("site '{site}' has no log in this database");
            }
            vec![site]
        }
        None => store.logged_sites().await?,
    };
    if sites.is_empty() {
        println!("the log holds no site");
    }
    let mut intact = true;
    for site in sites {
        match verify_site(&store, &site, key.as_ref()).await? {
            Ok(summary) => println!("{summary}"),
            Err(broken) => {
                intact = false;
                println!("site {site}: BROKEN at record {}: {broken}", broken.seq());
            }
        }
    }
    Ok(if intact { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn verify_export(file: &std::path::Path) -> anyhow::Result<ExitCode> {
    use std::io::BufRead;
    let reader: Box<dyn BufRead> = if file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let opened = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
        Box::new(std::io::BufReader::new(opened))
    };
    let mut verifier: Option<(String, Verifier)> = None;
    for (index, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", file.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: LoggedRow = serde_json::from_str(&line)
            .with_context(|| format!("line {} is not a record of a consent log export", index + 1))?;
        // An export may start anywhere (a purge, a `from`): its first record's link is taken as the starting point.
        let (site, verifier) = verifier.get_or_insert_with(|| {
            let start = (record.link.seq - 1, record.link.prev_hash.clone());
            (record.row.site.clone(), Verifier::new(Some(start), None))
        });
        if record.row.site != *site {
            bail!("line {}: record of site '{}' in an export of site '{site}'", index + 1, record.row.site);
        }
        if let Err(broken) = verifier.check(&record) {
            println!("site {site}: BROKEN at record {}: {broken}", broken.seq());
            return Ok(ExitCode::FAILURE);
        }
    }
    match verifier {
        Some((site, verifier)) => {
            println!("{} (export: the chain head is not in it)", verifier.finish_without_head(&site))
        }
        None => println!("the export holds no record"),
    }
    Ok(ExitCode::SUCCESS)
}

async fn export_log(
    site: String,
    format: &str,
    from: Option<String>,
    to: Option<String>,
    database: Option<String>,
) -> anyhow::Result<()> {
    let format = Format::parse(format).with_context(|| format!("--format '{format}' is not ndjson or csv"))?;
    let (from_ms, to_ms) = time_window(from.as_deref(), to.as_deref())
        .map_err(|problems| anyhow::anyhow!("{}", consent_core::field_error::join(&problems)))?;
    if check_site_id(&site).is_err() {
        bail!("'{site}' is not a site id");
    }
    let store = open(database).await?;
    if !store.site_exists(&site).await? {
        bail!("site '{site}' has no log in this database");
    }
    let mut chunks = Box::pin(export::stream(store, Range { site, from_ms, to_ms }, format));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk?;
        match out.write_all(&chunk) {
            // A reader that stopped early (`| head`) is not an error.
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            other => other.context("writing the export")?,
        }
    }
    match out.flush() {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing the export"),
    }
}

async fn purge(
    site: String,
    days: u32,
    database: Option<String>,
    chain_key: Option<String>,
) -> anyhow::Result<ExitCode> {
    let key = chain_key.as_deref().map(ChainKey::new).transpose()?;
    if days == 0 {
        bail!("--older-than-days must be 1 or more");
    }
    let store = open(database).await?;
    let cutoff_ms = now_ms().saturating_sub(i64::from(days) * 86_400_000);
    match store.purge(&site, cutoff_ms, key.as_ref()).await? {
        Ok(purged) => {
            match &purged.checkpoint {
                Some(checkpoint) => println!(
                    "site {site}: purged {} record(s) up to seq {} (checkpoint hash {}{})",
                    purged.purged_records,
                    checkpoint.seq,
                    checkpoint.record_hash,
                    if checkpoint.mac.is_some() { ", signed" } else { ", unsigned" }
                ),
                None => println!("site {site}: nothing older than {days} days"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(broken) => {
            println!("site {site}: nothing purged: the records due for deletion fail verification: {broken}");
            Ok(ExitCode::FAILURE)
        }
    }
}
