package dev.scanledger.labels;

import dev.scanledger.db.BoundedWork;
import dev.scanledger.db.UniqueJdbc;
import dev.scanledger.db.WorkKind;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.sites.Sites;
import dev.scanledger.unique.RowOutcome;
import dev.scanledger.web.ConstraintErrors;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.ValidationException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Imports a CSV of (factory, code) lines in one transaction: every valid line is inserted unless its
 * label exists or repeats an earlier line, which are skipped and reported. One insert-all statement
 * per chunk, not a row at a time, so 100,000 lines take seconds.
 */
@Component
public class LabelImport {

    static final String HEADER = "factory,code";
    private static final int MAX_REPORTED_INVALID_LINES = 100;
    /** Labels per import: 100,000 take seconds, and this bounds the memory one request can take. */
    static final int MAX_LINES = 200_000;
    private static final int CHUNK = 20_000;
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

    private final Sites sites;
    private final UniqueJdbc unique;
    private final BoundedWork work;

    LabelImport(Sites sites, UniqueJdbc unique, BoundedWork work) {
        this.sites = sites;
        this.unique = unique;
        this.work = work;
    }

    @Schema(name = "ImportResult")
    public record Result(int inserted, int skipped, List<SkippedLine> skipped_lines) {
    }

    /** {@code reason} is "exists" or "repeats line N". */
    public record SkippedLine(int line, long factory, String code, String reason) {
    }

    /** Told how far an import has got: the lines read, then the labels written out of those to write. */
    public interface Progress {
        Progress NONE = (stage, done, total) -> { };

        void at(String stage, int done, int total);
    }

    private record Line(int number, long factory, String code) {
        SkippedLine skipped(String reason) {
            return new SkippedLine(number, factory, code, reason);
        }
    }

    Result run(byte[] csv) {
        return run(csv, Progress.NONE);
    }

    public Result run(byte[] csv, Progress progress) {
        progress.at("reading", 0, 0);
        // Sorted by key (stably, so a key's first line comes first): two imports of overlapping files
        // take their locks in the same order, and repeats within the file sit next to their first line.
        List<Line> byKey = validLinesOf(csv).stream()
                .sorted(Comparator.comparingLong(Line::factory).thenComparing(Line::code))
                .toList();
        List<SkippedLine> skipped = new ArrayList<>();
        List<Line> firsts = new ArrayList<>();
        for (Line line : byKey) {
            Line first = firsts.isEmpty() ? null : firsts.get(firsts.size() - 1);
            if (first != null && first.factory() == line.factory() && first.code().equals(line.code())) {
                skipped.add(line.skipped("repeats line " + first.number()));
            } else {
                firsts.add(line);
            }
        }
        progress.at("writing", 0, firsts.size());
        int inserted = work.run(WorkKind.IMPORT, () -> insert(firsts, skipped, progress));
        skipped.sort(Comparator.comparingInt(SkippedLine::line));
        return new Result(inserted, skipped.size(), skipped);
    }

    /**
     * One insert-all statement per chunk, all in the caller's transaction: a chunk bounds what one
     * statement's arguments and returned rows hold in memory, whatever the size of the file.
     */
    private int insert(List<Line> firsts, List<SkippedLine> skipped, Progress progress) {
        int inserted = 0;
        for (int from = 0; from < firsts.size(); from += CHUNK) {
            List<Line> chunk = firsts.subList(from, Math.min(firsts.size(), from + CHUNK));
            List<Map<String, Object>> rows = chunk.stream()
                    .<Map<String, Object>>map(line -> Map.of("factory_id", line.factory(), "code", line.code()))
                    .toList();
            List<RowOutcome<Long>> outcomes = unique.run("import labels",
                    u -> u.insertAll("labels", LabelStore.FACTORY_AND_CODE, rows, rs -> rs.getLong("id")));
            for (RowOutcome<Long> outcome : outcomes) {
                if (outcome instanceof RowOutcome.Created<Long>) {
                    inserted++;
                } else {
                    skipped.add(chunk.get(outcome.index()).skipped("exists"));
                }
            }
            progress.at("writing", from + chunk.size(), firsts.size());
        }
        return inserted;
    }

    private record InvalidLine(int line, String message) {
        String describe() {
            return "line " + line + ", " + message;
        }
    }

    /** Every line, or a 400 listing the invalid ones: an import with a bad line writes nothing. */
    private List<Line> validLinesOf(byte[] csv) {
        List<String[]> records = parse(csv);
        if (records.isEmpty()) {
            throw FieldErrors.single(FieldErrors.NON_FIELD_ERRORS, "The CSV file is empty.");
        }
        String header = String.join(",", records.get(0)).replace(" ", "").toLowerCase(Locale.ROOT);
        if (!header.equals(HEADER)) {
            throw FieldErrors.single(FieldErrors.NON_FIELD_ERRORS, "The first line must be the header \"" + HEADER + "\".");
        }
        List<InvalidLine> invalid = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            int number = i + 1;
            String[] fields = records.get(i);
            if (fields.length == 1 && fields[0].isBlank()) {
                continue;
            }
            if (fields.length != 2) {
                invalid.add(new InvalidLine(number, "expected 2 columns (factory, code), found " + fields.length + "."));
                continue;
            }
            String factory = fields[0].strip();
            String code = fields[1].strip();
            if (!factory.matches("[0-9]{1,18}")) {
                invalid.add(new InvalidLine(number, "factory: Incorrect type. Expected pk value, received str."));
            } else if (code.isEmpty()) {
                invalid.add(new InvalidLine(number, "code: This field may not be blank."));
            } else if (code.length() > LabelForm.MAX_CODE_LENGTH) {
                invalid.add(new InvalidLine(number, "code: Ensure this field has no more than " + LabelForm.MAX_CODE_LENGTH + " characters."));
            } else if (code.indexOf('\0') >= 0) {
                invalid.add(new InvalidLine(number, "code: " + FieldErrors.NULL_CHARACTERS));
            } else {
                lines.add(new Line(number, Long.parseLong(factory), code));
            }
        }
        Set<Long> factories = factoriesAmong(lines);
        for (Line line : lines) {
            if (!factories.contains(line.factory())) {
                invalid.add(new InvalidLine(line.number(), "factory: " + ConstraintErrors.missingReferenceMessage(line.factory())));
            }
        }
        if (!invalid.isEmpty()) {
            Map<String, List<String>> errors = new LinkedHashMap<>();
            errors.put(FieldErrors.NON_FIELD_ERRORS, List.of(invalid.size() + " invalid line(s); nothing was imported."));
            errors.put("lines", invalid.stream().sorted(Comparator.comparingInt(InvalidLine::line))
                    .limit(MAX_REPORTED_INVALID_LINES).map(InvalidLine::describe).toList());
            throw new ValidationException(errors);
        }
        return lines;
    }

    private Set<Long> factoriesAmong(List<Line> lines) {
        return sites.existing(SiteKind.FACTORY, lines.stream().map(Line::factory).collect(Collectors.toSet()));
    }

    /** Stops reading past the line limit, so a file of millions of tiny lines is refused, not held in memory. */
    private static List<String[]> parse(byte[] csv) {
        try (MappingIterator<String[]> records = CSV.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(csv)) {
            List<String[]> lines = new ArrayList<>();
            while (records.hasNextValue()) {
                if (lines.size() > MAX_LINES) {
                    throw FieldErrors.single(FieldErrors.NON_FIELD_ERRORS,
                            "Ensure the file has no more than " + MAX_LINES + " labels; split it into several imports.");
                }
                lines.add(records.nextValue());
            }
            return lines;
        } catch (JacksonException e) {
            throw FieldErrors.single(FieldErrors.NON_FIELD_ERRORS, "CSV parse error - " + e.getOriginalMessage());
        }
    }
}
