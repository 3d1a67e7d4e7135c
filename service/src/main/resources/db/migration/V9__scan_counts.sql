-- How many scans each user has, per phase, without counting their rows: the own-scan list's "count"
-- (DRF's PageNumberPagination needs it exact) would otherwise read every index entry of the user,
-- which grows by 2,000 a day for a busy driver.
--
-- Writers never update a counter in place (concurrent scans of one driver would queue on its row
-- and could deadlock with the label trigger's row locks): every scan written or removed appends one
-- row to scan_count_changes in its own transaction, and ScanCounts.fold moves them into scan_counts,
-- summed, in one statement. A count is scan_counts plus the changes not yet folded, read in one
-- statement, so it always equals count(*) of the user's visible scans.
CREATE TABLE scan_counts (
    user_id bigint   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    phase   smallint NOT NULL,
    scans   bigint   NOT NULL,
    CONSTRAINT scan_counts_pkey PRIMARY KEY (user_id, phase)
);

-- No foreign key: a user's deletion removes their scans, whose removal lands here; the fold drops
-- the changes of users that are gone.
CREATE TABLE scan_count_changes (
    user_id bigint   NOT NULL,
    phase   smallint NOT NULL,
    change  integer  NOT NULL
);

CREATE INDEX scan_count_changes_user_idx ON scan_count_changes (user_id, phase);

CREATE FUNCTION scans_record_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO scan_count_changes (user_id, phase, change) VALUES (OLD.user_id, OLD.phase, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO scan_count_changes (user_id, phase, change) VALUES (NEW.user_id, NEW.phase, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION scans_forget_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE scan_counts, scan_count_changes;
    RETURN NULL;
END
$$;

-- Writers wait until the counts below are taken and the triggers are in place: none is missed or counted twice.
LOCK TABLE scans IN SHARE ROW EXCLUSIVE MODE;

-- A bulk writer (the Django copy, 50,000 rows a statement) may append the changes itself, one per
-- (user, phase) of what it inserted, in the same statement: it sets scanledger.scan_counts_by_writer to
-- 'on' with SET LOCAL. Every other insert, and every removal and move, is counted here.
CREATE TRIGGER scans_counted AFTER INSERT ON scans
    FOR EACH ROW WHEN (current_setting('scanledger.scan_counts_by_writer', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION scans_record_count_change();

CREATE TRIGGER scans_uncounted AFTER DELETE ON scans
    FOR EACH ROW EXECUTE FUNCTION scans_record_count_change();

CREATE TRIGGER scans_recounted AFTER UPDATE OF user_id, phase ON scans
    FOR EACH ROW WHEN (OLD.user_id <> NEW.user_id OR OLD.phase <> NEW.phase) EXECUTE FUNCTION scans_record_count_change();

CREATE TRIGGER scans_truncated AFTER TRUNCATE ON scans
    FOR EACH STATEMENT EXECUTE FUNCTION scans_forget_counts();

INSERT INTO scan_counts (user_id, phase, scans)
SELECT user_id, phase, count(*) FROM scans GROUP BY user_id, phase;
