package dev.warren.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A space's own page in a real Chromium against the real server and engine: live state, template and limits,
 * ports (a web port opened through the port URL proxy, another shown as a command), processes, the file browser
 * (navigate, upload with progress, an upload over the server's limit, download, delete), sharing, lifecycle events,
 * a deletion made elsewhere, and an expired session. Tests run in order on one server and one browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpacePageIT {
    private static final long UPLOAD_LIMIT = 1 << 20;
    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    private final String spaceName = "page-" + suffix;
    private final String friend = "erin" + suffix;

    private WarrenUnderTest warren;
    private Browser browser;
    private Path uploads;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Browser.available(), "Chromium and chromedriver are not installed (apt-get install chromium "
                + "chromium-driver, or set WARREN_TEST_CHROMIUM and WARREN_TEST_CHROMEDRIVER).");
        warren = new WarrenUnderTest(Map.of("WARREN_UPLOAD_MAX_BYTES", Long.toString(UPLOAD_LIMIT)));
        warren.api("POST", "/api/templates", Map.of("name", "webapp-" + suffix, "description", "a web page",
                "spec", """
                        image: warren-base:latest
                        command: ["sh", "-c", "mkdir -p /srv && echo hello-from-port > /srv/index.html && exec httpd -f -p 8080 -h /srv"]
                        ports:
                          - {name: web, port: 8080}
                          - {name: postgres, port: 5432}
                        memory: 256m
                        """, "custom_fields", List.of(), "active", true));
        warren.api("POST", "/api/spaces", Map.of("name", spaceName, "template", "webapp-" + suffix,
                "start_on_create", true));
        warren.api("POST", "/api/users", Map.of("username", friend, "email", friend + "@example.com",
                "password", "erin-password-" + suffix, "roles", List.of("user")));
        uploads = Files.createTempDirectory("warren-web-uploads-");
        browser = new Browser(warren.baseUrl());
        browser.logIn(WarrenUnderTest.ADMIN, WarrenUnderTest.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (warren != null) {
            warren.close();
        }
    }

    private String text(String css) {
        return browser.visible(By.cssSelector(css)).getText();
    }

    @Test
    @Order(1)
    void the_page_shows_state_template_limits_uptime_and_ports_and_fits_a_phone() {
        browser.open("/spaces");
        browser.click(By.cssSelector("tr[data-space='" + spaceName + "'] [data-action=open-space]"));
        browser.await("the space's page", d -> browser.path().equals("/spaces/" + spaceName));
        browser.await("Running", Duration.ofSeconds(90), d -> text("[data-test=state]").equals("Running"));
        assertThat(text("[data-test=template]")).isEqualTo("webapp-" + suffix);
        assertThat(text("[data-test=limits]")).isEqualTo("memory 256m");
        assertThat(text("[data-test=resources]")).contains("not reported");
        browser.await("an uptime from the main process", d -> text("[data-test=uptime]").matches("\\d+[smhd].*"));
        assertThat(text("[data-test=forward-command]")).isEqualTo("warren port forward 5432 " + spaceName + " 5432");
        assertThat(browser.shown(By.cssSelector("[data-action=terminal]"))).hasSize(1);
        browser.screenshot("20-space-page");
        PageChecks.onPhone(browser, "the space page", "21-space-page-phone");
    }

    @Test
    @Order(2)
    void a_web_port_opens_through_the_port_proxy_in_a_new_tab() {
        String page = browser.driver().getWindowHandle();
        List<String> before = new ArrayList<>(browser.driver().getWindowHandles());
        browser.click(By.cssSelector("[data-action=open-port][data-port='8080']"));
        String tab = browser.await("a new tab", d -> d.getWindowHandles().stream()
                .filter(handle -> !before.contains(handle)).findFirst().orElse(null));
        browser.driver().switchTo().window(tab);
        browser.await("the space's web page through the proxy", Duration.ofSeconds(30), d -> d.getCurrentUrl()
                .contains("8080-") && d.getPageSource().contains("hello-from-port"));
        browser.driver().close();
        browser.driver().switchTo().window(page);
    }

    @Test
    @Order(3)
    void processes_are_listed_and_one_is_killed() throws Exception {
        JsonNode started = warren.api("POST", "/api/spaces/" + spaceName + "/processes",
                Map.of("command", "sleep", "args", List.of("600"), "background", true));
        String pid = started.path("pid").asText();
        browser.click(By.cssSelector("[data-action=refresh-processes]"));
        By row = By.cssSelector("tr[data-pid='" + pid + "']");
        assertThat(browser.visible(row).getText()).contains("sleep 600");
        WebElement kill = browser.visible(By.cssSelector("tr[data-pid='" + pid + "'] [data-action=kill-process]"));
        assertThat(kill.isEnabled()).as(kill.getAttribute("outerHTML")).isTrue();
        kill.click();
        browser.await("the process to end", d -> d.findElements(By.cssSelector(
                "tr[data-pid='" + pid + "'] [data-action=kill-process]")).stream().noneMatch(WebElement::isDisplayed));
        browser.screenshot("22-space-processes");
    }

    @Test
    @Order(4)
    void the_file_browser_navigates_uploads_with_progress_downloads_and_deletes() throws Exception {
        browser.type(By.cssSelector("[data-test=file-browser] input[name=path]"), "/tmp");
        browser.click(By.cssSelector("[data-test=file-browser] [data-action=go]"));
        browser.type(By.cssSelector("[data-test=file-browser] input[name=folder]"), "docs");
        browser.click(By.cssSelector("[data-test=file-browser] [data-action=mkdir]"));
        browser.click(By.cssSelector("tr[data-entry=docs] [data-action=open-dir]"));
        browser.visible(By.cssSelector("[data-test=empty-dir]"));
        assertThat(browser.driver().findElement(By.cssSelector("[data-test=file-browser] input[name=path]"))
                .getAttribute("value")).isEqualTo("/tmp/docs");

        Path small = uploads.resolve("notes.txt");
        Files.writeString(small, "notes ".repeat(20_000));
        browser.driver().findElement(By.cssSelector("[data-test=file-browser] input[type=file]"))
                .sendKeys(small.toString());
        browser.await("the upload to finish", d -> d.findElement(By.cssSelector(
                "[data-upload='notes.txt'] [data-test=upload-phase]")).getText().equals("Uploaded"));
        assertThat(browser.driver().findElement(By.cssSelector("[data-upload='notes.txt'] progress"))
                .getAttribute("value")).isEqualTo("100");
        browser.visible(By.cssSelector("tr[data-entry='notes.txt']"));
        assertThat(warren.text("/api/spaces/" + spaceName + "/files?path=/tmp/docs/notes.txt"))
                .isEqualTo(Files.readString(small));

        String href = browser.visible(By.cssSelector("tr[data-entry='notes.txt'] [data-action=download]"))
                .getAttribute("href");
        Object downloaded = browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => r.text()).then(t => done(t.length), e => done(String(e)));", href);
        assertThat(downloaded).isEqualTo((long) Files.size(small));

        Path big = uploads.resolve("big.bin");
        Files.write(big, new byte[(int) UPLOAD_LIMIT + 1]);
        browser.driver().findElement(By.cssSelector("[data-test=file-browser] input[type=file]"))
                .sendKeys(big.toString());
        String refused = browser.await("the server's sentence", d -> {
            String error = d.findElement(By.cssSelector("[data-upload='big.bin'] [data-test=upload-error]")).getText();
            return error.isBlank() ? null : error;
        });
        assertThat(refused).contains("accepts at most " + UPLOAD_LIMIT + " bytes");
        browser.screenshot("23-space-files-upload");

        browser.click(By.cssSelector("tr[data-entry='notes.txt'] [data-action=remove]"));
        browser.visible(By.cssSelector("dialog[data-dialog=remove][open]"));
        browser.click(By.cssSelector("dialog[data-dialog=remove] [data-action=confirm-remove]"));
        browser.await("the file to go", d -> d.findElements(By.cssSelector("tr[data-entry='notes.txt']")).isEmpty());
        browser.click(By.cssSelector("[data-test=file-browser] [data-action=up]"));
        browser.visible(By.cssSelector("tr[data-entry=docs]"));
    }

    @Test
    @Order(5)
    void the_space_is_shared_and_unshared_by_username() {
        browser.type(By.name("share_with"), friend);
        browser.click(By.cssSelector("[data-action=share]"));
        browser.visible(By.cssSelector("li[data-share='" + friend + "']"));
        browser.click(By.cssSelector("li[data-share='" + friend + "'] [data-action=unshare]"));
        browser.await("the share to go", d -> d.findElements(By.cssSelector("li[data-share='" + friend + "']")).isEmpty());
        browser.type(By.name("share_with"), "nobody-" + suffix);
        browser.click(By.cssSelector("[data-action=share]"));
        browser.await("the refusal under the field", d -> !d.findElement(By.cssSelector(
                "[data-section=sharing] .field-error")).getText().isBlank());
    }

    @Test
    @Order(6)
    void a_stop_made_elsewhere_shows_live_with_its_lifecycle_events() throws Exception {
        browser.script("window.__sameDocument = true");
        warren.api("POST", "/api/spaces/" + spaceName + "/stop", null);
        browser.await("Stopped pushed by the event stream", Duration.ofSeconds(60),
                d -> text("[data-test=state]").equals("Stopped"));
        assertThat(text("[data-test=events]")).contains("→ Stopped").contains("Created");
        assertThat(text("[data-test=uptime]")).isEqualTo("not running");
        assertThat(browser.script("return window.__sameDocument === true")).isEqualTo(true);
        browser.screenshot("24-space-stopped");
    }

    @Test
    @Order(7)
    void an_expired_session_goes_to_the_login_page_and_back_to_the_space() throws Exception {
        String cookie = browser.driver().manage().getCookieNamed("warren_session").getValue();
        String csrf = (String) browser.script("return document.querySelector('meta[name=warren-csrf]').content");
        int ended = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(warren.baseUrl()
                        + "/api/auth/logout")).header("Cookie", "warren_session=" + cookie).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(ended).isLessThan(300);
        browser.click(By.cssSelector("[data-action=start]"));
        browser.await("the login page", d -> browser.path().startsWith("/login?next="));
        browser.type(By.name("username"), WarrenUnderTest.ADMIN);
        browser.type(By.name("password"), WarrenUnderTest.ADMIN_PASSWORD);
        browser.click(By.cssSelector("button[type=submit]"));
        browser.await("back on the space's page", d -> browser.path().equals("/spaces/" + spaceName));
        browser.visible(By.cssSelector("[data-test=state]"));
    }

    @Test
    @Order(8)
    void a_space_deleted_elsewhere_says_so_on_its_page_and_leaves_the_list() throws Exception {
        browser.await("Stopped", Duration.ofSeconds(60), d -> text("[data-test=state]").equals("Stopped"));
        warren.api("DELETE", "/api/spaces/" + spaceName, null);
        browser.visible(By.cssSelector("[data-test=gone]"));
        browser.screenshot("25-space-deleted-elsewhere");
        browser.open("/spaces/" + spaceName);
        assertThat(browser.visible(By.cssSelector("[data-test=missing]")).getText()).contains(spaceName);
        browser.open("/spaces");
        browser.visible(By.cssSelector("[data-test=live]"));
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-space='" + spaceName + "']"))).isEmpty();
    }
}
