package dev.scanledger.demo;

import dev.scanledger.db.NoDatabaseUrlConfigured;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Demo data is created on the embedded default and never on an external database unless
 * {@code scanledger.demo.enabled=true} asks for it.
 */
@Component
class DemoMode {

    private final boolean enabled;

    DemoMode(Environment environment) {
        Boolean configured = environment.getProperty("scanledger.demo.enabled", Boolean.class);
        this.enabled = configured != null ? configured : NoDatabaseUrlConfigured.isEmbedded(environment);
    }

    boolean enabled() {
        return enabled;
    }
}
