package dev.scanledger.support;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One headless Chromium (Debian's {@code chromium}) for every browser test of the run, driven by
 * Playwright without its driver bundle: the driver is npm's {@code playwright-core} of the same version,
 * fetched once with {@code npm pack} into the user's cache and run on the system's Node. Nothing is
 * downloaded from a browser site; the flags keep Chromium off the network it would otherwise call.
 */
public final class Browser {

    public static final Path CHROMIUM = Path.of(System.getProperty("scanledger.chromium", "/usr/bin/chromium"));
    private static final Path NODE = Path.of(System.getProperty("scanledger.node", "/usr/bin/node"));
    private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");
    private static Playwright playwright;
    private static com.microsoft.playwright.Browser shared;

    private Browser() {
    }

    /** The shared browser, started at the first call; each test opens its own context (cookies) in it. */
    public static synchronized com.microsoft.playwright.Browser shared() {
        if (shared == null) {
            if (!Files.isExecutable(CHROMIUM)) {
                throw new IllegalStateException("Browser tests need Debian's chromium at " + CHROMIUM
                        + " (apt-get install -y chromium; .ci/run installs it)");
            }
            System.setProperty("playwright.cli.dir", driverDirectory().toString());
            playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of(
                    "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "PLAYWRIGHT_NODEJS_PATH", NODE.toString())));
            shared = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(FLAGS));
        }
        return shared;
    }

    /** Closes the browser and its driver; the next {@link #shared()} starts them again. */
    public static synchronized void close() {
        if (playwright != null) {
            playwright.close();
            playwright = null;
            shared = null;
        }
    }

    /** {@code <cache>/package/cli.js}, as Playwright's preinstalled-driver mode expects it. */
    private static Path driverDirectory() {
        String version = Playwright.class.getPackage().getImplementationVersion();
        if (version == null) {
            version = System.getProperty("scanledger.playwright.version", "1.62.0");
        }
        Path directory = Path.of(System.getProperty("user.home"), ".cache", "scanledger", "playwright-core-" + version);
        if (Files.isRegularFile(directory.resolve("package/cli.js"))) {
            return directory;
        }
        try {
            Files.createDirectories(directory);
            run(directory, "npm", "pack", "--silent", "playwright-core@" + version);
            run(directory, "tar", "xzf", "playwright-core-" + version + ".tgz");
        } catch (IOException e) {
            throw new IllegalStateException("cannot install Playwright's driver (npm pack playwright-core@" + version + ")", e);
        }
        return directory;
    }

    private static void run(Path directory, String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
