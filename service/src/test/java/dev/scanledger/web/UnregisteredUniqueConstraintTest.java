package dev.scanledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A unique violation of a constraint that ConstraintErrors does not know still answers DRF's 400, naming
 * the constraint's columns as the catalog lists them. Violations are made against the real database in
 * scratch tables and handed to the exception handler bean.
 */
@ApiTest
class UnregisteredUniqueConstraintTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    PlatformTransactionManager transactions;

    DrfExceptionHandler handler;
    String table;

    @BeforeEach
    void aScratchTable() {
        handler = context.getBean(DrfExceptionHandler.class);
        table = "scratch_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, a integer NOT NULL, b text NOT NULL, c text,"
                + " CONSTRAINT " + table + "_a_b_key UNIQUE (a, b))").update();
    }

    @AfterEach
    void dropIt() {
        jdbc.sql("DROP TABLE IF EXISTS " + table).update();
    }

    @Nested
    class Unregistered {

        @Test
        void aTwoColumnConstraintIsNamedByItsColumns() {
            DataIntegrityViolationException violation = violate("INSERT INTO " + table + " (a, b) VALUES (1, 'x')");

            assertThat(body(handler.integrity(violation))).isEqualTo(uniqueSet("The fields a, b must make a unique set."));
        }

        @Test
        void theColumnsAreInTheConstraintsOrderNotTheTables() {
            jdbc.sql("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_c_a_key UNIQUE (c, a)").update();
            jdbc.sql("INSERT INTO " + table + " (a, b, c) VALUES (1, 'x', 'k')").update();

            DataIntegrityViolationException violation = catchThrowableOfType(DataIntegrityViolationException.class,
                    () -> jdbc.sql("INSERT INTO " + table + " (a, b, c) VALUES (1, 'y', 'k')").update());

            assertThat(body(handler.integrity(violation))).isEqualTo(uniqueSet("The fields c, a must make a unique set."));
        }

        @Test
        void aUniqueIndexIsNamedByItsColumnsToo() {
            jdbc.sql("CREATE UNIQUE INDEX " + table + "_b_c_idx ON " + table + " (b, c)").update();
            jdbc.sql("INSERT INTO " + table + " (a, b, c) VALUES (1, 'x', 'k')").update();

            DataIntegrityViolationException violation = catchThrowableOfType(DataIntegrityViolationException.class,
                    () -> jdbc.sql("INSERT INTO " + table + " (a, b, c) VALUES (2, 'x', 'k')").update());

            assertThat(body(handler.integrity(violation))).isEqualTo(uniqueSet("The fields b, c must make a unique set."));
        }

        @Test
        void aViolationInsideAnAbortedTransactionStillGetsTheColumnNames() {
            TransactionTemplate transaction = new TransactionTemplate(transactions);

            ResponseEntity<?> answer = transaction.execute(tx -> {
                DataIntegrityViolationException violation = violate("INSERT INTO " + table + " (a, b) VALUES (7, 'q')");
                assertThatThrownBy(() -> jdbc.sql("SELECT 1").query(Integer.class).single())
                        .as("the transaction is aborted")
                        .hasMessageContaining("current transaction is aborted");
                ResponseEntity<?> inside = handler.integrity(violation);
                tx.setRollbackOnly();
                return inside;
            });

            assertThat(body(answer)).isEqualTo(uniqueSet("The fields a, b must make a unique set."));
        }

        /** Inserts a row twice, the second time inside the caller's transaction if there is one. */
        private DataIntegrityViolationException violate(String insert) {
            jdbc.sql(insert).update();
            return catchThrowableOfType(DataIntegrityViolationException.class, () -> jdbc.sql(insert).update());
        }
    }

    @Nested
    class OtherIntegrityViolations {

        @Test
        void aNotNullViolationNamesTheColumn() {
            DataIntegrityViolationException violation = catchThrowableOfType(DataIntegrityViolationException.class,
                    () -> jdbc.sql("INSERT INTO " + table + " (a) VALUES (1)").update());

            assertThat(body(handler.integrity(violation))).isEqualTo(Map.of("b", List.of("This field may not be null.")));
        }

        @Test
        void aCheckViolationNamesTheCheck() {
            jdbc.sql("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_a_positive CHECK (a > 0)").update();

            DataIntegrityViolationException violation = catchThrowableOfType(DataIntegrityViolationException.class,
                    () -> jdbc.sql("INSERT INTO " + table + " (a, b) VALUES (-1, 'x')").update());

            assertThat(body(handler.integrity(violation))).isEqualTo(Map.of("non_field_errors",
                    List.of("This entry fails the check \"" + table + "_a_positive\".")));
        }
    }

    @Nested
    class Registered {

        @Test
        void scansLabelPhaseKeepsItsApiFieldNames() {
            long label = fixtures.label();
            long driver = fixtures.driver().id();
            String insert = "INSERT INTO scans (user_id, label_id, phase) VALUES (%d, %d, 1)".formatted(driver, label);
            jdbc.sql(insert).update();

            DataIntegrityViolationException violation = catchThrowableOfType(DataIntegrityViolationException.class,
                    () -> jdbc.sql(insert).update());

            assertThat(body(handler.integrity(violation))).isEqualTo(uniqueSet("The fields label, phase must make a unique set."));
        }

        @Test
        void labelsFactoryCodeKeepsItsApiFieldNames() {
            long label = fixtures.label();
            DataIntegrityViolationException violation = catchThrowableOfType(DataIntegrityViolationException.class,
                    () -> jdbc.sql("INSERT INTO labels (factory_id, code) SELECT factory_id, code FROM labels WHERE id = :id")
                            .param("id", label).update());

            assertThat(body(handler.integrity(violation))).isEqualTo(uniqueSet("The fields factory, code must make a unique set."));
        }
    }

    private static Object body(ResponseEntity<?> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        return answer.getBody();
    }

    private static Map<String, List<String>> uniqueSet(String message) {
        return Map.of("non_field_errors", List.of(message));
    }
}
