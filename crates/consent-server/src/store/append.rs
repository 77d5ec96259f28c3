//! Appending rows to their sites' hash chains, in one transaction.
//!
//! The batch path ([`append`]) looks up which consent ids are already stored, links the new rows, and writes them with
//! multi-row INSERTs: a few statements per batch instead of one per row, which is what lets one writer keep up with
//! tens of thousands of rows a second. The single-row path ([`append_one`]) inserts with `ON CONFLICT DO NOTHING`
//! instead, so that it is right even when another server stores the same consent id at the same moment; the writer
//! falls back to it whenever a batch fails.

use std::collections::{BTreeSet, HashMap, HashSet};

use sqlx::{Any, AnyConnection, Connection, Transaction};

use super::{for_update, heads, Backend, Inserted, StoreError};
use crate::chain::canonical::GENESIS_HASH;
use crate::row::{LoggedRow, StoredRow, ALL_COLUMNS};

/// Columns per row in `consent_records`.
const COLUMNS: usize = 28;

/// The most rows one INSERT carries (1,728 parameters, far below SQLite's and PostgreSQL's limits). A batch of up to
/// 64 rows is one statement; the 64 statement shapes stay within sqlx's per-connection statement cache.
const MAX_ROWS_PER_INSERT: usize = 64;

/// Look-ups by consent id are padded (repeating the last id) to one of these sizes, so that any batch needs one
/// statement per 64 ids and only seven statement shapes are ever prepared.
pub(super) const LOOKUP_SIZES: [usize; 7] = [1, 2, 4, 8, 16, 32, 64];

/// What became of one row of a batch.
enum Placed {
    Stored(Box<LoggedRow>),
    /// Its consent id was already in the log, as this row.
    Existing(Box<LoggedRow>),
    /// Its consent id came earlier in the same batch, at this index.
    EarlierInBatch(usize),
}

/// Appends `rows` in order, each to its own site's chain, in one transaction, and commits it.
///
/// On PostgreSQL the commit does not wait for the disk, so the heads' locks go at once: the caller must make it
/// durable ([`super::durable::Flush::after_append`]) before answering anyone.
///
/// Each site's chain head is locked first, all in one global order (see [`heads::lock_heads`]), so no other writer, in
/// this process or another, can append to that site until the commit: chains never fork, and sequence numbers have no
/// gaps. A row whose consent id is already stored takes no place in the chain and comes back as
/// [`Inserted::Duplicate`] with the original.
///
/// If another server stores one of the consent ids between the look-up and the insert (PostgreSQL only: SQLite's
/// `BEGIN IMMEDIATE` excludes other writers), the insert fails and so does the batch; [`append_one`] then sorts it out.
pub(super) async fn append(
    connection: &mut AnyConnection,
    backend: Backend,
    rows: &[StoredRow],
) -> Result<Vec<Inserted>, StoreError> {
    let sites: BTreeSet<&str> = rows.iter().map(|row| row.site.as_str()).collect();
    let mut tx = begin_append(connection, backend).await?;
    // Every head the batch appends to is locked before anything else: see [`heads::lock_heads`].
    let mut heads = match heads::lock_heads(&mut tx, backend, &sites).await? {
        Ok(heads) => heads,
        Err(missing) => {
            // A site's first records: its head is created on its own, then the batch starts again, so that its
            // locks are still taken in order.
            tx.rollback().await?;
            heads::create_heads(connection, backend, &missing).await?;
            tx = begin_append(connection, backend).await?;
            match heads::lock_heads(&mut tx, backend, &sites).await? {
                Ok(heads) => heads,
                Err(_) => heads::lock_heads_one_by_one(&mut tx, backend, &sites).await?,
            }
        }
    };
    // Read under the locks, so a consent id another server stored for the same site is seen, not collided with.
    let existing = stored_originals(&mut tx, backend, rows).await?;
    let mut first_index: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    let mut placed = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        if let Some(&earlier) = first_index.get(row.consent_id.as_str()) {
            placed.push(Placed::EarlierInBatch(earlier));
            continue;
        }
        first_index.insert(&row.consent_id, index);
        if let Some(original) = existing.get(row.consent_id.as_str()) {
            placed.push(Placed::Existing(Box::new(original.clone())));
            continue;
        }
        let head = heads.get_mut(row.site.as_str()).expect("every site of the batch has its head locked");
        let logged = row.clone().link(head.seq + 1, head.hash.clone());
        *head = heads::Head { seq: logged.link.seq, hash: logged.link.record_hash.clone(), moved: true };
        placed.push(Placed::Stored(Box::new(logged)));
    }
    let new: Vec<&LoggedRow> = placed
        .iter()
        .filter_map(|place| if let Placed::Stored(logged) = place { Some(&**logged) } else { None })
        .collect();
    insert_rows(&mut tx, backend, &new, false).await?;
    super::dashboard::add(&mut tx, backend, &new).await?;
    heads::write_heads(&mut tx, backend, &heads).await?;
    tx.commit().await?;
    Ok(resolve(placed))
}

/// Appends one row in its own transaction; a consent id stored meanwhile by anyone is a duplicate, never an error.
pub(super) async fn append_one(
    connection: &mut AnyConnection,
    backend: Backend,
    row: &StoredRow,
) -> Result<Inserted, StoreError> {
    let mut tx = begin(connection, backend).await?;
    let (seq, hash) = lock_head(&mut tx, backend, &row.site).await?;
    let logged = row.clone().link(seq + 1, hash);
    if insert_rows(&mut tx, backend, &[&logged], true).await? == 0 {
        let original = originals(&mut tx, backend, &[row.consent_id.as_str()])
            .await?
            .pop()
            .ok_or_else(|| StoreError::VanishedDuplicate(row.consent_id.clone()))?;
        tx.commit().await?;
        return Ok(Inserted::Duplicate(original));
    }
    super::dashboard::add(&mut tx, backend, &[&logged]).await?;
    let mut heads = heads::Heads::new();
    heads.insert(
        row.site.as_str(),
        heads::Head { seq: logged.link.seq, hash: logged.link.record_hash.clone(), moved: true },
    );
    heads::write_heads(&mut tx, backend, &heads).await?;
    tx.commit().await?;
    Ok(Inserted::Stored(logged))
}

/// A group commit's transaction: on PostgreSQL its commit does not wait for the disk (see [`append`]).
async fn begin_append(connection: &mut AnyConnection, backend: Backend) -> Result<Transaction<'_, Any>, sqlx::Error> {
    let mut tx = begin(connection, backend).await?;
    if backend == Backend::Postgres {
        sqlx::query("SET LOCAL synchronous_commit = off").execute(&mut *tx).await?;
    }
    Ok(tx)
}

/// A write transaction on the writer's connection: `BEGIN IMMEDIATE` on SQLite (see [`super::begin_write`]).
async fn begin(connection: &mut AnyConnection, backend: Backend) -> Result<Transaction<'_, Any>, sqlx::Error> {
    match backend {
        Backend::Sqlite => connection.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => connection.begin().await,
    }
}

fn resolve(placed: Vec<Placed>) -> Vec<Inserted> {
    let mut results: Vec<Inserted> = Vec::with_capacity(placed.len());
    for place in placed {
        let result = match place {
            Placed::Stored(logged) => Inserted::Stored(*logged),
            Placed::Existing(original) => Inserted::Duplicate(*original),
            Placed::EarlierInBatch(index) => match &results[index] {
                Inserted::Stored(logged) | Inserted::Duplicate(logged) => Inserted::Duplicate(logged.clone()),
            },
        };
        results.push(result);
    }
    results
}

/// Reads `site`'s chain head, creating it at the genesis if the site has none yet, and locks it until the transaction
/// ends. On SQLite the transaction already holds the database's write lock (`BEGIN IMMEDIATE`).
pub(super) async fn lock_head(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    site: &str,
) -> Result<(i64, String), sqlx::Error> {
    let sql = format!("SELECT seq, record_hash FROM chain_heads WHERE site = $1{}", for_update(backend));
    if let Some(head) = sqlx::query_as::<_, (i64, String)>(&sql).bind(site).fetch_optional(&mut **tx).await? {
        return Ok(head);
    }
    // The site's first record: create its head (another server may just have done so; then lock theirs).
    sqlx::query("INSERT INTO chain_heads (site, seq, record_hash) VALUES ($1, 0, $2) ON CONFLICT (site) DO NOTHING")
        .bind(site)
        .bind(GENESIS_HASH)
        .execute(&mut **tx)
        .await?;
    sqlx::query_as::<_, (i64, String)>(&sql).bind(site).fetch_one(&mut **tx).await
}

/// The stored rows among the consent ids of `rows`, by consent id.
async fn stored_originals(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    rows: &[StoredRow],
) -> Result<HashMap<String, LoggedRow>, sqlx::Error> {
    let mut seen = HashSet::with_capacity(rows.len());
    let ids: Vec<&str> = rows.iter().map(|row| row.consent_id.as_str()).filter(|id| seen.insert(*id)).collect();
    Ok(originals(tx, backend, &ids).await?.into_iter().map(|logged| (logged.row.consent_id.clone(), logged)).collect())
}

/// The stored rows with these consent ids (those that exist).
async fn originals(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    ids: &[&str],
) -> Result<Vec<LoggedRow>, sqlx::Error> {
    let mut found = Vec::new();
    for chunk in ids.chunks(64) {
        let size = LOOKUP_SIZES.into_iter().find(|size| *size >= chunk.len()).unwrap_or(64);
        let sql =
            format!("SELECT {ALL_COLUMNS} FROM consent_records WHERE consent_id IN ({})", params(backend, 0, size));
        let mut query = sqlx::query_as::<_, LoggedRow>(&sql);
        for index in 0..size {
            query = query.bind(chunk[index.min(chunk.len() - 1)]);
        }
        found.extend(query.fetch_all(&mut **tx).await?);
    }
    Ok(found)
}

/// Inserts linked rows with multi-row INSERTs; with `skip_taken`, a row whose consent id is taken is skipped
/// (`ON CONFLICT DO NOTHING`) rather than failing the statement. Returns how many rows were inserted.
async fn insert_rows(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    rows: &[&LoggedRow],
    skip_taken: bool,
) -> Result<u64, sqlx::Error> {
    let mut inserted = 0;
    for chunk in rows.chunks(MAX_ROWS_PER_INSERT) {
        let sql = insert_sql(backend, chunk.len(), skip_taken);
        let mut query = sqlx::query(&sql);
        for logged in chunk {
            let (row, link) = (&logged.row, &logged.link);
            query = query
                .bind(&row.site)
                .bind(&row.consent_id)
                .bind(&row.previous_id)
                .bind(&row.action)
                .bind(&row.decisions)
                .bind(&row.services)
                .bind(row.config_revision)
                .bind(&row.config_sha256)
                .bind(&row.policy_sha256)
                .bind(&row.locale)
                .bind(&row.ui_layer)
                .bind(&row.region)
                .bind(&row.page_url)
                .bind(i64::from(row.gpc))
                .bind(&row.consent_mode)
                .bind(row.decided_at_ms)
                .bind(row.expires_at_ms)
                .bind(&row.banner_version)
                .bind(row.received_at_ms)
                .bind(&row.ip_truncated)
                .bind(&row.browser_family)
                .bind(&row.found_trackers)
                .bind(&row.jurisdiction)
                .bind(&row.tc_string)
                .bind(&row.ac_string)
                .bind(link.seq)
                .bind(&link.prev_hash)
                .bind(&link.record_hash);
        }
        inserted += query.execute(&mut **tx).await?.rows_affected();
    }
    Ok(inserted)
}

/// `INSERT INTO consent_records (…) VALUES (…), (…) …` for `rows` rows.
fn insert_sql(backend: Backend, rows: usize, skip_taken: bool) -> String {
    let values: Vec<String> = (0..rows).map(|row| format!("({})", params(backend, row * COLUMNS, COLUMNS))).collect();
    let conflict = if skip_taken { " ON CONFLICT (consent_id) DO NOTHING" } else { "" };
    format!("INSERT INTO consent_records ({ALL_COLUMNS}) VALUES {}{conflict}", values.join(", "))
}

/// `count` bind parameters numbered from `after + 1`: `$n` on PostgreSQL, anonymous `?` on SQLite, which binds them by
/// position. (SQLite looks a numbered parameter's name up in a list, for every parameter: with the 1,728 of a 64-row
/// INSERT that quadratic look-up was a quarter of the server's CPU time.)
pub(super) fn params(backend: Backend, after: usize, count: usize) -> String {
    let one = |n: usize| match backend {
        Backend::Sqlite => "?".to_owned(),
        Backend::Postgres => format!("${n}"),
    };
    (after + 1..=after + count).map(one).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_insert_binds_every_column_of_every_row() {
        let sql = insert_sql(Backend::Postgres, 2, false);
        let second_row = (COLUMNS + 1..=2 * COLUMNS).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ");
        assert!(sql.ends_with(&format!("${}, ${COLUMNS}), ({second_row})", COLUMNS - 1)), "{sql}");
        assert_eq!(insert_sql(Backend::Sqlite, 2, false).matches('?').count(), 2 * COLUMNS);
        assert_eq!(ALL_COLUMNS.split(',').count(), COLUMNS);
        assert!(insert_sql(Backend::Sqlite, 1, true).ends_with("?) ON CONFLICT (consent_id) DO NOTHING"));
    }
}
