-- The proof-of-consent log: one row per decision, refusals and withdrawals included.
-- Portable SQL: the same file runs on SQLite and PostgreSQL. Times are Unix milliseconds (BIGINT), so no
-- timestamp type differs between the two; `decisions` is JSON text, so no JSON type differs either; flags are 0/1
-- BIGINT because sqlx's Any driver cannot read SQLite booleans.
CREATE TABLE consent_records (
    consent_id      TEXT    PRIMARY KEY,
    previous_id     TEXT    NULL,
    site            TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    decisions       TEXT    NOT NULL,
    config_revision BIGINT  NOT NULL,
    locale          TEXT    NOT NULL,
    ui_layer        TEXT    NOT NULL,
    page_url        TEXT    NOT NULL,
    gpc             BIGINT  NOT NULL CHECK (gpc IN (0, 1)),
    decided_at_ms   BIGINT  NOT NULL,
    expires_at_ms   BIGINT  NOT NULL,
    banner_version  TEXT    NOT NULL,
    received_at_ms  BIGINT  NOT NULL,
    ip_truncated    TEXT    NOT NULL,
    browser_family  TEXT    NOT NULL
);

-- Exports and the coming hash chain read a site's log in arrival order.
CREATE INDEX consent_records_site_received ON consent_records (site, received_at_ms);
