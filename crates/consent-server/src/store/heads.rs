//! The chain heads a group commit appends to: locked together, in one global order, and written back together.
//!
//! A batch for many sites used to lock and rewrite each head with a statement of its own, two round trips to the
//! database per site while every one of them stayed locked: with 100 busy sites that was most of a group commit's
//! time, and so most of the time every other writer waited. Now it is one statement per 64 heads each way.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{Any, AnyConnection, Transaction};

use super::append::{lock_head, params, LOOKUP_SIZES};
use super::Backend;
use crate::chain::canonical::GENESIS_HASH;

/// The most heads one statement locks or writes.
const HEADS_PER_STATEMENT: usize = 64;

/// A locked head: its sequence number and record hash, and whether the batch moved it.
#[derive(Debug, Clone)]
pub(super) struct Head {
    pub(super) seq: i64,
    pub(super) hash: String,
    pub(super) moved: bool,
}

/// The locked heads of a batch, by site, in site order.
pub(super) type Heads<'a> = BTreeMap<&'a str, Head>;

/// Locks the heads of `sites` (sorted, as a `BTreeSet` is) until the transaction ends, or returns the sites that have
/// no head yet ([`create_heads`] makes them, outside this transaction, so that the locks stay in order).
///
/// Every writer locks heads in the same order, the bytes of the site id (PostgreSQL is told to sort `COLLATE "C"`,
/// not by its locale, and locks each row as the sorted rows come out): two batches that share sites queue on the
/// first head they share instead of each holding one the other waits for, which PostgreSQL would end by aborting one.
/// SQLite's `BEGIN IMMEDIATE` already holds the whole database.
pub(super) async fn lock_heads<'a>(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    sites: &BTreeSet<&'a str>,
) -> Result<Result<Heads<'a>, Vec<&'a str>>, sqlx::Error> {
    let sorted: Vec<&'a str> = sites.iter().copied().collect();
    let mut found: BTreeMap<String, (i64, String)> = BTreeMap::new();
    for chunk in sorted.chunks(HEADS_PER_STATEMENT) {
        let size = LOOKUP_SIZES.into_iter().find(|size| *size >= chunk.len()).unwrap_or(HEADS_PER_STATEMENT);
        let order = match backend {
            Backend::Sqlite => "",
            Backend::Postgres => " ORDER BY site COLLATE \"C\" FOR UPDATE",
        };
        let sql = format!(
            "SELECT site, seq, record_hash FROM chain_heads WHERE site IN ({}){order}",
            params(backend, 0, size)
        );
        let mut query = sqlx::query_as::<_, (String, i64, String)>(&sql);
        for index in 0..size {
            query = query.bind(chunk[index.min(chunk.len() - 1)]);
        }
        for (site, seq, hash) in query.fetch_all(&mut **tx).await? {
            found.insert(site, (seq, hash));
        }
    }
    let missing: Vec<&'a str> = sorted.iter().copied().filter(|site| !found.contains_key(*site)).collect();
    if !missing.is_empty() {
        return Ok(Err(missing));
    }
    Ok(Ok(sorted
        .into_iter()
        .map(|site| {
            let (seq, hash) = found.remove(site).expect("every site's head was found");
            (site, Head { seq, hash, moved: false })
        })
        .collect()))
}

/// Locks the heads of `sites` one by one, creating those that do not exist, in site order: the way for a batch whose
/// heads [`create_heads`] made but that another writer has not let it see yet (never seen in practice; kept right).
pub(super) async fn lock_heads_one_by_one<'a>(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    sites: &BTreeSet<&'a str>,
) -> Result<Heads<'a>, sqlx::Error> {
    let mut heads = Heads::new();
    for site in sites {
        let (seq, hash) = lock_head(tx, backend, site).await?;
        heads.insert(site, Head { seq, hash, moved: false });
    }
    Ok(heads)
}

/// Creates the heads of sites that have none (their first record), at the genesis, in a transaction of their own,
/// in site order (two writers creating the same heads wait on each other in that order, never in a cycle).
pub(super) async fn create_heads(
    connection: &mut AnyConnection,
    backend: Backend,
    sites: &[&str],
) -> Result<(), sqlx::Error> {
    for chunk in sites.chunks(HEADS_PER_STATEMENT) {
        let values: Vec<String> = (0..chunk.len()).map(|row| format!("({})", params(backend, row * 3, 3))).collect();
        let sql = format!(
            "INSERT INTO chain_heads (site, seq, record_hash) VALUES {} ON CONFLICT (site) DO NOTHING",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for site in chunk {
            query = query.bind(*site).bind(0_i64).bind(GENESIS_HASH);
        }
        query.execute(&mut *connection).await?;
    }
    Ok(())
}

/// Writes back the heads the batch moved, in one statement per 64 (they are locked, so nobody else writes them).
pub(super) async fn write_heads(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    heads: &Heads<'_>,
) -> Result<(), sqlx::Error> {
    let moved: Vec<(&&str, &Head)> = heads.iter().filter(|(_, head)| head.moved).collect();
    for chunk in moved.chunks(HEADS_PER_STATEMENT) {
        let values: Vec<String> = (0..chunk.len()).map(|row| format!("({})", params(backend, row * 3, 3))).collect();
        let sql = format!(
            "INSERT INTO chain_heads (site, seq, record_hash) VALUES {} \
             ON CONFLICT (site) DO UPDATE SET seq = excluded.seq, record_hash = excluded.record_hash",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (site, head) in chunk {
            query = query.bind(**site).bind(head.seq).bind(&head.hash);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}
