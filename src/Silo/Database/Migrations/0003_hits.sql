-- Hits: the durable raw log (written first, group-committed) and the counted hits per pixel or link.
-- Re-runnable (IF NOT EXISTS only); DatabaseMigrator wraps the file in its transaction.

-- The raw log, tailed per partition in (xid, seq) order. xid is the writing transaction's id: a reader
-- only returns rows whose xid is below its snapshot's xmin, i.e. rows of transactions that can no longer
-- be in flight, so a transaction that commits late can never be skipped (HitLogReader).
-- xid8 is epoch-extended and never wraps, so it fits a bigint and only grows.
CREATE TABLE IF NOT EXISTS mt_hit_log (
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    xid          bigint      NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    partition    smallint    NOT NULL,
    hit_id       uuid        NOT NULL,
    kind         smallint    NOT NULL,
    entity_id    bigint      NOT NULL,
    tracking_id  bigint      NOT NULL,
    account_id   bigint      NOT NULL,
    date         timestamptz NULL,
    ip_address   text        NULL,
    ip_hash      text        NULL,
    user_agent   text        NULL,
    custom_data  text        NULL,
    recipient_id bigint      NULL,
    bot          boolean     NOT NULL,

    CONSTRAINT pk_mt_hit_log PRIMARY KEY (seq)
);

-- The tailer's range scan: WHERE partition = @p AND (xid, seq) > (@xid, @seq) ORDER BY xid, seq.
CREATE INDEX IF NOT EXISTS ix_mt_hit_log_tail ON mt_hit_log (partition, xid, seq);

-- The hits that counted. hit_id is the idempotency key (a redelivered hit is stored once);
-- seq is the insertion order that the data endpoints page newest first.
CREATE TABLE IF NOT EXISTS mt_hit_data (
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    hit_id       uuid        NOT NULL,
    kind         smallint    NOT NULL,
    entity_id    bigint      NOT NULL,
    tracking_id  bigint      NOT NULL,
    account_id   bigint      NOT NULL,
    date         timestamptz NULL,
    ip_address   text        NULL,
    ip_hash      text        NULL,
    user_agent   text        NULL,
    custom_data  text        NULL,
    recipient_id bigint      NULL,
    bot          boolean     NOT NULL,

    CONSTRAINT pk_mt_hit_data PRIMARY KEY (hit_id)
);

-- Paging (ORDER BY seq DESC), counting and deleting per entity.
CREATE INDEX IF NOT EXISTS ix_mt_hit_data_entity ON mt_hit_data (kind, entity_id, seq);

-- (uniqueOpensOnly reads an entity's distinct IP hashes once per activation, through the entity index:
-- no index of their own, which would cost a write per counted hit.)
