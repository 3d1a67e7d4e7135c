-- A DRF token copied from Django and later retired here (a logout, an operator's revoke, the per-user cap,
-- the user's deletion) must not come back with the next migrate-from-django run, which copies every key
-- Django still holds: its hash is kept, and the copy skips it. Only imported keys are remembered; keys
-- Scanledger issued itself can never be brought back, and a login-happy app would otherwise leave one row
-- per login behind.
ALTER TABLE api_tokens ADD COLUMN imported boolean NOT NULL DEFAULT false;

-- With the key's user and creation as they were, so migrate-from-django --verify counts a retired key as
-- accounted for, not as missing.
CREATE TABLE retired_imported_keys (
    key_hash   bytea       CONSTRAINT retired_imported_keys_pkey PRIMARY KEY,
    user_id    bigint      NOT NULL,
    created    timestamptz NOT NULL,
    retired_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION api_tokens_remember_retired_import() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO retired_imported_keys (key_hash, user_id, created) VALUES (OLD.key_hash, OLD.user_id, OLD.created)
    ON CONFLICT ON CONSTRAINT retired_imported_keys_pkey DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER api_tokens_retired_import AFTER DELETE ON api_tokens
    FOR EACH ROW WHEN (OLD.imported) EXECUTE FUNCTION api_tokens_remember_retired_import();
