package org.essaim.browser;

import org.essaim.testsupport.InstalledProgram;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A headless Chromium driven through ChromeDriver, for tests that look at pages the way people do. Both programs
 * come from Debian ({@code chromium}, {@code chromium-driver}) and are given to Selenium by path, so Selenium
 * Manager never runs (it would try to download a driver). Each browser gets a fresh profile in a temporary
 * directory, removed on {@link #close()}, and asks for pages in the language it was started with.
 *
 * <pre>{@code
 * try (Browser browser = Browser.start(Locale.FRENCH)) {
 *     browser.open(baseUrl + "/");
 *     browser.screenshot("home-fr");
 * }
 * }</pre>
 *
 * Pair the test with {@code @RequiresProgram({"chromium", "chromedriver"})}.
 */
public final class Browser implements AutoCloseable {

    /** The flags every Essaim browser test runs with: headless, and no traffic of Chromium's own. */
    static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic");

    public static final Dimension WINDOW = new Dimension(1280, 1000);
    /** Where screenshots go, relative to the module being tested (Maven runs tests from there). */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final Duration WAIT = Duration.ofSeconds(15);

    /*
     * Selenium looks for a DevTools (CDP) binding matching the browser at every start and, as none is on the
     * classpath (these tests use WebDriver only), warns that one "may be needed". Held here so that the JDK
     * keeps the level set on them.
     */
    private static final List<Logger> QUIETENED = Stream.of(
                    "org.openqa.selenium.devtools.CdpVersionFinder", "org.openqa.selenium.chromium.ChromiumDriver")
            .map(Logger::getLogger)
            .peek(logger -> logger.setLevel(Level.SEVERE))
            .toList();

    private final Path userDataDir;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(Path userDataDir, ChromeDriverService service, ChromeDriver driver) {
        this.userDataDir = userDataDir;
        this.service = service;
        this.driver = driver;
    }

    /** Starts a browser whose interface and Accept-Language are {@code language} (e.g. French or English). */
    public static Browser start(Locale language) {
        return start(language, List.of());
    }

    /**
     * Starts a browser as {@link #start(Locale)} does, with more Chromium flags, such as
     * {@code --host-resolver-rules} mapping an app's host to a server on 127.0.0.1 in the test.
     */
    public static Browser start(Locale language, List<String> moreFlags) {
        Path chromium = InstalledProgram.find("chromium")
                .or(() -> InstalledProgram.find("chromium-browser"))
                .orElseThrow(() -> new IllegalStateException("chromium not installed (apt-get install chromium)"));
        Path chromedriver = InstalledProgram.require("chromedriver", "chromium-driver");
        String tag = language.toLanguageTag();

        Path userDataDir;
        try {
            userDataDir = Files.createTempDirectory("essaim-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a profile directory for Chromium", e);
        }

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(FLAGS);
        options.addArguments(moreFlags);
        options.addArguments(
                "--user-data-dir=" + userDataDir,
                "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight(),
                "--lang=" + tag);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", tag));
        // Console messages (CSP violations, failed loads) are readable through browserErrors().
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().window().setSize(WINDOW);
            return new Browser(userDataDir, service, driver);
        } catch (RuntimeException e) {
            service.stop();
            deleteRecursively(userDataDir);
            throw e;
        }
    }

    /** The temporary profile, removed by {@link #close()}. */
    Path userDataDir() {
        return userDataDir;
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector));
    }

    public String text(String cssSelector) {
        return find(cssSelector).getText();
    }

    /** Waits (up to 15 s) for a condition, such as a page reached after a click. */
    public <T> T waitFor(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    public URI currentUri() {
        return URI.create(driver.getCurrentUrl());
    }

    /** The {@code lang} attribute of the page's {@code <html>} element. */
    public String htmlLang() {
        return find("html").getAttribute("lang");
    }

    public Object script(String javascript, Object... arguments) {
        return driver.executeScript(javascript, arguments);
    }

    /**
     * Every URL the current page fetched or refers to for its own display: the Resource Timing entries
     * (stylesheets, images, fonts, scripts, including what CSS pulled in) and the addresses of the page's
     * scripts, stylesheets, icons, images and frames, which a Content-Security-Policy would block before any
     * entry exists.
     */
    @SuppressWarnings("unchecked")
    public List<String> loadedResources() {
        Object urls = ((JavascriptExecutor) driver).executeScript("""
                const urls = performance.getEntriesByType('resource').map(entry => entry.name);
                document.querySelectorAll('script[src], img[src], iframe[src], source[src], video[src], audio[src], embed[src]')
                    .forEach(element => urls.push(element.src));
                document.querySelectorAll('link[href]').forEach(link => {
                    if (/stylesheet|icon|preload|prefetch|manifest/i.test(link.rel)) urls.push(link.href);
                });
                return urls;
                """);
        return new ArrayList<>((List<String>) urls);
    }

    /** Console messages at level SEVERE since the last call: CSP violations, failed loads, script errors. */
    public List<String> browserErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /** Saves what the window shows as {@code target/screenshots/<name>.png}, for people to look at. */
    public Path screenshot(String name) {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png").toAbsolutePath();
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the screenshot " + name, e);
        }
    }

    /**
     * Lays the page out for a screen {@code width} CSS pixels wide (a phone below 600: touch, the viewport meta
     * applied, as a phone's Chromium does), through Chromium's own device emulation.
     */
    public void viewport(int width, int height) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    /** Saves the whole page, not only what the window shows, as {@code target/screenshots/<name>.png}. */
    public Path fullScreenshot(String name) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        @SuppressWarnings("unchecked")
        Map<String, Object> viewport = (Map<String, Object>) metrics.get("cssLayoutViewport");
        double width = ((Number) viewport.get("clientWidth")).doubleValue();
        double height = Math.min(((Number) content.get("height")).doubleValue(), 8000);
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png").toAbsolutePath();
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try {
                service.stop();
            } finally {
                deleteRecursively(userDataDir);
            }
        }
    }

    private static void deleteRecursively(Path directory) {
        // Chromium may still be writing its last files for a moment after it quit: try again briefly.
        for (int attempt = 0; attempt < 5 && Files.exists(directory); attempt++) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException ignored) {
                        // Retried below.
                    }
                });
            } catch (IOException | UncheckedIOException ignored) {
                // A file vanished while walking; retried below.
            }
            if (Files.exists(directory)) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
