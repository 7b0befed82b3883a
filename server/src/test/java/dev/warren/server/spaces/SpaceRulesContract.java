package dev.warren.server.spaces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.CreateOptions;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Spaces.CreateSpaceRequest;
import dev.warren.client.wire.Spaces.SpaceInfo;
import dev.warren.client.wire.Spaces.UpdateSpaceRequest;
import dev.warren.client.wire.Templates.CustomField;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.core.model.Space;
import dev.warren.server.support.BridgeStandIn;
import dev.warren.server.support.RawHttp;
import dev.warren.server.support.TestServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The knot.space table's rules: every refusal answers a clear 4xx and changes nothing in the store; owners,
 * recipients of a share, admins and strangers each get exactly their rights. Subclasses pick the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpaceRulesContract {
    private TestServer server;
    private Warren admin;
    private Warren alice;
    private Warren bob;
    private Warren carol;
    private String aliceName;
    private String bobName;
    private String template;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        admin = server.admin();
        aliceName = TestServer.randomName("alice");
        bobName = TestServer.randomName("bob");
        alice = server.newUser(aliceName);
        bob = server.newUser(bobName);
        carol = server.newUser(TestServer.randomName("carol"));
        template = TestServer.randomName("tpl");
        admin.templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n"
                + "command: [sleep, \"3600\"]\n", List.of(new CustomField("repo", "a repository")), true));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private List<Space> stored() {
        return server.server().stores().spaces().listAll();
    }

    /** What this server's runtime holds: instances (with whether they run) and volumes. */
    private List<String> engineObjects() {
        return server.server().services().runtime().resources().stream()
                .map(r -> r.kind() + ":" + r.name() + (r.running() ? ":running" : "")).sorted().toList();
    }

    /** Runs a refused call and checks it changed nothing in the store or in the engine. */
    private void refused(ThrowingCallable call, Class<? extends WarrenException> type, String words) {
        List<Space> before = stored();
        List<String> engineBefore = engineObjects();
        assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(words);
        assertThat(stored()).isEqualTo(before);
        assertThat(engineObjects()).isEqualTo(engineBefore);
    }

    @Test
    void invalid_creates_are_refused_and_create_nothing() {
        String name = TestServer.randomName("s");
        refused(() -> alice.create(name, "no-such-template"), WarrenException.NotFound.class, "no-such-template");
        refused(() -> alice.create("Not A Name", template), WarrenException.ValidationFailed.class, "name");
        refused(() -> alice.create(name, template, CreateOptions.defaults().withShell("tcsh")),
                WarrenException.ValidationFailed.class, "shell");
        refused(() -> alice.create(name, template, CreateOptions.defaults().withAltNames(List.of("BAD NAME"))),
                WarrenException.ValidationFailed.class, "alt_names");
        refused(() -> alice.create(name, template, CreateOptions.defaults().withCustomFields(Map.of("colour", "red"))),
                WarrenException.ValidationFailed.class, "colour");
        refused(() -> alice.create(name, template, CreateOptions.defaults().withDependsOn(List.of("missing"))),
                WarrenException.ValidationFailed.class, "missing");
        refused(() -> alice.createSpace(new CreateSpaceRequest(name, template, null, null, null, null, null, null,
                null, false, bobName)), WarrenException.ValidationFailed.class, "Only admins");
    }

    @Test
    void a_startup_script_is_set_by_its_owner_only_and_must_exist() {
        String name = TestServer.randomName("boot");
        alice.create(name, template);
        String script = TestServer.randomName("script");
        var created = admin.scripts().create(new dev.warren.client.wire.Scripts.ScriptRequest(script, "",
                "#!/bin/sh\necho booted\n"));
        refused(() -> alice.setStartupScript(name, "no-such-script"), WarrenException.ValidationFailed.class,
                "no-such-script");
        refused(() -> carol.setStartupScript(name, script), WarrenException.NotFound.class, name);
        alice.share(name, bobName);
        refused(() -> bob.setStartupScript(name, script), WarrenException.Forbidden.class, "owner");
        assertThat(alice.setStartupScript(name, script).startupScriptId()).isEqualTo(created.id());
        assertThat(bob.getStartupScript(name)).isEqualTo(created.id());
        assertThat(alice.setStartupScript(name, "").startupScriptId()).isEmpty();
    }

    @Test
    void a_duplicate_name_is_refused_for_the_same_owner_only() {
        String name = TestServer.randomName("twin");
        alice.create(name, template);
        refused(() -> alice.create(name, template), WarrenException.Conflict.class, "already exists");
        bob.create(name, template);
        assertThat(bob.get(name).username()).isEqualTo(bobName);
    }

    @Test
    void an_admin_creates_a_space_for_another_user() {
        String name = TestServer.randomName("gift");
        SpaceInfo space = admin.createSpace(new CreateSpaceRequest(name, template, "for bob", null, null, null, null,
                null, null, false, bobName));
        assertThat(space.username()).isEqualTo(bobName);
        assertThat(bob.get(name).id()).isEqualTo(space.id());
    }

    @Test
    void get_returns_every_field_of_the_seed() throws Exception {
        String name = TestServer.randomName("fields");
        alice.create(name, template, CreateOptions.defaults().withDescription("d").withStack("web")
                .withAltNames(List.of(name + "-alt")).withCustomFields(Map.of("repo", "r")));
        var answer = new RawHttp(server.url()).send("GET", "/api/spaces/" + name, null, "Authorization",
                "Bearer " + alice.connection().token());
        JsonNode json = new ObjectMapper().readTree(answer.body());
        for (String field : List.of("id", "name", "description", "template_id", "template_name", "user_id", "username",
                "shares", "depends_on", "shell", "platform", "zone", "is_running", "is_pending", "is_deleting",
                "node_hostname", "created_at", "alt_names", "icon_url", "custom_fields", "startup_script_id", "stack",
                "update_available")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.path("custom_fields").get(0).path("name").asText()).isEqualTo("repo");
        assertThat(json.path("platform").asText()).startsWith("linux/");
        assertThat(json.path("template_name").asText()).isEqualTo(template);
    }

    @Test
    void edits_change_details_and_bad_edits_change_nothing() {
        String name = TestServer.randomName("edit");
        String other = TestServer.randomName("other");
        alice.create(name, template);
        alice.create(other, template);
        String renamed = name + "-new";
        SpaceInfo edited = alice.update(name, new UpdateSpaceRequest(renamed, "desc", "/icons/x.svg",
                List.of(renamed + "-a"), "zsh"));
        assertThat(edited.name()).isEqualTo(renamed);
        assertThat(edited.shell()).isEqualTo("zsh");
        assertThat(alice.getDescription(renamed)).isEqualTo("desc");
        refused(() -> alice.update(renamed, new UpdateSpaceRequest(other, null, null, null, null)),
                WarrenException.Conflict.class, "already exists");
        refused(() -> alice.update(renamed, new UpdateSpaceRequest(null, null, "javascript:x", null, null)),
                WarrenException.ValidationFailed.class, "icon_url");
        refused(() -> alice.setStack(renamed, "Bad Stack"), WarrenException.ValidationFailed.class, "stack");
        assertThat(alice.setStack(renamed, "group")).isEqualTo("group");
        assertThat(alice.getStack(renamed)).isEqualTo("group");
    }

    @Test
    void custom_fields_are_limited_to_those_the_template_defines() {
        String name = TestServer.randomName("field");
        alice.create(name, template);
        assertThat(alice.setField(name, "repo", "https://example.test/r.git")).isEqualTo("https://example.test/r.git");
        assertThat(alice.getField(name, "repo")).isEqualTo("https://example.test/r.git");
        refused(() -> alice.setField(name, "colour", "red"), WarrenException.ValidationFailed.class, "colour");
        assertThatThrownBy(() -> alice.getField(name, "colour")).isInstanceOf(WarrenException.ValidationFailed.class);
    }

    @Test
    void dependencies_refuse_self_cycles_and_other_owners() {
        String a = TestServer.randomName("a");
        String b = TestServer.randomName("b");
        String c = TestServer.randomName("c");
        alice.create(a, template);
        alice.create(b, template, CreateOptions.defaults().withDependsOn(List.of(a)));
        alice.create(c, template, CreateOptions.defaults().withDependsOn(List.of(b)));
        String bobs = TestServer.randomName("bobs");
        bob.create(bobs, template);
        refused(() -> alice.setDependencies(a, a), WarrenException.ValidationFailed.class, "itself");
        refused(() -> alice.setDependencies(a, c), WarrenException.ValidationFailed.class, "cycle");
        refused(() -> alice.setDependencies(a, bob.get(bobs).id()), WarrenException.ValidationFailed.class,
                "same owner");
        assertThat(alice.setDependencies(a)).isEmpty();
        assertThat(alice.getDependencies(c)).containsExactly(alice.get(b).id());
    }

    @Test
    void sharing_gives_use_but_not_management_and_strangers_see_nothing() {
        String name = TestServer.randomName("shared");
        alice.create(name, template);
        String id = alice.get(name).id();
        refused(() -> alice.share(name, "nobody-at-all"), WarrenException.ValidationFailed.class, "nobody-at-all");
        refused(() -> alice.share(name, aliceName), WarrenException.ValidationFailed.class, "owner");
        alice.share(name, bobName);
        assertThat(alice.get(name).shares()).containsExactly(bob.whoami().id());
        assertThat(bob.list()).anySatisfy(space -> assertThat(space.id()).isEqualTo(id));
        bob.start(id);
        assertThat(bob.run(id, "echo", "shared").output()).isEqualTo("shared\n");
        bob.writeFile(id, "/tmp/from-bob", "hi");
        assertThat(alice.readFile(name, "/tmp/from-bob")).isEqualTo("hi");
        bob.stop(id);
        refused(() -> bob.delete(id), WarrenException.Forbidden.class, "owner");
        refused(() -> bob.transfer(id, bobName), WarrenException.Forbidden.class, "owner");
        refused(() -> bob.share(id, carol.whoami().username()), WarrenException.Forbidden.class, "owner");
        refused(() -> carol.get(id), WarrenException.NotFound.class, id);
        refused(() -> carol.start(id), WarrenException.NotFound.class, id);
        refused(() -> carol.delete(id), WarrenException.NotFound.class, id);
        assertThat(carol.list()).noneSatisfy(space -> assertThat(space.id()).isEqualTo(id));
        bob.unshare(id);
        assertThat(alice.get(name).shares()).isEmpty();
        assertThatThrownBy(() -> bob.get(id)).isInstanceOf(WarrenException.NotFound.class);
        alice.share(name, List.of(bobName, carol.whoami().email()));
        alice.unshare(name);
        assertThat(alice.get(name).shares()).isEmpty();
    }

    @Test
    void transfer_needs_a_stopped_space_an_existing_user_and_a_free_name() {
        String name = TestServer.randomName("move");
        alice.create(name, template);
        bob.create(name, template);
        refused(() -> alice.transfer(name, "nobody-at-all"), WarrenException.ValidationFailed.class, "nobody-at-all");
        refused(() -> alice.transfer(name, bobName), WarrenException.Conflict.class, "already has");
        String inactive = TestServer.randomName("gone");
        admin.users().create(new dev.warren.client.wire.Auth.CreateUserRequest(inactive, inactive + "@example.test",
                "password-" + inactive, null, false, null, null));
        refused(() -> alice.transfer(name, inactive), WarrenException.ValidationFailed.class, "disabled");
        String other = TestServer.randomName("move");
        alice.create(other, template);
        alice.share(other, carol.whoami().username());
        alice.start(other);
        refused(() -> alice.transfer(other, bobName), WarrenException.WrongState.class, "stop it first");
        alice.stop(other);
        SpaceInfo moved = alice.transfer(other, bobName);
        assertThat(moved.username()).isEqualTo(bobName);
        assertThat(moved.shares()).isEmpty();
        assertThat(bob.get(other).id()).isEqualTo(moved.id());
        assertThatThrownBy(() -> alice.get(moved.id())).isInstanceOf(WarrenException.NotFound.class);
    }

    /** Opens {@code who}'s events stream; its lines go to {@code lines}. Returns once the stream is open. */
    private java.util.concurrent.CompletableFuture<Void> events(java.net.http.HttpClient http, Warren who,
            java.util.concurrent.BlockingQueue<String> lines) throws InterruptedException {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/events"))
                .header("Authorization", "Bearer " + who.connection().token())
                .header("Accept", "text/event-stream").build();
        var stream = http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).as("the stream opens").isNotNull();
        return stream;
    }

    @Test
    void the_events_stream_delivers_only_spaces_the_user_may_see() throws Exception {
        String mine = TestServer.randomName("watched");
        String theirs = TestServer.randomName("private");
        alice.create(mine, template);
        bob.create(theirs, template);
        var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var stream = events(http, alice, lines);
            bob.start(theirs);
            alice.setDescription(mine, "changed while watched");
            String bobsId = bob.get(theirs).id();
            String alicesId = alice.get(mine).id();
            boolean sawMine = false;
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
            while (!sawMine && System.nanoTime() < deadline) {
                String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (line == null) {
                    continue;
                }
                assertThat(line).doesNotContain(bobsId);
                sawMine = line.contains(alicesId);
            }
            assertThat(sawMine).as("alice hears of her own space").isTrue();
            assertThat(lines).noneMatch(line -> line.contains(bobsId));
            stream.cancel(true);
        }
        bob.stop(theirs);
        var anonymous = new RawHttp(server.url()).send("GET", "/api/events", null, "Accept", "text/event-stream");
        assertThat(anonymous.status()).isEqualTo(401);
        alice.start(mine);
        String spaceToken = alice.run(mine, "sh", "-c", "printf %s \"$WARREN_TOKEN\"").output();
        try (BridgeStandIn bridge = BridgeStandIn.open(server, alice.get(mine).id())) {
            var fromSpace = new RawHttp(bridge.url()).send("GET", "/api/events", null, "Accept",
                    "text/event-stream", "Authorization", "Bearer " + spaceToken);
            assertThat(fromSpace.status()).isEqualTo(404);
        }
        alice.stop(mine);
    }

    @Test
    void the_events_stream_says_who_changed_what_and_when_a_space_is_deleted() throws Exception {
        String name = TestServer.randomName("gone");
        alice.create(name, template);
        String id = alice.get(name).id();
        var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var stream = events(http, alice, lines);
            alice.start(name);
            alice.stop(name);
            alice.delete(name);
            List<String> seen = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
            while (!(seen.contains("event: deleted") && seen.size() > seen.indexOf("event: deleted") + 1)
                    && System.nanoTime() < deadline) {
                String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (line != null) {
                    seen.add(line);
                }
            }
            stream.cancel(true);
            int deleted = seen.indexOf("event: deleted");
            assertThat(deleted).as("a deleted event arrives").isNotNegative();
            JsonNode event = new ObjectMapper().readTree(seen.get(deleted + 1).substring("data:".length()));
            assertThat(event.path("type").asText()).isEqualTo("deleted");
            assertThat(event.path("space_id").asText()).isEqualTo(id);
            assertThat(event.path("before").asText()).isEqualTo("deleting");
            assertThat(event.path("actor").asText()).isEqualTo(aliceName);
            JsonNode started = seen.stream().filter(line -> line.startsWith("data:") && line.contains("\"running\""))
                    .findFirst().map(line -> {
                        try {
                            return new ObjectMapper().readTree(line.substring("data:".length()));
                        } catch (java.io.IOException error) {
                            throw new AssertionError(error);
                        }
                    }).orElseThrow();
            assertThat(started.path("before").asText()).isEqualTo("starting");
            assertThat(started.path("event_id").asLong()).isPositive();
        }
        var plain = new RawHttp(server.url()).send("GET", "/api/events", null, "Authorization",
                "Bearer " + alice.connection().token());
        assertThat(plain.status()).isEqualTo(406);
        assertThat(plain.body()).contains("text/event-stream");
    }

    @Test
    void a_space_token_sees_only_its_own_space() {
        String name = TestServer.randomName("inside");
        String sibling = TestServer.randomName("sibling");
        alice.create(name, template);
        alice.create(sibling, template);
        alice.start(name);
        String token = alice.run(name, "sh", "-c", "printf %s \"$WARREN_TOKEN\"").output();
        assertThat(token).startsWith("wrs_");
        try (BridgeStandIn bridge = BridgeStandIn.open(server, alice.get(name).id());
             BridgeStandIn siblings = BridgeStandIn.open(server, alice.get(sibling).id())) {
            Warren inside = Warren.connect(bridge.url(), token);
            assertThat(inside.list()).extracting(SpaceInfo::name).containsExactly(name);
            assertThat(inside.run(name, "echo", "self").output()).isEqualTo("self\n");
            refused(() -> inside.get(sibling), WarrenException.NotFound.class, sibling);
            refused(() -> inside.delete(name), WarrenException.NotFound.class, "space token");
            refused(() -> inside.templates().list(), WarrenException.NotFound.class, "space token");
            assertThatThrownBy(() -> Warren.connect(server.url(), token).list())
                    .as("the token is bound to its space: not from the host").isInstanceOf(
                            WarrenException.Unauthenticated.class).hasMessageContaining("inside its own space");
            assertThatThrownBy(() -> Warren.connect(siblings.url(), token).list())
                    .as("nor through another space's bridge").isInstanceOf(WarrenException.Unauthenticated.class);
            alice.stop(name);
            assertThatThrownBy(inside::list).as("the token ends with the space").isInstanceOf(
                    WarrenException.Unauthenticated.class);
        }
    }

    // --- validation gaps of the security sweep (issue 10, item 7) ---

    @Test
    void a_space_name_must_start_with_a_letter() {
        refused(() -> alice.create("123", template), WarrenException.ValidationFailed.class, "starting with a letter");
        refused(() -> alice.create("1space", template), WarrenException.ValidationFailed.class, "name");
    }

    @Test
    void control_characters_and_bidi_overrides_are_refused_in_descriptions_and_token_names() {
        String name = TestServer.randomName("text");
        refused(() -> alice.create(name, template, CreateOptions.defaults().withDescription("evil\u202Etxt.exe")),
                WarrenException.ValidationFailed.class, "bidirectional override");
        refused(() -> alice.create(name, template, CreateOptions.defaults().withDescription("\u001B[2J")),
                WarrenException.ValidationFailed.class, "control character");
        alice.create(name, template, CreateOptions.defaults().withDescription("two\nlines are fine"));
        refused(() -> alice.setDescription(name, "nul\u0000byte"), WarrenException.ValidationFailed.class, "NUL");
        String aliceId = alice.whoami().id();
        var tokensBefore = server.server().stores().tokens().listForUser(aliceId).stream().map(t -> t.id()).toList();
        assertThatThrownBy(() -> alice.tokens().create("laptop\nadmin", null))
                .isInstanceOf(WarrenException.ValidationFailed.class).hasMessageContaining("line break");
        assertThatThrownBy(() -> alice.tokens().create("\u2067isolate", null))
                .isInstanceOf(WarrenException.ValidationFailed.class).hasMessageContaining("bidirectional");
        assertThat(server.server().stores().tokens().listForUser(aliceId).stream().map(t -> t.id()).toList())
                .isEqualTo(tokensBefore);
    }

    @Test
    void a_number_sent_as_a_string_is_refused_not_coerced() {
        String name = TestServer.randomName("strict");
        alice.create(name, template);
        for (String body : List.of("{\"command\": \"echo\", \"timeout\": \"10\"}",
                "{\"command\": \"echo\", \"timeout\": 10.5}", "{\"command\": 42}")) {
            var answer = new RawHttp(server.url()).send("POST", "/api/spaces/" + name + "/run", body,
                    "Authorization", "Bearer " + alice.connection().token(), "Content-Type", "application/json");
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.body()).as(body).containsAnyOf("must be a number", "must be a whole number",
                    "must be a string", "must be text");
        }
    }

    @Test
    void nul_bytes_in_a_command_are_refused_before_anything_runs() {
        String name = TestServer.randomName("nul");
        alice.create(name, template);
        refused(() -> alice.run(name, "echo\u0000rm"), WarrenException.ValidationFailed.class, "NUL");
        refused(() -> alice.run(name, "echo", "a\u0000b"), WarrenException.ValidationFailed.class, "NUL");
    }

    @Test
    void templates_with_unsafe_or_impossible_specs_are_refused_at_save_with_a_sentence() {
        Map<String, String> specs = new java.util.LinkedHashMap<>();
        specs.put("image: x\nmemory: 99999999999999999999g\n", "too large");
        specs.put("image: x\nmemory: 17179869185g\n", "too large");
        specs.put("image: x\ncpus: 1e-12\n", "0.01");
        specs.put("image: x\nimage: y\n", "twice");
        specs.put("image: x\ncap_add: [SYS_MAGIC]\n", "not a Linux capability");
        specs.put("image: x\ncap_add: ['${{ .custom.repo }}']\n", "'cap_add' cannot use template variables");
        specs.put("image: x\nhostname: \"a\\nb\"\n", "'hostname'");
        specs.put("image: x\nvolumes: {root: /}\n", "'/'");
        specs.put("image: x\nvolumes: {a: /.warren/run}\n", "/.warren");
        specs.put("image: x\npids: 1\n", "'pids'");
        specs.put("image: x\negress: {allow: [10.0.0.0/40]}\n", "CIDR");
        for (Map.Entry<String, String> spec : specs.entrySet()) {
            var before = server.server().stores().templates().list();
            assertThatThrownBy(() -> admin.templates().create(new TemplateRequest(TestServer.randomName("bad"), "",
                    "", spec.getKey(), List.of(new CustomField("repo", "")), true)))
                    .as(spec.getKey()).isInstanceOf(WarrenException.ValidationFailed.class)
                    .hasMessageContaining(spec.getValue());
            assertThat(server.server().stores().templates().list()).isEqualTo(before);
        }
    }
}
