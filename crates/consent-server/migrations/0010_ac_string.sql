-- Google's Additional Consent string of a TCF site's record (`2~<consented ids>~dv.<disclosed ids>`, the
-- `addtl_consent` value the visitor's choice for Google's ad tech providers was written as), as the endpoint checked it
-- against the site's `tcf.google_ad_tech_providers`. NULL for every other record, and for every record from before the
-- column: the chain hash leaves a NULL out, so they verify as before.
ALTER TABLE consent_records ADD COLUMN ac_string TEXT;
