-- Signed-in sessions of the admin console (`POST /v1/admin/session`): kept in the database so that every server
-- behind a load balancer knows them and a sign-out ends them everywhere. The session id itself is only in the
-- browser's cookie; the row holds its SHA-256 (lowercase hex), so reading this table gives no one a session.
CREATE TABLE admin_sessions (
    id_sha256     TEXT   NOT NULL PRIMARY KEY,
    -- Sent back by the console in `X-CSRF-Token` on every change.
    csrf_token    TEXT   NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
