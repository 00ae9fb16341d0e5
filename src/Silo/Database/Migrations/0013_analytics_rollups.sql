-- Analytics rollups: what a report sums instead of scanning hits. Written with what they count, in the same transaction:
-- hits by the partition tailers' consumption commit (so with the partition's position: a crash never counts twice), recipients
-- (tracks), bounces and unsubscribes by the recipient store. A mail tracking's pixel and links may sit in different partitions,
-- so two commits can add to one row: each commit locks its rows in key order (no deadlock).

-- Per mail tracking and quarter of an hour (UTC; every time zone's offset is a multiple of 15 minutes, so local days and hours
-- are exact). Hits without a time (trackDateTimes off) sit in the bucket of the Unix epoch.
CREATE TABLE IF NOT EXISTS mt_analytics (
    tracking_id   bigint      NOT NULL,
    bucket        timestamptz NOT NULL,
    account_id    bigint      NOT NULL,
    opens         bigint      NOT NULL DEFAULT 0,
    bot_opens     bigint      NOT NULL DEFAULT 0,
    proxy_opens   bigint      NOT NULL DEFAULT 0,
    clicks        bigint      NOT NULL DEFAULT 0,
    bot_clicks    bigint      NOT NULL DEFAULT 0,
    -- People: recipients whose first human open (click) was in this bucket.
    unique_opens  bigint      NOT NULL DEFAULT 0,
    unique_clicks bigint      NOT NULL DEFAULT 0,
    -- Recipients created, bounced, unsubscribed in this bucket.
    tracks        bigint      NOT NULL DEFAULT 0,
    bounced       bigint      NOT NULL DEFAULT 0,
    unsubscribed  bigint      NOT NULL DEFAULT 0,

    CONSTRAINT pk_mt_analytics PRIMARY KEY (tracking_id, bucket)
) WITH (fillfactor = 50);  -- room on each page for its rows' next versions: an add is a HOT update, no index entry

CREATE INDEX IF NOT EXISTS ix_mt_analytics_account ON mt_analytics (account_id, bucket);

-- Human opens by email client, device, operating system and country (key 'client:Gmail', 'device:iPhone', 'os:iOS',
-- 'country:Germany'), per mail tracking, twice: per hour (span 0) and per UTC day (span 1). A report reads the whole days of
-- its period from the day rows and only its partial days from the hour rows, so a month of a busy tracking is about a
-- thousand rows, whatever its number of hits.
CREATE TABLE IF NOT EXISTS mt_analytics_breakdowns (
    tracking_id bigint      NOT NULL,
    span        smallint    NOT NULL,
    bucket      timestamptz NOT NULL,
    key         text        NOT NULL,
    account_id  bigint      NOT NULL,
    opens       bigint      NOT NULL DEFAULT 0,

    CONSTRAINT pk_mt_analytics_breakdowns PRIMARY KEY (tracking_id, span, bucket, key)
) WITH (fillfactor = 50);

CREATE INDEX IF NOT EXISTS ix_mt_analytics_breakdowns_account ON mt_analytics_breakdowns (account_id, span, bucket);

-- Back-fill (this migration runs once) from what was counted before the rollups existed: hits up to their partition's position,
-- and the recipients. The breakdowns need the user-agent data and the GeoIP database, so they start empty.
INSERT INTO mt_analytics (tracking_id, bucket, account_id, opens, bot_opens, proxy_opens, clicks, bot_clicks)
SELECT h.tracking_id, coalesce(date_bin('15 minutes', h.date, timestamptz 'epoch'), timestamptz 'epoch'), h.account_id,
       count(*) FILTER (WHERE h.kind = 0), count(*) FILTER (WHERE h.kind = 0 AND h.bot),
       count(*) FILTER (WHERE h.kind = 0 AND NOT h.bot AND h.proxy IS NOT NULL),
       count(*) FILTER (WHERE h.kind = 1), count(*) FILTER (WHERE h.kind = 1 AND h.bot)
FROM mt_hits h
WHERE h.entity_id <> 0 AND (h.xid, h.seq) <= (SELECT p.xid, p.seq FROM mt_log_positions p WHERE p.partition = h.partition)
GROUP BY 1, 2, 3;

INSERT INTO mt_analytics AS a (tracking_id, bucket, account_id, tracks, unique_opens, unique_clicks, bounced, unsubscribed)
SELECT tracking_id, bucket, account_id, sum(tracks), sum(unique_opens), sum(unique_clicks), sum(bounced), sum(unsubscribed)
FROM (
    SELECT tracking_id, date_bin('15 minutes', created, timestamptz 'epoch') AS bucket, account_id, 1 AS tracks, 0 AS unique_opens, 0 AS unique_clicks, 0 AS bounced, 0 AS unsubscribed FROM mt_recipients
    UNION ALL SELECT tracking_id, date_bin('15 minutes', first_open, timestamptz 'epoch'), account_id, 0, 1, 0, 0, 0 FROM mt_recipients WHERE first_open IS NOT NULL
    UNION ALL SELECT tracking_id, date_bin('15 minutes', first_click, timestamptz 'epoch'), account_id, 0, 0, 1, 0, 0 FROM mt_recipients WHERE first_click IS NOT NULL
    UNION ALL SELECT tracking_id, date_bin('15 minutes', bounced, timestamptz 'epoch'), account_id, 0, 0, 0, 1, 0 FROM mt_recipients WHERE bounced IS NOT NULL
    UNION ALL SELECT tracking_id, date_bin('15 minutes', unsubscribed, timestamptz 'epoch'), account_id, 0, 0, 0, 0, 1 FROM mt_recipients WHERE unsubscribed IS NOT NULL
) r
GROUP BY 1, 2, 3
ON CONFLICT (tracking_id, bucket) DO UPDATE SET tracks = a.tracks + EXCLUDED.tracks, unique_opens = a.unique_opens + EXCLUDED.unique_opens,
    unique_clicks = a.unique_clicks + EXCLUDED.unique_clicks, bounced = a.bounced + EXCLUDED.bounced, unsubscribed = a.unsubscribed + EXCLUDED.unsubscribed;
