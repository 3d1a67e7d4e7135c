package dev.scanledger.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * A Django database shaped like the original system's (Django 3.2 + DRF 3.14 after manage.py migrate: the
 * tables migrate-from-django reads, with their keys, unique constraints and deferrable foreign keys), filled
 * with generated rows for the migration bench, and its MEDIA_ROOT of label images.
 *
 * <p>Scans spread a label's trip over the run as real ones do: the first pass scans every label at phase 0,
 * the next at phase 1, and so on, so a label's scans are far apart in id order.
 */
final class DjangoSourceGenerator {

    static final int USERS = 50;
    static final int DISTRIBUTIONS = 10;
    static final int STORES = 40;
    /** One scan in this many has an image. */
    static final int IMAGE_EVERY = 100;
    /** Django's make_password("ayse-pass-1"), from the project's fixture: every generated user has it. */
    static final String PASSWORD_HASH = "pbkdf2_sha256$260000$cGqxITKDrfsD002YacAYqB$RCcq6DlxbIGL3qjbNQySt4rjhDt70MwoHiUjbQXNiTk=";

    private DjangoSourceGenerator() {
    }

    /** Labels for {@code scans} scans: 2.5 scans per label on average. */
    static long labelsFor(long scans) {
        return Math.max(1, scans * 2 / 5);
    }

    static void fill(Connection django, Path media, long scans) throws SQLException, IOException {
        long labels = labelsFor(scans);
        try (Statement sql = django.createStatement()) {
            sql.execute("""
                    CREATE TABLE accounts_user (id bigserial, password varchar(128) NOT NULL, last_login timestamptz,
                        is_superuser boolean NOT NULL, username varchar(150) NOT NULL, first_name varchar(150) NOT NULL,
                        last_name varchar(150) NOT NULL, email varchar(254) NOT NULL, is_staff boolean NOT NULL,
                        is_active boolean NOT NULL, date_joined timestamptz NOT NULL, role varchar(32) NOT NULL);
                    CREATE TABLE authtoken_token (key varchar(40) NOT NULL, created timestamptz NOT NULL, user_id bigint NOT NULL);
                    CREATE TABLE factories_factory (id bigserial, name varchar(128) NOT NULL);
                    CREATE TABLE factories_distribution (id bigserial, name varchar(128) NOT NULL, factory_id bigint);
                    CREATE TABLE factories_store (id bigserial, name varchar(128) NOT NULL, distribution_id bigint);
                    CREATE TABLE labels_label (id bigserial, code varchar(64) NOT NULL, created_date timestamptz NOT NULL, factory_id bigint);
                    CREATE TABLE labels_scan (id bigserial, phase integer NOT NULL, label_image varchar(100), label_coordinate jsonb,
                        label_quality double precision, created_date timestamptz NOT NULL, updated_date timestamptz NOT NULL,
                        distribution_id bigint, label_id bigint NOT NULL, store_id bigint, user_id bigint NOT NULL);
                    """);
            sql.execute("""
                    INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                                               date_joined, role)
                    SELECT '%s', n = 1, 'user' || n, 'User', 'N' || n, 'user' || n || '@example.com', n = 1, true,
                           timestamptz '2026-01-01' + n * interval '1 minute', CASE WHEN n = 1 THEN 'admin' ELSE 'factory_driver' END
                      FROM generate_series(1, %d) n;
                    INSERT INTO authtoken_token (key, created, user_id)
                    SELECT substr(md5('key-a-' || id) || md5('key-b-' || id), 1, 40), date_joined, id FROM accounts_user;
                    INSERT INTO factories_factory (name) VALUES ('Factory Izmir'), ('Factory Bursa');
                    INSERT INTO factories_distribution (name, factory_id) SELECT 'DC ' || n, 1 + n %% 2 FROM generate_series(1, %d) n;
                    INSERT INTO factories_store (name, distribution_id) SELECT 'Store ' || n, 1 + n %% %d FROM generate_series(1, %d) n;
                    INSERT INTO labels_label (code, created_date, factory_id)
                    SELECT 'BENCH-' || n, timestamptz '2026-01-01' + n * interval '1 second', 1 + n %% 2 FROM generate_series(1, %d) n;
                    """.formatted(PASSWORD_HASH, USERS, DISTRIBUTIONS, DISTRIBUTIONS, STORES, labels));
            sql.execute("""
                    INSERT INTO labels_scan (phase, label_image, label_coordinate, label_quality, created_date, updated_date,
                                             distribution_id, label_id, store_id, user_id)
                    SELECT phase,
                           CASE WHEN n %% %1$d = 0 THEN 'labels/bench-' || n || '.png' ELSE '' END,
                           CASE WHEN n %% 4 = 0 THEN NULL WHEN n %% 4 = 1 THEN jsonb_build_array(n %% 1000, phase)
                                ELSE jsonb_build_object('lat', 38.4 + (n %% 10000) * 0.00001, 'lng', 27.1 + phase * 0.01) END,
                           CASE WHEN n %% 5 = 0 THEN 0.5 + (n %% 50) / 100.0 END,
                           timestamptz '2026-02-01' + n * interval '7 second',
                           timestamptz '2026-02-01' + n * interval '7 second' + (n %% 3) * interval '1 minute',
                           CASE WHEN phase = 2 THEN 1 + n %% %2$d END, label, CASE WHEN phase = 3 THEN 1 + n %% %3$d END,
                           2 + n %% %4$d
                      FROM (SELECT n, 1 + n %% %5$d AS label, (n / %5$d) %% 4 AS phase FROM generate_series(0, %6$d - 1) n) s
                    """.formatted(IMAGE_EVERY, DISTRIBUTIONS, STORES, USERS - 1, labels, scans));
            // As Django's migrations leave them; added after the rows, which loads faster.
            sql.execute("""
                    ALTER TABLE accounts_user ADD PRIMARY KEY (id), ADD UNIQUE (username);
                    ALTER TABLE authtoken_token ADD PRIMARY KEY (key), ADD UNIQUE (user_id),
                        ADD FOREIGN KEY (user_id) REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED;
                    ALTER TABLE factories_factory ADD PRIMARY KEY (id), ADD UNIQUE (name);
                    ALTER TABLE factories_distribution ADD PRIMARY KEY (id), ADD UNIQUE (name),
                        ADD FOREIGN KEY (factory_id) REFERENCES factories_factory (id) DEFERRABLE INITIALLY DEFERRED;
                    ALTER TABLE factories_store ADD PRIMARY KEY (id), ADD UNIQUE (name),
                        ADD FOREIGN KEY (distribution_id) REFERENCES factories_distribution (id) DEFERRABLE INITIALLY DEFERRED;
                    ALTER TABLE labels_label ADD PRIMARY KEY (id), ADD UNIQUE (code),
                        ADD FOREIGN KEY (factory_id) REFERENCES factories_factory (id) DEFERRABLE INITIALLY DEFERRED;
                    ALTER TABLE labels_scan ADD PRIMARY KEY (id), ADD UNIQUE (label_id, phase),
                        ADD FOREIGN KEY (distribution_id) REFERENCES factories_distribution (id) DEFERRABLE INITIALLY DEFERRED,
                        ADD FOREIGN KEY (label_id) REFERENCES labels_label (id) DEFERRABLE INITIALLY DEFERRED,
                        ADD FOREIGN KEY (store_id) REFERENCES factories_store (id) DEFERRABLE INITIALLY DEFERRED,
                        ADD FOREIGN KEY (user_id) REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED;
                    CREATE INDEX ON labels_scan (user_id);
                    CREATE INDEX ON labels_scan (distribution_id);
                    CREATE INDEX ON labels_scan (store_id);
                    CREATE INDEX ON labels_label (factory_id);
                    ANALYZE;
                    """);
        }
        writeImages(media, scans);
    }

    /** A small PNG-looking file per image path: the signature, then bytes of its own. */
    private static void writeImages(Path media, long scans) throws IOException {
        Path labels = Files.createDirectories(media.resolve("labels"));
        Random random = new Random(42);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        for (long n = 0; n < scans; n += IMAGE_EVERY) {
            byte[] bytes = new byte[signature.length + 200 + random.nextInt(600)];
            random.nextBytes(bytes);
            System.arraycopy(signature, 0, bytes, 0, signature.length);
            Files.write(labels.resolve("bench-" + n + ".png"), bytes);
        }
    }

    /**
     * What Django does between two copies: {@code added} scans at a phase no label has yet, and
     * {@code changed} scans whose quality and updated date change.
     */
    static void change(Connection django, long added, long changed) throws SQLException {
        try (Statement sql = django.createStatement()) {
            sql.execute("""
                    INSERT INTO labels_scan (phase, label_image, label_coordinate, label_quality, created_date, updated_date,
                                             distribution_id, label_id, store_id, user_id)
                    SELECT 3, '', NULL, NULL, now(), now(), NULL, id, 1 + id %% %d, 2 FROM labels_label
                     WHERE NOT EXISTS (SELECT 1 FROM labels_scan s WHERE s.label_id = labels_label.id AND s.phase = 3)
                     ORDER BY id LIMIT %d
                    """.formatted(STORES, added));
            sql.execute("""
                    UPDATE labels_scan SET label_quality = 0.99, updated_date = updated_date + interval '1 hour'
                     WHERE id IN (SELECT id FROM labels_scan WHERE label_quality IS DISTINCT FROM 0.99 ORDER BY id LIMIT %d)
                    """.formatted(changed));
        }
    }
}
