//! The trackers auto-blocking held on a site's pages that its config does not name, as the records' `found_trackers`
//! tell them: what the console lists under "Found on your site", for the product team to add to the config.

use super::{Store, StoreError};
use crate::row::NO_FOUND_TRACKERS;

impl Store {
    /// The `found_trackers` (JSON text) of those of `site`'s newest `newest` records received at or after `since_ms`
    /// that name any, with when each was received, newest first. Bounded by `newest` records read, so that a busy
    /// site's answer costs what a quiet one's does (the range index does the rest).
    pub async fn found_tracker_lists(
        &self,
        site: &str,
        since_ms: i64,
        newest: i64,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query_as(
            "SELECT received_at_ms, found_trackers FROM (SELECT received_at_ms, found_trackers FROM consent_records \
             WHERE site = $1 AND received_at_ms >= $2 ORDER BY received_at_ms DESC LIMIT $3) recent \
             WHERE found_trackers <> $4",
        )
        .bind(site)
        .bind(since_ms)
        .bind(newest)
        .bind(NO_FOUND_TRACKERS)
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }
}
