-- Answers of requests sent with an Idempotency-Key, per user. A row exists only for a request that
-- completed and committed; a request still running is marked by a transaction-scoped advisory lock.
CREATE TABLE idempotency_keys (
    user_id          bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key  text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    fingerprint      bytea       NOT NULL,
    response_status  smallint    NOT NULL,
    response_headers jsonb       NOT NULL,
    response_body    bytea       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, idempotency_key)
);

CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
