-- The chained proof-of-consent log, and the sites the endpoint serves.
--
-- 0001's table shipped in no release and its rows lack the fields and chain links every record now needs (they cannot
-- be hashed in SQL), so it is replaced rather than altered; only test data is lost.
--
-- Portable SQL: the same file runs on SQLite and PostgreSQL. Times are Unix milliseconds (BIGINT); maps are JSON text
-- with sorted keys; flags are 0/1 BIGINT because sqlx's Any driver cannot read SQLite booleans.
DROP TABLE consent_records;

CREATE TABLE consent_records (
    site            TEXT    NOT NULL,
    consent_id      TEXT    NOT NULL PRIMARY KEY,
    previous_id     TEXT    NULL,
    action          TEXT    NOT NULL,
    decisions       TEXT    NOT NULL,
    services        TEXT    NOT NULL,
    config_revision BIGINT  NOT NULL,
    config_sha256   TEXT    NOT NULL,
    policy_sha256   TEXT    NULL,
    locale          TEXT    NOT NULL,
    ui_layer        TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    page_url        TEXT    NOT NULL,
    gpc             BIGINT  NOT NULL CHECK (gpc IN (0, 1)),
    consent_mode    TEXT    NOT NULL,
    decided_at_ms   BIGINT  NOT NULL,
    expires_at_ms   BIGINT  NOT NULL,
    banner_version  TEXT    NOT NULL,
    received_at_ms  BIGINT  NOT NULL,
    ip_truncated    TEXT    NOT NULL,
    browser_family  TEXT    NOT NULL,
    -- The hash chain: the record's place in its site's log (1, 2, 3 … without gaps), the hash of the record before it,
    -- and its own hash over all of the above (see row.rs, StoredRow::hash).
    seq             BIGINT  NOT NULL,
    prev_hash       TEXT    NOT NULL,
    record_hash     TEXT    NOT NULL
);

-- Two records can never take the same place in a site's chain; exports, verification and purges walk it in order.
CREATE UNIQUE INDEX consent_records_site_seq ON consent_records (site, seq);
-- Time-filtered exports and stats.
CREATE INDEX consent_records_site_received ON consent_records (site, received_at_ms);
-- `GET /v1/consents/{id}` follows replacements forward.
CREATE INDEX consent_records_previous ON consent_records (previous_id);

-- The end of each site's chain. Writers lock this row (SELECT … FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite)
-- in the transaction that appends, so concurrent servers can never fork a chain; `verify` checks the log against it,
-- which catches records deleted from or appended to the end.
CREATE TABLE chain_heads (
    site        TEXT   NOT NULL PRIMARY KEY,
    seq         BIGINT NOT NULL,
    record_hash TEXT   NOT NULL
);

-- Written by each purge: the last purged record's place and hash, from which `verify` starts. `mac` is an
-- HMAC-SHA-256 under the operator's chain key, when one is configured, so a forged checkpoint cannot hide deletions.
CREATE TABLE chain_checkpoints (
    site           TEXT   NOT NULL,
    seq            BIGINT NOT NULL,
    record_hash    TEXT   NOT NULL,
    cutoff_ms      BIGINT NOT NULL,
    purged_records BIGINT NOT NULL,
    purged_at_ms   BIGINT NOT NULL,
    mac            TEXT   NULL,
    PRIMARY KEY (site, seq)
);

-- The sites this endpoint serves: the config the banner is given (exactly the bytes served) and the origins allowed to
-- send consents cross-origin (a JSON array of `scheme://host[:port]`).
CREATE TABLE sites (
    site            TEXT   NOT NULL PRIMARY KEY,
    revision        BIGINT NOT NULL,
    config_json     TEXT   NOT NULL,
    config_sha256   TEXT   NOT NULL,
    allowed_origins TEXT   NOT NULL,
    updated_at_ms   BIGINT NOT NULL
);

-- Every config a site has served, by its SHA-256, so the config a record's `config_sha256` names can be produced.
CREATE TABLE site_config_history (
    site          TEXT   NOT NULL,
    config_sha256 TEXT   NOT NULL,
    revision      BIGINT NOT NULL,
    config_json   TEXT   NOT NULL,
    saved_at_ms   BIGINT NOT NULL,
    PRIMARY KEY (site, config_sha256)
);
