package dev.scanledger.migration;

import dev.scanledger.accounts.ApiTokens;
import dev.scanledger.migration.MigrationOptions.Mode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar scanledger.jar migrate-from-django}: brings a running Django deployment's users (with
 * their password hashes), DRF tokens, sites, labels, scans and label images into the database this
 * Scanledger is configured for, keeping every id, and can be run again and again until the switch: each
 * run copies what changed since. {@code --verify} proves the copy complete; {@code --dry-run} counts what
 * a run would change. Exit codes as every operator command: 0 done, 1 refused or different, 2 usage.
 */
@Component
public class MigrateFromDjango {

    public static final String COMMAND = "migrate-from-django";

    private final DataSource target;
    private final ApiTokens tokens;
    private final Environment environment;
    private final Path mediaRoot;

    MigrateFromDjango(DataSource target, ApiTokens tokens, Environment environment, @Value("${scanledger.media.dir}") String mediaDir) {
        this.target = target;
        this.tokens = tokens;
        this.environment = environment;
        this.mediaRoot = Path.of(mediaDir);
    }

    /** {@code args}: the options after the command's name. */
    public int run(List<String> args, PrintStream out) {
        MigrationOptions options;
        try {
            options = MigrationOptions.parse(args, environment::getProperty);
        } catch (MigrationOptions.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                out.println(e.getMessage());
            }
            out.print(MigrationOptions.USAGE);
            return 2;
        }
        Progress progress = new Progress(out, out == System.out && System.console() != null);
        DjangoSource opened;
        try {
            opened = DjangoSource.open(options);
        } catch (SQLException e) {
            out.println("Cannot open the Django database: " + e.getMessage());
            return 1;
        } catch (DjangoSource.MissingTableException e) {
            out.println(e.getMessage());
            return 1;
        }
        try (DjangoSource source = opened) {
            LabelImages images = new LabelImages(options.media(), mediaRoot);
            return switch (options.mode()) {
                case VERIFY -> verify(source, CopiedTables.all(source.layout(), options.roleMap(), false), images, out);
                case DRY_RUN, COPY -> {
                    PreFlight.Report preFlight = PreFlight.run(source, JdbcClient.create(target), images);
                    preFlight.print(out);
                    if (preFlight.findsAnything() && !options.skipInvalid()) {
                        out.println(options.mode() == Mode.DRY_RUN
                                ? "A copy would stop here: correct these rows in Django, or copy with --skip-invalid."
                                : "Nothing was written. Correct these rows in Django, or run again with --skip-invalid to copy"
                                        + " everything else (the rows and images above are then left out).");
                        yield 1;
                    }
                    if (preFlight.findsAnything()) {
                        out.println("--skip-invalid: the rows and images above are left out.");
                    }
                    List<CopiedTable> tables = CopiedTables.all(source.layout(), options.roleMap(),
                            preFlight.skippedIds("scans").length == 0);
                    yield options.mode() == Mode.DRY_RUN
                            ? dryRun(source, tables, images, preFlight, out)
                            : copy(source, tables, images, preFlight, options, progress);
                }
            };
        } catch (BulkCopy.RefusedChunkException e) {
            out.println(e.getMessage());
            out.println("That chunk was not written (chunks before it were). Correct the conflicting rows, then run again.");
            return 1;
        } catch (SQLException e) {
            out.println("Cannot read the Django database or write Scanledger's: " + e.getMessage());
            return 1;
        } catch (IOException | UncheckedIOException e) {
            out.println("Cannot copy the label images: " + e.getMessage());
            return 1;
        }
    }

    private int copy(DjangoSource source, List<CopiedTable> tables, LabelImages images, PreFlight.Report preFlight,
            MigrationOptions options, Progress progress) throws SQLException, IOException, BulkCopy.RefusedChunkException {
        DeferredIndexes deferredIndexes = new DeferredIndexes(target);
        buildIndexesLeftDeferred(deferredIndexes, progress.out());
        List<Delta> deltas = new ArrayList<>();
        deltas.add(copyImages(source, images, preFlight, progress));
        IdentitySequences sequences = new IdentitySequences(target);
        try (BulkCopy copy = new BulkCopy(source, target, options.jobs(), options.chunkSize())) {
            for (CopiedTable table : tables) {
                Progress.Table shown = progress.table(table.name(), source.count(table.sourceTable()));
                sequences.movePast(table.targetTable(), source.maxId(table.sourceTable()));
                int deferred = table.indexesDeferredWhenEmpty() ? deferredIndexes.deferIfEmpty(table.targetTable()) : 0;
                Delta delta = copy.copy(table, preFlight.skippedIds(table.name()), shown);
                if (deferred > 0) {
                    long started = System.nanoTime();
                    deferredIndexes.buildPending();
                    shown.note("%d secondary indexes built in %.1f s (deferred while the empty table filled)".formatted(deferred,
                            (System.nanoTime() - started) / 1e9));
                }
                shown.finish(delta);
                deltas.add(delta);
                sequences.movePast(table.targetTable(), 0);
            }
        }
        deltas.add(new TokenCopy(tokens, target).copy(source, union(preFlight.skippedIds("tokens"), preFlight.skippedIds("users")), progress));
        PrintStream out = progress.out();
        if (deltas.stream().noneMatch(Delta::changedAnything)) {
            out.println("Nothing changed: Scanledger already holds every row and image of Django.");
        } else {
            long written = deltas.stream().mapToLong(d -> d.inserted() + d.updated()).sum();
            out.println("Done: %,d rows and images written. Compare both sides with %s --verify.".formatted(written, COMMAND));
        }
        return 0;
    }

    /** Indexes a killed run dropped come back before anything else is written. */
    private static void buildIndexesLeftDeferred(DeferredIndexes deferredIndexes, PrintStream out) throws SQLException {
        List<DeferredIndexes.Deferred> pending = deferredIndexes.pending();
        if (!pending.isEmpty()) {
            out.println("An unfinished first copy left indexes dropped; building them first: " +
                    pending.stream().map(DeferredIndexes.Deferred::name).collect(Collectors.joining(", ")));
            deferredIndexes.buildPending();
        }
    }

    /** Images first, so a scan's image URL resolves as soon as the scan is there. */
    private Delta copyImages(DjangoSource source, LabelImages images, PreFlight.Report preFlight, Progress progress)
            throws SQLException, IOException {
        long[] counts = new long[4]; // considered, inserted, updated, left out
        Progress.Table shown = progress.table("images", preFlight.imagesNamed());
        LabelImages.forEach(source, image -> {
            if (images.problem(image).isPresent()) {
                counts[3]++;
            } else {
                counts[0]++;
                switch (images.copy(image)) {
                    case INSERTED -> counts[1]++;
                    case UPDATED -> counts[2]++;
                    case UNCHANGED -> { }
                }
            }
            shown.advance(1);
        });
        Delta delta = new Delta("images", counts[0], counts[1], counts[2], counts[3]);
        shown.finish(delta);
        return delta;
    }

    private int dryRun(DjangoSource source, List<CopiedTable> tables, LabelImages images, PreFlight.Report preFlight, PrintStream out)
            throws SQLException, IOException {
        Verification verification = new Verification(source, target);
        List<Verification.Result> results = new ArrayList<>();
        results.add(verification.compareImages(images));
        for (CopiedTable table : tables) {
            results.add(verification.compare(table.name(), table.comparison(), preFlight.skippedIds(table.name())));
        }
        results.add(verification.compare("tokens", CopiedTables.tokens(source.layout().tables().tokens()), new long[0]));
        for (Verification.Result result : results) {
            out.println("%s: would insert %,d, update %,d, leave %,d unchanged".formatted(result.table(), result.missing(),
                    result.differing(), result.unchanged()));
        }
        out.println("Dry run: nothing was written.");
        return 0;
    }

    private int verify(DjangoSource source, List<CopiedTable> tables, LabelImages images, PrintStream out)
            throws SQLException, IOException {
        Verification verification = new Verification(source, target);
        List<Verification.Result> results = new ArrayList<>();
        for (CopiedTable table : tables) {
            results.add(verification.compare(table.name(), table.comparison(), new long[0]));
        }
        results.add(verification.compare("tokens", CopiedTables.tokens(source.layout().tables().tokens()), new long[0]));
        results.add(verification.compareImages(images));
        for (Verification.Result result : results) {
            out.println(result.table() + ": " + result.describe());
            result.firstDifferences().forEach(difference -> out.println("  " + difference));
        }
        List<String> different = new ArrayList<>(results.stream().filter(r -> !r.identical()).map(Verification.Result::table).toList());
        List<DeferredIndexes.Deferred> unbuilt = new DeferredIndexes(target).pending();
        if (!unbuilt.isEmpty()) {
            out.println("indexes: %d dropped by an unfinished first copy and not built again (%s): run %s again".formatted(unbuilt.size(),
                    unbuilt.stream().map(DeferredIndexes.Deferred::name).collect(Collectors.joining(", ")), COMMAND));
            different.add("indexes");
        }
        if (different.isEmpty()) {
            out.println("Verified: Scanledger holds every row, token and image of Django, identical.");
            return 0;
        }
        out.println("Different: " + String.join(", ", different) + ".");
        return 1;
    }

    private static long[] union(long[] a, long[] b) {
        return LongStream.concat(LongStream.of(a), LongStream.of(b)).sorted().distinct().toArray();
    }
}
