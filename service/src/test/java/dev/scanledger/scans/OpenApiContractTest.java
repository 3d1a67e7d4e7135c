package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Exchanges;
import dev.scanledger.support.Fixtures;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI description at /api/schema/ cannot drift from the wire: the scan contract suites run here once more with
 * every exchange recorded, and each JSON answer must be documented (path, method, status) and valid against the
 * schema the description gives it. The Swagger UI is served at /api/docs/.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;

    @BeforeAll
    void record() {
        Exchanges.start();
    }

    @Nested
    class Create extends ScanCreateContract {
    }

    @Nested
    class Validation extends ScanValidationContract {
    }

    @Nested
    class Duplicates extends ScanDuplicateContract {
    }

    @Nested
    class Retrieve extends ScanRetrieveContract {
    }

    @Nested
    class ListScans extends ScanListContract {
    }

    @Test
    void tokensLabelsBatchesAndTheRootAreRecordedToo() {
        Fixtures.Account driver = fixtures.driver();
        api.post("/api/auth/token/").json("{\"username\": \"%s\", \"password\": \"%s\"}".formatted(driver.username(), Fixtures.PASSWORD)).send();
        api.post("/api/auth/token/").json("{}").send();
        long label = fixtures.label();
        api.get("/api/labels/" + label + "/").token(driver.token()).send();
        api.get("/api/labels/?page_size=2").token(driver.token()).send();
        api.post("/api/scans/batch/").token(driver.token()).json("[{\"label\": %d, \"phase\": 1}, {\"label\": 0}]".formatted(label)).send();
        api.get("/api/labels/" + label + "/journey/").token(driver.token()).send();
        api.put("/api/labels/" + label + "/scans/2/").token(driver.token()).json("{}").send();
        api.get("/api/").send();
        api.post("/api/auth/logout/").token(driver.token()).send();
    }

    @Test
    void theSwaggerUiIsServed() {
        Api.Response docs = api.get("/api/docs/").send();
        assertThat(docs.status()).isEqualTo(302);
        assertThat(api.get(docs.header("Location")).send().status()).isEqualTo(200);
    }

    @AfterAll
    void everyRecordedAnswerMatchesTheDescription() {
        List<Exchanges.Exchange> exchanges = Exchanges.stop();
        JsonNode description = api.get("/api/schema/").send().json();
        assertThat(description.get("openapi").asString()).startsWith("3.1");
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Exchanges.Exchange exchange : exchanges) {
            String path = URI.create(api.url(exchange.path())).getPath();
            if (!path.startsWith("/api/") || path.startsWith("/api/schema") || path.startsWith("/api/docs")) {
                continue;
            }
            String where = exchange.method() + " " + exchange.path() + " " + exchange.response().status();
            JsonNode operation = operation(description, path, exchange.method());
            if (operation == null) {
                problems.add(where + ": no such operation in the description");
                continue;
            }
            JsonNode response = operation.get("responses").get(String.valueOf(exchange.response().status()));
            if (response == null) {
                problems.add(where + ": status not documented");
                continue;
            }
            String type = exchange.response().header("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                continue;
            }
            JsonNode schema = response.path("content").path("application/json").path("schema");
            if (schema.isMissingNode()) {
                problems.add(where + ": a JSON body the description does not give");
                continue;
            }
            ObjectNode document = ((ObjectNode) schema.deepCopy()).set("components", description.get("components"));
            Schema validator = registry.getSchema(document);
            var errors = validator.validate(exchange.response().json());
            checked++;
            if (!errors.isEmpty()) {
                problems.add(where + ": " + errors + " in " + exchange.response().text());
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThan(100);
    }

    /** The operation whose path template matches the concrete path. */
    private static JsonNode operation(JsonNode description, String path, String method) {
        for (Map.Entry<String, JsonNode> entry : description.get("paths").properties()) {
            String regex = Pattern.quote(entry.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex)) {
                return entry.getValue().get(method.toLowerCase(Locale.ROOT));
            }
        }
        return null;
    }
}
