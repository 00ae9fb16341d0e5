-- Webhooks: each webhook grain follows its account's event feeds (opens, clicks, unsubscribes and
-- bounces) from its own cursors into its own outbox, in one transaction, and delivers from the outbox with retries. An outbox row
-- stays until it is delivered or its retry schedule gives up, across crashes and restarts.
-- Recipients that unsubscribed or bounced, in update order: the webhooks' third feed.
CREATE INDEX IF NOT EXISTS ix_mt_recipients_events ON mt_recipients (account_id, update_xid, update_seq)
    WHERE unsubscribed IS NOT NULL OR bounced IS NOT NULL;

CREATE TABLE IF NOT EXISTS mt_webhook_cursors (
    webhook_id bigint   NOT NULL,
    kind       smallint NOT NULL,
    xid        bigint   NOT NULL,
    seq        bigint   NOT NULL,

    CONSTRAINT pk_mt_webhook_cursors PRIMARY KEY (webhook_id, kind)
);

CREATE TABLE IF NOT EXISTS mt_webhook_outbox (
    webhook_id       bigint      NOT NULL,
    -- The event's id, sent as webhook-id: the same on every redelivery.
    event_id         uuid        NOT NULL,
    event            text        NOT NULL,
    occurred         timestamptz NOT NULL,
    data             text        NOT NULL,
    created          timestamptz NOT NULL DEFAULT now(),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt     timestamptz NOT NULL DEFAULT now(),
    done             boolean     NOT NULL DEFAULT false,

    CONSTRAINT pk_mt_webhook_outbox PRIMARY KEY (webhook_id, event_id)
);

CREATE INDEX IF NOT EXISTS ix_mt_webhook_outbox_due ON mt_webhook_outbox (webhook_id, next_attempt) WHERE NOT done;

CREATE TABLE IF NOT EXISTS mt_webhook_attempts (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    webhook_id  bigint      NOT NULL,
    event_id    uuid        NOT NULL,
    event       text        NOT NULL,
    attempt     integer     NOT NULL,
    at          timestamptz NOT NULL,
    status_code integer     NULL,
    duration_ms bigint      NOT NULL,
    error       text        NULL,
    delivered   boolean     NOT NULL,

    CONSTRAINT pk_mt_webhook_attempts PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS ix_mt_webhook_attempts_webhook ON mt_webhook_attempts (webhook_id, id);
