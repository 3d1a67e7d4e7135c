package dev.scanledger.metrics;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /actuator/health} stays on the main port, where load balancers and the load tool look for it,
 * although the actuator itself moved to the management port.
 */
@RestController
class MainPortHealth {

    private final HealthEndpoint health;

    MainPortHealth(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping("/actuator/health")
    ResponseEntity<Map<String, String>> health() {
        HealthDescriptor descriptor = health.health();
        // the status only, as the actuator shows it to anyone (its details are for the management port)
        return ResponseEntity.status(Status.UP.equals(descriptor.getStatus()) ? 200 : 503)
                .body(Map.of("status", descriptor.getStatus().getCode()));
    }
}
