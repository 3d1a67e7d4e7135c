import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes docs/console-plans.md from the PostgreSQL log that bench/console-plans records: auto_explain's entry
 * for every statement, grouped by the console page that ran it (the script logs a marker statement before
 * and after each page). Run by the script: java bench/ConsolePlans.java <log> <out> <facts> <nproc> <load>.
 */
public class ConsolePlans {

    private static final Pattern ENTRY = Pattern.compile("^\\S+ \\S+ \\S+ \\[\\d+\\] LOG:  duration: ([0-9.]+) ms  plan:$");
    private static final Pattern PAGE = Pattern.compile("console-plans page: (.*)'$");
    private static final Pattern STATUS = Pattern.compile("console-plans status: (\\d+)'$");
    /** The per-request check that a signed-in user may still use the console: the same one-row lookup on every page. */
    private static final String SESSION_CHECK = "SELECT id, username, role, password_hash, active FROM users WHERE id";

    record Statement(double millis, String query, List<String> plan) {
    }

    static final class Page {
        final String path;
        String status = "?";
        final List<Statement> statements = new ArrayList<>();

        Page(String path) {
            this.path = path;
        }

        double slowest() {
            return statements.stream().mapToDouble(Statement::millis).max().orElse(0);
        }

        double total() {
            return statements.stream().mapToDouble(Statement::millis).sum();
        }
    }

    public static void main(String[] args) throws IOException {
        List<String> log = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        List<Page> pages = new ArrayList<>();
        Page current = null;
        for (int i = 0; i < log.size(); i++) {
            Matcher entry = ENTRY.matcher(log.get(i));
            if (!entry.matches()) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            while (i + 1 < log.size() && log.get(i + 1).startsWith("\t")) {
                lines.add(log.get(++i).substring(1));
            }
            StringBuilder query = new StringBuilder();
            List<String> plan = new ArrayList<>();
            for (String line : lines) {
                if (plan.isEmpty() && !line.contains("(cost=")) {
                    query.append(' ').append(line.replaceFirst("^Query Text: ", "").strip());
                } else {
                    plan.add(line);
                }
            }
            String text = query.toString().strip().replaceAll("\\s+", " ");
            Matcher page = PAGE.matcher(text);
            Matcher status = STATUS.matcher(text);
            if (page.find()) {
                current = new Page(page.group(1));
                pages.add(current);
            } else if (status.find() && current != null) {
                current.status = status.group(1);
                current = null;
            } else if (current != null && !text.contains("console-plans") && !text.startsWith(SESSION_CHECK)) {
                current.statements.add(new Statement(Double.parseDouble(entry.group(1)), text, plan));
            }
        }
        Files.writeString(Path.of(args[1]), report(pages, args[2], args[3], args[4]), StandardCharsets.UTF_8);
    }

    private static String report(List<Page> pages, String facts, String nproc, String load) {
        StringBuilder out = new StringBuilder();
        out.append("# The console on a million scans: what each page asks PostgreSQL\n\n");
        out.append("Recorded by `bench/console-plans` (the data: `bench/console-plans.sql`; the pages, opened in order as the demo manager:\n");
        out.append("`bench/console-plans.pages`). Every statement of every page, as PostgreSQL ran it: auto_explain with actual rows,\n");
        out.append("buffers and times, the service on its embedded PostgreSQL, all on one machine. The per-request check that the\n");
        out.append("signed-in user may still use the console (one row by primary key) is left out.\n\n");
        out.append("- date: ").append(Instant.now()).append('\n');
        out.append("- nproc: ").append(nproc).append(", load average at the end: ").append(load).append('\n');
        for (String fact : facts.split("\n")) {
            out.append("- ").append(fact).append('\n');
        }
        out.append("\n| page | status | statements | slowest ms | all ms |\n|---|---:|---:|---:|---:|\n");
        for (Page page : pages) {
            out.append("| [`").append(page.path.replace("|", "\\|")).append("`](#").append(anchor(page.path)).append(") | ")
                    .append(page.status).append(" | ").append(page.statements.size()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", page.slowest())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", page.total())).append(" |\n");
        }
        for (Page page : pages) {
            out.append("\n## ").append(page.path).append("\n\n");
            out.append("Answered ").append(page.status).append("; ").append(page.statements.size()).append(" statements.\n");
            for (Statement statement : page.statements) {
                out.append("\n").append(String.format(Locale.ROOT, "%.3f", statement.millis())).append(" ms: `")
                        .append(abbreviate(statement.query())).append("`\n\n```text\n");
                statement.plan().forEach(line -> out.append(line).append('\n'));
                out.append("```\n");
            }
        }
        return out.toString();
    }

    private static String abbreviate(String query) {
        String text = query.replace("`", "'");
        return text.length() <= 240 ? text : text.substring(0, 240) + " ...";
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
