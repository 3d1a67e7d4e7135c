package dev.scanledger.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.scanledger.ScanledgerApplication;
import dev.scanledger.operator.OperatorCommands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A second, empty Scanledger: the whole service on a random port over a new database of the tests'
 * PostgreSQL server (as an operator would point it at one, by spring.datasource.url), with its own media
 * directory. For tests that need a Scanledger holding nothing but what they put there, such as a copy
 * from Django that keeps every id.
 */
public final class ScanledgerInstance implements AutoCloseable {

    private final String serverUrl;
    private final String database;
    private final ConfigurableApplicationContext context;
    private final Path mediaRoot;

    private ScanledgerInstance(String serverUrl, String database, ConfigurableApplicationContext context, Path mediaRoot) {
        this.serverUrl = serverUrl;
        this.database = database;
        this.context = context;
        this.mediaRoot = mediaRoot;
    }

    public static ScanledgerInstance onNewDatabase(DataSource serverOf, String database) {
        String serverUrl = ((HikariDataSource) serverOf).getJdbcUrl();
        String url = DjangoDatabase.createDatabase(serverUrl, database);
        Path media = Path.of("target", "scanledger-instances", database + "-" + UUID.randomUUID()).toAbsolutePath();
        // As command-line arguments: they take precedence over application.properties, as an operator's would.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ScanledgerApplication.class)
                .logStartupInfo(false)
                .run("--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--spring.datasource.hikari.maximum-pool-size=8",
                        "--server.port=0",
                        "--management.server.port=0",
                        "--scanledger.media.dir=" + media,
                        "--scanledger.demo.enabled=false",
                        "--logging.level.root=WARN");
        return new ScanledgerInstance(serverUrl, database, context, media);
    }

    /** A real HTTP client for this instance. */
    public Api api() {
        return new Api(context.getEnvironment());
    }

    public JdbcClient jdbc() {
        return context.getBean(JdbcClient.class);
    }

    public Path mediaRoot() {
        return mediaRoot;
    }

    public record Run(int exitCode, String output) {
    }

    /** {@code java -jar scanledger.jar <args>} against this instance's database, as the jar runs it. */
    public Run command(String... args) {
        return command(List.of(args));
    }

    public Run command(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = context.getBean(OperatorCommands.class).run(new ArrayList<>(args), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        context.close();
        DjangoDatabase.dropDatabase(serverUrl, database);
    }
}
