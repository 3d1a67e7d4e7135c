package dev.scanledger.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** PostgreSQL text cannot hold NUL: a code with one, sent or filtered by, is DRF's 400, not a server error. */
@ApiTest
class LabelCodeNullCharacterTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    @Test
    void registeringALabelWhoseCodeHasANullCharacterIs400() {
        long factory = fixtures.site(SiteKind.FACTORY);

        Api.Response response = api.post("/api/labels/").token(fixtures.driver().token())
                .json("{\"factory\": %d, \"code\": \"a\\u0000b\"}".formatted(factory)).send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).isEqualTo("{\"code\":[\"Null characters are not allowed.\"]}");
        assertThat(jdbc.sql("SELECT count(*) FROM labels WHERE factory_id = :f").param("f", factory).query(Long.class).single()).isZero();
    }

    @Test
    void filteringLabelsByACodeWithANullCharacterIs400() {
        Api.Response response = api.get("/api/labels/?code=a%00b").token(fixtures.driver().token()).send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).isEqualTo("{\"code\":[\"Null characters are not allowed.\"]}");
    }
}
