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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web UI in a real headless Chromium against the real server and a real engine: a space's whole life through
 * the pages, the live status, the web terminal, the profile, and what a non-admin must not see. The tests run in
 * order and share one server and one browser. Screenshots land in target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {
    private final String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    private final String spaceName = "web-" + suffix;
    private final String username = "dana" + suffix;
    private final String userPassword = "dana-password-" + suffix;

    private WarrenUnderTest warren;
    private Browser browser;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Browser.available(), "Chromium and chromedriver are not installed (apt-get install chromium "
                + "chromium-driver, or set WARREN_TEST_CHROMIUM and WARREN_TEST_CHROMEDRIVER).");
        warren = new WarrenUnderTest();
        int login = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(warren.baseUrl() + "/login")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(login).as("GET /login: is WebUi added to the server's web extensions?").isEqualTo(200);
        browser = new Browser(warren.baseUrl());
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

    private By space(String css) {
        return By.cssSelector("tr[data-space='" + spaceName + "'] " + css);
    }

    private String status() {
        return browser.visible(space(".status")).getText();
    }

    @Test
    @Order(1)
    void the_admin_logs_in_and_sees_every_section_in_the_navigation() {
        browser.open("/spaces");
        browser.await("a redirect to the login page", d -> browser.path().startsWith("/login"));
        browser.visible(By.name("username"));
        browser.screenshot("01-login");

        browser.type(By.name("username"), WarrenUnderTest.ADMIN);
        browser.type(By.name("password"), "wrong-password");
        browser.click(By.cssSelector("button[type=submit]"));
        browser.visible(By.cssSelector("p.error"));
        assertThat(browser.path()).startsWith("/login");

        browser.logIn(WarrenUnderTest.ADMIN, WarrenUnderTest.ADMIN_PASSWORD);
        List<String> nav = browser.shown(By.cssSelector("nav a[data-nav]")).stream().map(WebElement::getText).toList();
        assertThat(nav).containsExactly("Spaces", "Templates", "Snapshots", "Volumes", "Profile", "Users");
        browser.screenshot("02-spaces-empty");
    }

    @Test
    @Order(2)
    void the_admin_creates_a_user_on_the_users_page() {
        browser.click(By.cssSelector("nav a[data-nav=Users]"));
        browser.type(By.name("new_username"), username);
        browser.type(By.name("new_email"), username + "@example.com");
        browser.type(By.name("new_password"), userPassword);
        browser.click(By.cssSelector("[data-action=create-user]"));
        browser.visible(By.cssSelector("tr[data-user='" + username + "']"));
        browser.screenshot("03-users");
    }

    @Test
    @Order(3)
    void the_admin_edits_templates_and_sees_spec_validation_next_to_the_field() {
        browser.click(By.cssSelector("nav a[data-nav=Templates]"));
        browser.visible(By.cssSelector("tr[data-template=base]"));
        browser.click(By.cssSelector("[data-action=new-template]"));
        browser.type(By.name("name"), "broken-" + suffix);
        WebElement spec = browser.visible(By.name("spec"));
        spec.clear();
        spec.sendKeys("image: [unclosed");
        browser.click(By.cssSelector("dialog[data-dialog=template-editor] [data-action=save]"));
        String message = browser.await("a validation message under the spec", d -> {
            String text = d.findElement(By.cssSelector("[data-field=spec]")).getText();
            return text.isBlank() ? null : text;
        });
        assertThat(message).isNotBlank();
        browser.screenshot("04-template-editor-validation");
        browser.driver().findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        browser.await("the editor to close", d -> browser.shown(By.cssSelector("dialog[open]")).isEmpty());
        browser.screenshot("05-templates");
    }

    @Test
    @Order(4)
    void a_space_is_created_through_the_form_from_a_template_menu() {
        browser.open("/templates");
        browser.click(By.cssSelector("tr[data-template=base] [data-action=menu]"));
        browser.click(By.cssSelector("tr[data-template=base] [data-action=create-space]"));
        browser.await("the Create Space form", d -> browser.path().startsWith("/spaces/new?template=base"));
        assertThat(browser.shown(By.name("for_user"))).as("admins may create a space for someone").hasSize(1);
        browser.visible(By.name("name"));

        browser.click(By.cssSelector("[data-action=create]"));
        browser.await("a validation message next to the empty name", d -> {
            String text = d.findElement(By.xpath("//input[@name='name']/following-sibling::small")).getText();
            return text.isBlank() ? null : text;
        });

        browser.type(By.name("name"), spaceName);
        browser.type(By.name("description"), "Made by the browser test");
        browser.click(By.cssSelector("[data-action=add-alt-name]"));
        browser.type(By.name("alt_name_0"), spaceName + "-alt");
        assertThat(browser.visible(By.name("shell")).getAttribute("value")).isEqualTo("bash");
        browser.screenshot("06-create-space");
        browser.click(By.cssSelector("[data-action=create]"));

        browser.await("the Spaces page", d -> browser.path().equals("/spaces"));
        assertThat(status()).isEqualTo("Stopped");
        browser.screenshot("07-spaces-stopped");
    }

    @Test
    @Order(5)
    void starting_shows_running_without_a_reload_and_then_offers_no_delete() {
        browser.script("window.__sameDocument = true");
        browser.click(space("[data-action=menu]"));
        browser.visible(space("[data-action=delete]")); // the menu has opened
        browser.screenshot("08-space-menu-stopped");
        assertThat(browser.shown(space("[data-action=delete]"))).hasSize(1);
        browser.click(space(".menu-items [data-action=start]"));
        browser.await("Running", Duration.ofSeconds(90), d -> status().equals("Running"));
        assertThat(browser.script("return window.__sameDocument === true")).isEqualTo(true);

        browser.visible(space("[data-action=terminal]"));
        browser.visible(space(".split [data-action=stop]"));
        browser.click(space("[data-action=stop-more]"));
        browser.visible(space("[data-action=restart]"));
        browser.screenshot("09-spaces-running-split-stop");
        browser.click(space("[data-action=menu]"));
        assertThat(browser.driver().findElements(space("[data-action=delete]")))
                .as("Delete is not offered for a running space").isEmpty();
        browser.screenshot("10-space-menu-running");
        browser.click(space("[data-action=menu]"));
    }

    @Test
    @Order(6)
    void the_web_terminal_runs_a_command_typed_into_it() {
        String spaces = browser.driver().getWindowHandle();
        List<String> before = new ArrayList<>(browser.driver().getWindowHandles());
        browser.click(space("[data-action=terminal]"));
        String terminal = browser.await("a new tab", d -> d.getWindowHandles().stream()
                .filter(handle -> !before.contains(handle)).findFirst().orElse(null));
        browser.driver().switchTo().window(terminal);
        browser.await("the terminal to connect", d -> d.findElement(By.id("terminal-status")).getText()
                .equals("Connected"));
        WebElement input = browser.driver().findElement(By.cssSelector(".xterm-helper-textarea"));
        input.sendKeys("echo hello" + Keys.ENTER);
        browser.await("hello on a line of its own", d -> d.findElements(By.cssSelector(".xterm-rows > div"))
                .stream().anyMatch(row -> row.getText().strip().equals("hello")));
        browser.screenshot("11-terminal");
        browser.driver().close();
        browser.driver().switchTo().window(spaces);
    }

    @Test
    @Order(7)
    void a_changed_template_shows_update_available_live_until_a_restart_applies_it() throws Exception {
        JsonNode template = warren.api("GET", "/api/templates/base", null);
        Map<String, Object> changed = new LinkedHashMap<>();
        changed.put("name", "base");
        changed.put("description", template.path("description").asText());
        changed.put("icon_url", template.path("icon_url").asText());
        changed.put("spec", template.path("spec").asText() + "# revision " + suffix + "\n");
        changed.put("custom_fields", List.of());
        changed.put("active", true);
        browser.script("window.__sameDocument = true");
        warren.api("PUT", "/api/templates/base", changed);
        browser.await("the badge pushed by the event stream", Duration.ofSeconds(30),
                d -> d.findElements(space("[data-test=update-available]")).stream().anyMatch(WebElement::isDisplayed));
        browser.screenshot("09b-update-available");
        browser.click(space("[data-action=stop-more]"));
        browser.click(space("[data-action=restart]"));
        browser.await("the badge to go after the restart", Duration.ofSeconds(90),
                d -> d.findElements(space("[data-test=update-available]")).stream().noneMatch(WebElement::isDisplayed)
                        && status().equals("Running"));
        assertThat(browser.script("return window.__sameDocument === true")).isEqualTo(true);
    }

    @Test
    @Order(8)
    void a_stop_made_elsewhere_appears_live_on_the_spaces_page() throws Exception {
        browser.script("window.__sameDocument = true");
        warren.api("POST", "/api/spaces/" + spaceName + "/stop", null);
        browser.await("Stopped pushed by the event stream", Duration.ofSeconds(60), d -> status().equals("Stopped"));
        assertThat(browser.script("return window.__sameDocument === true")).isEqualTo(true);
    }

    @Test
    @Order(9)
    void delete_goes_through_a_confirmation_dialog() {
        browser.click(space("[data-action=menu]"));
        browser.click(space("[data-action=delete]"));
        browser.visible(By.cssSelector("dialog[data-dialog=delete][open]"));
        browser.screenshot("12-delete-dialog");
        browser.click(By.cssSelector("dialog[data-dialog=delete] [data-action=confirm-delete]"));
        browser.await("the space to disappear", Duration.ofSeconds(60),
                d -> d.findElements(By.cssSelector("tr[data-space='" + spaceName + "']")).isEmpty());
        browser.screenshot("13-spaces-after-delete");
    }

    @Test
    @Order(10)
    void the_profile_shows_the_service_password_on_demand_and_manages_tokens() {
        browser.click(By.cssSelector("nav a[data-nav=Profile]"));
        assertThat(browser.shown(By.cssSelector("[data-test=service-password]"))).isEmpty();
        browser.click(By.cssSelector("[data-action=show-service-password]"));
        String first = browser.visible(By.cssSelector("[data-test=service-password]")).getText();
        assertThat(first).isNotBlank();
        browser.click(By.cssSelector("[data-action=set-service-password]"));
        browser.visible(By.cssSelector("[data-test=service-password-saved]"));
        browser.await("a new generated password", d -> !d.findElement(By.cssSelector("[data-test=service-password]"))
                .getText().equals(first));

        browser.type(By.name("token_name"), "laptop");
        browser.click(By.cssSelector("[data-action=create-token]"));
        String secret = browser.visible(By.cssSelector("[data-test=token-secret]")).getText();
        assertThat(secret).isNotBlank();
        browser.visible(By.cssSelector("tr[data-token=laptop]"));
        browser.screenshot("14-profile");
        browser.script("window.confirm = () => true");
        browser.click(By.cssSelector("tr[data-token=laptop] [data-action=revoke]"));
        browser.await("the token to be revoked", d -> d.findElements(By.cssSelector("tr[data-token=laptop]")).isEmpty());
    }

    @Test
    @Order(11)
    void a_user_who_is_not_an_admin_sees_no_template_editing_and_no_create_space_for() {
        browser.logIn(username, userPassword);
        List<String> nav = browser.shown(By.cssSelector("nav a[data-nav]")).stream().map(WebElement::getText).toList();
        assertThat(nav).containsExactly("Spaces", "Templates", "Snapshots", "Volumes", "Profile");

        browser.open("/templates");
        browser.visible(By.cssSelector("tr[data-template=base]"));
        assertThat(browser.shown(By.cssSelector("[data-action=new-template]"))).isEmpty();
        browser.click(By.cssSelector("tr[data-template=base] [data-action=menu]"));
        browser.visible(By.cssSelector("tr[data-template=base] [data-action=create-space]")); // the menu has opened
        assertThat(browser.shown(By.cssSelector("tr[data-template=base] [data-action=create-space]"))).hasSize(1);
        assertThat(browser.driver().findElements(By.cssSelector(
                "[data-action=edit], [data-action=delete], [data-action=create-space-for]"))).isEmpty();
        browser.screenshot("15-templates-as-user");

        browser.click(By.cssSelector("tr[data-template=base] [data-action=create-space]"));
        browser.visible(By.name("name"));
        assertThat(browser.driver().findElements(By.name("for_user"))).isEmpty();
        browser.screenshot("16-create-space-as-user");

        browser.open("/users");
        assertThat(browser.driver().findElement(By.tagName("body")).getText()).contains("not found");
    }

    @Test
    @Order(12)
    void the_terminal_socket_refuses_other_sites_and_strangers() throws Exception {
        Map<String, Integer> answers = TerminalProbe.handshakes(warren, browser.driver().manage()
                .getCookieNamed("warren_session").getValue());
        assertThat(answers).containsEntry("no session", 401).containsEntry("foreign origin", 403);
    }
}
