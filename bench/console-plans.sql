-- The console's data at scale, for bench/console-plans: 5,250 sites, 100,000 users, 500,000 labels,
-- 1,000,000 scans (the newest 200,000 of them in the last 24 hours: a busy day for the overview),
-- 200,000 rejected duplicates, 300,000 audit entries. Made with generate_series next to the demo data.
-- Like real data, it is not spread evenly: a lot's labels are made together (codes follow time), labels
-- reach the store long after the factory (phases follow time), 40% of the labels come from one factory.
\set ON_ERROR_STOP on
\timing on

INSERT INTO sites (kind, name) SELECT 'factory', 'Factory ' || n FROM generate_series(1, 50) n;
INSERT INTO sites (kind, name) SELECT 'distribution', 'DC ' || n FROM generate_series(1, 200) n;
INSERT INTO sites (kind, name) SELECT 'store', 'Store ' || n FROM generate_series(1, 5000) n;

-- every 50th a manager, every 500th an admin, every 20th deactivated
INSERT INTO users (username, password_hash, role, active, first_name, last_name, email, date_joined)
SELECT CASE WHEN n % 50 = 0 THEN 'lead' ELSE 'courier' END || n, 'not-a-hash',
       CASE WHEN n % 500 = 0 THEN 'admin' WHEN n % 50 = 0 THEN 'manager' ELSE 'driver' END,
       n % 20 <> 0,
       (ARRAY['Anna', 'Bob', 'Carla', 'Dmitri', 'Eva', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jon'])[1 + n % 10] || (n % 97),
       (ARRAY['Smith', 'Jones', 'Miller', 'Garcia', 'Novak', 'Rossi', 'Dubois', 'Kim', 'Ito', 'Berg'])[1 + (n / 10) % 10],
       'u' || n || '@example.com', now() - n * interval '1 minute'
  FROM generate_series(1, 100000) n;

-- LOT<g/1000>-<g>, one label every 10 seconds over 58 days
INSERT INTO labels (factory_id, code, created_date)
SELECT f.ids[CASE WHEN g % 5 < 2 THEN 1 ELSE 2 + g % 49 END], 'LOT' || (g / 1000) || '-' || g, now() - (500000 - g) * interval '10 seconds'
  FROM (SELECT array_agg(id ORDER BY id) AS ids FROM sites WHERE kind = 'factory' AND name LIKE 'Factory %') f,
       generate_series(1, 500000) g;

-- phase 1 for every label, 2 and 3 for the older two thirds; 5,000 drivers scan
INSERT INTO scans (user_id, label_id, phase, distribution_id, store_id, created_date, updated_date)
SELECT ids.drivers[1 + ((l.g::bigint * 7919 + p) % 5000)::int], l.id, p,
       CASE WHEN p >= 2 THEN ids.dcs[1 + l.g % 200] END, CASE WHEN p = 3 THEN ids.stores[1 + l.g % 5000] END,
       l.created_date + p * interval '1 hour', l.created_date + p * interval '1 hour'
  FROM (SELECT (SELECT array_agg(id ORDER BY id) FROM sites WHERE kind = 'distribution' AND name LIKE 'DC %') AS dcs,
               (SELECT array_agg(id ORDER BY id) FROM sites WHERE kind = 'store' AND name LIKE 'Store %') AS stores,
               (SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM users WHERE role = 'driver' AND username LIKE 'courier%'
                                                        ORDER BY id LIMIT 5000) d) AS drivers) ids,
       (SELECT id, created_date, split_part(code, '-', 2)::int AS g FROM labels WHERE code LIKE 'LOT%') l,
       generate_series(1, 3) p
 WHERE l.g <= 333334 OR p = 1
 ORDER BY l.id, p
 LIMIT 1000000;

-- a busy day: the newest 200,000 scans within the last 24 hours
UPDATE scans SET created_date = now() - (id % 86400) * interval '1 second'
 WHERE id > (SELECT max(id) - 200000 FROM scans);

INSERT INTO rejected_duplicates (rejected_at, user_id, label_id, phase, endpoint, winner_scan_id)
SELECT s.created_date + interval '1 minute', s.user_id, s.label_id, s.phase, 'create', s.id FROM scans s WHERE s.id % 5 = 0;

INSERT INTO audit_log (at, actor_username, action, target, before, after)
SELECT now() - n * interval '1 second', 'lead50', 'edit user', 'user ' || (1 + n % 100000), '{"first_name": "a"}', '{"first_name": "b"}'
  FROM generate_series(1, 300000) n;

VACUUM ANALYZE;

SELECT (SELECT count(*) FROM scans) AS scans, (SELECT count(*) FROM labels) AS labels, (SELECT count(*) FROM users) AS users,
       (SELECT count(*) FROM rejected_duplicates) AS duplicates, (SELECT count(*) FROM scans WHERE created_date > now() - interval '1 day') AS last_24h;
