-- Counts per pixel or link and the consumption position per log partition, both moved in the same
-- statement that stores the counted hits (ConsumptionCommit): counts always equal the
-- stored rows, and a crash resumes exactly where the last commit left off.

CREATE TABLE IF NOT EXISTS mt_hit_counts (
    kind      smallint NOT NULL,
    entity_id bigint   NOT NULL,
    total     bigint   NOT NULL,
    bots      bigint   NOT NULL,

    CONSTRAINT pk_mt_hit_counts PRIMARY KEY (kind, entity_id)
);

CREATE TABLE IF NOT EXISTS mt_log_positions (
    partition smallint NOT NULL,
    xid       bigint   NOT NULL,
    seq       bigint   NOT NULL,

    CONSTRAINT pk_mt_log_positions PRIMARY KEY (partition)
);
