package dev.scanledger.migration;

import dev.scanledger.accounts.Role;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** What {@code migrate-from-django} was asked to do, from its arguments and the DJANGO_DB_* variables. */
record MigrationOptions(
        String sourceUrl,
        String sourceUser,
        String sourcePassword,
        Optional<Path> media,
        DjangoTables tables,
        Map<String, Role> roleMap,
        Mode mode,
        boolean skipInvalid,
        int jobs,
        int chunkSize) {

    enum Mode { COPY, DRY_RUN, VERIFY }

    static final String USAGE = """
            Usage: java -jar scanledger.jar migrate-from-django [options]
              Copies users, tokens, sites, labels, scans and label images of a Django scan service into the
              database Scanledger is configured for, keeping every id. Run it again to copy what changed.
              --source-url URL          JDBC URL of the Django database (or DJANGO_DB_URL)
              --source-user USER        (or DJANGO_DB_USER)
              --source-password PASS    (or DJANGO_DB_PASSWORD)
              --media DIR               Django's MEDIA_ROOT, where the label images are
              --dry-run                 check and count what would change; write nothing
              --verify                  compare Django and Scanledger table by table and image by image;
                                        exit 1 naming the first differences
              --skip-invalid            copy everything else when the pre-flight finds rows Scanledger
                                        would refuse (they are listed)
              --role-map ROLE=ROLE,...  Django role to Scanledger role (driver, manager, admin, none);
                                        default factory_driver=driver,admin=admin; superusers are admins,
                                        other roles get none
              --users-table, --tokens-table, --factories-table, --distributions-table, --stores-table,
              --labels-table, --scans-table NAME
                                        the Django tables (defaults: accounts_user, or auth_user when
                                        there is none; authtoken_token, factories_factory,
                                        factories_distribution, factories_store, labels_label, labels_scan)
              --jobs N                  parallel writers for the bulk copy (default 2)
              --chunk-size N            rows per statement (default 50000)
            """;

    static final Map<String, Role> DEFAULT_ROLE_MAP = Map.of("factory_driver", Role.DRIVER, "admin", Role.ADMIN);

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code environment} gives DJANGO_DB_URL, DJANGO_DB_USER and DJANGO_DB_PASSWORD when no option does. */
    static MigrationOptions parse(List<String> args, Function<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        Mode mode = Mode.COPY;
        boolean skipInvalid = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--dry-run" -> mode = exclusive(mode, Mode.DRY_RUN);
                case "--verify" -> mode = exclusive(mode, Mode.VERIFY);
                case "--skip-invalid" -> skipInvalid = true;
                case "--help" -> throw new UsageException("");
                default -> {
                    if (!VALUE_OPTIONS.contains(arg)) {
                        throw new UsageException("Unknown option " + arg + ".");
                    }
                    if (i + 1 >= args.size()) {
                        throw new UsageException(arg + " needs a value.");
                    }
                    values.put(arg, args.get(++i));
                }
            }
        }
        String url = Optional.ofNullable(values.get("--source-url")).orElseGet(() -> environment.apply("DJANGO_DB_URL"));
        if (url == null || url.isBlank()) {
            throw new UsageException("Give the Django database with --source-url or DJANGO_DB_URL.");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--source-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database).");
        }
        DjangoTables tables = new DjangoTables(
                Optional.ofNullable(values.get("--users-table")).map(DjangoTables::checkedName),
                table(values, "--tokens-table", DjangoTables.DEFAULTS.tokens()),
                table(values, "--factories-table", DjangoTables.DEFAULTS.factories()),
                table(values, "--distributions-table", DjangoTables.DEFAULTS.distributions()),
                table(values, "--stores-table", DjangoTables.DEFAULTS.stores()),
                table(values, "--labels-table", DjangoTables.DEFAULTS.labels()),
                table(values, "--scans-table", DjangoTables.DEFAULTS.scans()));
        return new MigrationOptions(
                url,
                Optional.ofNullable(values.get("--source-user")).orElseGet(() -> environment.apply("DJANGO_DB_USER")),
                Optional.ofNullable(values.get("--source-password")).orElseGet(() -> environment.apply("DJANGO_DB_PASSWORD")),
                Optional.ofNullable(values.get("--media")).map(Path::of),
                tables,
                roleMap(values.get("--role-map")),
                mode,
                skipInvalid,
                positive(values, "--jobs", 2, 16),
                positive(values, "--chunk-size", 50_000, 1_000_000));
    }

    private static final List<String> VALUE_OPTIONS = List.of("--source-url", "--source-user", "--source-password", "--media",
            "--role-map", "--users-table", "--tokens-table", "--factories-table", "--distributions-table", "--stores-table",
            "--labels-table", "--scans-table", "--jobs", "--chunk-size");

    private static Mode exclusive(Mode current, Mode wanted) {
        if (current != Mode.COPY && current != wanted) {
            throw new UsageException("--dry-run and --verify cannot be combined.");
        }
        return wanted;
    }

    private static String table(Map<String, String> values, String option, String fallback) {
        return Optional.ofNullable(values.get(option)).map(DjangoTables::checkedName).orElse(fallback);
    }

    private static int positive(Map<String, String> values, String option, int fallback, int max) {
        String value = values.get(option);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new UsageException(option + " must be a whole number from 1 to " + max + ".");
    }

    private static Map<String, Role> roleMap(String spec) {
        Map<String, Role> map = new LinkedHashMap<>(DEFAULT_ROLE_MAP);
        if (spec == null) {
            return map;
        }
        for (String entry : spec.split(",")) {
            String[] pair = entry.split("=", -1);
            if (pair.length != 2 || pair[0].isBlank()) {
                throw new UsageException("--role-map takes DJANGO_ROLE=ROLE pairs separated by commas, not \"" + entry + "\".");
            }
            try {
                map.put(pair[0].strip(), Role.valueOf(pair[1].strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("Unknown Scanledger role \"" + pair[1].strip() + "\" in --role-map (driver, manager, admin, none).");
            }
        }
        return map;
    }
}
