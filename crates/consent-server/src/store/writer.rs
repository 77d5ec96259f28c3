//! Group commit: one writer task per [`super::Store`] takes every row that is waiting, appends them in one
//! transaction, and only then answers each waiting request.
//!
//! A durable commit costs an fsync (SQLite, `synchronous=FULL`) or a WAL flush (PostgreSQL) whatever it holds, so
//! committing rows together is what lets the endpoint keep its promise, "201 only once the row is on disk", under load.
//! While one transaction commits, new rows queue up; the next transaction takes all of them (up to
//! [`CommitOptions::max_batch`]). The batch size thus follows the load by itself: one row when traffic is light (no
//! added latency), hundreds under a burst. [`CommitOptions::linger`] can additionally hold a batch open for a moment.
//!
//! On PostgreSQL several writers ([`CommitOptions::writers`]) take batches from the one queue: while one waits for its
//! batch to reach the disk ([`super::durable`]), the next appends, so one server's transactions overlap as several
//! servers' do. SQLite commits one transaction at a time whatever the count, so it has one writer.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool};
use tokio::sync::{mpsc, oneshot, Mutex};

use super::durable::Flush;
use super::wal::Checkpointer;
use super::{append, Backend, Inserted, StoreError};
use crate::row::StoredRow;

/// How the writer groups rows into transactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitOptions {
    /// The most rows one transaction holds. Default 512.
    pub max_batch: usize,
    /// How long a batch that is not full yet waits for more rows before it is committed. Default zero: rows that
    /// arrive while a transaction commits make up the next batch anyway, and waiting on purpose only adds latency.
    /// Waits under a millisecond spin (yielding to other tasks), as timers are not finer than that.
    pub linger: Duration,
    /// How many rows may wait for the writer before new requests wait to enqueue (back-pressure). Default 16384.
    pub queue_capacity: usize,
    /// How many group commits may be under way at once on PostgreSQL, each on its own connection. Default 4: enough
    /// that appending never waits for a flush. SQLite always has one.
    pub writers: usize,
}

impl Default for CommitOptions {
    fn default() -> Self {
        CommitOptions { max_batch: 512, linger: Duration::ZERO, queue_capacity: 16_384, writers: 4 }
    }
}

/// Counters of what the writer has committed, for `/metrics`.
#[derive(Debug, Default)]
pub struct WriterStats {
    transactions: AtomicU64,
    rows: AtomicU64,
    failed_transactions: AtomicU64,
}

impl WriterStats {
    /// Transactions committed.
    pub fn transactions(&self) -> u64 {
        self.transactions.load(Ordering::Relaxed)
    }

    /// Rows handled by committed transactions (stored and duplicates).
    pub fn rows(&self) -> u64 {
        self.rows.load(Ordering::Relaxed)
    }

    /// Transactions that failed (their rows were then retried one by one).
    pub fn failed_transactions(&self) -> u64 {
        self.failed_transactions.load(Ordering::Relaxed)
    }
}

/// A row waiting to be committed, and where to send the outcome.
struct Pending {
    row: StoredRow,
    reply: oneshot::Sender<Result<Inserted, StoreError>>,
}

/// The sending side of the writer; the writer stops when every handle is dropped.
#[derive(Debug, Clone)]
pub(super) struct Handle {
    queue: mpsc::Sender<Pending>,
    stats: Arc<WriterStats>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").field("consent_id", &self.row.consent_id).finish()
    }
}

impl Handle {
    pub(super) async fn submit(&self, row: StoredRow) -> Result<Inserted, StoreError> {
        let (reply, outcome) = oneshot::channel();
        self.queue.send(Pending { row, reply }).await.map_err(|_| StoreError::WriterGone)?;
        outcome.await.map_err(|_| StoreError::WriterGone)?
    }

    pub(super) fn queue_depth(&self) -> usize {
        self.queue.max_capacity() - self.queue.capacity()
    }

    pub(super) fn stats(&self) -> &WriterStats {
        &self.stats
    }
}

/// Starts the writer tasks for `pool`.
pub(super) fn spawn(pool: AnyPool, backend: Backend, options: CommitOptions) -> Handle {
    let writers = match backend {
        Backend::Sqlite => 1,
        Backend::Postgres => options.writers.max(1),
    };
    let options = CommitOptions { max_batch: options.max_batch.max(1), writers, ..options };
    let (queue, waiting) = mpsc::channel(options.queue_capacity.max(1));
    let waiting = Arc::new(Mutex::new(waiting));
    let stats = Arc::new(WriterStats::default());
    let checkpointer = (backend == Backend::Sqlite).then(|| Arc::new(Checkpointer::spawn(pool.clone())));
    for _ in 0..writers {
        let flush = (backend == Backend::Postgres).then(Flush::new);
        let writer = Writer { pool: pool.clone(), backend, flush, checkpointer: checkpointer.clone() };
        tokio::spawn(writer.run(waiting.clone(), options, stats.clone()));
    }
    Handle { queue, stats }
}

/// One writer task: what it needs besides the queue.
struct Writer {
    pool: AnyPool,
    backend: Backend,
    /// Its row in `log_flushes` (PostgreSQL).
    flush: Option<Flush>,
    checkpointer: Option<Arc<Checkpointer>>,
}

/// Takes the next batch: whatever is waiting (blocking until something is), held open for `options.linger`. Writers
/// take turns at the queue, so each batch goes to the first writer free.
async fn next_batch(
    waiting: &Mutex<mpsc::Receiver<Pending>>,
    batch: &mut Vec<Pending>,
    options: &CommitOptions,
) -> usize {
    let mut waiting = waiting.lock().await;
    if waiting.recv_many(batch, options.max_batch).await == 0 {
        return 0;
    }
    if !options.linger.is_zero() {
        linger(&mut waiting, batch, options).await;
    }
    batch.len()
}

impl Writer {
    async fn run(self, waiting: Arc<Mutex<mpsc::Receiver<Pending>>>, options: CommitOptions, stats: Arc<WriterStats>) {
        let Writer { pool, backend, flush, checkpointer } = self;
        // The writer keeps one connection for as long as it works, rather than taking one from the pool (and testing it)
        // for every batch; after a failure it starts again with a fresh one.
        let mut held: Option<PoolConnection<Any>> = None;
        let mut batch = Vec::with_capacity(options.max_batch);
        while next_batch(&waiting, &mut batch, &options).await > 0 {
            let (rows, replies): (Vec<StoredRow>, Vec<_>) = batch.drain(..).map(|p| (p.row, p.reply)).unzip();
            // Only a fresh connection (the writer's first, or after a failure) tidies the flush rows below: checked
            // before `held` is emptied, or every batch would pay a DELETE round trip for it.
            let fresh = held.is_none();
            let mut connection = match held.take() {
                Some(connection) => connection,
                None => match pool.acquire().await {
                    Ok(connection) => connection,
                    Err(error) => {
                        tracing::error!(%error, "the consent log's writer cannot get a database connection");
                        for reply in replies {
                            let _ = reply.send(Err(StoreError::Query(sqlx::Error::PoolTimedOut)));
                        }
                        continue;
                    }
                },
            };
            if fresh && flush.is_some() {
                // A fresh connection (the writer's first, or after a failure): tidy the flush rows of stopped servers.
                if let Err(error) = Flush::forget_stopped_writers(&mut connection).await {
                    tracing::warn!(%error, "could not remove the flush rows of stopped writers");
                }
            }
            let appended = match append::append(&mut connection, backend, &rows).await {
                Ok(outcomes) => match &flush {
                    Some(flush) => {
                        flush.after_append(&mut connection).await.map(|()| outcomes).map_err(StoreError::from)
                    }
                    None => Ok(outcomes),
                },
                Err(error) => Err(error),
            };
            match appended {
                Ok(outcomes) => {
                    if let Some(checkpointer) = &checkpointer {
                        checkpointer.committed(rows.len());
                    }
                    stats.transactions.fetch_add(1, Ordering::Relaxed);
                    stats.rows.fetch_add(rows.len() as u64, Ordering::Relaxed);
                    for (reply, outcome) in replies.into_iter().zip(outcomes) {
                        // The client may have gone; its row is committed all the same and a retry gets the receipt.
                        let _ = reply.send(Ok(outcome));
                    }
                    held = Some(connection);
                }
                Err(error) => {
                    // A batch fails when one row is bad, when another server stored one of its consent ids at the same
                    // moment, or when the connection broke (perhaps after the append committed, before its flush): commit
                    // each row on its own, synchronously, on fresh connections from the pool, so that only a bad row
                    // fails, a race is a duplicate, and a row the append did store comes back as the original.
                    stats.failed_transactions.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(%error, rows = rows.len(), "a group commit failed; committing its rows one by one");
                    drop(connection.detach());
                    for (row, reply) in rows.iter().zip(replies) {
                        let outcome = match pool.acquire().await {
                            Ok(mut fresh) => append::append_one(&mut fresh, backend, row).await,
                            Err(error) => Err(StoreError::Query(error)),
                        };
                        if outcome.is_ok() {
                            stats.transactions.fetch_add(1, Ordering::Relaxed);
                            stats.rows.fetch_add(1, Ordering::Relaxed);
                        }
                        let _ = reply.send(outcome);
                    }
                }
            }
        }
    }
}

/// Keeps the batch open until it is full or `options.linger` has passed.
async fn linger(waiting: &mut mpsc::Receiver<Pending>, batch: &mut Vec<Pending>, options: &CommitOptions) {
    let deadline = Instant::now() + options.linger;
    while batch.len() < options.max_batch {
        let now = Instant::now();
        if now >= deadline {
            return;
        }
        let room = options.max_batch - batch.len();
        if deadline - now >= Duration::from_millis(2) {
            // Long enough for a timer: sleep on the queue instead of spinning.
            let _ = tokio::time::timeout(deadline - now, waiting.recv_many(batch, room)).await;
            continue;
        }
        match waiting.try_recv() {
            Ok(pending) => batch.push(pending),
            Err(mpsc::error::TryRecvError::Empty) => tokio::task::yield_now().await,
            Err(mpsc::error::TryRecvError::Disconnected) => return,
        }
    }
}
