-- Sending (TrackPost): messages and their durable outbox. A message is one row (its filters as columns, the rest as a
-- JSON document its grain rewrites); the outbox holds one row per recipient still to hand to the SMTP relay. A sender
-- claims due rows with FOR UPDATE SKIP LOCKED and moves their due time past a lease, so two silos never send the same row
-- at once and a silo that dies mid-send leaves its rows due again when the lease ends. A row is deleted once the relay
-- answered for good; a transient failure moves it to its next attempt. Additive.
CREATE TABLE IF NOT EXISTS mt_emails (
    id           bigint      NOT NULL,
    account_id   bigint      NOT NULL,
    created_at   timestamptz NOT NULL,
    status       text        NOT NULL,
    from_address text        NOT NULL,
    to_addresses text[]      NOT NULL,
    tags         text[]      NOT NULL,
    document     jsonb       NOT NULL,

    CONSTRAINT pk_mt_emails PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS ix_mt_emails_account ON mt_emails (account_id, created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS mt_email_outbox (
    email_id        bigint      NOT NULL,
    recipient_token text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    due             timestamptz NOT NULL,

    CONSTRAINT pk_mt_email_outbox PRIMARY KEY (email_id, recipient_token)
);

CREATE INDEX IF NOT EXISTS ix_mt_email_outbox_due ON mt_email_outbox (due);
