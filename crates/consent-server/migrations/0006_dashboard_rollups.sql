-- The dashboard's numbers, kept per site and UTC day as records are committed (in the group commit's transaction, see
-- store/dashboard.rs), so that a year of a busy site is answered from a few thousand rows instead of millions.
-- `day_ms` is the day's midnight UTC in Unix milliseconds. Portable SQL, as in 0002.

-- Decisions per day by what the visitor did, GPC, locale and banner layer; `replacements` of them replaced an earlier
-- choice of the same visitor (`previous_id` set).
CREATE TABLE dashboard_days (
    site         TEXT   NOT NULL,
    day_ms       BIGINT NOT NULL,
    action       TEXT   NOT NULL,
    gpc          BIGINT NOT NULL,
    locale       TEXT   NOT NULL,
    ui_layer     TEXT   NOT NULL,
    decisions    BIGINT NOT NULL,
    replacements BIGINT NOT NULL,
    PRIMARY KEY (site, day_ms, action, gpc, locale, ui_layer)
);

-- Per day and category: how many decisions named the category, and how many of them granted it.
CREATE TABLE dashboard_category_days (
    site      TEXT   NOT NULL,
    day_ms    BIGINT NOT NULL,
    category  TEXT   NOT NULL,
    decisions BIGINT NOT NULL,
    granted   BIGINT NOT NULL,
    PRIMARY KEY (site, day_ms, category)
);

-- Sites whose rollups must be built from their log: every site with records when this migration runs. The store
-- builds them when it opens the database (Store::connect), under the site's chain lock, and removes the row.
CREATE TABLE dashboard_rebuilds (
    site TEXT NOT NULL PRIMARY KEY
);
INSERT INTO dashboard_rebuilds (site) SELECT DISTINCT site FROM consent_records;
