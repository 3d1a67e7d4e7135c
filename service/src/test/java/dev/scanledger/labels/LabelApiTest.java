package dev.scanledger.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Races;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** POST /api/labels/ (get-or-create), GET /api/labels/ and GET /api/labels/{id}/. */
@ApiTest
class LabelApiTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    Account driver;
    long factory;

    @BeforeEach
    void aDriverAndAFactory() {
        driver = fixtures.driver();
        factory = fixtures.site(SiteKind.FACTORY);
    }

    @Nested
    class GetOrCreate {

        @Test
        void aNewLabelIsCreatedWith201() {
            Api.Response created = create("{\"factory\": %d, \"code\": \"A-1\"}".formatted(factory));

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("factory").asLong()).isEqualTo(factory);
            assertThat(created.json().get("code").asString()).isEqualTo("A-1");
            assertThat(created.json().get("furthest_phase").isNull()).isTrue();
            assertThat(created.json().get("furthest_site").isNull()).isTrue();
            assertThat(created.json().get("created_date").asString()).endsWith("Z");
        }

        @Test
        void anExistingLabelIsReturnedWith200() {
            Api.Response first = create("{\"factory\": %d, \"code\": \"A-1\"}".formatted(factory));

            Api.Response again = create("{\"factory\": \"%d\", \"code\": \"A-1\"}".formatted(factory));

            assertThat(again.status()).isEqualTo(200);
            assertThat(again.text()).isEqualTo(first.text());
            assertThat(labelsOf(factory)).isEqualTo(1);
        }

        @Test
        void theSameCodeAtAnotherFactoryIsAnotherLabel() {
            long otherFactory = fixtures.site(SiteKind.FACTORY);
            create("{\"factory\": %d, \"code\": \"A-1\"}".formatted(factory));

            assertThat(create("{\"factory\": %d, \"code\": \"A-1\"}".formatted(otherFactory)).status()).isEqualTo(201);
        }

        @Test
        void missingFieldsAreNamed() {
            assertInvalid("{}", "{\"factory\":[\"This field is required.\"],\"code\":[\"This field is required.\"]}");
        }

        @Test
        void aBlankCodeIsRefused() {
            assertInvalid("{\"factory\": %d, \"code\": \"  \"}".formatted(factory), "{\"code\":[\"This field may not be blank.\"]}");
        }

        @Test
        void aCodeOver255CharactersIsRefused() {
            assertInvalid("{\"factory\": %d, \"code\": \"%s\"}".formatted(factory, "c".repeat(256)),
                    "{\"code\":[\"Ensure this field has no more than 255 characters.\"]}");
        }

        @Test
        void anUnknownFactoryIsRefused() {
            assertInvalid("{\"factory\": 99999999, \"code\": \"A\"}", "{\"factory\":[\"Invalid pk \\\"99999999\\\" - object does not exist.\"]}");
        }

        @Test
        void aSiteThatIsNotAFactoryIsRefused() {
            long store = fixtures.site(SiteKind.STORE);

            assertInvalid("{\"factory\": %d, \"code\": \"A\"}".formatted(store),
                    "{\"factory\":[\"Invalid pk \\\"%d\\\" - object does not exist.\"]}".formatted(store));
        }

        @Test
        void aFactoryOfTheWrongTypeIsRefused() {
            assertInvalid("{\"factory\": \"one\", \"code\": \"A\"}", "{\"factory\":[\"Incorrect type. Expected pk value, received str.\"]}");
        }

        @Test
        void aFactoryNumberBeyondDoubleRangeIsRefused() {
            assertInvalid("{\"factory\": 1e999, \"code\": \"A\"}", "{\"factory\":[\"Incorrect type. Expected pk value, received float.\"]}");
        }

        @Test
        void aBodyThatIsNotAnObjectIsRefused() {
            assertInvalid("[1]", "{\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got list.\"]}");
        }

        @RepeatedTest(5)
        void thirtyTwoConcurrentRequestsCreateOneLabelAndAllGetIt() throws Exception {
            String body = "{\"factory\": %d, \"code\": \"RACE\"}".formatted(factory);
            List<Callable<Api.Response>> requests = new ArrayList<>();
            for (int device = 0; device < 32; device++) {
                Api.Call call = api.newConnection().post("/api/labels/").token(driver.token()).json(body);
                requests.add(call::send);
            }

            List<Api.Response> answers = Races.together(requests);

            assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
            assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(31);
            assertThat(answers).extracting(r -> r.json().get("id").asLong()).containsOnly(answers.get(0).json().get("id").asLong());
            assertThat(labelsOf(factory)).isEqualTo(1);
        }

        private void assertInvalid(String body, String errors) {
            Api.Response refused = create(body);

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).isEqualTo(errors);
            assertThat(labelsOf(factory)).isZero();
        }
    }

    @Nested
    class ListAndRetrieve {

        @Test
        void labelsAreListedByIdAndPaginated() {
            for (int i = 1; i <= 3; i++) {
                create("{\"factory\": %d, \"code\": \"P-%d\"}".formatted(factory, i));
            }

            Api.Response page = api.get("/api/labels/?factory=%d&page_size=2".formatted(factory)).token(driver.token()).send();

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("count").asLong()).isEqualTo(3);
            assertThat(page.json().get("results")).extracting(l -> l.get("code").asString()).containsExactly("P-1", "P-2");
            assertThat(page.json().get("next").asString()).contains("page=2");
        }

        @Test
        void labelsCanBeFilteredByCode() {
            create("{\"factory\": %d, \"code\": \"F-1\"}".formatted(factory));
            create("{\"factory\": %d, \"code\": \"F-2\"}".formatted(factory));

            Api.Response page = api.get("/api/labels/?factory=%d&code=F-2".formatted(factory)).token(driver.token()).send();

            assertThat(page.json().get("results")).extracting(l -> l.get("code").asString()).containsExactly("F-2");
        }

        @Test
        void aNonNumericFactoryFilterIsRefused() {
            Api.Response refused = api.get("/api/labels/?factory=x").token(driver.token()).send();

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).isEqualTo("{\"factory\":[\"Select a valid choice. That choice is not one of the available choices.\"]}");
        }

        @Test
        void aLabelIsRetrievedById() {
            Api.Response created = create("{\"factory\": %d, \"code\": \"R-1\"}".formatted(factory));

            Api.Response found = api.get("/api/labels/%d/".formatted(created.json().get("id").asLong())).token(driver.token()).send();

            assertThat(found.status()).isEqualTo(200);
            assertThat(found.text()).isEqualTo(created.text());
        }

        @Test
        void anUnknownOrMalformedIdIsNotFound() {
            assertThat(api.get("/api/labels/99999999/").token(driver.token()).send().text()).isEqualTo("{\"detail\":\"Not found.\"}");
            assertThat(api.get("/api/labels/abc/").token(driver.token()).send().status()).isEqualTo(404);
        }

        @Test
        void labelsNeedAuthentication() {
            assertThat(api.get("/api/labels/").send().status()).isEqualTo(401);
        }
    }

    private Api.Response create(String body) {
        return api.post("/api/labels/").token(driver.token()).json(body).send();
    }

    private long labelsOf(long factoryId) {
        return jdbc.sql("SELECT count(*) FROM labels WHERE factory_id = :f").param("f", factoryId).query(Long.class).single();
    }
}
