package dev.scanledger.operator;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.scanledger.accounts.Users;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code java -jar scanledger.jar <command>}: the operator commands, run on the bean of the test context
 * (the same configuration and database as the service). Exit codes: 0 done, 1 refused, 2 usage.
 */
@ApiTest
class OperatorCommandsTest {

    static final String PASSWORD_SOURCE = "operator-test-environment";

    @Autowired
    OperatorCommands commands;
    @Autowired
    ConfigurableEnvironment environment;
    @Autowired
    Users users;
    @Autowired
    Fixtures fixtures;
    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;

    record Run(int exitCode, String output) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = commands.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }

    /** As if the operator had exported SCANLEDGER_PASSWORD (it is read through the Environment). */
    private void exportPassword(String password) {
        environment.getPropertySources().addFirst(new MapPropertySource(PASSWORD_SOURCE, Map.of("SCANLEDGER_PASSWORD", password)));
    }

    @AfterEach
    void unexportPassword() {
        environment.getPropertySources().remove(PASSWORD_SOURCE);
    }

    private static String newName() {
        return "op-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void assertUsage(Run run) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).isEqualTo(OperatorCommands.USAGE);
    }

    @Test
    void usersAddCreatesAUserWhoCanLogInWithThePassword() {
        String name = newName();
        exportPassword("operator-pass-1");

        Run run = run("users", "add", name, "driver");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).isEqualTo("user %s created with id %d%n".formatted(name, users.idOf(name).orElseThrow()));
        assertThatResponse(api.post("/api/auth/token/").json("{\"username\": \"%s\", \"password\": \"operator-pass-1\"}".formatted(name))
                .send()).hasStatus(200);
    }

    @Test
    void usersAddTakesTheRoleInAnyCase() {
        exportPassword("operator-pass-1");
        String name = newName();

        assertThat(run("users", "add", name, "Manager").exitCode()).isZero();
        assertThat(jdbc.sql("SELECT role FROM users WHERE username = :u").param("u", name).query(String.class).single())
                .isEqualTo("manager");
    }

    @Test
    void usersAddRefusesATakenUsername() {
        Account existing = fixtures.driver();
        exportPassword("operator-pass-1");

        Run run = run("users", "add", existing.username(), "admin");

        assertThat(run).isEqualTo(new Run(1, "A user with that username already exists.%n".formatted()));
    }

    @Test
    void usersAddRefusesWithoutAPassword() {
        assumeThat(System.getenv("SCANLEDGER_PASSWORD")).as("SCANLEDGER_PASSWORD set in the real environment").isNull();
        String name = newName();

        Run run = run("users", "add", name, "driver");

        assertThat(run).isEqualTo(new Run(1, "Set SCANLEDGER_PASSWORD to the new user's password.%n".formatted()));
        assertThat(users.idOf(name)).isEmpty();
    }

    @Test
    void usersAddRefusesABlankPassword() {
        exportPassword("   ");
        String name = newName();

        assertThat(run("users", "add", name, "driver").exitCode()).isEqualTo(1);
        assertThat(users.idOf(name)).isEmpty();
    }

    @Test
    void usersAddRefusesABlankOrOverlongUsername() {
        exportPassword("operator-pass-1");
        String overlong = "u".repeat(151);

        assertThat(run("users", "add", overlong, "driver"))
                .isEqualTo(new Run(1, "A username is 1 to 150 characters long.%n".formatted()));
        assertThat(run("users", "add", " ", "driver").exitCode()).isEqualTo(1);
        assertThat(users.idOf(overlong)).isEmpty();
        assertThat(run("users", "add", "u".repeat(140) + newName().substring(0, 10), "driver").exitCode()).isZero();
    }

    @Test
    void usersAddRefusesAPasswordLongerThanBcryptReads() {
        exportPassword("correct horse battery staple ".repeat(3));
        String name = newName();

        assertThat(run("users", "add", name, "driver"))
                .isEqualTo(new Run(1, "SCANLEDGER_PASSWORD must be at most 72 bytes long.%n".formatted()));
        assertThat(users.idOf(name)).isEmpty();
    }

    @Test
    void usersAddAcceptsAPasswordOfExactly72Bytes() {
        exportPassword("é".repeat(36));

        assertThat(run("users", "add", newName(), "driver").exitCode()).isZero();
    }

    @Test
    void usersAddWithAnUnknownRolePrintsUsage() {
        exportPassword("operator-pass-1");
        String name = newName();

        assertUsage(run("users", "add", name, "superuser"));
        assertThat(users.idOf(name)).isEmpty();
    }

    @Test
    void usersTokenIssuesAWorkingKeyAndKeepsTheOldOne() {
        Account driver = fixtures.driver();

        Run run = run("users", "token", driver.username());

        assertThat(run.exitCode()).isZero();
        String key = run.output().strip();
        assertThat(key).matches("[0-9a-f]{40}");
        assertThatResponse(api.get("/api/scans/").token(key).send()).hasStatus(200);
        assertThatResponse(api.get("/api/scans/").token(driver.token()).send()).hasStatus(200);
    }

    @Test
    void usersKeysListsEveryKeyOfTheUserByIdAndPrefixNeverTheKey() {
        Account driver = fixtures.driver();
        String second = run("users", "token", driver.username()).output().strip();

        Run run = run("users", "keys", driver.username());

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.output().lines().toList();
        assertThat(lines).hasSize(3).last().isEqualTo("2 keys");
        assertThat(lines.get(0)).matches("\\d+ " + second.substring(0, 8) + "\\.\\.\\. created \\S+ last used never");
        assertThat(lines.get(1)).contains(driver.token().substring(0, 8) + "...");
        assertThat(run.output()).doesNotContain(second).doesNotContain(driver.token());
    }

    @Test
    void usersRevokeRetiresOneKeyAtOnceAndLeavesTheOthers() {
        Account driver = fixtures.driver();
        String second = run("users", "token", driver.username()).output().strip();
        String keyId = run("users", "keys", driver.username()).output().lines().toList().get(1).split(" ")[0];

        assertThat(run("users", "revoke", driver.username(), keyId)).isEqualTo(new Run(0, "key %s revoked%n".formatted(keyId)));

        assertThatResponse(api.get("/api/scans/").token(driver.token()).send()).hasStatus(401).hasDetail("Invalid token.");
        assertThatResponse(api.get("/api/scans/").token(second).send()).hasStatus(200);
        assertThat(run("users", "revoke", driver.username(), keyId))
                .isEqualTo(new Run(1, "%s has no key with id %s.%n".formatted(driver.username(), keyId)));
    }

    @Test
    void usersRevokeRefusesAnotherUsersKey() {
        Account owner = fixtures.driver();
        String keyId = run("users", "keys", owner.username()).output().split(" ")[0];

        assertThat(run("users", "revoke", fixtures.driver().username(), keyId).exitCode()).isEqualTo(1);
        assertThatResponse(api.get("/api/scans/").token(owner.token()).send()).hasStatus(200);
    }

    @Test
    void usersRevokeAllRetiresEveryKeyOfTheUserOnly() {
        Account driver = fixtures.driver();
        Account other = fixtures.driver();
        String second = run("users", "token", driver.username()).output().strip();

        assertThat(run("users", "revoke-all", driver.username())).isEqualTo(new Run(0, "2 keys revoked%n".formatted()));

        assertThatResponse(api.get("/api/scans/").token(driver.token()).send()).hasStatus(401);
        assertThatResponse(api.get("/api/scans/").token(second).send()).hasStatus(401);
        assertThatResponse(api.get("/api/scans/").token(other.token()).send()).hasStatus(200);
    }

    @Test
    void usersNamesSetsTheNamesTheNestedUserShows() {
        Account driver = fixtures.driver();

        assertThat(run("users", "names", driver.username(), "Ayşe", "Yılmaz"))
                .isEqualTo(new Run(0, "%s is now Ayşe Yılmaz%n".formatted(driver.username())));

        Api.Response created = api.post("/api/scans/").token(driver.token()).json("{\"label\": %d}".formatted(fixtures.label())).send();
        assertThatResponse(created).hasStatus(201);
        assertThat(created.json().get("user").get("first_name").asString()).isEqualTo("Ayşe");
        assertThat(created.json().get("user").get("last_name").asString()).isEqualTo("Yılmaz");
    }

    @Test
    void usersNamesRefusesANameLongerThanDjangosColumnAndAnUnknownUser() {
        Account driver = fixtures.driver();

        assertThat(run("users", "names", driver.username(), "x".repeat(151), "").exitCode()).isEqualTo(1);
        assertThat(run("users", "names", "nobody-here", "A", "B")).isEqualTo(new Run(1, "No user named nobody-here.%n".formatted()));
    }

    @Test
    void keyCommandsOfAnUnknownUserAreRefused() {
        assertThat(run("users", "keys", "nobody-here")).isEqualTo(new Run(1, "No user named nobody-here.%n".formatted()));
        assertThat(run("users", "revoke-all", "nobody-here").exitCode()).isEqualTo(1);
        assertUsage(run("users", "revoke", "someone", "not-a-number"));
    }

    @Test
    void usersTokenRefusesAnUnknownUser() {
        assertThat(run("users", "token", "nobody-here")).isEqualTo(new Run(1, "No user named nobody-here.%n".formatted()));
    }

    @Test
    void sitesAddCreatesASiteOnceAndThenReportsTheSameId() {
        String name = "Store " + newName();

        Run first = run("sites", "add", "store", name);
        Run again = run("sites", "add", "STORE", name);

        assertThat(first.exitCode()).isZero();
        assertThat(first.output()).matches("store site \"" + name + "\" has id \\d+\\R");
        assertThat(again).isEqualTo(first);
    }

    @Test
    void sitesAddWithAnUnknownKindPrintsUsage() {
        assertUsage(run("sites", "add", "warehouse", "Somewhere"));
    }

    @Test
    void labelsGenerateCreatesOnlyTheMissingCodes() {
        long factory = fixtures.site(SiteKind.FACTORY);

        Run first = run("labels", "generate", String.valueOf(factory), "OP-", "5");
        Run more = run("labels", "generate", String.valueOf(factory), "OP-", "7");

        assertThat(first).isEqualTo(new Run(0, "5 labels created, 0 already existed%n".formatted()));
        assertThat(more).isEqualTo(new Run(0, "2 labels created, 5 already existed%n".formatted()));
        assertThat(jdbc.sql("SELECT count(*) FROM labels WHERE factory_id = :f").param("f", factory).query(Long.class).single())
                .isEqualTo(7);
    }

    @Test
    void labelsGenerateRefusesASiteThatIsNoFactory() {
        long store = fixtures.site(SiteKind.STORE);

        assertThat(run("labels", "generate", String.valueOf(store), "OP-", "5"))
                .isEqualTo(new Run(1, "No factory with id %d.%n".formatted(store)));
        assertThat(run("labels", "generate", "999999999", "OP-", "5"))
                .isEqualTo(new Run(1, "No factory with id 999999999.%n".formatted()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "0", "-5", "1.5", ""})
    void labelsGenerateWithABadCountPrintsUsage(String count) {
        long factory = fixtures.site(SiteKind.FACTORY);

        assertUsage(run("labels", "generate", String.valueOf(factory), "OP-", count));
        assertThat(jdbc.sql("SELECT count(*) FROM labels WHERE factory_id = :f").param("f", factory).query(Long.class).single())
                .isZero();
    }

    @Test
    void labelsGenerateWithABadFactoryIdPrintsUsage() {
        assertUsage(run("labels", "generate", "factory-1", "OP-", "5"));
    }

    @Test
    void aWrongNumberOfArgumentsPrintsUsage() {
        assertUsage(run("users", "add", "only-a-name"));
        assertUsage(run("users", "token"));
        assertUsage(run("sites", "add", "store", "Two", "Words"));
        assertUsage(run("labels", "generate", "1", "P-"));
    }

    @Test
    void anUnknownOrMissingCommandPrintsUsage() {
        assertUsage(run());
        assertUsage(run("users"));
        assertUsage(run("users", "delete", "x"));
        assertUsage(run("scans", "list"));
    }

    @Test
    void onlyTheOperatorCommandWordsStartACommandInsteadOfTheService() {
        assertThat(OperatorCommands.isCommand(new String[] {"users", "add"})).isTrue();
        assertThat(OperatorCommands.isCommand(new String[] {"sites"})).isTrue();
        assertThat(OperatorCommands.isCommand(new String[] {"labels"})).isTrue();
        assertThat(OperatorCommands.isCommand(new String[] {})).isFalse();
        assertThat(OperatorCommands.isCommand(new String[] {"--server.port=9000"})).isFalse();
    }
}
