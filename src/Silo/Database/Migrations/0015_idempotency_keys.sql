-- Idempotency-Key on every API POST: the first response of each account's key, answered again for the same request within
-- 24 hours. A row is inserted (status NULL) before the request runs, so a concurrent request with the key finds it; it is
-- completed with the response, or deleted when the response is not kept (5xx, 401, 429). A reservation whose silo died
-- expires after a minute. Expired rows are taken over by the next request with the key and deleted by every silo's sweep
-- (ix_mt_idempotency_keys_expiry). Additive.
CREATE TABLE IF NOT EXISTS mt_idempotency_keys (
    account_id      bigint      NOT NULL,
    idempotency_key text        NOT NULL,
    -- SHA-256 of the request's method, path, query, content type and body.
    request_hash    bytea       NOT NULL,
    -- The reservation's own id: only the request that holds the key completes or releases it.
    reservation     uuid        NOT NULL,
    status          smallint,
    -- The response's Content-Type and Location, as a JSON object.
    headers         jsonb,
    body            bytea,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,

    CONSTRAINT pk_mt_idempotency_keys PRIMARY KEY (account_id, idempotency_key)
);

CREATE INDEX IF NOT EXISTS ix_mt_idempotency_keys_expiry ON mt_idempotency_keys (expires_at);
