//! SQLite WAL checkpoints off the writer's path.
//!
//! A checkpoint copies the write-ahead log back into the database file and fsyncs it. SQLite runs one automatically
//! inside whichever commit pushes the log past its threshold, which stalls that commit (and every consent waiting on
//! it) for as long as the copy takes: a tail-latency spike every few thousand records. Instead, this task runs
//! PASSIVE checkpoints (which never block the writer) shortly after writes, so the log stays short and the writer's
//! own checkpoint, kept as a safety net at a high threshold, finds nothing left to do.

use std::time::Duration;

use sqlx::AnyPool;
use tokio::sync::watch;

/// How long the checkpointer lets writes accumulate before it checkpoints them.
const DELAY: Duration = Duration::from_millis(250);

/// The writer's side: tells the checkpointer that rows were committed.
#[derive(Debug)]
pub(super) struct Checkpointer {
    committed: watch::Sender<u64>,
}

impl Checkpointer {
    /// Starts the checkpoint task for `pool`; it ends when this handle is dropped.
    pub(super) fn spawn(pool: AnyPool) -> Self {
        let (committed, mut changes) = watch::channel(0u64);
        tokio::spawn(async move {
            while changes.changed().await.is_ok() {
                tokio::time::sleep(DELAY).await;
                changes.mark_unchanged();
                if let Err(error) = sqlx::raw_sql("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await {
                    tracing::warn!(%error, "a WAL checkpoint failed; SQLite will checkpoint within a commit instead");
                }
            }
        });
        Checkpointer { committed }
    }

    /// Notes that `rows` were committed.
    pub(super) fn committed(&self, rows: usize) {
        self.committed.send_modify(|total| *total += rows as u64);
    }
}
