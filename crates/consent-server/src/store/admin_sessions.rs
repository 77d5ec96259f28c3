//! The admin console's sessions, as the database keeps them (see migration 0005).

use super::{Store, StoreError};

/// A session that has not expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// The token the console sends back in a header on every change, proving the request came from its own page.
    pub csrf_token: String,
    /// When the session ends, in Unix milliseconds.
    pub expires_at_ms: i64,
}

impl Store {
    /// Records a new session, and forgets the expired ones (sign-ins are rare: this keeps the table small).
    pub async fn create_session(
        &self,
        id_sha256: &str,
        csrf_token: &str,
        now_ms: i64,
        expires_at_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM admin_sessions WHERE expires_at_ms <= $1").bind(now_ms).execute(self.pool()).await?;
        sqlx::query(
            "INSERT INTO admin_sessions (id_sha256, csrf_token, created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4)",
        )
        .bind(id_sha256)
        .bind(csrf_token)
        .bind(now_ms)
        .bind(expires_at_ms)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The session with this id hash, if it exists and has not expired at `now_ms`.
    pub async fn session(&self, id_sha256: &str, now_ms: i64) -> Result<Option<SessionRow>, StoreError> {
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT csrf_token, expires_at_ms FROM admin_sessions WHERE id_sha256 = $1 AND expires_at_ms > $2",
        )
        .bind(id_sha256)
        .bind(now_ms)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|(csrf_token, expires_at_ms)| SessionRow { csrf_token, expires_at_ms }))
    }

    /// Ends the session (a sign-out).
    pub async fn delete_session(&self, id_sha256: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM admin_sessions WHERE id_sha256 = $1").bind(id_sha256).execute(self.pool()).await?;
        Ok(())
    }
}
