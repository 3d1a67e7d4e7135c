package dev.scanledger.accounts;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.scanledger.ScanledgerApplication;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every device keeps its own key (django-rest-knox's model): logins do not log each other out, a logout retires only
 * the presented key, and a deactivation or revocation holds at once on every instance sharing the database.
 */
@ApiTest
class DeviceKeysTest {

    static final String TOKEN = "/api/auth/token/";

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    DataSource dataSource;

    Account driver;

    @BeforeEach
    void aDriver() {
        driver = fixtures.driver();
    }

    private String login() {
        Api.Response response = api.post(TOKEN).json("{\"username\": \"%s\", \"password\": \"%s\"}".formatted(driver.username(), Fixtures.PASSWORD)).send();
        assertThatResponse(response).hasStatus(200);
        return response.json().get("token").asString();
    }

    private int statusWith(String key) {
        return api.get("/api/scans/").token(key).send().status();
    }

    @Test
    void twoLoginsGiveTwoKeysThatBothWork() {
        String phone = login();
        String tablet = login();

        assertThat(phone).isNotEqualTo(tablet);
        assertThat(statusWith(phone)).isEqualTo(200);
        assertThat(statusWith(tablet)).isEqualTo(200);
    }

    @Test
    void logoutRetiresThePresentedKeyOnly() {
        String phone = login();
        String tablet = login();

        Api.Response logout = api.post("/api/auth/logout/").token(phone).send();

        assertThatResponse(logout).hasStatus(204).hasHeader("Allow", "POST, OPTIONS");
        assertThat(logout.bytes()).isEmpty();
        assertThatResponse(api.get("/api/scans/").token(phone).send()).hasStatus(401).hasDetail("Invalid token.");
        assertThat(statusWith(tablet)).isEqualTo(200);
    }

    @Test
    void logoutAllRetiresEveryKeyOfTheCaller() {
        String phone = login();
        Account other = fixtures.driver();

        assertThatResponse(api.post("/api/auth/logoutall/").token(phone).send()).hasStatus(204);

        assertThat(statusWith(phone)).isEqualTo(401);
        assertThat(statusWith(driver.token())).isEqualTo(401);
        assertThat(statusWith(other.token())).isEqualTo(200);
    }

    @Test
    void logoutNeedsAKeyAndAPost() {
        assertThatResponse(api.post("/api/auth/logout/").send()).hasStatus(401).hasDetail("Authentication credentials were not provided.");
        assertThatResponse(api.get("/api/auth/logout/").token(driver.token()).send()).hasStatus(405)
                .hasDetail("Method \"GET\" not allowed.");
    }

    /** ObtainAuthToken keeps DRF's default authentication classes: a stale key in the header fails before the login. */
    @Test
    void aLoginPresentingAStaleKeyIsRefusedAsTokenAuthenticationRefusesIt() {
        String stale = login();
        api.post("/api/auth/logout/").token(stale).send();

        Api.Response response = api.post(TOKEN).token(stale)
                .json("{\"username\": \"%s\", \"password\": \"%s\"}".formatted(driver.username(), Fixtures.PASSWORD)).send();

        assertThatResponse(response).hasStatus(401).hasDetail("Invalid token.").hasHeader("WWW-Authenticate", "Token");
    }

    @Test
    void aLoginPresentingAValidKeyGetsANewKeyForTheCredentials() {
        Account other = fixtures.driver();

        Api.Response response = api.post(TOKEN).token(other.token())
                .json("{\"username\": \"%s\", \"password\": \"%s\"}".formatted(driver.username(), Fixtures.PASSWORD)).send();

        assertThatResponse(response).hasStatus(200);
        assertThat(statusWith(response.json().get("token").asString())).isEqualTo(200);
    }

    @Test
    void aDeactivationAndALogoutAreRefusedAtOnceOnASecondInstanceOfTheSameDatabase() throws Exception {
        String phone = login();
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(ScanledgerApplication.class)
                .profiles("test")
                // arguments, as an operator would pass them: they outrank application.properties
                .run("--spring.datasource.url=" + ((HikariDataSource) dataSource).getJdbcUrl(),
                        "--spring.datasource.username=postgres", "--spring.datasource.password=",
                        "--spring.datasource.hikari.maximum-pool-size=2")) {
            String secondUrl = "http://127.0.0.1:" + second.getEnvironment().getRequiredProperty("local.server.port") + "/api/scans/";
            HttpClient client = HttpClient.newHttpClient();
            assertThat(get(client, secondUrl, phone).statusCode()).isEqualTo(200);
            assertThat(get(client, secondUrl, driver.token()).statusCode()).isEqualTo(200);

            assertThatResponse(api.post("/api/auth/logout/").token(phone).send()).hasStatus(204);
            assertThat(get(client, secondUrl, phone).body()).isEqualTo("{\"detail\":\"Invalid token.\"}");

            fixtures.deactivate(driver);
            HttpResponse<String> refused = get(client, secondUrl, driver.token());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).isEqualTo("{\"detail\":\"User inactive or deleted.\"}");
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url, String key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Token " + key).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
