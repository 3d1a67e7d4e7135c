package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scanledger.loadtest.PgbenchCeiling.Script;
import org.junit.jupiter.api.Test;

class PgbenchCeilingTest {

    @Test
    void theCeilingRunsTheServiceInsertWithPgbenchVariables() {
        String statement = insertOf(PgbenchCeiling.script(Script.INSERT));

        assertFalse(statement.contains("?"), statement);
        assertTrue(statement.contains("VALUES (:user_id, :label, :phase, :distribution, :store, NULL, CAST('{\"x\": 0.5, \"y\": 0.25}' AS jsonb))"),
                statement);
        assertTrue(statement.contains("ON CONFLICT ON CONSTRAINT scans_label_phase_key DO NOTHING"), statement);
        assertTrue(statement.strip().endsWith(";"), statement);
    }

    @Test
    void theExchangeLooksTheKeyUpThenSendsTheLimitsAndTheInsertAsOnePipeline() {
        String script = PgbenchCeiling.script(Script.EXCHANGE);

        int lookup = script.indexOf("WHERE t.key_hash = decode(:key_hash, 'hex')");
        int pipeline = script.indexOf("\\startpipeline\n");
        int limits = script.indexOf("set_config('statement_timeout'");
        int insert = script.indexOf("WITH s AS");
        int end = script.indexOf("\\endpipeline\n");
        assertTrue(lookup > 0 && lookup < pipeline && pipeline < limits && limits < insert && insert < end, script);
        assertTrue(insertOf(script).startsWith(insertOf(PgbenchCeiling.script(Script.INSERT)).strip()), script);
    }

    private static String insertOf(String script) {
        return script.substring(script.indexOf("WITH s AS"));
    }
}
