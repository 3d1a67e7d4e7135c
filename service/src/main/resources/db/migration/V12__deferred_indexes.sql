-- migrate-from-django's first copy into an empty scans table builds the table's secondary indexes after the
-- rows instead of entry by entry (see migration.DeferredIndexes). Each index dropped for that is recorded
-- here, in the transaction that drops it, with the statement that recreates it; the row goes only once the
-- index is back. A copy killed in between leaves the rows here, and the next run (or --verify) finds them.
CREATE TABLE deferred_indexes (
    index_name  text        CONSTRAINT deferred_indexes_pkey PRIMARY KEY,
    table_name  text        NOT NULL,
    definition  text        NOT NULL,
    deferred_at timestamptz NOT NULL DEFAULT now()
);
