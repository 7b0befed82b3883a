package dev.warren.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Auth.CreateUserRequest;
import dev.warren.client.wire.Templates.CustomField;
import dev.warren.client.wire.Templates.TemplateInfo;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.core.model.Template;
import dev.warren.server.support.RawHttp;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The foundation issue through the SDK and plain HTTP: login, tokens, users, templates, validation and the error
 * shape, each refusal checked to change nothing in the store. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FoundationContract {
    static final String SPEC = "image: warren-base:latest\ncommand: [sleep, \"3600\"]\n";
    private TestServer server;
    private Warren admin;
    private RawHttp raw;
    private final ObjectMapper json = new ObjectMapper();

    abstract TestServer startServer();

    @BeforeAll
    void start() {
        server = startServer();
        admin = server.admin();
        raw = new RawHttp(server.url());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private List<Template> storedTemplates() {
        return server.server().stores().templates().list();
    }

    @Test
    void a_wrong_password_is_refused_with_401_and_a_sentence() {
        assertThatThrownBy(() -> Warren.login(server.url(), "admin", "wrong-password", "t", null))
                .isInstanceOf(WarrenException.Unauthenticated.class)
                .hasMessageContaining("username or password is wrong");
    }

    @Test
    void repeated_failed_logins_are_rate_limited() {
        String user = TestServer.randomName("limited");
        admin.users().create(new CreateUserRequest(user, user + "@example.test", "password-ok-1", null, true, null,
                null));
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThatThrownBy(() -> Warren.login(server.url(), user, "nope-nope", "t", null))
                    .isInstanceOf(WarrenException.Unauthenticated.class);
        }
        assertThatThrownBy(() -> Warren.login(server.url(), user, "password-ok-1", "t", null))
                .isInstanceOf(WarrenException.TooManyRequests.class);
    }

    @Test
    void a_token_is_shown_once_listed_without_its_secret_and_revocable() {
        var created = admin.tokens().create("laptop", 30);
        assertThat(created.token()).startsWith("wrn_");
        assertThat(created.expiresAt()).isNotNull();
        assertThat(admin.tokens().list()).anySatisfy(token -> assertThat(token.id()).isEqualTo(created.id()));
        Warren laptop = Warren.connect(server.url(), created.token());
        assertThat(laptop.whoami().username()).isEqualTo("admin");
        admin.tokens().revoke(created.id());
        assertThatThrownBy(laptop::whoami).isInstanceOf(WarrenException.Unauthenticated.class);
        assertThat(server.server().stores().tokens().findByHash(
                dev.warren.server.auth.Secrets.sha256(created.token()))).isEmpty();
    }

    @Test
    void a_token_with_an_invalid_expiry_is_refused_and_not_stored() {
        int before = admin.tokens().list().size();
        assertThatThrownBy(() -> admin.tokens().create("bad", 0))
                .isInstanceOfSatisfying(WarrenException.ValidationFailed.class, error ->
                        assertThat(error.validations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("expires_in_days")));
        assertThat(admin.tokens().list()).hasSize(before);
    }

    @Test
    void an_admin_creates_edits_and_deletes_a_template_and_the_hash_follows_the_spec_only() {
        String name = TestServer.randomName("tpl");
        TemplateInfo created = admin.templates().create(new TemplateRequest(name, "first", "", SPEC,
                List.of(new CustomField("repo", "Git URL")), true));
        assertThat(created.hash()).isNotBlank();
        TemplateInfo renamedOnly = admin.templates().update(name, new TemplateRequest(name, "second", "/icon.svg",
                SPEC, List.of(new CustomField("repo", "Git URL")), true));
        assertThat(renamedOnly.hash()).isEqualTo(created.hash());
        TemplateInfo changed = admin.templates().update(name, new TemplateRequest(name, "second", "", SPEC
                + "environment:\n  REPO: \"${{ .custom.repo }}\"\n", List.of(new CustomField("repo", "")), true));
        assertThat(changed.hash()).isNotEqualTo(created.hash());
        assertThat(admin.templates().get(created.id()).description()).isEqualTo("second");
        admin.templates().delete(name);
        assertThatThrownBy(() -> admin.templates().get(name)).isInstanceOf(WarrenException.NotFound.class);
    }

    @Test
    void every_invalid_template_is_refused_naming_the_field_and_nothing_is_stored() {
        List<Template> before = storedTemplates();
        String name = TestServer.randomName("bad");
        record Case(TemplateRequest request, String field, String words) {}
        List<Case> cases = List.of(
                new Case(new TemplateRequest("Bad Name", "", "", SPEC, List.of(), true), "name", "lowercase"),
                new Case(new TemplateRequest(name, "", "", "image: [unclosed", List.of(), true), "spec", "not valid YAML"),
                new Case(new TemplateRequest(name, "", "", SPEC + "hostname: \"${{ .user.shoe_size }}\"\n", List.of(),
                        true), "spec", "unknown variable"),
                new Case(new TemplateRequest(name, "", "", SPEC + "environment:\n  A: \"${{ .custom.nope }}\"\n",
                        List.of(), true), "spec", "custom.nope"),
                new Case(new TemplateRequest(name, "", "", SPEC + "colour: blue\n", List.of(), true), "spec",
                        "unknown key"),
                new Case(new TemplateRequest(name, "", "", SPEC + "memory: lots\n", List.of(), true), "spec", "memory"),
                new Case(new TemplateRequest(name, "", "", SPEC + "ports: [70000]\n", List.of(), true), "spec",
                        "out of range"),
                new Case(new TemplateRequest(name, "", "", "", List.of(), true), "spec", "required"),
                new Case(new TemplateRequest(name, "", "ftp://x", SPEC, List.of(), true), "icon_url", "URL"),
                new Case(new TemplateRequest(name, "x".repeat(2001), "", SPEC, List.of(), true), "description",
                        "2000"),
                new Case(new TemplateRequest(name, "", "", SPEC, List.of(new CustomField("Bad-Field", "")), true),
                        "custom_fields", "lowercase"));
        for (Case c : cases) {
            assertThatThrownBy(() -> admin.templates().create(c.request()))
                    .as("field %s", c.field())
                    .isInstanceOfSatisfying(WarrenException.ValidationFailed.class, error -> {
                        assertThat(error.status()).isEqualTo(400);
                        assertThat(error.validations()).anySatisfy(v -> {
                            assertThat(v.field()).isEqualTo(c.field());
                            assertThat(v.message()).containsIgnoringCase(c.words());
                        });
                    });
        }
        assertThat(storedTemplates()).isEqualTo(before);
    }

    @Test
    void a_duplicate_template_name_is_a_conflict_and_the_original_is_untouched() {
        String name = TestServer.randomName("dup");
        admin.templates().create(new TemplateRequest(name, "original", "", SPEC, List.of(), true));
        List<Template> before = storedTemplates();
        assertThatThrownBy(() -> admin.templates().create(new TemplateRequest(name, "copy", "", SPEC, List.of(), true)))
                .isInstanceOf(WarrenException.Conflict.class).hasMessageContaining("already exists");
        assertThat(storedTemplates()).isEqualTo(before);
    }

    @Test
    void a_user_sees_active_templates_only_and_cannot_write_them() {
        String inactive = TestServer.randomName("hidden");
        admin.templates().create(new TemplateRequest(inactive, "", "", SPEC, List.of(), false));
        Warren user = server.newUser(TestServer.randomName("reader"));
        assertThat(user.templates().list()).noneSatisfy(t -> assertThat(t.name()).isEqualTo(inactive));
        assertThatThrownBy(() -> user.templates().get(inactive)).isInstanceOf(WarrenException.NotFound.class);
        List<Template> before = storedTemplates();
        assertThatThrownBy(() -> user.templates().create(new TemplateRequest(TestServer.randomName("x"), "", "", SPEC,
                List.of(), true))).isInstanceOf(WarrenException.NotFound.class);
        assertThatThrownBy(() -> user.templates().delete(inactive)).isInstanceOf(WarrenException.NotFound.class);
        assertThatThrownBy(() -> user.users().list()).isInstanceOf(WarrenException.NotFound.class);
        assertThat(storedTemplates()).isEqualTo(before);
    }

    @Test
    void users_are_validated_and_duplicates_refused_without_changes() {
        String name = TestServer.randomName("person");
        admin.users().create(new CreateUserRequest(name, name + "@example.test", "long-password", null, true, "zsh",
                "Europe/Paris"));
        int before = admin.users().list().size();
        assertThatThrownBy(() -> admin.users().create(new CreateUserRequest(name, "other@example.test",
                "long-password", null, true, null, null))).isInstanceOf(WarrenException.Conflict.class);
        assertThatThrownBy(() -> admin.users().create(new CreateUserRequest(TestServer.randomName("p"),
                name.toUpperCase() + "@EXAMPLE.TEST", "long-password", null, true, null, null)))
                .isInstanceOf(WarrenException.Conflict.class);
        assertThatThrownBy(() -> admin.users().create(new CreateUserRequest("ok-name", "not-an-email", "short",
                List.of("wizard"), true, "tcsh", "Mars/Base"))).isInstanceOfSatisfying(
                WarrenException.ValidationFailed.class, error -> assertThat(error.validations())
                        .extracting(v -> v.field())
                        .contains("email", "password", "roles", "preferred_shell", "timezone"));
        assertThat(admin.users().list()).hasSize(before);
    }

    @Test
    void the_last_active_admin_cannot_be_demoted_or_disabled() {
        var adminUser = server.server().stores().users().findByUsername("admin").orElseThrow();
        assertThatThrownBy(() -> admin.users().update("admin", new dev.warren.client.wire.Auth.UpdateUserRequest(
                null, null, List.of("user"), null, null, null))).isInstanceOf(WarrenException.Conflict.class)
                .hasMessageContaining("last active admin");
        assertThatThrownBy(() -> admin.users().update("admin", new dev.warren.client.wire.Auth.UpdateUserRequest(
                null, null, null, false, null, null))).isInstanceOf(WarrenException.Conflict.class);
        assertThat(server.server().stores().users().findByUsername("admin").orElseThrow()).isEqualTo(adminUser);
    }

    @Test
    void the_service_password_is_generated_readable_by_its_owner_and_changeable() {
        String name = TestServer.randomName("svc");
        Warren user = server.newUser(name);
        String generated = raw("GET", "/api/profile/service-password", null, user).path("service_password").asText();
        assertThat(generated).hasSizeGreaterThanOrEqualTo(16);
        JsonNode refused = raw("PUT", "/api/profile/service-password", "{\"service_password\":\"short\"}", user);
        assertThat(refused.path("validations").get(0).path("field").asText()).isEqualTo("service_password");
        String stored = server.server().stores().users().findByUsername(name).orElseThrow().servicePassword();
        assertThat(stored).isEqualTo(generated);
        JsonNode changed = raw("PUT", "/api/profile/service-password", "{\"service_password\":\"a-new-secret\"}", user);
        assertThat(changed.path("service_password").asText()).isEqualTo("a-new-secret");
    }

    @Test
    void malformed_json_unknown_fields_and_oversized_bodies_are_refused_clearly() {
        List<Template> before = storedTemplates();
        String auth = "Bearer " + admin.connection().token();
        var malformed = raw.send("POST", "/api/templates", "{\"name\": ", "Authorization", auth);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).contains("not valid JSON");
        var unknown = raw.send("POST", "/api/templates", "{\"name\":\"x\",\"spec\":\"image: a\",\"colour\":1}",
                "Authorization", auth);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("colour");
        var huge = raw.send("POST", "/api/templates", "{\"name\":\"x\",\"description\":\"" + "a".repeat(2 << 20)
                + "\"}", "Authorization", auth);
        assertThat(huge.status()).isEqualTo(413);
        var empty = raw.send("POST", "/api/templates", null, "Authorization", auth);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(storedTemplates()).isEqualTo(before);
    }

    @Test
    void bad_bodies_are_told_in_the_apis_words_never_javas() {
        List<Template> before = storedTemplates();
        String auth = "Bearer " + admin.connection().token();
        record Case(String path, String body, String sentence) {}
        List<Case> cases = List.of(
                new Case("/api/tokens", "{\"name\":\"t\",\"expires_in_days\":\"soon\"}",
                        "The field 'expires_in_days' must be a number."),
                new Case("/api/tokens", "{\"name\":\"t\",\"expires_in_days\":true}",
                        "The field 'expires_in_days' must be a number."),
                new Case("/api/tokens", "{\"name\":\"t\",\"expires_in_days\":99999999999}",
                        "The field 'expires_in_days' must be a number from -2147483648 to 2147483647."),
                new Case("/api/templates", "{\"name\":\"x\",\"spec\":\"image: a\",\"colour\":1}",
                        "Unknown field 'colour'."),
                new Case("/api/templates", "{\"name\":\"x\",\"custom_fields\":[{\"name\":\"a\",\"shoe\":1}]}",
                        "Unknown field 'custom_fields[0].shoe'."),
                new Case("/api/templates", "{\"name\":\"x\",\"custom_fields\":[{\"name\":{\"a\":1}}]}",
                        "The field 'custom_fields[0].name' must be a string."),
                new Case("/api/templates", "{\"name\":\"x\",\"custom_fields\":\"repo\"}",
                        "The field 'custom_fields' must be a list."),
                new Case("/api/templates", "{\"name\":\"x\",\"active\":\"yes\"}",
                        "The field 'active' must be true or false."),
                new Case("/api/spaces", "{\"name\":\"x\",\"template\":\"base\",\"custom_fields\":[1]}",
                        "The field 'custom_fields' must be an object."),
                new Case("/api/templates", "[1, 2]", "The body must be a JSON object."),
                new Case("/api/templates", "\"a string\"", "The body must be a JSON object."),
                new Case("/api/templates", "42", "The body must be a JSON object."),
                new Case("/api/templates", "null", "The body must be a JSON object."),
                new Case("/api/templates", "{\"name\": ", "The body is not valid JSON: "),
                new Case("/api/templates", "{name: 1}", "The body is not valid JSON: "),
                new Case("/api/templates", "{\"name\":\"x\\q\"}", "The body is not valid JSON: "),
                new Case("/api/templates", "{\"name\":\"x\"} and more", "The body is not valid JSON: "),
                new Case("/api/templates", "{\"name\":\"x\"}{}", "The body is not valid JSON: "));
        for (Case c : cases) {
            var answer = raw.send("POST", c.path(), c.body(), "Authorization", auth);
            assertThat(answer.status()).as("%s %s", c.path(), c.body()).isEqualTo(400);
            JsonNode error = parse(answer.body());
            assertThat(error.path("error").asText()).as(c.body()).startsWith(c.sentence());
            List<String> words = new java.util.ArrayList<>(List.of(error.path("error").asText(),
                    error.path("detail").asText()));
            error.path("validations").forEach(v -> words.add(v.path("field").asText() + " " + v.path("message")
                    .asText()));
            for (String text : words) {
                assertThat(text).as("%s answered %s", c.body(), answer.body())
                        .doesNotContain("dev.warren", "$", "java.", "com.fasterxml", "Jackson", "JsonToken");
            }
        }
        assertThat(storedTemplates()).isEqualTo(before);
    }

    @Test
    void admins_list_every_users_spaces_and_others_are_refused_with_a_sentence() {
        String ownerName = TestServer.randomName("owner");
        Warren owner = server.newUser(ownerName);
        String ownSpace = TestServer.randomName("mine");
        owner.create(ownSpace, "base");
        String adminSpace = TestServer.randomName("admins");
        admin.create(adminSpace, "base");

        Set<String> everyone = spaceNames(raw.send("GET", "/api/spaces?all=true", null, "Authorization",
                "Bearer " + admin.connection().token()));
        assertThat(everyone).contains(ownSpace, adminSpace);
        Set<String> adminsOwn = spaceNames(raw.send("GET", "/api/spaces?all=false", null, "Authorization",
                "Bearer " + admin.connection().token()));
        assertThat(adminsOwn).contains(adminSpace).doesNotContain(ownSpace);
        assertThat(spaceNames(raw.send("GET", "/api/spaces", null, "Authorization",
                "Bearer " + admin.connection().token()))).isEqualTo(adminsOwn);

        String userAuth = "Bearer " + owner.connection().token();
        var refused = raw.send("GET", "/api/spaces?all=true", null, "Authorization", userAuth);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(parse(refused.body()).path("error").asText()).isEqualTo("Only admins may list every user's spaces.");
        assertThat(spaceNames(raw.send("GET", "/api/spaces?all=false", null, "Authorization", userAuth)))
                .containsExactly(ownSpace);
        assertThat(spaceNames(raw.send("GET", "/api/spaces", null, "Authorization", userAuth)))
                .containsExactly(ownSpace);
        for (String bad : List.of("yes", "1", "TRUE", "")) {
            var invalid = raw.send("GET", "/api/spaces?all=" + bad, null, "Authorization", userAuth);
            assertThat(invalid.status()).as("all=%s", bad).isEqualTo(400);
            assertThat(parse(invalid.body()).path("validations").get(0).path("field").asText()).isEqualTo("all");
        }
    }

    private Set<String> spaceNames(RawHttp.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        parse(answer.body()).forEach(space -> names.add(space.path("name").asText()));
        return names;
    }

    @Test
    void errors_have_one_shape_and_missing_credentials_are_401() {
        var anonymous = raw.send("GET", "/api/spaces", null);
        assertThat(anonymous.status()).isEqualTo(401);
        JsonNode body = parse(anonymous.body());
        assertThat(body.has("error")).isTrue();
        assertThat(body.has("detail")).isTrue();
        assertThat(body.path("validations").isArray()).isTrue();
        assertThat(raw.send("GET", "/api/spaces", null, "Authorization", "Bearer wrn_forged").status()).isEqualTo(401);
    }

    @Test
    void a_browser_session_needs_the_csrf_token_for_unsafe_requests() {
        var login = raw.send("POST", "/api/auth/login", "{\"username\":\"admin\",\"password\":\""
                + TestServer.ADMIN_PASSWORD + "\"}");
        assertThat(login.status()).isEqualTo(200);
        String cookie = login.cookies().getFirst().split(";")[0];
        assertThat(login.cookies().getFirst()).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        String csrf = parse(login.body()).path("csrf_token").asText();
        assertThat(raw.send("GET", "/api/auth/me", null, "Cookie", cookie).status()).isEqualTo(200);
        List<Template> before = storedTemplates();
        String request = "{\"name\":\"" + TestServer.randomName("csrf") + "\",\"spec\":\"image: a\"}";
        assertThat(raw.send("POST", "/api/templates", request, "Cookie", cookie).status()).isEqualTo(403);
        assertThat(raw.send("POST", "/api/templates", request, "Cookie", cookie, "X-CSRF-Token", "wrong").status())
                .isEqualTo(403);
        assertThat(storedTemplates()).isEqualTo(before);
        assertThat(raw.send("POST", "/api/templates", request, "Cookie", cookie, "X-CSRF-Token", csrf).status())
                .isEqualTo(201);
    }

    @Test
    void the_openapi_document_covers_every_served_route() {
        JsonNode document = parse(raw.send("GET", "/api/openapi.json", null).body());
        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(
                method -> documented.add(method.getKey().toUpperCase() + " " + path.getKey())));
        Set<String> served = new TreeSet<>();
        for (String route : server.server().http().servedRoutes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            boolean endpoint = Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method); // not filters
            if (endpoint && (path.startsWith("/api/") || path.startsWith("/space-io/") || path.equals("/health")
                    || path.equals("/metrics"))) {
                served.add(route);
            }
        }
        assertThat(served).isNotEmpty();
        assertThat(documented).containsAll(served);
        assertThat(document.path("components").path("schemas").has("SpaceInfo")).isTrue();
    }

    @Test
    void health_and_metrics_answer_without_credentials() {
        JsonNode health = parse(raw.send("GET", "/health", null).body());
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("store").asText()).isIn("sqlite", "postgresql");
        admin.whoami();
        var metrics = raw.send("GET", "/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("warren_http_requests").contains("jvm_memory_used_bytes");
    }

    // --- secrets at rest and sessions (issue 10, item 6) ---

    @Test
    void changing_ones_password_ends_ones_other_browser_sessions_and_keeps_this_one() {
        String name = TestServer.randomName("sessions");
        server.newUser(name);
        String password = "password-" + name;
        Login here = login(name, password);
        Login elsewhere = login(name, password);
        Login stranger = login("admin", TestServer.ADMIN_PASSWORD);
        var changed = raw.send("PATCH", "/api/profile", "{\"current_password\":\"" + password
                + "\",\"new_password\":\"a-brand-new-password\"}", "Cookie", here.cookie(), "X-CSRF-Token",
                here.csrf());
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(raw.send("GET", "/api/auth/me", null, "Cookie", here.cookie()).status())
                .as("the session that changed the password stays").isEqualTo(200);
        assertThat(raw.send("GET", "/api/auth/me", null, "Cookie", elsewhere.cookie()).status())
                .as("the user's other session ends").isEqualTo(401);
        assertThat(raw.send("GET", "/api/auth/me", null, "Cookie", stranger.cookie()).status())
                .as("other users' sessions stay").isEqualTo(200);

        Login again = login(name, "a-brand-new-password");
        var reset = raw.send("PATCH", "/api/users/" + name, "{\"password\":\"an-admin-reset-password\"}",
                "Authorization", "Bearer " + admin.connection().token());
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(raw.send("GET", "/api/auth/me", null, "Cookie", here.cookie()).status())
                .as("an admin's reset ends every session of the user").isEqualTo(401);
        assertThat(raw.send("GET", "/api/auth/me", null, "Cookie", again.cookie()).status()).isEqualTo(401);
    }

    @Test
    void service_passwords_are_encrypted_in_the_store_and_clear_through_the_api() throws Exception {
        String name = TestServer.randomName("sealed");
        Warren user = server.newUser(name);
        raw("PUT", "/api/profile/service-password", "{\"service_password\":\"plain-secret-123\"}", user);
        assertThat(raw("GET", "/api/profile/service-password", null, user).path("service_password").asText())
                .isEqualTo("plain-secret-123");
        try (var connection = java.sql.DriverManager.getConnection(server.databaseUrl());
             var query = connection.prepareStatement("SELECT service_password FROM users WHERE username = ?")) {
            query.setString(1, name);
            try (var row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).startsWith("v1:").doesNotContain("plain-secret");
            }
        }
    }

    private record Login(String cookie, String csrf) {}

    private Login login(String username, String password) {
        var answer = raw.send("POST", "/api/auth/login", "{\"username\":\"" + username + "\",\"password\":\""
                + password + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return new Login(answer.cookies().getFirst().split(";")[0], parse(answer.body()).path("csrf_token").asText());
    }

    private JsonNode raw(String method, String path, String body, Warren as) {
        return parse(raw.send(method, path, body, "Authorization", "Bearer " + as.connection().token()).body());
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException error) {
            throw new IllegalStateException(body, error);
        }
    }
}
