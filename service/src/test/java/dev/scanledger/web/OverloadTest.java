package dev.scanledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The concurrency limit with small numbers (2 running, 2 waiting up to 2 s), raced by real threads
 * whose requests are held inside the application until released: beyond the places, requests are shed
 * at once with 503 and Retry-After: 1; a waiting one gets in when a running one ends.
 */
class OverloadTest {

    private final ServiceUnavailable unavailable = new ServiceUnavailable(JsonMapper.builder().build(), Duration.ofSeconds(2));
    private final ConcurrencyLimit limit = new ConcurrencyLimit(2, 2, Duration.ofSeconds(2), Duration.ofSeconds(1), unavailable);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService clients = Executors.newFixedThreadPool(8);

    @AfterEach
    void releaseEverything() {
        release.countDown();
        clients.shutdownNow();
    }

    @Test
    void requestsBeyondTheRunningAndWaitingPlacesAreShedAtOnce() throws Exception {
        List<Future<MockHttpServletResponse>> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(clients.submit(() -> send(true)));
        }
        Thread.sleep(100);

        long start = System.nanoTime();
        MockHttpServletResponse shed = send(false);

        assertThat(shed.getStatus()).isEqualTo(503);
        assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
        assertThat(shed.getContentAsString()).isEqualTo("{\"detail\":\"" + ServiceUnavailable.DETAIL + "\"}");
        // at once: not after the 2 s a waiting place would have held it
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        release.countDown();
        for (Future<MockHttpServletResponse> answer : held) {
            // the two waiting got in once the running ones ended
            assertThat(answer.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        }
    }

    @Test
    void aWaitingRequestGetsInWhenARunningOneEnds() throws Exception {
        CountDownLatch endOne = new CountDownLatch(1);
        List<Future<MockHttpServletResponse>> running = new ArrayList<>();
        running.add(clients.submit(() -> sendHeldBy(endOne)));
        running.add(clients.submit(() -> send(true)));
        Thread.sleep(100);

        Future<MockHttpServletResponse> waiting = clients.submit(() -> send(false));
        Thread.sleep(50);
        endOne.countDown();

        assertThat(waiting.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(running.get(0).get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    }

    @Test
    void aFreedPlaceGoesToTheWaitingRequestNotToANewcomer() throws Exception {
        List<String> entered = new CopyOnWriteArrayList<>();
        CountDownLatch endOne = new CountDownLatch(1);
        clients.submit(() -> send(true));
        // The newcomer arrives on the very thread that frees the place, the instant it does.
        Future<?> freeingThenNew = clients.submit(() -> {
            MockHttpServletRequest newcomer = new MockHttpServletRequest("POST", "/api/scans/");
            sendHeldBy(endOne);
            limit.doFilter(newcomer, new MockHttpServletResponse(), (request, ignored) -> entered.add("newcomer"));
            return null;
        });
        Thread.sleep(100);
        Future<MockHttpServletResponse> waiting = clients.submit(() -> {
            MockHttpServletResponse response = new MockHttpServletResponse();
            limit.doFilter(new MockHttpServletRequest("POST", "/api/scans/"), response, (request, ignored) -> entered.add("waiting"));
            return response;
        });
        Thread.sleep(100);

        endOne.countDown();

        assertThat(waiting.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        freeingThenNew.get(5, TimeUnit.SECONDS);
        assertThat(entered).containsExactly("waiting", "newcomer");
    }

    @Test
    void probesAndMediaAreNotCounted() {
        assertThat(limit.shouldNotFilter(new MockHttpServletRequest("GET", "/actuator/health/readiness"))).isTrue();
        assertThat(limit.shouldNotFilter(new MockHttpServletRequest("GET", "/media/scans/x.jpg"))).isTrue();
        assertThat(limit.shouldNotFilter(new MockHttpServletRequest("GET", "/api/scans/"))).isFalse();
    }

    private MockHttpServletResponse send(boolean hold) throws Exception {
        return sendHeldBy(hold ? release : new CountDownLatch(0));
    }

    private MockHttpServletResponse sendHeldBy(CountDownLatch latch) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        limit.doFilter(new MockHttpServletRequest("POST", "/api/scans/"), response, (request, ignored) -> {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return response;
    }
}
