package dev.scanledger.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * In demo mode (the embedded default, or {@code scanledger.demo.enabled=true}) creates the demo data
 * and prints how to send a first scan.
 */
@Component
class DemoStartup implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(DemoStartup.class);

    private final DemoData demo;
    private final DemoMode mode;
    private final JdbcClient jdbc;

    DemoStartup(DemoData demo, DemoMode mode, JdbcClient jdbc) {
        this.demo = demo;
        this.mode = mode;
        this.jdbc = jdbc;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!mode.enabled() || !(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        DemoData.World world = demo.create();
        String token = demo.driverToken(world);
        long labelId = jdbc.sql("SELECT id FROM labels WHERE factory_id = :factory AND code = :code")
                .param("factory", world.factoryId())
                .param("code", DemoData.LABEL_PREFIX + "1")
                .query(Long.class)
                .single();
        String base = "http://127.0.0.1:" + web.getWebServer().getPort();
        String curl = "curl -i -X POST %s/api/scans/ -H 'Authorization: Token %s' -H 'Content-Type: application/json' -d '{\"label\": %d, \"phase\": 1}'"
                .formatted(base, token, labelId);
        log.info("""

                Scanledger demo is running at {}
                  users: driver1, driver2 (drivers), manager1 (manager); password: the demo password (default "demo")
                  {} demo labels, the first with id {}; a fresh token of driver1: {}
                  Record a first scan:
                  {}
                """, base, DemoData.LABEL_COUNT, labelId, token, curl);
    }
}
