package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PgbenchCeilingTest {

    @Test
    void theScriptRunsTheServiceInsertWithPgbenchVariables() {
        String statement = PgbenchCeiling.SCRIPT.substring(PgbenchCeiling.SCRIPT.indexOf("WITH s AS"));

        assertFalse(statement.contains("?"), statement);
        assertTrue(statement.contains("VALUES (:user_id, :label, :phase, :distribution, :store, NULL, CAST('{\"x\": 0.5, \"y\": 0.25}' AS jsonb))"),
                statement);
        assertTrue(statement.contains("ON CONFLICT ON CONSTRAINT scans_label_phase_key DO NOTHING"), statement);
        assertTrue(statement.strip().endsWith(";"), statement);
    }
}
