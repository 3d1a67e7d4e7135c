package dev.scanledger;

import dev.scanledger.operator.OperatorCommands;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

@SpringBootApplication
public class ScanledgerApplication {

    public static void main(String[] args) {
        if (OperatorCommands.isCommand(args)) {
            System.exit(runOperatorCommand(args));
        }
        SpringApplication.run(ScanledgerApplication.class, args);
    }

    /** Operator commands share the service's configuration and database, without its web server. */
    private static int runOperatorCommand(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ScanledgerApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("scanledger.demo.enabled=false", "scanledger.embedded.join-running=true",
                        "scanledger.db.startup.max-wait=30s", "logging.level.root=WARN")
                .run()) {
            return context.getBean(OperatorCommands.class).run(List.of(args), System.out);
        }
    }
}
