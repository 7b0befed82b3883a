package dev.warren.server.sdk;

import dev.warren.client.CreateOptions;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Scripts.ScriptRequest;
import dev.warren.client.wire.Spaces.RunResult;
import dev.warren.client.wire.Spaces.SpaceInfo;
import dev.warren.client.wire.Templates.CustomField;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every SDK function against a real server (Docker, temporary SQLite, port 0), including the error paths. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkIT {
    static final String SPEC = "image: warren-base:latest\ncommand: [sleep, \"3600\"]\n";
    private TestServer server;
    private Warren admin;
    private Warren alice;
    private String template;

    @BeforeAll
    void start() {
        server = TestServer.sqlite(TestServer.DOCKER);
        admin = server.admin();
        template = TestServer.randomName("sdk");
        admin.templates().create(new TemplateRequest(template, "SDK tests", "", SPEC,
                List.of(new CustomField("team", "The owning team")), true));
        alice = server.newUser(TestServer.randomName("alice"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void the_seed_usage_example_runs_as_written() {
        String name = TestServer.randomName("my-space");
        for (SpaceInfo s : alice.list()) {
            assertThat(s.name()).isNotBlank();
        }
        String id = alice.create(name, template, CreateOptions.defaults().withDescription("My dev environment"));
        assertThat(alice.get(name).id()).isEqualTo(id);
        alice.start(name);
        assertThat(alice.list()).filteredOn(s -> s.name().equals(name)).singleElement()
                .satisfies(s -> assertThat(s.isRunning()).isTrue());
        String output = alice.runOutput(name, "ls", "-la", "/tmp");
        assertThat(output).contains(".");
        String hostname = alice.readFile(name, "/etc/hostname");
        assertThat(hostname).isNotBlank();
        alice.stop(name);
        alice.delete(name);
        assertThatThrownBy(() -> alice.get(name)).isInstanceOf(WarrenException.NotFound.class);
    }

    @Test
    void properties_round_trip_and_invalid_values_are_refused() {
        String db = TestServer.randomName("db");
        String app = TestServer.randomName("app");
        String dbId = alice.create(db, template);
        alice.create(app, template, CreateOptions.defaults().withShell("sh").withStack("shop").withDependsOn(List.of(db)));
        assertThat(alice.getDependencies(app)).containsExactly(dbId);
        assertThat(alice.getStack(app)).isEqualTo("shop");
        assertThat(alice.setStack(app, "")).isEmpty();
        assertThat(alice.setDescription(app, "the app")).isEqualTo("the app");
        assertThat(alice.getDescription(app)).isEqualTo("the app");
        assertThat(alice.setDependencies(app)).isEmpty();
        assertThat(alice.setField(app, "team", "blue")).isEqualTo("blue");
        assertThat(alice.getField(app, "team")).isEqualTo("blue");
        assertThat(alice.isRunning(app)).isFalse();
        assertThatThrownBy(() -> alice.setField(app, "no-such-field", "x")).isInstanceOf(WarrenException.class);
        assertThatThrownBy(() -> alice.create("bad name!", template))
                .isInstanceOf(WarrenException.ValidationFailed.class);
        assertThatThrownBy(() -> alice.create(app, template)).isInstanceOf(WarrenException.Conflict.class);
        assertThatThrownBy(() -> alice.create(TestServer.randomName("x"), "no-such-template"))
                .isInstanceOf(WarrenException.class);
        alice.delete(app);
        alice.delete(db);
    }

    @Test
    void run_files_and_scripts_in_a_running_space() {
        String name = TestServer.randomName("io");
        alice.create(name, template);
        assertThatThrownBy(() -> alice.run(name, "true")).isInstanceOf(WarrenException.WrongState.class);
        alice.start(name);
        RunResult failed = alice.run(name, "sh", List.of("-c", "echo out; echo err >&2; exit 3"), null, "/tmp");
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.stdout()).isEqualTo("out\n");
        assertThat(failed.stderr()).isEqualTo("err\n");
        assertThat(alice.runOutput(name, "pwd")).isNotBlank();
        assertThat(alice.run(name, "pwd", List.of(), Duration.ofSeconds(5), "/tmp").stdout().strip()).isEqualTo("/tmp");
        RunResult slow = alice.run(name, "sleep", List.of("30"), Duration.ofSeconds(1), null);
        assertThat(slow.timedOut()).isTrue();

        alice.writeFile(name, "/tmp/hello.txt", "héllo\n");
        assertThat(alice.readFile(name, "/tmp/hello.txt")).isEqualTo("héllo\n");
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        alice.writeFile(name, "/tmp/blob", new ByteArrayInputStream(bytes));
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        assertThat(alice.readFile(name, "/tmp/blob", copy)).isEqualTo(bytes.length);
        assertThat(copy.toByteArray()).isEqualTo(bytes);
        assertThatThrownBy(() -> alice.readFile(name, "/no/such/file")).isInstanceOf(WarrenException.NotFound.class);

        String script = TestServer.randomName("greet");
        admin.scripts().create(new ScriptRequest(script, "greets", "#!/bin/sh\necho \"hello $1\"\n"));
        assertThat(alice.scripts().list()).extracting(s -> s.name()).contains(script);
        assertThat(alice.runScript(name, script, "world").output()).contains("hello world");
        admin.scripts().update(script, new ScriptRequest(script, "greets", "#!/bin/sh\necho \"bye $1\"\n"));
        assertThat(alice.runScript(name, script, "x").output()).contains("bye x");
        assertThatThrownBy(() -> alice.scripts().create(new ScriptRequest("nope", "", "echo")))
                .isInstanceOf(WarrenException.NotFound.class);
        admin.scripts().delete(script);

        assertThatThrownBy(() -> alice.delete(name)).isInstanceOf(WarrenException.WrongState.class);
        alice.restart(name);
        assertThat(alice.isRunning(name)).isTrue();
        alice.stop(name);
        alice.stop(name); // idempotent
        alice.delete(name);
    }

    @Test
    void sharing_transfer_tokens_users_and_stacks() {
        String bobName = TestServer.randomName("bob");
        Warren bob = server.newUser(bobName);
        String name = TestServer.randomName("shared");
        alice.create(name, template, CreateOptions.defaults().withStack("team"));
        assertThat(alice.share(name, bobName).shares()).isNotEmpty();
        assertThat(bob.get(name).name()).isEqualTo(name);
        alice.unshare(name, bobName);
        assertThatThrownBy(() -> bob.get(name)).isInstanceOf(WarrenException.NotFound.class);
        alice.share(name, List.of(bobName));
        bob.unshare(name);
        assertThatThrownBy(() -> bob.get(name)).isInstanceOf(WarrenException.NotFound.class);

        assertThat(alice.stacks().start("team").spaces()).contains(name);
        assertThat(alice.stacks().restart("team").spaces()).contains(name);
        assertThat(alice.stacks().stop("team").spaces()).contains(name);

        assertThat(alice.transfer(name, bobName).username()).isEqualTo(bobName);
        assertThat(bob.get(name).username()).isEqualTo(bobName);
        bob.delete(name);

        var token = alice.tokens().create("short-lived", 1);
        assertThat(alice.tokens().list()).extracting(t -> t.id()).contains(token.id());
        Warren other = Warren.connect(server.url(), token.token());
        assertThat(other.whoami().username()).isEqualTo(alice.whoami().username());
        alice.tokens().revoke(token.id());
        assertThatThrownBy(other::whoami).isInstanceOf(WarrenException.Unauthenticated.class);

        assertThatThrownBy(() -> alice.users().list()).isInstanceOf(WarrenException.NotFound.class);
        assertThat(admin.users().list()).extracting(u -> u.username()).contains(bobName);
        assertThat(admin.users().get(bobName).active()).isTrue();
        assertThat(admin.users().update(bobName, new dev.warren.client.wire.Auth.UpdateUserRequest(null, null, null,
                false, null, null)).active()).isFalse();
        assertThatThrownBy(() -> Warren.login(server.url(), "admin", "wrong", "t", null))
                .isInstanceOf(WarrenException.Unauthenticated.class);
        assertThat(admin.health().status()).isEqualTo("ok");
    }

    @Test
    void templates_are_read_by_users_and_written_by_admins() {
        assertThat(alice.templates().list()).extracting(t -> t.name()).contains(template);
        assertThat(alice.templates().get(template).spec()).isEqualTo(SPEC);
        assertThatThrownBy(() -> alice.templates().delete(template)).isInstanceOf(WarrenException.NotFound.class);
        String name = TestServer.randomName("tpl");
        admin.templates().create(new TemplateRequest(name, "", "", SPEC, List.of(), true));
        assertThat(admin.templates().update(name, new TemplateRequest(name, "changed", "", SPEC, List.of(), true))
                .description()).isEqualTo("changed");
        admin.templates().delete(name);
        assertThatThrownBy(() -> admin.templates().get(name)).isInstanceOf(WarrenException.NotFound.class);
    }

    @Test
    void port_forwards_are_applied_listed_and_stopped() {
        String front = TestServer.randomName("front");
        String back = TestServer.randomName("back");
        alice.create(front, template);
        alice.create(back, template);
        alice.portForward(front, 8080, back, 3000, true, true);
        assertThat(alice.portList(front)).singleElement().satisfies(f -> assertThat(f.localPort()).isEqualTo(8080));
        var result = alice.portApply(front, List.of(
                new dev.warren.client.wire.Ports.ForwardRequest(9090, back, 4000, true, true)));
        assertThat(result.stopped()).extracting(f -> f.localPort()).contains(8080);
        assertThat(alice.portList(front)).extracting(f -> f.localPort()).containsExactly(9090);
        alice.portStop(front, 9090);
        assertThat(alice.portList(front)).isEmpty();
        assertThatThrownBy(() -> alice.portForward(front, 0, back, 3000, true, true))
                .isInstanceOf(WarrenException.ValidationFailed.class);
        assertThatThrownBy(() -> alice.portList("no-such-space")).isInstanceOf(WarrenException.NotFound.class);
        alice.delete(front);
        alice.delete(back);
    }
}
