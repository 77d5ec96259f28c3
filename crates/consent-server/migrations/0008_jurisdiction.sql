-- Where the endpoint decided the visitor was, from the trusted region header (`US-CA`, `FR`, `unknown`). Existing
-- records get NULL, which the chain hash leaves out, so they verify as before.
ALTER TABLE consent_records ADD COLUMN jurisdiction TEXT;
