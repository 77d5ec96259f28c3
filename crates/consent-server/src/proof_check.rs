//! `consent log check-proof`: a visitor's (or auditor's) offline check that a record is in a site's log, with only the
//! proof, optionally a head the site published, and optionally the log's public key. No database, no network.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use consent_core::log_proof::{InclusionProof, SignedTreeHead};

use crate::log_key::check_signature;
use crate::time::to_rfc3339;

/// Checks the proof in `proof_file` and prints the verdict; exit 1 when the proof does not hold.
pub fn run(proof_file: &Path, head_file: Option<&Path>, public_key: Option<&str>) -> anyhow::Result<ExitCode> {
    let proof: InclusionProof = read_json(proof_file, "an inclusion proof")?;
    let head: Option<SignedTreeHead> = head_file.map(|file| read_json(file, "a signed tree head")).transpose()?;
    match check(&proof, head.as_ref(), public_key) {
        Ok(()) => {
            let h = &proof.head.head;
            println!(
                "OK: consent {} is record {} of site '{}': included in its log of {} records (root {}), head signed at \
                 {} by {}{}",
                proof.consent_id,
                proof.seq,
                h.site,
                h.tree_size,
                h.root_hash,
                to_rfc3339(h.timestamp_ms),
                proof.head.public_key,
                if public_key.is_some() { " (the pinned key)" } else { " (not pinned: pass --public-key to pin the log's key)" }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(reason) => {
            println!("NOT PROVEN: consent {}: {reason}", proof.consent_id);
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Why the proof does not hold, if it does not.
pub fn check(proof: &InclusionProof, head: Option<&SignedTreeHead>, public_key: Option<&str>) -> Result<(), String> {
    proof.check().map_err(|error| error.to_string())?;
    check_signature(&proof.head, public_key).map_err(|error| error.to_string())?;
    if let Some(head) = head {
        check_signature(head, public_key).map_err(|error| format!("the published head: {error}"))?;
        let (ours, theirs) = (&proof.head.head, &head.head);
        if ours.site != theirs.site {
            return Err(format!("the proof is of site '{}', the head of site '{}'", ours.site, theirs.site));
        }
        if ours.tree_size != theirs.tree_size {
            return Err(format!(
                "the proof is against the tree of {} records, the published head covers {}: fetch the proof at the \
                 head's size (GET /v1/consents/{}/proof?tree_size={} or `consent log prove --tree-size {}`)",
                ours.tree_size, theirs.tree_size, proof.consent_id, theirs.tree_size, theirs.tree_size
            ));
        }
        if !ours.root_hash.eq_ignore_ascii_case(&theirs.root_hash) {
            return Err(format!(
                "the proof's tree of {} records has root {}, the published head root {}: the log was rewritten",
                ours.tree_size, ours.root_hash, theirs.root_hash
            ));
        }
    }
    Ok(())
}

/// `file` (or stdin for `-`) parsed as JSON, or an error naming the file, `what` it should be, and where it is not.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(file: &Path, what: &str) -> anyhow::Result<T> {
    let text = if file.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("reading stdin")?
    } else {
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?
    };
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| anyhow::anyhow!("{} is not {what}: {} (at {})", file.display(), error.inner(), error.path()))
}
