-- Deciding whether an image file is referenced (after an uncertain commit, and in the sweep of
-- unreferenced files) is one index probe per file. Partial: scans without an image cost nothing.
CREATE INDEX scans_label_image_idx ON scans (label_image) WHERE label_image IS NOT NULL;

-- Token buckets of the login (and optional per-user API) throttles, shared by every instance.
-- Bucket4j's PostgreSQL backend reads a bucket with SELECT ... FOR UPDATE and writes its new state
-- in the same short transaction; expires_at (epoch milliseconds) lets idle buckets be purged.
CREATE TABLE throttle_buckets (
    id         text   PRIMARY KEY,
    state      bytea,
    expires_at bigint
);

CREATE INDEX throttle_buckets_expires_at_idx ON throttle_buckets (expires_at);
