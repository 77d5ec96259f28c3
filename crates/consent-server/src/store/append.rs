//! Appending rows to their sites' hash chains, in one transaction.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use sqlx::{Any, AnyPool, Transaction};

use super::{begin_write, for_update, Backend, Inserted, StoreError};
use crate::chain::canonical::GENESIS_HASH;
use crate::row::{LoggedRow, StoredRow, ALL_COLUMNS};

/// What became of one row of a batch before the batch's original rows are looked up.
enum Placed {
    Stored(Box<LoggedRow>),
    /// Its consent id was already in the log.
    Existing(String),
    /// Its consent id came earlier in the same batch, at this index.
    EarlierInBatch(usize),
}

/// Appends `rows` in order, each to its own site's chain, in one transaction, and commits it.
///
/// Each site's chain head is locked first (see [`lock_head`]), so no other writer, in this process or another, can
/// append to that site until the commit: chains never fork, and sequence numbers have no gaps. A row whose consent id
/// is already stored takes no place in the chain and comes back as [`Inserted::Duplicate`] with the original.
pub(super) async fn append(pool: &AnyPool, backend: Backend, rows: &[StoredRow]) -> Result<Vec<Inserted>, StoreError> {
    let mut tx = begin_write(pool, backend).await?;
    let mut heads: HashMap<&str, (i64, String, bool)> = HashMap::new();
    let mut first_index: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    let mut placed = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        if let Some(&earlier) = first_index.get(row.consent_id.as_str()) {
            placed.push(Placed::EarlierInBatch(earlier));
            continue;
        }
        first_index.insert(&row.consent_id, index);
        let head = match heads.entry(&row.site) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                let (seq, hash) = lock_head(&mut tx, backend, &row.site).await?;
                entry.insert((seq, hash, false))
            }
        };
        let logged = row.clone().link(head.0 + 1, head.1.clone());
        if insert_row(&mut tx, &logged).await? {
            *head = (logged.link.seq, logged.link.record_hash.clone(), true);
            placed.push(Placed::Stored(Box::new(logged)));
        } else {
            placed.push(Placed::Existing(row.consent_id.clone()));
        }
    }
    for (site, (seq, hash, moved)) in &heads {
        if *moved {
            sqlx::query("UPDATE chain_heads SET seq = $2, record_hash = $3 WHERE site = $1")
                .bind(*site)
                .bind(*seq)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
        }
    }
    let mut results: Vec<Inserted> = Vec::with_capacity(placed.len());
    for place in placed {
        let result = match place {
            Placed::Stored(logged) => Inserted::Stored(*logged),
            Placed::Existing(consent_id) => Inserted::Duplicate(original(&mut tx, &consent_id).await?),
            Placed::EarlierInBatch(index) => match &results[index] {
                Inserted::Stored(logged) | Inserted::Duplicate(logged) => Inserted::Duplicate(logged.clone()),
            },
        };
        results.push(result);
    }
    tx.commit().await?;
    Ok(results)
}

/// Reads `site`'s chain head, creating it at the genesis if the site has none yet, and locks it until the transaction
/// ends. On SQLite the transaction already holds the database's write lock (`BEGIN IMMEDIATE`).
pub(super) async fn lock_head(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    site: &str,
) -> Result<(i64, String), sqlx::Error> {
    sqlx::query("INSERT INTO chain_heads (site, seq, record_hash) VALUES ($1, 0, $2) ON CONFLICT (site) DO NOTHING")
        .bind(site)
        .bind(GENESIS_HASH)
        .execute(&mut **tx)
        .await?;
    let sql = format!("SELECT seq, record_hash FROM chain_heads WHERE site = $1{}", for_update(backend));
    sqlx::query_as::<_, (i64, String)>(&sql).bind(site).fetch_one(&mut **tx).await
}

/// Inserts one linked row; `false` if its consent id is taken (by an earlier request, or a concurrent server whose
/// transaction committed first).
async fn insert_row(tx: &mut Transaction<'static, Any>, logged: &LoggedRow) -> Result<bool, sqlx::Error> {
    let (row, link) = (&logged.row, &logged.link);
    let sql = format!(
        "INSERT INTO consent_records ({ALL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
         $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) ON CONFLICT (consent_id) DO NOTHING"
    );
    let result = sqlx::query(&sql)
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
        .bind(link.seq)
        .bind(&link.prev_hash)
        .bind(&link.record_hash)
        .execute(&mut **tx)
        .await?;
    Ok(result.rows_affected() == 1)
}

async fn original(tx: &mut Transaction<'static, Any>, consent_id: &str) -> Result<LoggedRow, StoreError> {
    let sql = format!("SELECT {ALL_COLUMNS} FROM consent_records WHERE consent_id = $1");
    sqlx::query_as::<_, LoggedRow>(&sql)
        .bind(consent_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::VanishedDuplicate(consent_id.to_owned()))
}
