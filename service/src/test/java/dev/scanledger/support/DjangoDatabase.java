package dev.scanledger.support;

import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database of the Django system Scanledger replaces, on the tests' own PostgreSQL server: the fixture
 * {@code django-scans/dump.sql} (a plain pg_dump of Django 3.2 + DRF 3.14, see its README) loaded into a
 * new database, with {@code django-scans/media} as its MEDIA_ROOT.
 */
public final class DjangoDatabase implements AutoCloseable {

    public static final String FIXTURE = "/django-scans/";

    private final String serverUrl;
    private final String name;
    private final SingleConnectionDataSource dataSource;

    private DjangoDatabase(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
        this.dataSource = new SingleConnectionDataSource(url(), "postgres", "", true);
    }

    /** A new database {@code name} on the server of {@code serverOf} (the test context's), filled from the fixture. */
    public static DjangoDatabase fromFixture(DataSource serverOf, String name) {
        String serverUrl = ((HikariDataSource) serverOf).getJdbcUrl();
        createDatabase(serverUrl, name);
        DjangoDatabase django = new DjangoDatabase(serverUrl, name);
        try (Connection connection = DriverManager.getConnection(django.url(), "postgres", "");
             InputStream dump = DjangoDatabase.class.getResourceAsStream(FIXTURE + "dump.sql")) {
            load(connection, new BufferedReader(new InputStreamReader(dump, StandardCharsets.UTF_8)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the Django fixture into " + name, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return django;
    }

    /** Another database on the same server, e.g. the one a second Scanledger uses. */
    static String createDatabase(String serverUrl, String name) {
        try (Connection connection = DriverManager.getConnection(serverUrl, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return databaseUrl(serverUrl, name);
    }

    static void dropDatabase(String serverUrl, String name) {
        try (Connection connection = DriverManager.getConnection(serverUrl, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name, e);
        }
    }

    /** The URL of database {@code name} on the server of {@code serverUrl} (zonky's: jdbc:postgresql://localhost:port/postgres?...). */
    static String databaseUrl(String serverUrl, String name) {
        return serverUrl.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
    }

    /**
     * Runs a plain-format pg_dump without psql: statements end with a ';' at the end of a line (this dump
     * has no function bodies), COPY ... FROM stdin blocks go through pgjdbc's CopyManager, and psql's own
     * meta-commands (the lines starting with a backslash) are psql's business.
     */
    private static void load(Connection connection, BufferedReader dump) throws IOException, SQLException {
        StringBuilder statement = new StringBuilder();
        String line;
        while ((line = dump.readLine()) != null) {
            if (statement.isEmpty() && (line.isBlank() || line.startsWith("--") || line.startsWith("\\"))) {
                continue;
            }
            statement.append(line).append('\n');
            if (!line.endsWith(";")) {
                continue;
            }
            String sql = statement.toString();
            statement.setLength(0);
            if (sql.startsWith("COPY ") && sql.strip().endsWith("FROM stdin;")) {
                StringBuilder data = new StringBuilder();
                while (!(line = dump.readLine()).equals("\\.")) {
                    data.append(line).append('\n');
                }
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.strip(), new StringReader(data.toString()));
            } else {
                try (Statement st = connection.createStatement()) {
                    st.execute(sql);
                }
            }
        }
    }

    public String url() {
        return databaseUrl(serverUrl, name);
    }

    /** The options that point migrate-from-django at this database and the fixture's media directory. */
    public List<String> sourceOptions() {
        return List.of("--source-url", url(), "--source-user", "postgres", "--media", media().toString());
    }

    public static Path media() {
        try {
            return Path.of(DjangoDatabase.class.getResource(FIXTURE + "media").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For changes made "in Django" (as its ORM would), and for reading what it holds. */
    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    @Override
    public void close() {
        dataSource.destroy();
        dropDatabase(serverUrl, name);
    }
}
