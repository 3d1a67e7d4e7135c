package dev.scanledger.operator;

import dev.scanledger.accounts.ApiTokens;
import dev.scanledger.accounts.Role;
import dev.scanledger.accounts.Users;
import dev.scanledger.db.UniqueJdbc;
import dev.scanledger.labels.Labels;
import dev.scanledger.migration.MigrateFromDjango;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.sites.Sites;
import dev.scanledger.unique.DuplicateGroup;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What operators run instead of writing SQL: {@code java -jar scanledger.jar <command>}. Each command
 * prints its result on one line and returns a process exit code (0 done, 1 refused, 2 usage).
 */
@Component
public class OperatorCommands {

    public static final String USAGE = """
            Usage: java -jar scanledger.jar <command>
              users add <username> <driver|manager|admin|none>  password from SCANLEDGER_PASSWORD
              users token <username>                        issues a new API key (earlier keys keep working)
              users keys <username>                         lists the user's keys: id, prefix, created, last used
              users revoke <username> <key-id>              the key stops working at once
              users revoke-all <username>                   every key of the user stops working at once
              users names <username> <first-name> <last-name>
              sites add <factory|distribution|store> <name>
              labels generate <factory-id> <code-prefix> <count>
              duplicates <table> <column> [<column>...]      rows that a new UNIQUE (columns) would reject;
                                                            exit 0 when there are none, 1 when there are
              migrate-from-django [options]                 copy a Django deployment's data (--help for options)
            """;
    private static final int MAX_LISTED_GROUPS = 100;

    static final int MAX_PASSWORD_BYTES = 72;
    static final int MAX_USERNAME_LENGTH = 150;
    static final int MAX_NAME_LENGTH = 150;

    private final Users users;
    private final ApiTokens tokens;
    private final Sites sites;
    private final Labels labels;
    private final Environment environment;
    private final UniqueJdbc unique;
    private final MigrateFromDjango migration;

    OperatorCommands(Users users, ApiTokens tokens, Sites sites, Labels labels, Environment environment, UniqueJdbc unique,
            MigrateFromDjango migration) {
        this.unique = unique;
        this.migration = migration;
        this.users = users;
        this.tokens = tokens;
        this.sites = sites;
        this.labels = labels;
        this.environment = environment;
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && List.of("users", "sites", "labels", "duplicates", MigrateFromDjango.COMMAND).contains(args[0]);
    }

    public int run(List<String> args, PrintStream out) {
        try {
            if (!args.isEmpty() && args.get(0).equals("duplicates")) {
                return findDuplicates(args.subList(1, args.size()), out);
            }
            if (!args.isEmpty() && args.get(0).equals(MigrateFromDjango.COMMAND)) {
                return migration.run(args.subList(1, args.size()), out);
            }
            return switch (String.join(" ", args.subList(0, Math.min(2, args.size())))) {
                case "users add" -> addUser(arguments(args, 2), out);
                case "users token" -> issueToken(arguments(args, 1), out);
                case "users keys" -> listKeys(arguments(args, 1), out);
                case "users revoke" -> revokeKey(arguments(args, 2), out);
                case "users revoke-all" -> revokeAllKeys(arguments(args, 1), out);
                case "users names" -> setNames(arguments(args, 3), out);
                case "sites add" -> addSite(arguments(args, 2), out);
                case "labels generate" -> generateLabels(arguments(args, 3), out);
                default -> usage(out);
            };
        } catch (UsageException e) {
            return usage(out);
        }
    }

    private int addUser(List<String> a, PrintStream out) {
        Role role = parse(() -> Role.valueOf(a.get(1).toUpperCase(Locale.ROOT)));
        String username = a.get(0);
        if (username.isBlank() || username.length() > MAX_USERNAME_LENGTH) {
            // users.username is varchar(150), as Django's
            out.println("A username is 1 to " + MAX_USERNAME_LENGTH + " characters long.");
            return 1;
        }
        Optional<String> password = Optional.ofNullable(environment.getProperty("SCANLEDGER_PASSWORD")).filter(p -> !p.isBlank());
        if (password.isEmpty()) {
            out.println("Set SCANLEDGER_PASSWORD to the new user's password.");
            return 1;
        }
        if (password.get().getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            // bcrypt reads no further, and the encoder refuses rather than silently truncating
            out.println("SCANLEDGER_PASSWORD must be at most " + MAX_PASSWORD_BYTES + " bytes long.");
            return 1;
        }
        return users.create(a.get(0), password.get(), role)
                .map(id -> done(out, "user %s created with id %d".formatted(a.get(0), id)))
                .orElseGet(() -> refused(out, "A user with that username already exists."));
    }

    private int issueToken(List<String> a, PrintStream out) {
        return users.idOf(a.get(0))
                .map(id -> done(out, tokens.issue(id)))
                .orElseGet(() -> refused(out, "No user named " + a.get(0) + "."));
    }

    private int listKeys(List<String> a, PrintStream out) {
        return withUser(a.get(0), out, id -> {
            List<ApiTokens.KeyInfo> keys = tokens.keysOf(id);
            keys.forEach(key -> out.println("%d %s... created %s last used %s".formatted(
                    key.id(), key.prefix(), key.created(), key.lastUsed() == null ? "never" : key.lastUsed())));
            return done(out, "%d keys".formatted(keys.size()));
        });
    }

    private int revokeKey(List<String> a, PrintStream out) {
        long keyId = parse(() -> Long.parseLong(a.get(1)));
        return withUser(a.get(0), out, id -> tokens.revoke(id, keyId)
                ? done(out, "key %d revoked".formatted(keyId))
                : refused(out, "%s has no key with id %d.".formatted(a.get(0), keyId)));
    }

    private int revokeAllKeys(List<String> a, PrintStream out) {
        return withUser(a.get(0), out, id -> done(out, "%d keys revoked".formatted(tokens.revokeAll(id))));
    }

    private int setNames(List<String> a, PrintStream out) {
        for (String name : a.subList(1, 3)) {
            if (name.length() > MAX_NAME_LENGTH || name.indexOf('\0') >= 0) {
                // users.first_name and last_name are varchar(150), as Django's
                return refused(out, "A first or last name is at most " + MAX_NAME_LENGTH + " characters long.");
            }
        }
        return users.rename(a.get(0), a.get(1), a.get(2))
                ? done(out, "%s is now %s %s".formatted(a.get(0), a.get(1), a.get(2)))
                : refused(out, "No user named " + a.get(0) + ".");
    }

    private int withUser(String username, PrintStream out, LongFunction<Integer> command) {
        return users.idOf(username).map(command::apply).orElseGet(() -> refused(out, "No user named " + username + "."));
    }

    private int addSite(List<String> a, PrintStream out) {
        SiteKind kind = parse(() -> SiteKind.valueOf(a.get(0).toUpperCase(Locale.ROOT)));
        return done(out, "%s site \"%s\" has id %d".formatted(kind.dbValue(), a.get(1), sites.getOrCreate(kind, a.get(1))));
    }

    private int generateLabels(List<String> a, PrintStream out) {
        long factory = parse(() -> Long.parseLong(a.get(0)));
        int count = parse(() -> positive(Integer.parseInt(a.get(2))));
        if (sites.existing(SiteKind.FACTORY, List.of(factory)).isEmpty()) {
            return refused(out, "No factory with id " + factory + ".");
        }
        int created = labels.generate(factory, a.get(1), count);
        return done(out, "%d labels created, %d already existed".formatted(created, count - created));
    }

    /** For teams about to add a unique constraint to a live table: what would violate it. */
    private int findDuplicates(List<String> a, PrintStream out) {
        if (a.size() < 2) {
            throw new UsageException();
        }
        String table = a.get(0);
        List<String> columns = a.subList(1, a.size());
        String key = "%s (%s)".formatted(table, String.join(", ", columns));
        List<DuplicateGroup> groups;
        try {
            groups = unique.run("find duplicates", u -> u.findDuplicates(table, columns));
        } catch (IllegalArgumentException e) {
            return refused(out, e.getMessage());
        }
        if (groups.isEmpty()) {
            return done(out, "No duplicates: UNIQUE " + key + " can be added.");
        }
        groups.stream().limit(MAX_LISTED_GROUPS).forEach(group ->
                out.println("%s: %d rows, ids %s".formatted(group.key(), group.count(), group.ids())));
        if (groups.size() > MAX_LISTED_GROUPS) {
            out.println("... and %d more groups".formatted(groups.size() - MAX_LISTED_GROUPS));
        }
        return refused(out, "%d duplicate groups: UNIQUE %s would fail.".formatted(groups.size(), key));
    }

    private static List<String> arguments(List<String> args, int count) {
        if (args.size() != 2 + count) {
            throw new UsageException();
        }
        return args.subList(2, args.size());
    }

    private static <T> T parse(Supplier<T> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            throw new UsageException();
        }
    }

    private static int positive(int value) {
        if (value < 1) {
            throw new UsageException();
        }
        return value;
    }

    private static int done(PrintStream out, String result) {
        out.println(result);
        return 0;
    }

    private static int refused(PrintStream out, String reason) {
        out.println(reason);
        return 1;
    }

    private static int usage(PrintStream out) {
        out.print(USAGE);
        return 2;
    }

    private static final class UsageException extends RuntimeException {
        UsageException() {
            super(null, null, false, false);
        }
    }
}
