package dev.scanledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** DRF's CharField refuses NUL characters; PostgreSQL text cannot hold them, so they must not reach a query. */
@ApiTest
class NullCharacterCredentialsTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;

    @Test
    void aUsernameWithANullCharacterIs400NotAServerError() {
        Api.Response response = api.post("/api/auth/token/").json("{\"username\": \"a\\u0000b\", \"password\": \"x\"}").send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).isEqualTo("{\"username\":[\"Null characters are not allowed.\"]}");
    }

    @Test
    void aPasswordWithANullCharacterIs400() {
        String username = fixtures.driver().username();

        Api.Response response = api.post("/api/auth/token/")
                .json("{\"username\": \"%s\", \"password\": \"x\\u0000\"}".formatted(username)).send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).isEqualTo("{\"password\":[\"Null characters are not allowed.\"]}");
    }

    @Test
    void aFormUsernameWithANullCharacterIs400() {
        Api.Response response = api.post("/api/auth/token/").body("application/x-www-form-urlencoded",
                "username=a%00b&password=x".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).isEqualTo("{\"username\":[\"Null characters are not allowed.\"]}");
    }
}
