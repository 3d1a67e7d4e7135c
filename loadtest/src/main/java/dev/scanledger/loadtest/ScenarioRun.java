package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.SQLException;

/** prepare, load, verify: the life of one scenario against running service instances. */
public final class ScenarioRun {

    private ScenarioRun() {
    }

    public static ScenarioResult execute(Scenario scenario, LoadWorld world, RunLimits limits) throws SQLException, InterruptedException {
        scenario.prepare(world, limits);
        Measurement measurement;
        try (LoadRunner runner = new LoadRunner(limits.clients())) {
            measurement = runner.run(scenario, limits);
        }
        Connection database = world.database();
        return ScenarioResult.of(scenario, limits, measurement, scenario.verify(database));
    }
}
