-- The TC string of a TCF site's record (IAB TCF 2.3, the `euconsent-v2` value the visitor's choice was written as), as
-- the endpoint checked it. NULL for every other record, and for every record from before the column: the chain hash
-- leaves a NULL out, so they verify as before. (0009 rather than 0008: the regions work adds 0008_jurisdiction.)
ALTER TABLE consent_records ADD COLUMN tc_string TEXT;
