//! The sites the endpoint serves, as the database keeps them: each site's current config (the exact bytes the banner
//! is served), every config it has ever served, and the origins allowed to send its consents.

use sqlx::{Any, Transaction};

use super::{for_update, Store, StoreError};
use crate::time::now_ms;

/// A site's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRow {
    /// The site id.
    pub site: String,
    /// The config's revision; only a higher one replaces it.
    pub revision: i64,
    /// The config exactly as served to the banner.
    pub config_json: String,
    /// SHA-256 (lowercase hex) of `config_json`, which a record's `config_sha256` is compared with.
    pub config_sha256: String,
    /// `scheme://host[:port]` origins allowed to send consents cross-origin.
    pub allowed_origins: Vec<String>,
}

/// How [`Store::save_config`] treats a config whose revision is not newer than the stored one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveRule {
    /// An admin's upload: the revision must go up (an identical config is a no-op).
    RevisionMustIncrease,
    /// The config file a server starts with: it replaces a stored config of the same or an older revision, but
    /// never a newer one (an admin may have uploaded that since the file was written).
    Seed,
}

/// What [`Store::save_config`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// The config is now the site's current one (the site was created if it was new).
    Saved,
    /// The site already had exactly this config.
    Unchanged,
    /// The stored config has this revision, which the new one does not exceed; nothing was changed.
    NotNewer {
        /// The stored revision.
        current: i64,
    },
}

/// The config to save.
#[derive(Debug, Clone, Copy)]
pub struct NewConfig<'a> {
    /// The site id, from the config.
    pub site: &'a str,
    /// The config's revision.
    pub revision: i64,
    /// The config as it will be served to the banner.
    pub json: &'a str,
    /// SHA-256 (lowercase hex) of `json`.
    pub sha256: &'a str,
    /// Replaces the stored allow-list when given; a new site without one allows no cross-origin sender.
    pub allowed_origins: Option<&'a [String]>,
}

type SiteTuple = (String, i64, String, String, String);

impl Store {
    /// The site's row, if the site exists.
    pub async fn site(&self, site: &str) -> Result<Option<SiteRow>, StoreError> {
        let row: Option<SiteTuple> = sqlx::query_as(
            "SELECT site, revision, config_json, config_sha256, allowed_origins FROM sites WHERE site = $1",
        )
        .bind(site)
        .fetch_optional(self.pool())
        .await?;
        row.map(site_row).transpose()
    }

    /// Every site's row.
    pub async fn sites(&self) -> Result<Vec<SiteRow>, StoreError> {
        let rows: Vec<SiteTuple> = sqlx::query_as(
            "SELECT site, revision, config_json, config_sha256, allowed_origins FROM sites ORDER BY site",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(site_row).collect()
    }

    /// Whether `site` is known: it has a config, or a log (a site whose config was never stored here, such as one
    /// served from a file only, still has a chain once it has records).
    pub async fn site_exists(&self, site: &str) -> Result<bool, StoreError> {
        let found: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM sites WHERE site = $1 UNION ALL SELECT 1 FROM chain_heads WHERE site = $1 LIMIT 1",
        )
        .bind(site)
        .fetch_optional(self.pool())
        .await?;
        Ok(found.is_some())
    }

    /// Makes `config` the site's current config, keeping every config in the history, under `rule`.
    pub async fn save_config(&self, config: NewConfig<'_>, rule: SaveRule) -> Result<Saved, StoreError> {
        let mut tx = self.begin_write().await?;
        let origins_json = config.allowed_origins.map(origins_to_json).transpose()?;
        let now = now_ms();
        let current = lock_site(&mut tx, self.backend(), config.site).await?;
        let outcome = match current {
            None => {
                let inserted = sqlx::query(
                    "INSERT INTO sites (site, revision, config_json, config_sha256, allowed_origins, updated_at_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (site) DO NOTHING",
                )
                .bind(config.site)
                .bind(config.revision)
                .bind(config.json)
                .bind(config.sha256)
                .bind(origins_json.as_deref().unwrap_or("[]"))
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if inserted.rows_affected() == 0 {
                    // Another server created the site between our look and our insert; its row is now there to lock.
                    tx.rollback().await?;
                    return Box::pin(self.save_config(config, rule)).await;
                }
                Saved::Saved
            }
            Some((_, sha256)) if sha256 == config.sha256 => Saved::Unchanged,
            Some((revision, _)) => {
                let newer_enough = match rule {
                    SaveRule::RevisionMustIncrease => config.revision > revision,
                    SaveRule::Seed => config.revision >= revision,
                };
                if !newer_enough {
                    return Ok(Saved::NotNewer { current: revision });
                }
                sqlx::query(
                    "UPDATE sites SET revision = $2, config_json = $3, config_sha256 = $4, updated_at_ms = $5 \
                     WHERE site = $1",
                )
                .bind(config.site)
                .bind(config.revision)
                .bind(config.json)
                .bind(config.sha256)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                Saved::Saved
            }
        };
        if let (Some(origins), false) = (&origins_json, matches!(outcome, Saved::NotNewer { .. })) {
            sqlx::query("UPDATE sites SET allowed_origins = $2 WHERE site = $1")
                .bind(config.site)
                .bind(origins)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO site_config_history (site, config_sha256, revision, config_json, saved_at_ms) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (site, config_sha256) DO NOTHING",
        )
        .bind(config.site)
        .bind(config.sha256)
        .bind(config.revision)
        .bind(config.json)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// Replaces the origins allowed to send `site`'s consents; `false` if the site does not exist.
    pub async fn set_allowed_origins(&self, site: &str, origins: &[String]) -> Result<bool, StoreError> {
        let result = sqlx::query("UPDATE sites SET allowed_origins = $2, updated_at_ms = $3 WHERE site = $1")
            .bind(site)
            .bind(origins_to_json(origins)?)
            .bind(now_ms())
            .execute(self.pool())
            .await?;
        Ok(result.rows_affected() == 1)
    }

    /// The config `site` served with this SHA-256, if it ever did.
    pub async fn config_by_sha256(&self, site: &str, sha256: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT config_json FROM site_config_history WHERE site = $1 AND config_sha256 = $2")
                .bind(site)
                .bind(sha256)
                .fetch_optional(self.pool())
                .await?;
        Ok(row.map(|(json,)| json))
    }
}

async fn lock_site(
    tx: &mut Transaction<'static, Any>,
    backend: super::Backend,
    site: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let sql = format!("SELECT revision, config_sha256 FROM sites WHERE site = $1{}", for_update(backend));
    sqlx::query_as(&sql).bind(site).fetch_optional(&mut **tx).await
}

fn site_row((site, revision, config_json, config_sha256, origins): SiteTuple) -> Result<SiteRow, StoreError> {
    let allowed_origins = serde_json::from_str(&origins)
        .map_err(|e| StoreError::Corrupt { site: site.clone(), reason: format!("allowed_origins: {e}") })?;
    Ok(SiteRow { site, revision, config_json, config_sha256, allowed_origins })
}

fn origins_to_json(origins: &[String]) -> Result<String, StoreError> {
    serde_json::to_string(origins)
        .map_err(|e| StoreError::Corrupt { site: String::new(), reason: format!("allowed_origins: {e}") })
}
