-- What a copy of the Django system needs (migrate-from-django): its site ids, labels without a factory,
-- users without a role, password hashes it made, and a bulk writer of scans.

-- Sites. The original keeps factories, distribution centres and stores in three tables with separate id
-- spaces (distribution 1 and store 1 both exist) and its API takes those ids, so a site is identified by
-- (kind, id). Sites created here still draw ids from the one identity, so new ids stay distinct across
-- kinds. Everything that refers to a site already names its kind ((site, kind) foreign keys).
ALTER TABLE labels DROP CONSTRAINT labels_furthest_site_fkey;
ALTER TABLE sites DROP CONSTRAINT sites_pkey;
ALTER TABLE sites ADD CONSTRAINT sites_pkey PRIMARY KEY (kind, id);

-- The original's distribution centre belongs to a factory, its store to a distribution centre.
ALTER TABLE sites
    ADD COLUMN parent_id   bigint,
    ADD COLUMN parent_kind text GENERATED ALWAYS AS
        (CASE kind WHEN 'distribution' THEN 'factory' WHEN 'store' THEN 'distribution' END) STORED,
    ADD CONSTRAINT sites_parent_fkey FOREIGN KEY (parent_id, parent_kind) REFERENCES sites (id, kind),
    ADD CONSTRAINT sites_parent_check CHECK (kind <> 'factory' OR parent_id IS NULL);

-- A label's furthest site now names its kind too (it follows from the phase: 1 factory, 2 distribution,
-- 3 store). A plain column rather than a generated one, because ON DELETE SET NULL cannot touch a
-- generated column; the checks make a writer that forgets the kind fail instead of escaping the key.
ALTER TABLE labels ADD COLUMN furthest_site_kind text;

UPDATE labels
   SET furthest_site_kind = CASE furthest_phase WHEN 1 THEN 'factory' WHEN 2 THEN 'distribution' WHEN 3 THEN 'store' END
 WHERE furthest_site_id IS NOT NULL;

ALTER TABLE labels
    ADD CONSTRAINT labels_furthest_site_kind_check CHECK (
        furthest_site_kind IS NULL
        OR furthest_site_kind = CASE furthest_phase WHEN 1 THEN 'factory' WHEN 2 THEN 'distribution' WHEN 3 THEN 'store' END),
    ADD CONSTRAINT labels_furthest_site_named_check CHECK (furthest_site_id IS NULL OR furthest_site_kind IS NOT NULL),
    ADD CONSTRAINT labels_furthest_site_fkey FOREIGN KEY (furthest_site_id, furthest_site_kind)
        REFERENCES sites (id, kind) ON DELETE SET NULL;

-- Labels. The original allows a label without a factory (its code is unique on its own); a label with a
-- factory keeps the API's (factory, code) key.
ALTER TABLE labels ALTER COLUMN factory_id DROP NOT NULL;
CREATE UNIQUE INDEX labels_code_without_factory_key ON labels (code) WHERE factory_id IS NULL;

-- Users. 'none': an account that may log in but has no driver, manager or admin rights (the original's
-- other roles, unless mapped). imported_password_digest: SHA-256 of the password hash last copied from
-- the original, so a later copy replaces password_hash only when the original's changed, and keeps a
-- hash re-encoded at login otherwise.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users
    ADD CONSTRAINT users_role_check CHECK (role IN ('driver', 'manager', 'admin', 'none')),
    ADD COLUMN imported_password_digest bytea;

-- Furthest phase: as in V3, plus the site's kind.
CREATE OR REPLACE FUNCTION labels_advance_furthest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE labels l
       SET furthest_phase = NEW.phase,
           furthest_site_id = CASE NEW.phase WHEN 1 THEN l.factory_id WHEN 2 THEN NEW.distribution_id ELSE NEW.store_id END,
           furthest_site_kind = CASE NEW.phase WHEN 1 THEN 'factory' WHEN 2 THEN 'distribution' ELSE 'store' END
     WHERE l.id = NEW.label_id
       AND (l.furthest_phase IS NULL
            OR l.furthest_phase < NEW.phase
            OR (l.furthest_phase = NEW.phase
                AND l.furthest_site_id IS DISTINCT FROM
                    CASE NEW.phase WHEN 1 THEN l.factory_id WHEN 2 THEN NEW.distribution_id ELSE NEW.store_id END));
    RETURN NULL;
END
$$;

-- A bulk writer of scans (the Django copy writes 50,000 per statement) may advance the labels itself, in
-- the same transaction, with one set-based UPDATE under the same conditions, instead of one UPDATE per
-- row: it sets scanledger.labels_advanced_by_writer to 'on' with SET LOCAL. Every other writer leaves it
-- unset and the triggers do the work as before. The per-row UPDATE was half the cost of a bulk insert.
DROP TRIGGER scans_inserted_advance_label ON scans;
DROP TRIGGER scans_updated_advance_label ON scans;

CREATE TRIGGER scans_inserted_advance_label AFTER INSERT ON scans
    FOR EACH ROW WHEN (NEW.phase > 0 AND current_setting('scanledger.labels_advanced_by_writer', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION labels_advance_furthest();

CREATE TRIGGER scans_updated_advance_label AFTER UPDATE OF distribution_id, store_id ON scans
    FOR EACH ROW WHEN (NEW.phase > 0 AND current_setting('scanledger.labels_advanced_by_writer', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION labels_advance_furthest();
