-- Where each label is: its furthest phase and the site of that scan (phase 1 the label's factory,
-- 2 the scan's distribution centre, 3 its store). Phase 0 (unknown) says nothing about the trip.
ALTER TABLE labels
    ADD COLUMN furthest_phase   smallint,
    ADD COLUMN furthest_site_id bigint CONSTRAINT labels_furthest_site_fkey REFERENCES sites (id) ON DELETE SET NULL;

-- Kept by the database for every way a scan is written (single create, upsert, batch, COPY). The
-- conditional UPDATE is what makes it race-free: under READ COMMITTED a writer that waited for
-- another's row lock re-checks "furthest_phase < new phase" against the committed row, so scans of
-- several phases arriving together always leave the furthest. A row trigger does no work for a
-- duplicate (ON CONFLICT DO NOTHING inserts no row). AFTER ROW triggers run once the statement's
-- rows are all written, in insertion order; writers of several scans insert them in (label, phase)
-- order, so they lock labels in id order and cannot deadlock with each other.
CREATE FUNCTION labels_advance_furthest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE labels l
       SET furthest_phase = NEW.phase,
           furthest_site_id = CASE NEW.phase WHEN 1 THEN l.factory_id WHEN 2 THEN NEW.distribution_id ELSE NEW.store_id END
     WHERE l.id = NEW.label_id
       AND (l.furthest_phase IS NULL
            OR l.furthest_phase < NEW.phase
            OR (l.furthest_phase = NEW.phase
                AND l.furthest_site_id IS DISTINCT FROM
                    CASE NEW.phase WHEN 1 THEN l.factory_id WHEN 2 THEN NEW.distribution_id ELSE NEW.store_id END));
    RETURN NULL;
END
$$;

CREATE TRIGGER scans_inserted_advance_label AFTER INSERT ON scans
    FOR EACH ROW WHEN (NEW.phase > 0) EXECUTE FUNCTION labels_advance_furthest();

CREATE TRIGGER scans_updated_advance_label AFTER UPDATE OF distribution_id, store_id ON scans
    FOR EACH ROW WHEN (NEW.phase > 0) EXECUTE FUNCTION labels_advance_furthest();

UPDATE labels l
   SET furthest_phase = f.phase,
       furthest_site_id = CASE f.phase WHEN 1 THEN l.factory_id WHEN 2 THEN f.distribution_id ELSE f.store_id END
  FROM (SELECT DISTINCT ON (label_id) label_id, phase, distribution_id, store_id
          FROM scans WHERE phase > 0
         ORDER BY label_id, phase DESC) f
 WHERE l.id = f.label_id;
