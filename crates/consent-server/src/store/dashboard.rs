//! The dashboard's daily rollups (`dashboard_days`, `dashboard_category_days`, migration 0006): added to in the
//! transaction that commits records, taken away from in the one that purges them, built from the log for logs that
//! predate them, and read by day range.
//!
//! Why rollups and not a `GROUP BY` over the log: opt-in per category lives in the `decisions` JSON, which neither
//! database can aggregate portably, and a year of a busy site is millions of rows; a day of rollups is a few hundred
//! rows at most, so a 365-day dashboard reads a few tens of thousands of small rows through the primary key.

use std::collections::BTreeMap;

use sqlx::{Any, Transaction};

use super::append::params;
use super::{for_update, Backend, Store, StoreError};
use crate::row::LoggedRow;

/// Milliseconds in a UTC day.
pub const DAY_MS: i64 = 86_400_000;

/// Rows per multi-row upsert (8 parameters each).
const ROWS_PER_UPSERT: usize = 64;

/// Records read per page when a rollup is built from the log or a purge takes records away.
const PAGE_ROWS: i64 = 2000;

/// What one record contributes to the rollups.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counted<'a> {
    pub site: &'a str,
    pub received_at_ms: i64,
    pub action: &'a str,
    pub gpc: bool,
    pub locale: &'a str,
    pub ui_layer: &'a str,
    /// It replaced an earlier choice of the same visitor.
    pub replaces: bool,
    /// The stored decisions (a JSON object, category id → `granted`/`denied`).
    pub decisions: &'a str,
}

impl<'a> From<&'a LoggedRow> for Counted<'a> {
    fn from(logged: &'a LoggedRow) -> Self {
        let row = &logged.row;
        Counted {
            site: &row.site,
            received_at_ms: row.received_at_ms,
            action: &row.action,
            gpc: row.gpc,
            locale: &row.locale,
            ui_layer: &row.ui_layer,
            replaces: row.previous_id.is_some(),
            decisions: &row.decisions,
        }
    }
}

/// `(site, day_ms, action, gpc, locale, ui_layer)`.
type DayKey = (String, i64, String, i64, String, String);
/// `(site, day_ms, category)`.
type CategoryKey = (String, i64, String);

/// Changes to the rollups, summed in memory so that a batch of records costs one upsert per distinct key.
#[derive(Debug, Default)]
pub(crate) struct Delta {
    days: BTreeMap<DayKey, (i64, i64)>,
    categories: BTreeMap<CategoryKey, (i64, i64)>,
}

impl Delta {
    /// Adds (`sign` 1) or takes away (`sign` -1) one record. Decisions that cannot be read count for no category:
    /// the rollups must not fail a commit over one odd row (the endpoint only stores checked decisions anyway).
    pub(crate) fn count(&mut self, record: Counted<'_>, sign: i64) {
        let day = day_start(record.received_at_ms);
        let key = (
            record.site.to_owned(),
            day,
            record.action.to_owned(),
            i64::from(record.gpc),
            record.locale.to_owned(),
            record.ui_layer.to_owned(),
        );
        let entry = self.days.entry(key).or_default();
        entry.0 += sign;
        entry.1 += sign * i64::from(record.replaces);
        let Ok(decisions) = serde_json::from_str::<BTreeMap<&str, &str>>(record.decisions) else { return };
        for (category, decision) in decisions {
            let entry = self.categories.entry((record.site.to_owned(), day, category.to_owned())).or_default();
            entry.0 += sign;
            entry.1 += sign * i64::from(decision == "granted");
        }
    }

    fn is_empty(&self) -> bool {
        self.days.is_empty() && self.categories.is_empty()
    }

    /// Writes the changes in `tx`, which holds the chain locks of every site they touch (so no two writers update
    /// the same rollup row at once), and drops the rows that reach zero.
    pub(crate) async fn apply(&self, tx: &mut Transaction<'_, Any>, backend: Backend) -> Result<(), sqlx::Error> {
        if self.is_empty() {
            return Ok(());
        }
        let days: Vec<_> = self.days.iter().collect();
        for chunk in days.chunks(ROWS_PER_UPSERT) {
            let values: Vec<String> =
                (0..chunk.len()).map(|row| format!("({})", params(backend, row * 8, 8))).collect();
            let sql = format!(
                "INSERT INTO dashboard_days (site, day_ms, action, gpc, locale, ui_layer, decisions, replacements) \
                 VALUES {} ON CONFLICT (site, day_ms, action, gpc, locale, ui_layer) DO UPDATE SET \
                 decisions = dashboard_days.decisions + excluded.decisions, \
                 replacements = dashboard_days.replacements + excluded.replacements",
                values.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for ((site, day, action, gpc, locale, layer), (decisions, replacements)) in chunk {
                query = query.bind(site).bind(day).bind(action).bind(gpc).bind(locale).bind(layer);
                query = query.bind(decisions).bind(replacements);
            }
            query.execute(&mut **tx).await?;
        }
        let categories: Vec<_> = self.categories.iter().collect();
        for chunk in categories.chunks(ROWS_PER_UPSERT) {
            let values: Vec<String> =
                (0..chunk.len()).map(|row| format!("({})", params(backend, row * 5, 5))).collect();
            let sql = format!(
                "INSERT INTO dashboard_category_days (site, day_ms, category, decisions, granted) VALUES {} \
                 ON CONFLICT (site, day_ms, category) DO UPDATE SET \
                 decisions = dashboard_category_days.decisions + excluded.decisions, \
                 granted = dashboard_category_days.granted + excluded.granted",
                values.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for ((site, day, category), (decisions, granted)) in chunk {
                query = query.bind(site).bind(day).bind(category).bind(decisions).bind(granted);
            }
            query.execute(&mut **tx).await?;
        }
        if self.days.values().any(|(decisions, _)| *decisions < 0) {
            sqlx::query("DELETE FROM dashboard_days WHERE decisions <= 0").execute(&mut **tx).await?;
            sqlx::query("DELETE FROM dashboard_category_days WHERE decisions <= 0").execute(&mut **tx).await?;
        }
        Ok(())
    }
}

/// Midnight UTC of the day of `ms`.
pub fn day_start(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS) * DAY_MS
}

/// Adds the records just appended in `tx` to the rollups.
pub(super) async fn add(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    rows: &[&LoggedRow],
) -> Result<(), sqlx::Error> {
    let mut delta = Delta::default();
    for logged in rows {
        delta.count(Counted::from(*logged), 1);
    }
    delta.apply(tx, backend).await
}

/// `(seq, received_at_ms, action, gpc, locale, ui_layer, previous_id, decisions)` of a page of records.
type CountedRow = (i64, i64, String, i64, String, String, Option<String>, String);

/// Counts `site`'s records with `after_seq < seq <= up_to_seq` into `delta` with `sign`, a page at a time.
pub(super) async fn count_records(
    tx: &mut Transaction<'_, Any>,
    site: &str,
    after_seq: i64,
    up_to_seq: i64,
    sign: i64,
    delta: &mut Delta,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "SELECT seq, received_at_ms, action, gpc, locale, ui_layer, previous_id, decisions FROM consent_records \
         WHERE site = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT {PAGE_ROWS}"
    );
    let mut after = after_seq;
    loop {
        let page: Vec<CountedRow> =
            sqlx::query_as(&sql).bind(site).bind(after).bind(up_to_seq).fetch_all(&mut **tx).await?;
        for (_, received_at_ms, action, gpc, locale, ui_layer, previous_id, decisions) in &page {
            let counted = Counted {
                site,
                received_at_ms: *received_at_ms,
                action,
                gpc: *gpc != 0,
                locale,
                ui_layer,
                replaces: previous_id.is_some(),
                decisions,
            };
            delta.count(counted, sign);
        }
        match page.last() {
            Some((seq, ..)) => after = *seq,
            None => return Ok(()),
        }
    }
}

/// One site's rollup rows of a day range, summed by what each part of the dashboard shows.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DashboardRows {
    /// `(day_ms, action, gpc, decisions, replacements)`.
    pub actions: Vec<(i64, String, i64, i64, i64)>,
    /// `(day_ms, locale, decisions)`.
    pub locales: Vec<(i64, String, i64)>,
    /// `(day_ms, ui_layer, decisions)`.
    pub ui_layers: Vec<(i64, String, i64)>,
    /// `(day_ms, category, decisions, granted)`.
    pub categories: Vec<(i64, String, i64, i64)>,
}

impl Store {
    /// The rollups of `site` for the days starting in `[from_day_ms, to_day_ms)`, read in one snapshot so that the
    /// parts agree with each other. (`CAST … AS BIGINT`: PostgreSQL sums BIGINTs as NUMERIC.)
    pub async fn dashboard_rows(
        &self,
        site: &str,
        from_day_ms: i64,
        to_day_ms: i64,
    ) -> Result<DashboardRows, StoreError> {
        let range = "WHERE site = $1 AND day_ms >= $2 AND day_ms < $3";
        let mut tx = self.begin_snapshot().await?;
        let actions = sqlx::query_as(&format!(
            "SELECT day_ms, action, gpc, CAST(SUM(decisions) AS BIGINT), CAST(SUM(replacements) AS BIGINT) \
             FROM dashboard_days {range} GROUP BY day_ms, action, gpc"
        ))
        .bind(site)
        .bind(from_day_ms)
        .bind(to_day_ms)
        .fetch_all(&mut *tx)
        .await?;
        let locales = sqlx::query_as(&format!(
            "SELECT day_ms, locale, CAST(SUM(decisions) AS BIGINT) FROM dashboard_days {range} GROUP BY day_ms, locale"
        ))
        .bind(site)
        .bind(from_day_ms)
        .bind(to_day_ms)
        .fetch_all(&mut *tx)
        .await?;
        let ui_layers = sqlx::query_as(&format!(
            "SELECT day_ms, ui_layer, CAST(SUM(decisions) AS BIGINT) FROM dashboard_days {range} \
             GROUP BY day_ms, ui_layer"
        ))
        .bind(site)
        .bind(from_day_ms)
        .bind(to_day_ms)
        .fetch_all(&mut *tx)
        .await?;
        let categories = sqlx::query_as(&format!(
            "SELECT day_ms, category, decisions, granted FROM dashboard_category_days {range}"
        ))
        .bind(site)
        .bind(from_day_ms)
        .bind(to_day_ms)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(DashboardRows { actions, locales, ui_layers, categories })
    }

    /// Builds the rollups of every site that migration 0006 (or [`Store::rebuild_dashboard`]) marked, from its log.
    pub(super) async fn rebuild_marked_dashboards(&self) -> Result<(), StoreError> {
        let marked: Vec<(String,)> =
            sqlx::query_as("SELECT site FROM dashboard_rebuilds ORDER BY site").fetch_all(self.pool()).await?;
        for (site,) in marked {
            tracing::info!(site, "building the dashboard's daily rollups from the log");
            self.rebuild_dashboard(&site).await?;
        }
        Ok(())
    }

    /// Replaces `site`'s rollups with ones counted from its whole log, in one transaction that holds the site's chain
    /// lock (appends wait for it). For logs written without rollups: an upgraded database, or a bulk import.
    pub async fn rebuild_dashboard(&self, site: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let sql = format!("SELECT seq FROM chain_heads WHERE site = $1{}", for_update(self.backend()));
        let head: Option<(i64,)> = sqlx::query_as(&sql).bind(site).fetch_optional(&mut *tx).await?;
        for table in ["dashboard_days", "dashboard_category_days", "dashboard_rebuilds"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE site = $1")).bind(site).execute(&mut *tx).await?;
        }
        let mut delta = Delta::default();
        count_records(&mut tx, site, i64::MIN, head.map_or(i64::MAX, |(seq,)| seq), 1, &mut delta).await?;
        delta.apply(&mut tx, self.backend()).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_start_at_midnight_utc_also_before_1970() {
        assert_eq!(day_start(1_764_000_000_000), 1_763_942_400_000);
        assert_eq!(day_start(1_763_942_400_000), 1_763_942_400_000);
        assert_eq!(day_start(-1), -DAY_MS);
    }

    #[test]
    fn a_batch_is_summed_per_key_and_a_purge_takes_it_away_again() {
        let record = Counted {
            site: "s",
            received_at_ms: 1_764_000_000_000,
            action: "custom",
            gpc: true,
            locale: "en",
            ui_layer: "preferences",
            replaces: true,
            decisions: r#"{"analytics":"granted","necessary":"granted","marketing":"denied"}"#,
        };
        let mut delta = Delta::default();
        delta.count(record, 1);
        delta.count(Counted { replaces: false, decisions: r#"{"analytics":"denied"}"#, ..record }, 1);
        assert_eq!(delta.days.len(), 1);
        assert_eq!(delta.days.values().next(), Some(&(2, 1)));
        let analytics = ("s".to_owned(), 1_763_942_400_000, "analytics".to_owned());
        assert_eq!(delta.categories[&analytics], (2, 1));
        assert_eq!(delta.categories.len(), 3);
        delta.count(record, -1);
        assert_eq!(delta.categories[&analytics], (1, 0));
        assert_eq!(delta.days.values().next(), Some(&(1, 0)));
    }
}
