package dev.scanledger.loadtest;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a scenario with a fixed number of clients until the scenario has sent all it meant to or the
 * time is up. A client fires its volley at once (asynchronously) and waits for every answer before
 * the next, as a phone does; so the load is closed-loop and the in-flight count is bounded.
 */
public final class LoadRunner implements AutoCloseable {

    private final ExecutorService executor;
    private final HttpClient http;

    public LoadRunner(int clients) {
        // The client's own threads deliver the answers; a pool as large as the in-flight count keeps them from queueing.
        executor = Executors.newFixedThreadPool(Math.max(4, clients), daemon("http"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    public Measurement run(Scenario scenario, RunLimits limits) throws InterruptedException {
        Measurement measurement = new Measurement();
        long start = System.nanoTime();
        long deadline = start + limits.maxDuration().toNanos();
        CountDownLatch done = new CountDownLatch(limits.clients());
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < limits.clients(); i++) {
            Thread client = daemon("client").newThread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        Optional<List<Call>> volley = scenario.nextVolley();
                        if (volley.isEmpty()) {
                            break;
                        }
                        fire(volley.get(), scenario, measurement);
                    }
                } catch (RuntimeException e) {
                    measurement.clientFailed(e);
                } finally {
                    done.countDown();
                }
            });
            clients.add(client);
        }
        clients.forEach(Thread::start);
        done.await();
        measurement.finish(System.nanoTime() - start);
        return measurement;
    }

    private void fire(List<Call> volley, Scenario scenario, Measurement measurement) {
        List<CompletableFuture<Void>> answers = new ArrayList<>(volley.size());
        for (Call call : volley) {
            long sent = System.nanoTime();
            answers.add(http.sendAsync(call.request(), HttpResponse.BodyHandlers.ofString())
                    .handle((response, failure) -> {
                        long latency = System.nanoTime() - sent;
                        Answer answer = failure == null
                                ? new Answer(response.statusCode(), response.body(), latency, null, response.headers())
                                : Answer.failed(failure, latency);
                        measurement.record(answer.status(), latency);
                        scenario.record(call, answer);
                        return null;
                    }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
