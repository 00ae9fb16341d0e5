-- Hits are written once. mt_hits is both the log that a hit is group-committed to before it is answered
-- and the data that the data endpoints page through: a hit's consumption no longer copies its row
-- into a second table, it only decides it (rows that do not count are deleted) and adds it to
-- mt_hit_counts, together with the partition's position in mt_log_positions.
--
-- A row is data once its partition's position has passed it: (xid, seq) <= mt_log_positions(partition).
-- Tailers read only rows of transactions older than their snapshot's xmin, so no row can commit
-- behind a position (HitLogReader). mt_hit_log and mt_hit_data (0003) are no longer written;
-- they stay because migrations are additive.
CREATE TABLE IF NOT EXISTS mt_hits (
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
    -- Only on a hit logged before its token could be resolved (entity_id 0, raw request fields); the
    -- tailer replaces such a row by the resolved hit, or deletes it.
    token        text        NULL,

    -- Idempotency: a batch retried after a commit whose answer was lost fails here instead of doubling.
    CONSTRAINT pk_mt_hits PRIMARY KEY (hit_id)
);

-- The tailers' range scan: WHERE partition = @p AND (xid, seq) > (@xid, @seq) ORDER BY xid, seq.
CREATE INDEX IF NOT EXISTS ix_mt_hits_tail ON mt_hits (partition, xid, seq);

-- The data endpoints: one pixel's or link's rows newest first, counted up to the partition's position.
CREATE INDEX IF NOT EXISTS ix_mt_hits_entity ON mt_hits (kind, entity_id, xid, seq);
