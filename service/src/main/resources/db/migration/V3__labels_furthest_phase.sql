-- Where each label is: its furthest phase and the site of that scan (phase 1 the label's factory,
-- 2 the scan's distribution centre, 3 its store). Phase 0 (unknown) says nothing about the trip.
ALTER TABLE labels
    ADD COLUMN furthest_phase   smallint,
    ADD COLUMN furthest_site_id bigint CONSTRAINT labels_furthest_site_fkey REFERENCES sites (id) ON DELETE SET NULL;

-- Kept by the database for every way a scan is written (single create, upsert, batch, COPY), once per
-- statement. The conditional UPDATE is what makes it race-free: under READ COMMITTED a writer that
-- waited for another's row lock re-checks "furthest_phase < new phase" against the committed row,
-- so scans of several phases arriving together always leave the furthest. Labels are locked in id
-- order first, so two statements touching the same labels in different orders cannot deadlock.
CREATE FUNCTION labels_advance_furthest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM labels
      WHERE id IN (SELECT label_id FROM changed_scans WHERE phase > 0)
      ORDER BY id
      FOR NO KEY UPDATE;
    UPDATE labels l
       SET furthest_phase = f.phase, furthest_site_id = f.site_id
      FROM (SELECT DISTINCT ON (c.label_id)
                   c.label_id, c.phase,
                   CASE c.phase WHEN 1 THEN lb.factory_id WHEN 2 THEN c.distribution_id ELSE c.store_id END AS site_id
              FROM changed_scans c JOIN labels lb ON lb.id = c.label_id
             WHERE c.phase > 0
             ORDER BY c.label_id, c.phase DESC) f
     WHERE l.id = f.label_id
       AND (l.furthest_phase IS NULL
            OR l.furthest_phase < f.phase
            OR (l.furthest_phase = f.phase AND l.furthest_site_id IS DISTINCT FROM f.site_id));
    RETURN NULL;
END
$$;

-- A trigger with a transition table takes one event, hence two.
CREATE TRIGGER scans_inserted_advance_label AFTER INSERT ON scans
    REFERENCING NEW TABLE AS changed_scans
    FOR EACH STATEMENT EXECUTE FUNCTION labels_advance_furthest();

CREATE TRIGGER scans_updated_advance_label AFTER UPDATE ON scans
    REFERENCING NEW TABLE AS changed_scans
    FOR EACH STATEMENT EXECUTE FUNCTION labels_advance_furthest();

UPDATE labels l
   SET furthest_phase = f.phase,
       furthest_site_id = CASE f.phase WHEN 1 THEN l.factory_id WHEN 2 THEN f.distribution_id ELSE f.store_id END
  FROM (SELECT DISTINCT ON (label_id) label_id, phase, distribution_id, store_id
          FROM scans WHERE phase > 0
         ORDER BY label_id, phase DESC) f
 WHERE l.id = f.label_id;
