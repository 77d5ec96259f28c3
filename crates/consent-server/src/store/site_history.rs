//! What the console lists: every site with when it last changed, and every config a site has published, newest
//! first, so that a product team sees what changed when and can go back to any earlier revision.

use super::{Store, StoreError};

/// A site as the console's site list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSummary {
    /// The site's id, as in the endpoint's URLs.
    pub site: String,
    /// The revision of the config visitors are served now.
    pub revision: i64,
    /// The SHA-256 (lowercase hex) of that config, as the consent records name it.
    pub config_sha256: String,
    /// `scheme://host[:port]` origins allowed to send consents cross-origin.
    pub allowed_origins: Vec<String>,
    /// When the config or the origins last changed (Unix ms).
    pub updated_at_ms: i64,
}

/// One config a site has published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigVersion {
    /// Its revision.
    pub revision: i64,
    /// The SHA-256 (lowercase hex) of the config as served; it fetches the config itself.
    pub config_sha256: String,
    /// When it was first published (Unix ms).
    pub saved_at_ms: i64,
}

impl Store {
    /// Every site with a stored config, by id.
    pub async fn site_summaries(&self) -> Result<Vec<SiteSummary>, StoreError> {
        let rows: Vec<(String, i64, String, String, i64)> = sqlx::query_as(
            "SELECT site, revision, config_sha256, allowed_origins, updated_at_ms FROM sites ORDER BY site",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(site, revision, config_sha256, origins, updated_at_ms)| {
                let allowed_origins = serde_json::from_str(&origins)
                    .map_err(|e| StoreError::Corrupt { site: site.clone(), reason: format!("allowed_origins: {e}") })?;
                Ok(SiteSummary { site, revision, config_sha256, allowed_origins, updated_at_ms })
            })
            .collect()
    }

    /// Every config `site` has published, newest first (empty for an unknown site).
    pub async fn config_history(&self, site: &str) -> Result<Vec<ConfigVersion>, StoreError> {
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT revision, config_sha256, saved_at_ms FROM site_config_history WHERE site = $1 \
             ORDER BY saved_at_ms DESC, revision DESC",
        )
        .bind(site)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(revision, config_sha256, saved_at_ms)| ConfigVersion { revision, config_sha256, saved_at_ms })
            .collect())
    }
}
