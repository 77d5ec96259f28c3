//! Polling instead of sleeping: a test waits exactly as long as the browser needs, and says what it waited for when
//! the browser never gets there.

use std::future::Future;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

/// How often a condition is checked.
const POLL_EVERY: Duration = Duration::from_millis(50);

/// The timeout for anything a browser should do promptly (load a page, run a script, answer a click).
pub const PROMPTLY: Duration = Duration::from_secs(10);

/// How long to watch for requests that must *not* happen, once the page has visibly settled. A tracker released by
/// mistake fires within a few milliseconds of the decision that released it; this leaves ample margin.
pub const SETTLE: Duration = Duration::from_millis(700);

/// Checks `condition` until it returns `Some`, and returns that value; fails after `timeout` with a message naming
/// `what` we waited for. A condition that fails with an error ends the wait with that error.
pub async fn wait_for<T, F, Fut>(mut condition: F, timeout: Duration, what: &str) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = condition().await? {
            return Ok(value);
        }
        if Instant::now() >= deadline {
            bail!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// Like [`wait_for`] for a condition that is simply true or false.
pub async fn wait_until<F, Fut>(mut condition: F, timeout: Duration, what: &str) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<bool>>,
{
    wait_for(
        || {
            let check = condition();
            async move { Ok(check.await?.then_some(())) }
        },
        timeout,
        what,
    )
    .await
}

/// Waits for `SETTLE`: the one fixed pause, used only before asserting that something did *not* happen.
pub async fn settle() {
    tokio::time::sleep(SETTLE).await;
}
