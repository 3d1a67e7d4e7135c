package dev.scanledger.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.FilePayload;
import dev.scanledger.accounts.Role;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Browser;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console in a real headless Chromium against the running service. Each test signs in with its
 * own browser context (its own cookies) in the one shared browser. Pages are photographed into
 * {@code screenshots.dir} (target/console-screenshots, or docs/console when asked for), whole: every
 * console page is bounded (a list shows 50 rows at most), whatever the test database holds.
 *
 * <p>Waits are for a loaded 2-core CI machine: a page or an action gets {@link #STEP}, a live event or a
 * background import {@link #LATER}; each wait ends as soon as its condition holds.
 */
@ApiTest
class ConsoleBrowserTest {

    private static final double STEP = 30_000;
    private static final double LATER = 60_000;
    private static final LocatorAssertions.ContainsTextOptions SOON = new LocatorAssertions.ContainsTextOptions().setTimeout(LATER);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("screenshots.dir", "target/console-screenshots"));

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    BrowserContext context;
    Page page;
    Account manager;

    @BeforeAll
    static void waitsForALoadedMachine() {
        PlaywrightAssertions.setDefaultAssertionTimeout(STEP);
    }

    @BeforeEach
    void aBrowserAndAManager() {
        context = Browser.shared().newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 860));
        context.setDefaultTimeout(STEP);
        context.setDefaultNavigationTimeout(STEP);
        page = context.newPage();
        manager = fixtures.account(Role.MANAGER);
    }

    @AfterEach
    void closeTheContext() {
        context.close();
    }

    @AfterAll
    static void closeTheBrowser() {
        Browser.close();
    }

    private void signIn(String username, String password) {
        page.navigate(api.url("/console/login"));
        page.fill("#username", username);
        page.fill("#password", password);
        page.click("#sign-in");
    }

    private void signInAsManager() {
        signIn(manager.username(), Fixtures.PASSWORD);
        assertThat(page.locator("h1")).hasText("Overview");
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /** Makes sure a list has more than a page, whichever tests ran before. */
    private void moreThanAPageOf(String what, String insert) {
        jdbc.sql(insert).param("prefix", "browser-" + what + "-" + System.nanoTime() + "-").update();
    }

    @Test
    void aManagerSignsInToTheOverview() {
        page.navigate(api.url("/console/login"));
        screenshot("login");

        signInAsManager();

        assertThat(page.locator(".who")).containsText(manager.username());
        assertThat(page.locator("#chart")).isVisible();
        screenshot("overview");
    }

    @Test
    void aDriverIsRefusedAtTheForm() {
        Account driver = fixtures.driver();

        signIn(driver.username(), Fixtures.PASSWORD);

        assertThat(page.locator("#login-error")).hasText(ConsoleSecurity.DRIVERS_REFUSED);
        page.navigate(api.url("/console/scans"));
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/console/login.*"));
    }

    @Test
    void aWrongPasswordIsRefused() {
        signIn(manager.username(), "not-the-password");

        assertThat(page.locator("#login-error")).hasText("Unable to sign in with this username and password.");
    }

    @Test
    void aScanPostedThroughTheApiAppearsInTheLiveFeedAndItsDuplicateInTheDuplicatesFeed() {
        signInAsManager();
        assertThat(page.locator("#live-status")).hasText("connected");
        Account driver = fixtures.driver();
        long label = fixtures.label();
        String code = jdbc.sql("SELECT code FROM labels WHERE id = :id").param("id", label).query(String.class).single();
        String scan = "{\"label\": " + label + ", \"phase\": 1}";

        int first = api.post("/api/scans/").token(driver.token()).json(scan).send().status();
        int second = api.post("/api/scans/").token(driver.token()).json(scan).send().status();

        assertThat(first).isEqualTo(201);
        assertThat(second).isEqualTo(400);
        assertThat(page.locator("#feed-scans")).containsText(code, SOON);
        assertThat(page.locator("#feed-duplicates")).containsText(code, SOON);
        assertThat(page.locator("#feed-duplicates")).containsText("lost to scan", SOON);
        screenshot("overview-live");
        page.navigate(api.url("/console/duplicates?code=" + code));
        assertThat(page.locator("#duplicate-table")).containsText(driver.username());
        screenshot("duplicates");
    }

    @Test
    void aLabelsJourneyShowsEachPhase() {
        Account driver = fixtures.driver();
        long label = fixtures.label();
        long distribution = fixtures.site(SiteKind.DISTRIBUTION);
        long store = fixtures.site(SiteKind.STORE);
        api.post("/api/scans/").token(driver.token()).json("{\"label\": " + label + ", \"phase\": 1}").send();
        api.post("/api/scans/").token(driver.token()).json("{\"label\": " + label + ", \"phase\": 2, \"distribution\": " + distribution + "}").send();
        api.post("/api/scans/").token(driver.token()).json("{\"label\": " + label + ", \"phase\": 3, \"store\": " + store + "}").send();
        signInAsManager();

        page.navigate(api.url("/console/labels/" + label));

        Locator steps = page.locator("#journey li");
        assertThat(steps).hasCount(3);
        assertThat(steps.nth(0)).containsText("Factory");
        assertThat(steps.nth(1)).containsText("Distribution");
        assertThat(steps.nth(1)).containsText("distribution-");
        assertThat(steps.nth(2)).containsText("Store");
        assertThat(steps.nth(2)).containsText(driver.username());
        screenshot("label-journey");
        page.click("#journey li >> nth=2 >> a");
        assertThat(page.locator("#recorded-by")).hasText(driver.username());
        screenshot("scan");
        page.navigate(api.url("/console/scans?driver=" + driver.username()));
        assertThat(page.locator("#scan-table tbody tr")).hasCount(3);
        screenshot("scans");
        page.navigate(api.url("/console/labels"));
        screenshot("labels");
    }

    @Test
    void aUserCreatedThenDeactivatedHasTheirKeyRefusedAtTheNextRequest() {
        signInAsManager();
        String username = "console-made-" + System.nanoTime();
        page.navigate(api.url("/console/users/new"));
        page.fill("#new-username", username);
        page.fill("#new-password", "a-long-password");
        page.click("#create-user");
        assertThat(page.locator("#user-status")).hasText("active");
        String key = api.post("/api/auth/token/").json("{\"username\": \"" + username + "\", \"password\": \"a-long-password\"}").send()
                .json().get("token").stringValue();
        assertThat(api.get("/api/scans/").token(key).send().status()).isEqualTo(200);
        page.reload();
        assertThat(page.locator("#key-table tbody tr")).hasCount(1);
        screenshot("user");

        page.click("#toggle-active");
        assertThat(page.locator("#user-status")).hasText("deactivated");

        Api.Response refused = api.get("/api/scans/").token(key).send();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("detail").stringValue()).isEqualTo("User inactive or deleted.");
        moreThanAPageOf("users", "INSERT INTO users (username, password_hash, role) SELECT :prefix || n, 'x', 'driver' FROM generate_series(1, 60) n");
        page.navigate(api.url("/console/users"));
        assertThat(page.locator("#next-page")).isVisible();
        assertThat(page.locator("#user-table tbody tr")).hasCount(KeysetPage.SIZE);
        screenshot("users");
        page.fill("#user-q", username);
        page.click("#user-search-submit");
        assertThat(page.locator("#user-table tbody tr")).hasCount(1);
        assertThat(page.locator("#user-table tbody tr")).containsText("deactivated");
        page.navigate(api.url("/console/audit"));
        assertThat(page.locator("#audit-table")).containsText("deactivate user");
        screenshot("audit");
    }

    @Test
    void aCsvImportShowsItsProgressAndItsReport() throws Exception {
        long factory = fixtures.site(SiteKind.FACTORY);
        StringBuilder csv = new StringBuilder("factory,code\n");
        for (int i = 1; i <= 30_000; i++) {
            csv.append(factory).append(",IMPORT-").append(i).append('\n');
        }
        for (int i = 1; i <= 150; i++) {
            csv.append(factory).append(",IMPORT-").append(i).append('\n');
        }
        signInAsManager();
        page.navigate(api.url("/console/labels/import"));

        page.setInputFiles("#import-file", new FilePayload("labels.csv", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
        page.click("#import-start");

        assertThat(page.locator("#import-progress")).isVisible();
        assertThat(page.locator("#import-report")).containsText("30000 labels imported", SOON);
        assertThat(page.locator("#import-percent")).hasText("100%");
        assertThat(page.locator(".report-line")).hasCount(ImportJobs.SHOWN_SKIPPED);
        assertThat(page.locator(".report-line").first()).containsText("repeats line 2");
        assertThat(page.locator("#import-unshown")).containsText("and 50 more skipped lines");
        screenshot("import");
        Download report = page.waitForDownload(() -> page.click("#import-skipped-csv"));
        List<String> lines = Files.readAllLines(report.path());
        assertThat(lines).hasSize(151);
        assertThat(lines.get(0)).isEqualTo("line,factory,code,reason");
        assertThat(lines.get(150)).isEqualTo("30151," + factory + ",IMPORT-150,\"repeats line 151\"");
    }

    @Test
    void aHandEnteredDuplicateScanIsRefusedCleanly() {
        Account driver = fixtures.driver();
        long label = fixtures.label();
        long winner = api.post("/api/scans/").token(driver.token()).json("{\"label\": " + label + ", \"phase\": 2}").send()
                .json().get("id").longValue();
        long before = fixtures.scansOf(label);
        signInAsManager();
        page.navigate(api.url("/console/scans/new"));
        long store = fixtures.site(SiteKind.STORE);
        String storeName = jdbc.sql("SELECT name FROM sites WHERE id = :id").param("id", store).query(String.class).single();
        page.fill("#scan-store", storeName.substring(0, storeName.length() - 1));
        assertThat(page.locator("#scan-store-names option[value='" + storeName + "']")).hasCount(1);
        page.fill("#scan-store", "");
        screenshot("scan-new");

        page.fill("#scan-label", String.valueOf(label));
        page.selectOption("#scan-phase", "2");
        page.click("#record-scan");

        assertThat(page.locator(".errors")).containsText("The fields label, phase must make a unique set.");
        assertThat(page.locator("#duplicate-winner")).containsText("scan " + winner);
        assertThat(fixtures.scansOf(label)).isEqualTo(before);
        screenshot("scan-duplicate-refused");
        page.selectOption("#scan-phase", "3");
        page.click("#record-scan");
        assertThat(page.locator("#recorded-by")).hasText(manager.username());
        assertThat(fixtures.scansOf(label)).isEqualTo(before + 1);
        moreThanAPageOf("sites", "INSERT INTO sites (kind, name) SELECT 'store', :prefix || n FROM generate_series(1, 60) n");
        page.navigate(api.url("/console/sites"));
        assertThat(page.locator("#next-page")).isVisible();
        assertThat(page.locator("#site-table tbody tr")).hasCount(KeysetPage.SIZE);
        screenshot("sites");
    }
}
