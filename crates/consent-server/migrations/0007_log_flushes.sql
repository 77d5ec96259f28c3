-- One row per writer of a PostgreSQL endpoint, rewritten after each group commit to make it durable (store/durable.rs).
--
-- An append commits with `synchronous_commit = off`: PostgreSQL releases its chain-head locks as soon as the commit
-- record is in the WAL buffers, so the next group commit, of this server or another, appends at once instead of
-- waiting for the disk. The writer then upserts its own row here in a normal (synchronous) commit, which flushes the
-- WAL up to and including the append, before any request of the batch is answered. Each writer has its own row, so
-- these flushes never wait for each other's locks, and PostgreSQL flushes concurrent ones together.
-- Unused on SQLite, where every commit is fsync'd (`synchronous = FULL`).
CREATE TABLE log_flushes (
    writer         TEXT   NOT NULL PRIMARY KEY,
    flushed_at_ms  BIGINT NOT NULL
);
