package dev.scanledger.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/benchmarks.md holds bench/run's report and, below a marker, sections other bench scripts write
 * under headings of their own. bench/run rewrites its part and keeps theirs; each other script replaces
 * only its own section.
 */
final class ReportSections {

    static final String MARKER = "<!-- Sections below are written by other bench scripts, each under its own heading; bench/run keeps them. -->";

    private ReportSections() {
    }

    /** The marker and everything below it in the report, or nothing. */
    static String kept(Path report) throws IOException {
        if (!Files.isRegularFile(report)) {
            return "";
        }
        String text = Files.readString(report);
        int at = text.indexOf(MARKER);
        return at < 0 ? "" : "\n" + text.substring(at);
    }

    /** Writes {@code body} as the section under {@code heading} (a "## " line), replacing that section if present. */
    static void put(Path report, String heading, String body) throws IOException {
        String text = Files.isRegularFile(report) ? Files.readString(report) : "";
        if (!text.contains(MARKER)) {
            text = (text.isEmpty() || text.endsWith("\n") ? text : text + "\n") + "\n" + MARKER + "\n";
        }
        String section = heading + "\n\n" + body.strip() + "\n";
        int start = text.indexOf("\n" + heading + "\n", text.indexOf(MARKER));
        if (start < 0) {
            text = text + "\n" + section;
        } else {
            int next = text.indexOf("\n## ", start + heading.length() + 1);
            text = text.substring(0, start + 1) + section + (next < 0 ? "" : text.substring(next));
        }
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text);
    }
}
