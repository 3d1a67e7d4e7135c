package dev.scanledger.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

/** POST /api/labels/import/: a managers' CSV of (factory, code) lines, all or nothing. */
@ApiTest
class LabelImportTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Value("${scanledger.api.max-csv-body}")
    DataSize maxCsvBody;
    @Value("${scanledger.api.max-json-body}")
    DataSize maxJsonBody;

    Account manager;
    long factory;
    String prefix;

    @BeforeEach
    void aManagerAFactoryAndFreshCodes() {
        manager = fixtures.account(Role.MANAGER);
        factory = fixtures.site(SiteKind.FACTORY);
        prefix = "C" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    @Nested
    class Imports {

        @Test
        void newLabelsAreInsertedAndCounted() {
            Api.Response response = importCsv(manager, "factory,code\n" + factory + "," + prefix + "1\n" + factory + "," + prefix + "2\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("{\"inserted\":2,\"skipped\":0,\"skipped_lines\":[]}");
            assertThat(labelsOf(factory)).isEqualTo(2);
            assertThat(codeExists(factory, prefix + "1")).isTrue();
            assertThat(codeExists(factory, prefix + "2")).isTrue();
        }

        @Test
        void anExistingLabelIsSkippedAsExistsWithItsLineNumber() {
            importCsv(manager, "factory,code\n" + factory + "," + prefix + "old\n");

            Api.Response response = importCsv(manager, "factory,code\n" + factory + "," + prefix + "new\n" + factory + "," + prefix + "old\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("{\"inserted\":1,\"skipped\":1,\"skipped_lines\":[{\"line\":3,\"factory\":" + factory
                    + ",\"code\":\"" + prefix + "old\",\"reason\":\"exists\"}]}");
            assertThat(labelsOf(factory)).isEqualTo(2);
        }

        @Test
        void aRepeatedLineIsSkippedNamingTheFirstLine() {
            Api.Response response = importCsv(manager, "factory,code\n" + factory + "," + prefix + "b\n" + factory + "," + prefix + "a\n"
                    + factory + "," + prefix + "b\n" + factory + "," + prefix + "b\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("{\"inserted\":2,\"skipped\":2,\"skipped_lines\":["
                    + "{\"line\":4,\"factory\":" + factory + ",\"code\":\"" + prefix + "b\",\"reason\":\"repeats line 2\"},"
                    + "{\"line\":5,\"factory\":" + factory + ",\"code\":\"" + prefix + "b\",\"reason\":\"repeats line 2\"}]}");
            assertThat(labelsOf(factory)).isEqualTo(2);
        }

        @Test
        void skippedLinesAreSortedByLineWhateverTheirKeys() {
            importCsv(manager, "factory,code\n" + factory + "," + prefix + "a\n");

            JsonNode result = importCsv(manager, "factory,code\n" + factory + "," + prefix + "z\n" + factory + "," + prefix + "z\n"
                    + factory + "," + prefix + "a\n").json();

            assertThat(result.get("skipped_lines").get(0).get("line").asInt()).isEqualTo(3);
            assertThat(result.get("skipped_lines").get(0).get("reason").asString()).isEqualTo("repeats line 2");
            assertThat(result.get("skipped_lines").get(1).get("line").asInt()).isEqualTo(4);
            assertThat(result.get("skipped_lines").get(1).get("reason").asString()).isEqualTo("exists");
        }

        @Test
        void theSameCodeInTwoFactoriesIsTwoLabels() {
            long otherFactory = fixtures.site(SiteKind.FACTORY);

            Api.Response response = importCsv(manager, "factory,code\n" + factory + "," + prefix + "x\n" + otherFactory + "," + prefix + "x\n");

            assertThat(response.text()).isEqualTo("{\"inserted\":2,\"skipped\":0,\"skipped_lines\":[]}");
        }

        @Test
        void blankLinesAreIgnoredAndLineNumbersStayPhysical() {
            Api.Response response = importCsv(manager, "factory,code\n\n" + factory + "," + prefix + "a\n\n" + factory + "," + prefix + "a\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("inserted").asInt()).isEqualTo(1);
            assertThat(response.json().get("skipped_lines").get(0).get("line").asInt()).isEqualTo(5);
            assertThat(response.json().get("skipped_lines").get(0).get("reason").asString()).isEqualTo("repeats line 3");
        }

        @Test
        void windowsLineEndingsSpacesAndAnUpperCaseHeaderAreAccepted() {
            Api.Response response = importCsv(manager, "Factory, Code\r\n" + factory + ", " + prefix + "a \r\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("inserted").asInt()).isEqualTo(1);
            assertThat(codeExists(factory, prefix + "a")).isTrue();
        }

        @Test
        void aByteOrderMarkBeforeTheHeaderIsAccepted() {
            Api.Response response = importCsv(manager, "\uFEFFfactory,code\n" + factory + "," + prefix + "1\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(codeExists(factory, prefix + "1")).isTrue();
        }

        @Test
        void aFileSentAsTextPlainOverTheJsonLimitGetsTheCsvLimitToo() {
            StringBuilder csv = new StringBuilder("factory,code\n");
            for (int i = 0; csv.length() <= maxJsonBody.toBytes(); i++) {
                csv.append(factory).append(',').append(prefix).append("plain-").append(i).append('\n');
            }
            long lines = csv.chars().filter(c -> c == '\n').count() - 1;

            Api.Response response = api.post("/api/labels/import/").token(manager.token())
                    .body("text/plain", csv.toString().getBytes(StandardCharsets.UTF_8)).send();

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().get("inserted").asLong()).isEqualTo(lines);
            assertThat(labelsOf(factory)).isEqualTo(lines);
        }

        @Test
        void aHeaderAloneImportsNothing() {
            Api.Response response = importCsv(manager, "factory,code\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("{\"inserted\":0,\"skipped\":0,\"skipped_lines\":[]}");
        }

        @Test
        void adminsMayImport() {
            Api.Response response = importCsv(fixtures.account(Role.ADMIN), "factory,code\n" + factory + "," + prefix + "1\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(labelsOf(factory)).isEqualTo(1);
        }

        @Test
        void importedLabelsAreServedByTheLabelsApi() {
            importCsv(manager, "factory,code\n" + factory + "," + prefix + "1\n");
            long id = jdbc.sql("SELECT id FROM labels WHERE factory_id = :f").param("f", factory).query(Long.class).single();

            JsonNode label = api.get("/api/labels/" + id + "/").token(manager.token()).send().json();

            assertThat(label.get("factory").asLong()).isEqualTo(factory);
            assertThat(label.get("code").asString()).isEqualTo(prefix + "1");
            assertThat(label.get("furthest_phase").isNull()).isTrue();
        }

        @Test
        void aHundredThousandLinesImport() {
            long otherFactory = fixtures.site(SiteKind.FACTORY);
            StringBuilder csv = new StringBuilder("factory,code\n");
            for (int i = 0; i < 100_000; i++) {
                csv.append(i % 2 == 0 ? factory : otherFactory).append(',').append(prefix).append(i).append('\n');
            }

            Api.Response response = importCsv(manager, csv.toString());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("{\"inserted\":100000,\"skipped\":0,\"skipped_lines\":[]}");
            assertThat(labelsOf(factory)).isEqualTo(50_000);
            assertThat(labelsOf(otherFactory)).isEqualTo(50_000);
        }

        @Test
        void aFileOverTheLineLimitIsRefusedAndNothingImported() {
            StringBuilder csv = new StringBuilder("factory,code\n");
            for (int i = 0; i <= LabelImport.MAX_LINES; i++) {
                csv.append(factory).append(",x").append(i).append('\n');
            }

            Api.Response response = importCsv(manager, csv.toString());

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo(
                    "{\"non_field_errors\":[\"Ensure the file has no more than 200000 labels; split it into several imports.\"]}");
            assertThat(labelsOf(factory)).isZero();
        }
    }

    @Nested
    class InvalidFiles {

        @Test
        void anUnknownFactoryRejectsTheWholeFile() {
            long unknown = jdbc.sql("SELECT coalesce(max(id), 0) + 1000000 FROM sites").query(Long.class).single();

            Api.Response response = importCsv(manager, "factory,code\n" + factory + "," + prefix + "1\n" + unknown + "," + prefix + "2\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo("{\"non_field_errors\":[\"1 invalid line(s); nothing was imported.\"],"
                    + "\"lines\":[\"line 3, factory: Invalid pk \\\"" + unknown + "\\\" - object does not exist.\"]}");
            assertThat(labelsOf(factory)).isZero();
        }

        @Test
        void aSiteThatIsNotAFactoryIsRejected() {
            long store = fixtures.site(SiteKind.STORE);

            Api.Response response = importCsv(manager, "factory,code\n" + store + "," + prefix + "1\n" + factory + "," + prefix + "2\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("lines").toString())
                    .isEqualTo("[\"line 2, factory: Invalid pk \\\"" + store + "\\\" - object does not exist.\"]");
            assertThat(labelsOf(factory)).isZero();
            assertThat(labelsOf(store)).isZero();
        }

        @Test
        void everyKindOfInvalidLineIsReportedInLineOrder() {
            Api.Response response = importCsv(manager, "factory,code\n"
                    + factory + "," + prefix + "ok\n"
                    + factory + ",\n"
                    + "abc," + prefix + "2\n"
                    + factory + "," + prefix + "3,extra\n"
                    + factory + "\n"
                    + factory + "," + "x".repeat(256) + "\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo("{\"non_field_errors\":[\"5 invalid line(s); nothing was imported.\"],\"lines\":["
                    + "\"line 3, code: This field may not be blank.\","
                    + "\"line 4, factory: Incorrect type. Expected pk value, received str.\","
                    + "\"line 5, expected 2 columns (factory, code), found 3.\","
                    + "\"line 6, expected 2 columns (factory, code), found 1.\","
                    + "\"line 7, code: Ensure this field has no more than 255 characters.\"]}");
            assertThat(labelsOf(factory)).isZero();
        }

        @Test
        void onlyTheFirstHundredInvalidLinesAreListed() {
            StringBuilder csv = new StringBuilder("factory,code\n");
            for (int i = 0; i < 150; i++) {
                csv.append("x,").append(prefix).append(i).append('\n');
            }

            Api.Response response = importCsv(manager, csv.toString());

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("non_field_errors").get(0).asString()).isEqualTo("150 invalid line(s); nothing was imported.");
            assertThat(response.json().get("lines").size()).isEqualTo(100);
            assertThat(response.json().get("lines").get(99).asString()).startsWith("line 101, ");
        }

        @Test
        void anEmptyBodyIs400() {
            Api.Response response = api.post("/api/labels/import/").token(manager.token())
                    .body("text/csv", new byte[0]).send();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo("{\"non_field_errors\":[\"The CSV file is empty.\"]}");
        }

        @Test
        void aNullCharacterInACodeIsAnInvalidLineNotAServerError() {
            Api.Response response = importCsv(manager, "factory,code\n" + factory + "," + prefix + "ok\n" + factory + ",a\u0000b\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo("{\"non_field_errors\":[\"1 invalid line(s); nothing was imported.\"],"
                    + "\"lines\":[\"line 3, code: Null characters are not allowed.\"]}");
            assertThat(labelsOf(factory)).isZero();
        }

        @Test
        void aFileThatIsNotUtf8Is400() {
            byte[] csv = ("factory,code\n" + factory + ",").getBytes(StandardCharsets.UTF_8);
            byte[] latin1 = java.util.Arrays.copyOf(csv, csv.length + 2);
            latin1[csv.length] = (byte) 0xff;
            latin1[csv.length + 1] = '\n';

            Api.Response response = api.post("/api/labels/import/").token(manager.token()).body("text/csv", latin1).send();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("non_field_errors").get(0).asString()).startsWith("CSV parse error - ");
            assertThat(labelsOf(factory)).isZero();
        }

        @Test
        void anUnterminatedQuoteIs400() {
            Api.Response response = importCsv(manager, "factory,code\n" + factory + ",\"" + prefix + "\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo("{\"non_field_errors\":[\"CSV parse error - Missing closing quote for value\"]}");
            assertThat(labelsOf(factory)).isZero();
        }

        @Test
        void aWrongHeaderIs400AndImportsNothing() {
            Api.Response response = importCsv(manager, "code,factory\n" + prefix + "1," + factory + "\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo("{\"non_field_errors\":[\"The first line must be the header \\\"factory,code\\\".\"]}");
            assertThat(labelsOf(factory)).isZero();
        }

        @Test
        void aMissingHeaderIs400AndImportsNothing() {
            Api.Response response = importCsv(manager, factory + "," + prefix + "1\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("non_field_errors").get(0).asString()).startsWith("The first line must be the header");
            assertThat(labelsOf(factory)).isZero();
        }

        @Test
        void aBodyOverTheCsvLimitIs413BeforeItIsRead() throws Exception {
            String status;
            try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(api.url("").replaceAll(".*:", "")))) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/labels/import/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + manager.token()
                        + "\r\nContent-Type: text/csv\r\nContent-Length: " + (maxCsvBody.toBytes() + 1) + "\r\n\r\nfactory,code\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            }

            assertThat(status).startsWith("HTTP/1.1 413 ");
        }
    }

    @Nested
    class Access {

        @Test
        void driversMayNotImport() {
            Api.Response response = importCsv(fixtures.driver(), "factory,code\n" + factory + "," + prefix + "1\n");

            assertThat(response.status()).isEqualTo(403);
            assertThat(labelsOf(factory)).isZero();
        }

        @Test
        void anonymousCallersMayNotImport() {
            Api.Response response = api.post("/api/labels/import/").body("text/csv",
                    ("factory,code\n" + factory + "," + prefix + "1\n").getBytes(StandardCharsets.UTF_8)).send();

            assertThat(response.status()).isEqualTo(401);
            assertThat(labelsOf(factory)).isZero();
        }

        @Test
        void jsonIsAnUnsupportedMediaType() {
            Api.Response response = api.post("/api/labels/import/").token(manager.token()).json("[]").send();

            assertThat(response.status()).isEqualTo(415);
        }
    }

    private Api.Response importCsv(Account account, String csv) {
        return api.post("/api/labels/import/").token(account.token()).body("text/csv", csv.getBytes(StandardCharsets.UTF_8)).send();
    }

    private long labelsOf(long factoryId) {
        return jdbc.sql("SELECT count(*) FROM labels WHERE factory_id = :f").param("f", factoryId).query(Long.class).single();
    }

    private boolean codeExists(long factoryId, String code) {
        return jdbc.sql("SELECT count(*) FROM labels WHERE factory_id = :f AND code = :c")
                .param("f", factoryId).param("c", code).query(Long.class).single() == 1;
    }
}
