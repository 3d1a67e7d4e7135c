-- The console's lists, each one index range in the list's own order, read a page at a time (keyset), so
-- a page costs the same on a million rows as on a hundred. Prefix searches are text_pattern_ops ranges
-- (~>=~ / ~<~ on bound values), which an index answers in a prepared statement's generic plan too.

-- Users: username, first or last name starting with a text (any case); a role in username order.
CREATE INDEX users_username_lower_idx ON users (lower(username) text_pattern_ops);
CREATE INDEX users_first_name_lower_idx ON users (lower(first_name) text_pattern_ops);
CREATE INDEX users_last_name_lower_idx ON users (lower(last_name) text_pattern_ops);
CREATE INDEX users_role_username_idx ON users (role, username);

-- Sites: a name starting with a text (any case).
CREATE INDEX sites_name_lower_idx ON sites (lower(name) text_pattern_ops);

-- A factory's labels in id order.
CREATE INDEX labels_factory_id_idx ON labels (factory_id, id);

-- A distribution centre's or a store's scans by time. They serve every lookup by the site alone too (the
-- foreign keys' cascades), so they replace the single-column indexes: no more index writes per scan.
CREATE INDEX scans_distribution_created_idx ON scans (distribution_id, created_date, id) WHERE distribution_id IS NOT NULL;
CREATE INDEX scans_store_created_idx ON scans (store_id, created_date, id) WHERE store_id IS NOT NULL;
DROP INDEX scans_distribution_id_idx;
DROP INDEX scans_store_id_idx;

-- A phase's scans by time. Walking scans_created_idx and skipping the other phases is no bound: phases are not
-- spread evenly over time (labels reach the store weeks after the factory), and phase 0 is rare.
CREATE INDEX scans_phase_created_idx ON scans (phase, created_date, id);

-- A driver's rejected duplicates, newest first (also the user foreign key's cascade).
CREATE INDEX rejected_duplicates_user_idx ON rejected_duplicates (user_id, id);

-- The audit entries of one user, scan or site, newest first. The log itself is read by id; nothing reads
-- it by (at, id).
CREATE INDEX audit_log_target_idx ON audit_log (target, id);
DROP INDEX audit_log_newest_idx;
