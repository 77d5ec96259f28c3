//! Making a group commit durable after its locks are gone (PostgreSQL).
//!
//! A chain head is locked from the moment a group commit reads it until that transaction ends. With a synchronous
//! commit, that end comes only after the WAL flush, so every writer appending to a busy site waited for the disk once
//! per transaction, one after the other: servers added together were no faster than one. So an append commits with
//! `synchronous_commit = off` (the lock goes as soon as the commit record is in the WAL buffers), and its writer then
//! commits a write of its own, synchronously, before answering anyone: [`Flush::after_append`].
//!
//! Why that keeps every promise:
//! - **Nothing acknowledged is lost.** PostgreSQL flushes the WAL in order: flushing the writer's own commit flushes
//!   every record before it, the append included, and any earlier append the batch saw (a duplicate it answers with,
//!   a head it chained to), since those committed before it read them.
//! - **No chain is ever cut.** After a crash PostgreSQL replays a prefix of the WAL. An append that chained to
//!   another's head comes after it in the WAL, so a crash that loses an append loses every later one that built on
//!   it: the chain comes back shorter, never with a gap, and what is lost was never acknowledged.
//! - **Signed heads cover only what is on disk.** The Merkle tree grows in synchronous commits, which flush the
//!   records they read, before a head over them is signed.

use sqlx::AnyConnection;

use crate::time::now_ms;

/// A writer's row in `log_flushes` (migration 0007): rewriting it is the durable write that ends each batch.
#[derive(Debug, Clone)]
pub(super) struct Flush {
    writer: String,
}

impl Flush {
    /// A flush row for a new writer: a random name, so that writers of different servers (and of one server restarted)
    /// never share a row and so never wait on each other's lock.
    pub(super) fn new() -> Self {
        let mut random = [0u8; 12];
        // Without randomness the clock still tells writers apart; a shared row would only slow them, never mislead.
        if getrandom::getrandom(&mut random).is_err() {
            let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            random[..8].copy_from_slice(&(nanos.as_nanos() as u64).to_le_bytes());
        }
        Flush { writer: format!("{}-{}", std::process::id(), hex::encode(random)) }
    }

    /// The statement that makes the append before it durable: it runs in its own synchronous commit.
    pub(super) async fn after_append(&self, connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO log_flushes (writer, flushed_at_ms) VALUES ($1, $2) \
             ON CONFLICT (writer) DO UPDATE SET flushed_at_ms = excluded.flushed_at_ms",
        )
        .bind(&self.writer)
        .bind(now_ms())
        .execute(connection)
        .await?;
        Ok(())
    }

    /// Removes the rows of writers that have not flushed for a day (servers that stopped), so the table stays as
    /// small as the number of writers running.
    pub(super) async fn forget_stopped_writers(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM log_flushes WHERE flushed_at_ms < $1")
            .bind(now_ms() - 86_400_000)
            .execute(connection)
            .await?;
        Ok(())
    }
}
