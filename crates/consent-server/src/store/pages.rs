//! Reading a site's log in chain order, one page at a time, so that exports, statistics and verification never hold
//! more than a page of a log of any size in memory, and never keep a query open while a slow client reads.

use super::{Store, StoreError};
use crate::row::{LoggedRow, ALL_COLUMNS};

/// Rows per page: large enough that a page costs one round trip per ~500 KB, small enough to stay cheap in memory.
pub const PAGE_ROWS: i64 = 1000;

/// Which records of a site to read: those received in `[from_ms, to_ms)`, in chain order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// The site whose records to read.
    pub site: String,
    /// Inclusive, in Unix milliseconds; `i64::MIN` for the beginning of the log.
    pub from_ms: i64,
    /// Exclusive, in Unix milliseconds; `i64::MAX` for no end.
    pub to_ms: i64,
}

impl Range {
    /// Every record of `site`.
    pub fn all(site: &str) -> Self {
        Range { site: site.to_owned(), from_ms: i64::MIN, to_ms: i64::MAX }
    }
}

/// The records of `range` with `after_seq < seq <= up_to_seq`, in chain order, at most [`PAGE_ROWS`] of them; on
/// the pool or inside a transaction.
pub(crate) async fn fetch_page<'e, E>(
    executor: E,
    range: &Range,
    after_seq: i64,
    up_to_seq: i64,
) -> Result<Vec<LoggedRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {ALL_COLUMNS} FROM consent_records WHERE site = $1 AND seq > $2 AND seq <= $3 \
         AND received_at_ms >= $4 AND received_at_ms < $5 ORDER BY seq LIMIT {PAGE_ROWS}"
    );
    sqlx::query_as::<_, LoggedRow>(&sql)
        .bind(&range.site)
        .bind(after_seq)
        .bind(up_to_seq)
        .bind(range.from_ms)
        .bind(range.to_ms)
        .fetch_all(executor)
        .await
}

/// The site's chain head `(seq, record_hash)`, if it has one; on the pool or inside a transaction.
pub(crate) async fn chain_head<'e, E>(executor: E, site: &str) -> Result<Option<(i64, String)>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as("SELECT seq, record_hash FROM chain_heads WHERE site = $1").bind(site).fetch_optional(executor).await
}

impl Store {
    /// The records of `range` after sequence number `after_seq`, in chain order, at most [`PAGE_ROWS`] of them.
    pub async fn page(&self, range: &Range, after_seq: i64) -> Result<Vec<LoggedRow>, StoreError> {
        Ok(fetch_page(self.pool(), range, after_seq, i64::MAX).await?)
    }

    /// `(seq, received_at_ms, decisions)` of the records of `range` after `after_seq`: what statistics need.
    pub async fn decision_page(&self, range: &Range, after_seq: i64) -> Result<Vec<(i64, i64, String)>, StoreError> {
        let sql = format!(
            "SELECT seq, received_at_ms, decisions FROM consent_records WHERE site = $1 AND seq > $2 \
             AND received_at_ms >= $3 AND received_at_ms < $4 ORDER BY seq LIMIT {PAGE_ROWS}"
        );
        Ok(sqlx::query_as(&sql)
            .bind(&range.site)
            .bind(after_seq)
            .bind(range.from_ms)
            .bind(range.to_ms)
            .fetch_all(self.pool())
            .await?)
    }

    /// Every site that has a log (a chain head) or a config.
    pub async fn logged_sites(&self) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT site FROM chain_heads UNION SELECT site FROM sites UNION SELECT DISTINCT site FROM consent_records \
             ORDER BY 1",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(site,)| site).collect())
    }

    /// The site's chain head `(seq, record_hash)`, if it has one.
    pub async fn chain_head(&self, site: &str) -> Result<Option<(i64, String)>, StoreError> {
        Ok(chain_head(self.pool(), site).await?)
    }
}
