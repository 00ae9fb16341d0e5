-- Per-recipient tokens of a mail tracking (Mail Tracker, MailSignal, Procurios). Created in bulk (one
-- statement for up to 10,000); a recipient grain reads its row when it activates. Hit-derived fields
-- (first open, counts) are written by the hit log tailers in the same commit that counts the hits.
--
-- The update sequence orders the recipients list: every change takes a new (update_xid, update_seq),
-- and a list reads only below its snapshot's xmin, so a change that commits late is never skipped.
CREATE SEQUENCE IF NOT EXISTS mt_recipient_updates;

CREATE TABLE IF NOT EXISTS mt_recipients (
    id              bigint      NOT NULL,
    token           text        NOT NULL,
    tracking_id     bigint      NOT NULL,
    account_id      bigint      NOT NULL,
    email           text        NOT NULL,
    name            text        NULL,
    subject         text        NULL,
    created         timestamptz NOT NULL DEFAULT now(),
    first_open      timestamptz NULL,
    first_bot_open  timestamptz NULL,
    first_click     timestamptz NULL,
    first_bot_click timestamptz NULL,
    unsubscribed    timestamptz NULL,
    bounced         timestamptz NULL,
    opens           bigint      NOT NULL DEFAULT 0,
    bot_opens       bigint      NOT NULL DEFAULT 0,
    clicks          bigint      NOT NULL DEFAULT 0,
    bot_clicks      bigint      NOT NULL DEFAULT 0,
    last_update     timestamptz NOT NULL DEFAULT now(),
    update_xid      bigint      NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    update_seq      bigint      NOT NULL DEFAULT nextval('mt_recipient_updates'),
    -- A deleted recipient keeps its row, so that its events keep their recipient token.
    deleted         timestamptz NULL,

    CONSTRAINT pk_mt_recipients PRIMARY KEY (id),
    CONSTRAINT uq_mt_recipients_token UNIQUE (token),
    -- The same email always gets the same token within a mail tracking.
    CONSTRAINT uq_mt_recipients_email UNIQUE (tracking_id, email)
);

-- The recipients list of a tracking, in update order.
CREATE INDEX IF NOT EXISTS ix_mt_recipients_updates ON mt_recipients (tracking_id, update_xid, update_seq);

-- MailSignal's tracks: an account's recipients.
CREATE INDEX IF NOT EXISTS ix_mt_recipients_account ON mt_recipients (account_id, id);

-- A recipient's hits (MailSignal's track with its opens); only hits that came through a recipient's URL.
CREATE INDEX IF NOT EXISTS ix_mt_hits_recipient ON mt_hits (recipient_id, xid, seq) WHERE recipient_id IS NOT NULL;

-- The event feeds: an account's opens or clicks in commit order.
CREATE INDEX IF NOT EXISTS ix_mt_hits_feed ON mt_hits (account_id, kind, xid, seq);
