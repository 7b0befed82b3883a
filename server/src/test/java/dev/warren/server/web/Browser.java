package dev.warren.server.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A headless Chromium driven through chromedriver, with a fresh profile, for the web UI's browser tests.
 * Binaries: WARREN_TEST_CHROMIUM / WARREN_TEST_CHROMEDRIVER, else Debian's /usr/bin/chromium and /usr/bin/chromedriver.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Path profile;
    private final ChromeDriver driver;
    private final String baseUrl;

    Browser(String baseUrl) throws IOException {
        this.baseUrl = baseUrl;
        this.profile = Files.createTempDirectory("warren-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary("WARREN_TEST_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL")); // console errors in failures
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(binary("WARREN_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    /** True when the browser binaries are installed, so the tests can say why they skip. */
    static boolean available() {
        return Files.isExecutable(Path.of(binary("WARREN_TEST_CHROMIUM", "/usr/bin/chromium")))
                && Files.isExecutable(Path.of(binary("WARREN_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")));
    }

    private static String binary(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value;
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    /** Waits (up to 30 s) for a condition; fails with the page's text when it never holds. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, Duration.ofSeconds(30), condition);
    }

    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.withMessage(() -> what + " — page " + driver.getCurrentUrl() + " shows: "
                + driver.findElement(By.tagName("body")).getText() + "\n— console: " + console());
        return wait.until(condition::apply);
    }

    /** The browser console's messages since the last call (script errors among them). */
    String console() {
        try {
            return driver.manage().logs().get("browser").getAll().stream()
                    .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList().toString();
        } catch (RuntimeException unavailable) {
            return "(unavailable: " + unavailable.getMessage() + ")";
        }
    }

    WebElement visible(By by) {
        return await(by + " visible", ExpectedConditions.visibilityOfElementLocated(by)::apply);
    }

    void click(By by) {
        await(by + " clickable", ExpectedConditions.elementToBeClickable(by)::apply).click();
    }

    void type(By by, String text) {
        WebElement field = visible(by);
        field.clear();
        field.sendKeys(text);
    }

    /** Elements matching {@code by} that a user can see. */
    List<WebElement> shown(By by) {
        return driver.findElements(by).stream().filter(WebElement::isDisplayed).toList();
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }

    void logIn(String username, String password) {
        driver.manage().deleteAllCookies();
        open("/login");
        type(By.name("username"), username);
        type(By.name("password"), password);
        click(By.cssSelector("button[type=submit]"));
        await("the Spaces page after logging in", d -> path().startsWith("/spaces"));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temp profile left behind is harmless
            }
        }
    }
}
