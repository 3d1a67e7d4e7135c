package dev.scanledger.metrics;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /actuator/health} and its liveness and readiness probes stay on the main port, where load
 * balancers, orchestrators and the load tool look for them, although the actuator itself moved to the
 * management port.
 */
@RestController
class MainPortHealth {

    private final HealthEndpoint health;

    MainPortHealth(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping("/actuator/health")
    ResponseEntity<Map<String, String>> health() {
        return statusOf(health.health());
    }

    /** The orchestrator's probes, also on the main port: liveness (the process), readiness (and the database). */
    @GetMapping({"/actuator/health/liveness", "/actuator/health/readiness"})
    ResponseEntity<Map<String, String>> probe(jakarta.servlet.http.HttpServletRequest request) {
        String group = request.getRequestURI().substring("/actuator/health/".length());
        return statusOf(health.healthForPath(group));
    }

    // the status only, as the actuator shows it to anyone (its details are for the management port)
    private static ResponseEntity<Map<String, String>> statusOf(HealthDescriptor descriptor) {
        return ResponseEntity.status(Status.UP.equals(descriptor.getStatus()) ? 200 : 503)
                .body(Map.of("status", descriptor.getStatus().getCode()));
    }
}
