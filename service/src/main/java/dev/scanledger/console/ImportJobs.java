package dev.scanledger.console;

import dev.scanledger.labels.LabelImport;
import dev.scanledger.web.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Label imports started from the console, run one at a time off the request (the upload returns at
 * once), with their progress and report kept in memory for the page that polls them. A job belongs to
 * the instance that runs it; the console's session is per instance too.
 */
@Component
class ImportJobs implements DisposableBean {

    private static final int KEPT = 50;
    /** Skipped lines the page shows; the whole report is a download. */
    static final int SHOWN_SKIPPED = 100;

    private final LabelImport importer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "console-label-import");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    ImportJobs(LabelImport importer) {
        this.importer = importer;
    }

    static final class Job {
        final String id;
        final String fileName;
        final long startedBy;
        volatile String stage = "waiting";
        volatile int done;
        volatile int total;
        volatile LabelImport.Result result;
        volatile Map<String, List<String>> errors;
        volatile String failure;

        Job(String id, String fileName, long startedBy) {
            this.id = id;
            this.fileName = fileName;
            this.startedBy = startedBy;
        }

        public String getId() {
            return id;
        }

        public String getFileName() {
            return fileName;
        }

        public String getStage() {
            return stage;
        }

        public int getDone() {
            return done;
        }

        public int getTotal() {
            return total;
        }

        public LabelImport.Result getResult() {
            return result;
        }

        /** The first {@link #SHOWN_SKIPPED} skipped lines: a file of 200,000 existing labels skips them all. */
        public List<LabelImport.SkippedLine> getShownSkipped() {
            List<LabelImport.SkippedLine> skipped = result == null ? List.of() : result.skipped_lines();
            return skipped.subList(0, Math.min(SHOWN_SKIPPED, skipped.size()));
        }

        public int getUnshownSkipped() {
            return result == null ? 0 : Math.max(0, result.skipped_lines().size() - SHOWN_SKIPPED);
        }

        public Map<String, List<String>> getErrors() {
            return errors;
        }

        public String getFailure() {
            return failure;
        }

        public boolean isFinished() {
            return result != null || errors != null || failure != null;
        }

        /** 0 to 100. */
        public int getPercent() {
            if (isFinished()) {
                return 100;
            }
            return total == 0 ? 0 : (int) (100L * done / total);
        }
    }

    /** Starts the import; {@code finished} runs on the import's thread once it succeeded. */
    Job start(byte[] csv, String fileName, long startedBy, Consumer<Job> finished) {
        if (jobs.size() >= KEPT) {
            jobs.values().stream().filter(Job::isFinished).findFirst().ifPresent(old -> jobs.remove(old.id));
        }
        Job job = new Job(UUID.randomUUID().toString(), fileName, startedBy);
        jobs.put(job.id, job);
        worker.submit(() -> {
            try {
                job.result = importer.run(csv, (stage, done, total) -> {
                    job.stage = stage;
                    job.done = done;
                    job.total = total;
                });
                finished.accept(job);
            } catch (ValidationException e) {
                job.errors = e.errors();
            } catch (RuntimeException e) {
                job.failure = "The import failed: " + e.getMessage();
            }
        });
        return job;
    }

    Optional<Job> find(String id, long userId) {
        return Optional.ofNullable(jobs.get(id)).filter(job -> job.startedBy == userId);
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
