-- Optional, not applied by default (docs/scaling.md): scans split into 16 partitions by hash of label_id,
-- for a table past what one heap and its indexes keep fast to vacuum, index and back up. Apply it with
--   spring.flyway.locations=classpath:db/migration,classpath:db/partitioning
-- and spring.flyway.out-of-order=true (migrations numbered after 9.1 exist). It rewrites the whole
-- table under an exclusive lock: plan for downtime, or build the layout beside a live table and switch.
--
-- Every unique key of a partitioned table must hold the partition key. scans_label_phase_key (label_id,
-- phase) does, so INSERT ... ON CONFLICT ON CONSTRAINT scans_label_phase_key still decides duplicates,
-- each pair within the one partition its label hashes to. The primary key becomes (id, label_id); ids stay
-- unique because one identity sequence hands them out. Constraint, index and trigger names stay, so the
-- service's SQL and its error mapping (web.ConstraintErrors) read the same.
LOCK TABLE scans IN ACCESS EXCLUSIVE MODE;

ALTER TABLE rejected_duplicates DROP CONSTRAINT rejected_duplicates_winner_fkey;

ALTER TABLE scans RENAME TO scans_unpartitioned;
ALTER TABLE scans_unpartitioned RENAME CONSTRAINT scans_pkey TO scans_unpartitioned_pkey;
ALTER TABLE scans_unpartitioned RENAME CONSTRAINT scans_label_phase_key TO scans_unpartitioned_label_phase_key;

CREATE TABLE scans (
    id               bigint           GENERATED ALWAYS AS IDENTITY,
    user_id          bigint           NOT NULL CONSTRAINT scans_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    label_id         bigint           NOT NULL CONSTRAINT scans_label_id_fkey REFERENCES labels (id) ON DELETE CASCADE,
    phase            smallint         NOT NULL DEFAULT 0 CONSTRAINT scans_phase_check CHECK (phase BETWEEN 0 AND 3),
    distribution_id  bigint,
    distribution_kind text            NOT NULL DEFAULT 'distribution' CONSTRAINT scans_distribution_kind_check CHECK (distribution_kind = 'distribution'),
    store_id         bigint,
    store_kind       text             NOT NULL DEFAULT 'store' CONSTRAINT scans_store_kind_check CHECK (store_kind = 'store'),
    label_image      text,
    label_coordinate jsonb,
    label_quality    double precision,
    created_date     timestamptz      NOT NULL DEFAULT now(),
    updated_date     timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT scans_pkey PRIMARY KEY (id, label_id),
    CONSTRAINT scans_label_phase_key UNIQUE (label_id, phase),
    CONSTRAINT scans_distribution_fkey FOREIGN KEY (distribution_id, distribution_kind) REFERENCES sites (id, kind) ON DELETE CASCADE,
    CONSTRAINT scans_store_fkey FOREIGN KEY (store_id, store_kind) REFERENCES sites (id, kind) ON DELETE CASCADE
) PARTITION BY HASH (label_id);

DO $$
BEGIN
    FOR remainder IN 0..15 LOOP
        EXECUTE format('CREATE TABLE scans_p%s PARTITION OF scans FOR VALUES WITH (MODULUS 16, REMAINDER %s)', remainder, remainder);
    END LOOP;
END
$$;

-- Rows move as they are: their labels' furthest phases and the kept counts already include them, so the
-- triggers are created after the copy.
INSERT INTO scans (id, user_id, label_id, phase, distribution_id, distribution_kind, store_id, store_kind, label_image,
                   label_coordinate, label_quality, created_date, updated_date)
OVERRIDING SYSTEM VALUE
SELECT id, user_id, label_id, phase, distribution_id, distribution_kind, store_id, store_kind, label_image,
       label_coordinate, label_quality, created_date, updated_date
FROM scans_unpartitioned;

SELECT setval(pg_get_serial_sequence('scans', 'id'), coalesce((SELECT max(id) FROM scans), 0) + 1, false);

-- Every other index of the table as it was, under its name, whichever migrations made it (this one may
-- run after migrations numbered past it, out of order).
DO $$
DECLARE
    index record;
BEGIN
    FOR index IN SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
                   FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                  WHERE i.indrelid = 'scans_unpartitioned'::regclass AND NOT i.indisprimary AND NOT i.indisunique
    LOOP
        EXECUTE format('ALTER INDEX %I RENAME TO %I', index.name, left('unpartitioned_' || index.name, 63));
        EXECUTE regexp_replace(index.definition, ' ON (ONLY )?\S*scans_unpartitioned ', ' ON scans ');
    END LOOP;
END
$$;

CREATE TRIGGER scans_inserted_advance_label AFTER INSERT ON scans
    FOR EACH ROW WHEN (NEW.phase > 0 AND current_setting('scanledger.labels_advanced_by_writer', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION labels_advance_furthest();
CREATE TRIGGER scans_updated_advance_label AFTER UPDATE OF distribution_id, store_id ON scans
    FOR EACH ROW WHEN (NEW.phase > 0 AND current_setting('scanledger.labels_advanced_by_writer', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION labels_advance_furthest();
CREATE TRIGGER scans_counted AFTER INSERT ON scans
    FOR EACH ROW WHEN (current_setting('scanledger.scan_counts_by_writer', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION scans_record_count_change();
CREATE TRIGGER scans_uncounted AFTER DELETE ON scans
    FOR EACH ROW EXECUTE FUNCTION scans_record_count_change();
CREATE TRIGGER scans_recounted AFTER UPDATE OF user_id, phase ON scans
    FOR EACH ROW WHEN (OLD.user_id <> NEW.user_id OR OLD.phase <> NEW.phase) EXECUTE FUNCTION scans_record_count_change();
CREATE TRIGGER scans_truncated AFTER TRUNCATE ON scans
    FOR EACH STATEMENT EXECUTE FUNCTION scans_forget_counts();

-- A refused duplicate names the scan that won: the same (label, phase), so the same label and partition.
ALTER TABLE rejected_duplicates ADD CONSTRAINT rejected_duplicates_winner_fkey
    FOREIGN KEY (winner_scan_id, label_id) REFERENCES scans (id, label_id) ON DELETE SET NULL (winner_scan_id);

DROP TABLE scans_unpartitioned;

ANALYZE scans;
