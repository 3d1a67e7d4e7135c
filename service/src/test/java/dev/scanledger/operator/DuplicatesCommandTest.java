package dev.scanledger.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.ApiTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code duplicates <table> <column>...}: what a new unique constraint would reject. */
@ApiTest
class DuplicatesCommandTest {

    @Autowired
    OperatorCommands commands;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void aTableWithoutAUniqueConstraint() {
        jdbc.sql("DROP TABLE IF EXISTS legacy_scans").update();
        jdbc.sql("CREATE TABLE legacy_scans (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label bigint, phase int)").update();
    }

    @Test
    void aCleanTableIsReportedReadyForTheConstraint() {
        jdbc.sql("INSERT INTO legacy_scans (label, phase) VALUES (1, 1), (1, 2), (2, 1)").update();

        Run run = run("duplicates", "legacy_scans", "label", "phase");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).isEqualTo("No duplicates: UNIQUE legacy_scans (label, phase) can be added.\n");
    }

    @Test
    void everyViolatingGroupIsListedWithItsRowIds() {
        jdbc.sql("INSERT INTO legacy_scans (label, phase) VALUES (1, 1), (1, 1), (1, 2), (2, 3), (2, 3), (2, 3)").update();

        Run run = run("duplicates", "legacy_scans", "label", "phase");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).isEqualTo("""
                [1, 1]: 2 rows, ids [1, 2]
                [2, 3]: 3 rows, ids [4, 5, 6]
                2 duplicate groups: UNIQUE legacy_scans (label, phase) would fail.
                """);
    }

    @Test
    void anUnknownTableIsRefused() {
        Run run = run("duplicates", "no_such_table", "label");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("no_such_table");
    }

    @Test
    void aTableWithoutColumnsIsAUsageError() {
        Run run = run("duplicates", "legacy_scans");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).isEqualTo(OperatorCommands.USAGE);
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exitCode = commands.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8));
    }
}
