package dev.scanledger.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** /actuator/prometheus on the management port counts what the API did. */
@ApiTest
class MetricsTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    Environment environment;

    private String scrape() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.management.port") + "/actuator/prometheus");
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.E+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void theScrapeCountsScanOutcomesReplaysAndRefusals() throws Exception {
        Account driver = fixtures.driver();
        long label = fixtures.label();
        String scan = "{\"label\": " + label + ", \"phase\": 1}";
        String before = scrape();

        api.post("/api/scans/").token(driver.token()).json(scan).send();
        api.post("/api/scans/").token(driver.token()).json(scan).send();
        api.post("/api/scans/").token(driver.token()).json("{\"phase\": 1}").send();
        api.post("/api/scans/").token(driver.token()).header("Idempotency-Key", "m-" + System.nanoTime()).json(scan).send();
        String key = "k-" + System.nanoTime();
        api.post("/api/scans/").token(driver.token()).header("Idempotency-Key", key).json(scan).send();
        api.post("/api/scans/").token(driver.token()).header("Idempotency-Key", key).json(scan).send();
        api.post("/api/scans/").token(driver.token()).header("Idempotency-Key", key).json("{\"phase\": 2}").send();
        api.post("/api/scans/batch/").token(driver.token()).json("[" + scan + ", {\"label\": " + label + ", \"phase\": 2}, {}]").send();
        api.get("/api/scans/").token("0".repeat(40)).send();
        api.post("/api/auth/token/").json("{\"username\": \"" + driver.username() + "\", \"password\": \"wrong\"}").send();
        String after = scrape();

        assertThat(delta(before, after, "scanledger_scans_total{endpoint=\"create\",outcome=\"created\"}")).isEqualTo(1);
        assertThat(delta(before, after, "scanledger_scans_total{endpoint=\"create\",outcome=\"duplicate\"}")).isEqualTo(3);
        assertThat(delta(before, after, "scanledger_scans_total{endpoint=\"create\",outcome=\"invalid\"}")).isEqualTo(1);
        assertThat(delta(before, after, "scanledger_idempotency_replays_total")).isEqualTo(1);
        assertThat(delta(before, after, "scanledger_responses_total{status=\"422\"}")).isEqualTo(1);
        assertThat(delta(before, after, "scanledger_batch_items_total{outcome=\"created\"}")).isEqualTo(1);
        assertThat(delta(before, after, "scanledger_batch_items_total{outcome=\"duplicate\"}")).isEqualTo(1);
        assertThat(delta(before, after, "scanledger_batch_items_total{outcome=\"invalid\"}")).isEqualTo(1);
        assertThat(delta(before, after, "scanledger_token_lookups_total{outcome=\"refused\"}")).isEqualTo(1);
        assertThat(delta(before, after, "scanledger_api_logins_total{outcome=\"failure\"}")).isEqualTo(1);
        assertThat(delta(before, after, "scanledger_http_requests_seconds_count{method=\"POST\",route=\"/api/scans/\",status=\"201\"}"))
                .isEqualTo(1);
    }

    @Test
    void theMainPortAnswersHealthButNotTheScrape() {
        assertThat(api.get("/actuator/health").send().status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").send().status()).isNotEqualTo(200);
    }

    private static double delta(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }
}
