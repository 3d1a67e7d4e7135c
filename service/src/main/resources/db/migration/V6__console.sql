-- The operator console: what it changed (audit log), the duplicates the API refused, and the indexes
-- its searches need on a million scans.

-- Every change made in the console: who, what, when, and the row before and after (NULL for a create
-- or where nothing was there). Written in the same transaction as the change it describes.
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_id       bigint      CONSTRAINT audit_log_actor_fkey REFERENCES users (id) ON DELETE SET NULL,
    actor_username text        NOT NULL,
    action         text        NOT NULL,
    target         text        NOT NULL,
    before         jsonb,
    after          jsonb
);

CREATE INDEX audit_log_newest_idx ON audit_log (at DESC, id DESC);

-- Scans the API answered "duplicate": who sent which (label, phase) when, through which endpoint, and
-- the scan that had it first. Written off the request path in batches; kept for a retention period.
CREATE TABLE rejected_duplicates (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rejected_at     timestamptz NOT NULL,
    user_id         bigint      NOT NULL CONSTRAINT rejected_duplicates_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    label_id        bigint      NOT NULL CONSTRAINT rejected_duplicates_label_fkey REFERENCES labels (id) ON DELETE CASCADE,
    phase           smallint    NOT NULL,
    endpoint        text        NOT NULL,
    distribution_id bigint,
    store_id        bigint,
    winner_scan_id  bigint      CONSTRAINT rejected_duplicates_winner_fkey REFERENCES scans (id) ON DELETE SET NULL
);

CREATE INDEX rejected_duplicates_newest_idx ON rejected_duplicates (rejected_at DESC, id DESC);
CREATE INDEX rejected_duplicates_label_idx ON rejected_duplicates (label_id);
CREATE INDEX rejected_duplicates_winner_idx ON rejected_duplicates (winner_scan_id) WHERE winner_scan_id IS NOT NULL;

-- Scans by time: the console's default order (keyset pagination on (created_date, id)), date ranges,
-- and the overview's counts of the last hour and of today. Driver searches use scans_user_newest_idx.
CREATE INDEX scans_created_idx ON scans (created_date, id);

-- Label code prefix search ("LOT7-12" finds LOT7-12, LOT7-120, ...) whatever the database's collation.
CREATE INDEX labels_code_prefix_idx ON labels (code text_pattern_ops);
