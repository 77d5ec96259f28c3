//! `consent log check-consistency`: an auditor's offline check that a site's log only grew between two heads it
//! published — the tree of the older head is a prefix of the newer one's, so no record the older head covered was
//! changed or removed since. Needs only the two signed heads and the proof (`consent log consistency` or
//! `GET /v1/sites/{site}/log/consistency`), optionally the log's public key. No database, no network.

use std::path::Path;
use std::process::ExitCode;

use consent_core::log_proof::{ConsistencyProof, ProofCheckError, SignedTreeHead};
use consent_core::merkle::ProofError;

use crate::log_key::check_signature;
use crate::proof_check::read_json;
use crate::time::to_rfc3339;

/// The files `check-consistency` reads.
pub struct Files<'a> {
    /// The consistency proof (JSON); `-` for stdin.
    pub proof: &'a Path,
    /// The older signed head, as the site published it.
    pub old_head: &'a Path,
    /// The newer signed head.
    pub new_head: &'a Path,
}

/// Checks the proof between the two heads and prints the verdict; exit 1 when it does not hold.
pub fn run(files: Files<'_>, public_key: Option<&str>) -> anyhow::Result<ExitCode> {
    let proof: ConsistencyProof = read_json(files.proof, "a consistency proof")?;
    let old: SignedTreeHead = read_json(files.old_head, "a signed tree head")?;
    let new: SignedTreeHead = read_json(files.new_head, "a signed tree head")?;
    match check(&proof, &old, &new, public_key) {
        Ok(()) => {
            println!(
                "OK: site '{}': its log of {} records (root {}, signed {}) is a prefix of its log of {} records (root \
                 {}, signed {}): nothing the older head covered was changed or removed; both heads signed by {}{}",
                proof.site,
                old.head.tree_size,
                old.head.root_hash,
                to_rfc3339(old.head.timestamp_ms),
                new.head.tree_size,
                new.head.root_hash,
                to_rfc3339(new.head.timestamp_ms),
                new.public_key,
                if public_key.is_some() {
                    " (the pinned key)"
                } else {
                    " (not pinned: pass --public-key to pin the log's key)"
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(reason) => {
            println!("NOT CONSISTENT: site '{}': {reason}", proof.site);
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Why the proof does not show `old`'s log to be a prefix of `new`'s, if it does not.
pub fn check(
    proof: &ConsistencyProof,
    old: &SignedTreeHead,
    new: &SignedTreeHead,
    public_key: Option<&str>,
) -> Result<(), String> {
    check_signature(old, public_key).map_err(|error| format!("the older head: {error}"))?;
    check_signature(new, public_key).map_err(|error| format!("the newer head: {error}"))?;
    if !old.public_key.eq_ignore_ascii_case(&new.public_key) {
        return Err(format!(
            "the heads are signed by different keys ({} and {}): they are not heads of one log; pin the log's key \
             with --public-key",
            old.public_key, new.public_key
        ));
    }
    if old.head.site != new.head.site {
        return Err(format!("the heads are of different sites ('{}' and '{}')", old.head.site, new.head.site));
    }
    if old.head.tree_size > new.head.tree_size {
        return Err(format!(
            "the older head covers {} records, more than the newer one's {}: pass the heads in order (--old, --new)",
            old.head.tree_size, new.head.tree_size
        ));
    }
    proof.check(&old.head, &new.head).map_err(|error| match error {
        ProofCheckError::Merkle(ProofError::RootMismatch) => format!(
            "the proof does not join the two roots: the log at {} records is not a prefix of the log at {} records \
             (records the older head covered were changed or removed), or the proof was forged",
            old.head.tree_size, new.head.tree_size
        ),
        other => other.to_string(),
    })
}
