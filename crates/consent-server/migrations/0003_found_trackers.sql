-- The trackers a visitor decided about that the site's config does not name (auto-blocking held them and the
-- preferences listed them): a JSON array, `[]` for none. Existing records get `[]`, which the chain hash leaves out, so
-- they verify as before.
ALTER TABLE consent_records ADD COLUMN found_trackers TEXT NOT NULL DEFAULT '[]';
