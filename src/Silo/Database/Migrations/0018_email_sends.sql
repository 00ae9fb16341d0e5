-- /analytics/emails counts real sends (TrackPost): each message row carries what it counts, written with its document by
-- its grain (sent = recipient copies the relay got: sent, delivered or bounced), so that a period's stats are one index
-- scan of the account's live messages summing these columns, and their opens and clicks a count of each message's tracking's
-- recipients (ix_mt_recipients_updates). Test messages (test keys) are left out of the index and the stats. Additive:
-- messages stored before are filled from their documents (status numbers: 1 sent, 2 delivered, 3 bounced).
ALTER TABLE mt_emails
    ADD COLUMN IF NOT EXISTS test        boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS tracking_id bigint  NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS sent        integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS delivered   integer NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS bounced     integer NOT NULL DEFAULT 0;

UPDATE mt_emails SET
    test        = COALESCE((document -> 'Draft' ->> 'Test')::boolean, false),
    tracking_id = (document ->> 'TrackingId')::bigint,
    sent        = (SELECT count(*) FROM jsonb_array_elements(document -> 'Recipients') r WHERE (r ->> 'Status')::int IN (1, 2, 3)),
    delivered   = (SELECT count(*) FROM jsonb_array_elements(document -> 'Recipients') r WHERE (r ->> 'Status')::int = 2),
    bounced     = (SELECT count(*) FROM jsonb_array_elements(document -> 'Recipients') r WHERE (r ->> 'Status')::int = 3)
WHERE tracking_id = 0;

CREATE INDEX IF NOT EXISTS ix_mt_emails_sends ON mt_emails (account_id, created_at) INCLUDE (tracking_id, sent, delivered, bounced) WHERE NOT test;
