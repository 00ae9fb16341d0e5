-- Issue 18: one pixel's or link's hits are found through pages written by the partition tailers, not through an index of
-- mt_hits. ix_mt_hits_entity cost every group commit an index insert per hit (~9 µs of PostgreSQL's ~22 µs a hit); a tailer's
-- consumption commit now writes one row per pixel or link it counted hits of, listing their places in mt_hits
-- (partition, xid, seq), which the tailers' index (ix_mt_hits_tail) finds again. In the same transaction as the counts and
-- the position: a page exists exactly when its hits count.
CREATE TABLE IF NOT EXISTS mt_hit_pages (
    kind      smallint NOT NULL,
    entity_id bigint   NOT NULL,
    -- The place of the page's newest hit: pages of an entity sort newest first by it.
    upto_xid  bigint   NOT NULL,
    upto_seq  bigint   NOT NULL,
    partition smallint NOT NULL,
    -- cardinality(xids), kept beside the key: finding the pages of the newest N hits reads no arrays.
    hits      integer  NOT NULL,
    -- The page's hits in log order (at most 2,000 a page).
    xids      bigint[] NOT NULL,
    seqs      bigint[] NOT NULL,

    CONSTRAINT pk_mt_hit_pages PRIMARY KEY (kind, entity_id, upto_xid, upto_seq) INCLUDE (hits)
);

-- Up to where each partition's decided hits are paged: every decided row at or before it is on exactly one page, none after
-- it. A commit of this version pages everything from here to its new position and moves it there (under this row's lock); a
-- silo of the previous version moves only mt_log_positions, and the range it leaves unpaged is paged by the next commit of
-- this version or by the back-fill (HitPageBackfill, every minute). Readers take the unpaged range from the tail index.
CREATE TABLE IF NOT EXISTS mt_hits_paged (
    partition smallint NOT NULL,
    xid       bigint   NOT NULL,
    seq       bigint   NOT NULL,

    CONSTRAINT pk_mt_hits_paged PRIMARY KEY (partition)
);

-- The decided hits of before this migration, paged here, in one statement (one snapshot: the markers are the positions whose
-- rows it pages). Synchronous: afterwards an entity's read never scans more of the tail index than what old silos consumed
-- since. Eight partitions (HitPartitions.Count, fixed).
WITH decided AS (
    SELECT h.kind, h.entity_id, h.partition, h.xid, h.seq,
           (row_number() OVER (PARTITION BY h.kind, h.entity_id ORDER BY h.xid, h.seq) - 1) / 2000 AS page
    FROM mt_hits h JOIN mt_log_positions p ON p.partition = h.partition
    WHERE (h.xid, h.seq) <= (p.xid, p.seq) AND h.entity_id <> 0
),
paged AS (
    INSERT INTO mt_hit_pages (kind, entity_id, upto_xid, upto_seq, partition, hits, xids, seqs)
    SELECT kind, entity_id, xids[cardinality(xids)], seqs[cardinality(seqs)], partition, cardinality(xids), xids, seqs
    FROM (SELECT kind, entity_id, min(partition) AS partition, array_agg(xid ORDER BY xid, seq) AS xids, array_agg(seq ORDER BY xid, seq) AS seqs
          FROM decided GROUP BY kind, entity_id, page) g
)
INSERT INTO mt_hits_paged (partition, xid, seq)
SELECT s.partition, COALESCE(p.xid, 0), COALESCE(p.seq, 0)
FROM generate_series(0, 7) AS s (partition) LEFT JOIN mt_log_positions p ON p.partition = s.partition
ON CONFLICT (partition) DO NOTHING;

-- Every reader of an entity's rows goes through its pages (data endpoints, unique opens' claims, deletes) or through another
-- index (reclassification: the tail index by place). Not additive: a silo of the previous version still running reads an
-- entity's data by scanning mt_hits until it is replaced (a rolling upgrade's minutes).
DROP INDEX IF EXISTS ix_mt_hits_entity;
