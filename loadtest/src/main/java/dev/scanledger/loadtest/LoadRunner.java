package dev.scanledger.loadtest;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Runs a scenario with a fixed number of clients until the scenario has sent all it meant to or the
 * time is up. A client fires its volley at once and waits for every answer before the next, as a
 * phone does; so the load is closed-loop and the in-flight count is bounded.
 *
 * <p>The transport is Apache HttpClient's classic (blocking) API over pooled keep-alive connections:
 * a client thread sends its call and reads the answer itself, with no hand-off to other threads. A
 * volley of several calls puts all but one on helper threads so that they still go out together.
 */
public final class LoadRunner implements AutoCloseable {

    /** Connections a client may hold at once: one per call of its volley (bursts); opened only when needed. */
    private static final int CONNECTIONS_PER_CLIENT = 64;

    private final ExecutorService volleyHelpers;
    private final CloseableHttpClient http;
    private final Map<Duration, RequestConfig> configs = new ConcurrentHashMap<>();
    /** TCP connections opened: one per call a volley sends at once, more only if the service closed some. */
    private final AtomicLong connectionsOpened = new AtomicLong();

    public LoadRunner(int clients) {
        volleyHelpers = Executors.newCachedThreadPool(daemon("http"));
        int connections = Math.max(1, clients) * CONNECTIONS_PER_CLIENT;
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setConnectionFactory(socket -> {
                    connectionsOpened.incrementAndGet();
                    return ManagedHttpClientConnectionFactory.INSTANCE.createConnection(socket);
                })
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5))
                        .setSocketTimeout(Timeout.of(ScanRequests.BATCH_TIMEOUT))
                        .build())
                .build();
        http = HttpClients.custom()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableContentCompression()
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
        measurement.connectionsOpened(connectionsOpened.getAndSet(0));
        return measurement;
    }

    /** Sends the calls of one volley together and returns when every answer is recorded. */
    private void fire(List<Call> volley, Scenario scenario, Measurement measurement) {
        if (volley.size() == 1) {
            send(volley.get(0), scenario, measurement);
            return;
        }
        List<Future<?>> others = new ArrayList<>(volley.size() - 1);
        for (Call call : volley.subList(1, volley.size())) {
            others.add(volleyHelpers.submit(() -> send(call, scenario, measurement)));
        }
        RuntimeException failure = null;
        try {
            send(volley.get(0), scenario, measurement);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> other : others) {
            try {
                other.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a volley", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One call on the calling thread: the answer (or the failure) goes to the measurement and the scenario. */
    private void send(Call call, Scenario scenario, Measurement measurement) {
        long sent = System.nanoTime();
        Answer answer;
        try {
            answer = http.execute(classic(call.request()), response -> read(response, sent));
        } catch (IOException | RuntimeException e) {
            answer = Answer.failed(e, System.nanoTime() - sent);
        }
        measurement.record(answer.status(), answer.latencyNanos());
        scenario.record(call, answer);
    }

    private HttpUriRequestBase classic(Request request) {
        HttpUriRequestBase classic = new HttpUriRequestBase(request.method(), request.uri());
        request.headers().forEach(classic::addHeader);
        if (request.body() != null) {
            // The Content-Type header comes with the request's headers, as the scenario set it.
            classic.setEntity(new ByteArrayEntity(request.body().getBytes(StandardCharsets.UTF_8), null));
        }
        classic.setConfig(configs.computeIfAbsent(request.timeout(), timeout -> RequestConfig.custom()
                .setResponseTimeout(Timeout.of(timeout))
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .build()));
        return classic;
    }

    private static Answer read(ClassicHttpResponse response, long sent) throws IOException, ParseException {
        HttpEntity entity = response.getEntity();
        String body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
        long latency = System.nanoTime() - sent;
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName(), name -> new ArrayList<>(1)).add(header.getValue());
        }
        return new Answer(response.getCode(), body, latency, null, HttpHeaders.of(headers, (name, value) -> true));
    }

    @Override
    public void close() {
        volleyHelpers.shutdownNow();
        http.close(CloseMode.IMMEDIATE);
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
