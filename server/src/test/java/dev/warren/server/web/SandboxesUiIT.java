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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Sandboxes, snapshots and volumes in a real Chromium, and the polish every page shares: the 390 px layout and the
 * axe-core check on every page, the styled 404, the favicon, Create Space For's confirmation, field errors that
 * clear, and the spec error's list of variables. Tests run in order on one server and one browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxesUiIT {
    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    private final String plain = "plain-" + suffix;
    private final String username = "finn" + suffix;

    private WarrenUnderTest warren;
    private Browser browser;
    private String sandbox;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Browser.available(), "Chromium and chromedriver are not installed (apt-get install chromium "
                + "chromium-driver, or set WARREN_TEST_CHROMIUM and WARREN_TEST_CHROMEDRIVER).");
        warren = new WarrenUnderTest();
        sandbox = warren.api("POST", "/api/sandboxes", Map.of("metadata", Map.of("run", "42"), "timeout", 600))
                .path("name").asText();
        warren.api("POST", "/api/spaces", Map.of("name", plain, "template", "base"));
        warren.api("POST", "/api/users", Map.of("username", username, "email", username + "@example.com",
                "password", "finn-password-" + suffix, "roles", List.of("user")));
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

    private By row(String name, String css) {
        return By.cssSelector("tr[data-space='" + name + "'] " + css);
    }

    private void menu(String name, String action) {
        browser.click(row(name, "[data-action=menu]"));
        browser.click(row(name, ".menu-items [data-action=" + action + "]"));
    }

    private String status(String name) {
        return browser.visible(row(name, ".status")).getText();
    }

    @Test
    @Order(1)
    void the_spaces_list_shows_the_sandbox_with_metadata_and_time_left_and_filters_by_kind_and_metadata() {
        browser.open("/spaces");
        browser.visible(row(sandbox, "[data-test=sandbox-badge]"));
        assertThat(browser.visible(row(sandbox, "[data-test=metadata]")).getText()).isEqualTo("run=42");
        assertThat(browser.visible(row(sandbox, "[data-test=remaining]")).getText()).matches("ends in (9|10)m.*");
        assertThat(browser.shown(row(plain, "[data-test=sandbox-badge]"))).isEmpty();

        new Select(browser.visible(By.name("kind"))).selectByValue("sandbox");
        browser.await("only sandboxes", d -> d.findElements(row(plain, "")).isEmpty());
        browser.visible(row(sandbox, ".status"));
        new Select(browser.visible(By.name("kind"))).selectByValue("");
        browser.type(By.name("metadata"), "run=43");
        browser.visible(By.cssSelector("[data-test=filtered-out]"));
        browser.type(By.name("metadata"), "run=42");
        browser.visible(row(sandbox, ".status"));
        assertThat(browser.driver().findElements(row(plain, ""))).isEmpty();
        browser.screenshot("30-spaces-sandbox-filtered");
        // clear() fires no input event, and the filter follows what the user types
        browser.visible(By.name("metadata")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.visible(row(plain, ".status"));
    }

    @Test
    @Order(2)
    void a_sandbox_pauses_resumes_and_gets_a_longer_timeout() {
        menu(sandbox, "pause");
        browser.await("Paused", Duration.ofSeconds(60), d -> status(sandbox).equals("Paused"));
        browser.click(row(sandbox, ".actions > [data-action=resume]"));
        browser.await("Running", Duration.ofSeconds(60), d -> status(sandbox).equals("Running"));
        menu(sandbox, "extend");
        browser.type(By.name("timeout_minutes"), "120");
        browser.click(By.cssSelector("dialog[data-dialog=timeout] [data-action=confirm-extend]"));
        browser.await("two hours left", d -> browser.visible(row(sandbox, "[data-test=remaining]")).getText()
                .matches("ends in (1h 59m|2h 0m)"));
    }

    @Test
    @Order(3)
    void a_sandbox_forks_into_the_number_asked_for() {
        menu(sandbox, "fork");
        browser.type(By.name("fork_count"), "1");
        browser.click(By.cssSelector("dialog[data-dialog=fork] [data-action=confirm-fork]"));
        String notice = browser.await("the fork's notice", Duration.ofSeconds(90), d -> {
            String text = d.findElement(By.cssSelector("[data-test=notice]")).getText();
            return text.startsWith("Forked") ? text : null;
        });
        String fork = notice.substring(notice.indexOf(" into ") + 6, notice.length() - 1);
        browser.visible(row(fork, "[data-test=sandbox-badge]"));
        assertThat(browser.visible(row(fork, "[data-test=metadata]")).getText()).isEqualTo("run=42");
        browser.screenshot("31-spaces-forked");
    }

    @Test
    @Order(4)
    void snapshots_are_taken_listed_used_and_deleted() {
        browser.click(By.cssSelector("nav a[data-nav=Snapshots]"));
        browser.click(By.cssSelector("[data-action=take]"));
        browser.await("the field error", d -> d.findElement(By.cssSelector("select[name=sandbox] ~ .field-error"))
                .getText().contains("Choose"));
        new Select(browser.visible(By.name("sandbox"))).selectByVisibleText(sandbox + " (running)");
        browser.type(By.name("name"), "snap-" + suffix);
        browser.click(By.cssSelector("[data-action=take]"));
        By snapshot = By.cssSelector("tr[data-snapshot='snap-" + suffix + "']");
        browser.await("the snapshot", Duration.ofSeconds(90), d -> !d.findElements(snapshot).isEmpty());
        browser.screenshot("32-snapshots");
        browser.click(By.cssSelector("tr[data-snapshot='snap-" + suffix + "'] [data-action=delete]"));
        browser.click(By.cssSelector("dialog[data-dialog=delete] [data-action=confirm-delete]"));
        browser.await("the snapshot to go", d -> d.findElements(snapshot).isEmpty());
    }

    @Test
    @Order(5)
    void volumes_are_created_browsed_with_an_upload_and_deleted() throws Exception {
        browser.click(By.cssSelector("nav a[data-nav=Volumes]"));
        String volume = "data-" + suffix;
        browser.type(By.name("volume_name"), volume);
        browser.click(By.cssSelector("[data-action=create]"));
        browser.click(By.cssSelector("tr[data-volume='" + volume + "'] [data-action=browse]"));
        browser.visible(By.cssSelector("[data-test=empty-dir]"));
        Path file = Files.createTempFile("warren-volume-", ".txt");
        Files.writeString(file, "volume content");
        browser.driver().findElement(By.cssSelector("[data-test=file-browser] input[type=file]")).sendKeys(file.toString());
        String name = file.getFileName().toString();
        browser.await("the upload to finish", d -> d.findElement(By.cssSelector(
                "[data-upload='" + name + "'] [data-test=upload-phase]")).getText().equals("Uploaded"));
        browser.visible(By.cssSelector("tr[data-entry='" + name + "']"));
        assertThat(warren.text("/api/volumes/" + volume + "/files?path=/" + name)).isEqualTo("volume content");
        browser.screenshot("33-volumes");
        browser.click(By.cssSelector("tr[data-volume='" + volume + "'] [data-action=delete]"));
        browser.click(By.cssSelector("dialog[data-dialog=delete] [data-action=confirm-delete]"));
        browser.await("the volume to go", d -> d.findElements(By.cssSelector("tr[data-volume='" + volume + "']")).isEmpty());
        Files.deleteIfExists(file);
    }

    @Test
    @Order(6)
    void every_page_fits_a_phone_and_passes_axe() {
        String id = sandbox;
        for (String[] page : List.of(new String[] {"/spaces", "tr[data-space] .status", "40-phone-spaces"},
                new String[] {"/spaces/new?template=base", "input[name=name]", "41-phone-create-space"},
                new String[] {"/templates", "tr[data-template=base]", "42-phone-templates"},
                new String[] {"/snapshots", "[data-action=take]", "43-phone-snapshots"},
                new String[] {"/volumes", "[data-action=create]", "44-phone-volumes"},
                new String[] {"/profile", "[data-action=create-token]", "45-phone-profile"},
                new String[] {"/users", "tr[data-user]", "46-phone-users"},
                new String[] {"/spaces/" + id, "[data-test=state]", "47-phone-sandbox-page"},
                new String[] {"/terminal/" + id, "#terminal .xterm", "48-phone-terminal"},
                new String[] {"/no-such-page", "[data-test=error-page]", "49-phone-404"})) {
            browser.open(page[0]);
            browser.visible(By.cssSelector(page[1]));
            PageChecks.onPhone(browser, page[0], page[2]);
        }
        browser.open("/spaces");
        PageChecks.phone(browser);
        try {
            browser.click(row(sandbox, "[data-action=menu]"));
            browser.visible(row(sandbox, ".menu-items [data-action=kill]"));
            PageChecks.fitsWidth(browser, "/spaces with a menu open");
            browser.screenshot("50-phone-spaces-menu");
        } finally {
            PageChecks.desktop(browser);
        }
        browser.driver().manage().deleteAllCookies();
        browser.open("/login");
        browser.visible(By.name("username"));
        PageChecks.onPhone(browser, "/login", "51-phone-login");
        browser.logIn(WarrenUnderTest.ADMIN, WarrenUnderTest.ADMIN_PASSWORD);
    }

    @Test
    @Order(7)
    void a_missing_page_is_a_styled_404_with_navigation_and_the_favicon_is_served() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(warren.baseUrl() + "/no-such-page"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Page not found").contains("rel=\"icon\"");
        HttpResponse<String> icon = http.send(HttpRequest.newBuilder(URI.create(warren.baseUrl()
                + "/static/favicon.svg")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.body()).startsWith("<svg");

        browser.open("/no-such-page");
        browser.visible(By.cssSelector("[data-test=error-page]"));
        assertThat(browser.shown(By.cssSelector("nav a[data-nav]"))).hasSizeGreaterThan(3);
        browser.screenshot("52-not-found");
        browser.click(By.cssSelector("[data-action=home]"));
        browser.await("the Spaces page", d -> browser.path().equals("/spaces"));
    }

    @Test
    @Order(8)
    void create_space_for_says_where_the_space_went_and_field_errors_clear_when_fixed() {
        browser.open("/spaces/new?template=base&for=choose");
        WebElement name = browser.visible(By.name("name"));
        assertThat(name.getCssValue("font-weight")).isEqualTo("400");
        browser.click(By.cssSelector("[data-action=create]"));
        By nameError = By.xpath("//input[@name='name']/following-sibling::small");
        browser.await("the name's error", d -> !d.findElement(nameError).getText().isBlank());
        browser.type(By.name("name"), "for-" + suffix);
        browser.await("the error to clear once the field changes", d -> d.findElement(nameError).getText().isBlank());
        new Select(browser.visible(By.name("for_user"))).selectByVisibleText(username + " (" + username
                + "@example.com)");
        browser.click(By.cssSelector("[data-action=create]"));
        String notice = browser.visible(By.cssSelector("[data-test=notice]")).getText();
        assertThat(notice).contains("for-" + suffix).contains("for " + username);
        browser.screenshot("53-created-for-someone");
        browser.click(By.name("everyone"));
        browser.visible(row("for-" + suffix, ".status"));
    }

    @Test
    @Order(9)
    void the_unknown_variable_sentence_lists_every_variable_the_server_accepts() {
        browser.open("/templates");
        browser.click(By.cssSelector("[data-action=new-template]"));
        browser.type(By.name("name"), "vars-" + suffix);
        WebElement spec = browser.visible(By.name("spec"));
        spec.clear();
        spec.sendKeys("image: warren-base:latest\nhostname: \"${{ .user.shoe }}\"\n");
        browser.click(By.cssSelector("dialog[data-dialog=template-editor] [data-action=save]"));
        String message = browser.await("the spec error", d -> {
            String text = d.findElement(By.cssSelector("[data-field=spec]")).getText();
            return text.isBlank() ? null : text;
        });
        assertThat(message).contains("user.shoe", "user.id", "user.timezone", "template.id", "custom.<field>");
    }

    @Test
    @Order(10)
    void a_sandbox_is_killed_through_a_confirmation() throws Exception {
        browser.open("/spaces");
        menu(sandbox, "kill");
        browser.visible(By.cssSelector("dialog[data-dialog=kill][open]"));
        browser.click(By.cssSelector("dialog[data-dialog=kill] [data-action=confirm-kill]"));
        browser.await("the sandbox to go", Duration.ofSeconds(60), d -> d.findElements(row(sandbox, "")).isEmpty());
        JsonNode left = warren.api("GET", "/api/sandboxes?metadata=run=42", null);
        assertThat(left.path("sandboxes").findValuesAsText("name")).doesNotContain(sandbox);
    }
}
