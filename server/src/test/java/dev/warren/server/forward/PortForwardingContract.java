package dev.warren.server.forward;

import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Auth.CreateUserRequest;
import dev.warren.client.wire.Ports.ApplyResult;
import dev.warren.client.wire.Ports.Forward;
import dev.warren.client.wire.Ports.ForwardRequest;
import dev.warren.client.wire.Spaces.RunResult;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.core.model.PortForward;
import dev.warren.core.model.Space;
import dev.warren.server.support.BridgeStandIn;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Port forwarding between real spaces on a real engine, through the SDK: busybox httpd in the target, busybox wget
 * in the source fetching {@code localhost:<local_port>}. Every refusal is checked to change nothing. Subclasses pick
 * the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PortForwardingContract {
    static final String WEB_SPEC = """
            image: warren-base:latest
            command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www"]
            """;
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final AtomicInteger PORTS = new AtomicInteger(18000);

    private TestServer server;
    private String webTemplate;
    private String password;
    private String username;
    private Warren user;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        webTemplate = TestServer.randomName("web");
        server.admin().templates().create(new TemplateRequest(webTemplate, "busybox httpd on port 80", "", WEB_SPEC,
                List.of(), true));
        username = TestServer.randomName("fwd");
        password = "password-" + username;
        server.admin().users().create(new CreateUserRequest(username, username + "@example.test", password,
                List.of("user"), true, "bash", "UTC"));
        user = login();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Warren login() {
        return Warren.connect(server.url(), Warren.login(server.url(), username, password, "tests", null).token());
    }

    // ---- forward, list, stop ----

    @Test
    void a_forward_carries_localhost_traffic_in_the_source_to_the_target_and_stop_ends_it() {
        String target = runningWeb(user);
        String source = runningBase(user);
        int port = nextPort();
        user.portForward(source, port, target, 80, false, false);
        assertThat(user.portList(source)).containsExactly(new Forward(port, target, 80, false));
        awaitFetch(user, source, port, target);
        assertTrafficTookNatWhereAvailable(source, port);
        user.portStop(source, port);
        assertThat(user.portList(source)).isEmpty();
        awaitNoFetch(user, source, port);
        natRules().ifPresent(nat -> assertThat(packets(nat, source, port)).as("rules removed").isEqualTo(-1));
    }

    /** Where iptables works, the fetch went through the source's DNAT rule, not the relay. */
    private void assertTrafficTookNatWhereAvailable(String source, int port) {
        natRules().ifPresent(nat -> assertThat(packets(nat, source, port)).as("DNAT packets").isPositive());
    }

    private static Optional<NatRules> natRules() {
        return "off".equalsIgnoreCase(System.getenv("WARREN_FORWARD_NAT")) ? Optional.empty() : NatRules.probe();
    }

    private long packets(NatRules nat, String source, int port) {
        long pid = server.server().services().runtime().inspect(sourceId(source)).orElseThrow().namespaceHostPid()
                .orElseThrow();
        try {
            return nat.packets(pid, port);
        } catch (java.io.IOException failed) {
            throw new AssertionError(failed);
        }
    }

    @Test
    void a_space_and_a_target_are_accepted_by_id_as_well_as_by_name() {
        String target = runningWeb(user);
        String source = runningBase(user);
        int port = nextPort();
        user.portForward(user.get(source).id(), port, user.get(target).id(), 80, false, false);
        assertThat(user.portList(source)).containsExactly(new Forward(port, target, 80, false));
        awaitFetch(user, source, port, target);
    }

    @Test
    void large_transfers_and_many_connections_pass_intact() {
        String target = runningWeb(user);
        String source = runningBase(user);
        user.run(target, "sh", "-c", "head -c 50000000 /dev/urandom > /www/big && md5sum /www/big > /www/big.md5");
        int port = nextPort();
        user.portForward(source, port, target, 80, false, false);
        String expected = user.runOutput(target, "sh", "-c", "cut -d' ' -f1 /www/big.md5").strip();
        String got = user.runOutput(source, "sh", "-c", "wget -qO- http://127.0.0.1:" + port + "/big | md5sum"
                + " | cut -d' ' -f1").strip();
        assertThat(got).isEqualTo(expected);
        RunResult many = user.run(source, "sh", "-c", "for i in $(seq 1 50); do wget -qO- http://127.0.0.1:"
                + port + "/ >/dev/null || exit 1; done; echo ok");
        assertThat(many.stdout()).contains("ok");
    }

    // ---- apply ----

    @Test
    void apply_starts_new_forwards_keeps_identical_ones_and_stops_the_rest() {
        String target = runningWeb(user);
        String other = runningWeb(user);
        String source = runningBase(user);
        int kept = nextPort();
        int added = nextPort();
        int replaced = nextPort();
        user.portForward(source, kept, target, 80, false, false);
        user.portForward(source, replaced, target, 80, false, false);

        ApplyResult first = user.portApply(source, List.of(request(kept, target), request(added, target),
                request(replaced, other)));
        assertThat(first.errors()).isEmpty();
        assertThat(first.applied()).containsExactlyInAnyOrder(new Forward(added, target, 80, false),
                new Forward(replaced, other, 80, false));
        assertThat(first.stopped()).containsExactly(new Forward(replaced, target, 80, false));
        awaitFetch(user, source, kept, target);
        awaitFetch(user, source, added, target);
        awaitFetch(user, source, replaced, other);

        ApplyResult second = user.portApply(source, List.of(request(added, target)));
        assertThat(second.applied()).isEmpty();
        assertThat(second.stopped()).containsExactlyInAnyOrder(new Forward(kept, target, 80, false),
                new Forward(replaced, other, 80, false));
        assertThat(user.portList(source)).containsExactly(new Forward(added, target, 80, false));
        awaitNoFetch(user, source, kept);
        awaitFetch(user, source, added, target);
    }

    @Test
    void apply_reports_a_forward_that_cannot_start_and_applies_the_others() {
        String target = runningWeb(user);
        String stopped = TestServer.randomName("stopped");
        user.create(stopped, webTemplate);
        String source = runningBase(user);
        int good = nextPort();
        int bad = nextPort();
        ApplyResult result = user.portApply(source, List.of(request(good, target), request(bad, stopped)));
        assertThat(result.applied()).containsExactly(new Forward(good, target, 80, false));
        assertThat(result.errors()).singleElement().asString().contains(String.valueOf(bad), "not running");
        assertThat(user.portList(source)).containsExactly(new Forward(good, target, 80, false));
    }

    // ---- persistence and force ----

    @Test
    void a_persistent_forward_survives_a_source_restart_and_a_server_restart_and_the_others_end() {
        String target = runningWeb(user);
        String source = runningBase(user);
        int persistent = nextPort();
        int transient_ = nextPort();
        user.portForward(source, persistent, target, 80, true, false);
        user.portForward(source, transient_, target, 80, false, false);
        assertThat(server.server().stores().forwards().listForSource(user.get(source).id()))
                .extracting(PortForward::localPort).containsExactly(persistent);

        user.restart(source);
        assertThat(user.portList(source)).containsExactly(new Forward(persistent, target, 80, true));
        awaitFetch(user, source, persistent, target);
        awaitNoFetch(user, source, transient_);

        String sourceContainer = server.server().docker().labels().containerName(user.get(source).id());
        server.halt();
        if (natRules().isPresent()) { // the kernel path does not need the server: it keeps carrying traffic
            try (var engine = dev.warren.engine.docker.EngineLocator.connect(server.engineHost())) {
                var fetched = engine.exec(sourceContainer, new dev.warren.engine.ExecRequest(List.of("sh", "-c",
                        "timeout 3 wget -q -O- http://127.0.0.1:" + persistent + "/"), java.util.Map.of(), null, null,
                        java.time.Duration.ofSeconds(10), 4096));
                assertThat(fetched.exitCode()).as("the forward works while the server is down").isZero();
            }
        }
        server.boot();
        user = login();
        assertThat(user.portList(source)).containsExactly(new Forward(persistent, target, 80, true));
        awaitFetch(user, source, persistent, target);

        user.portStop(source, persistent);
        assertThat(server.server().stores().forwards().listForSource(user.get(source).id())).isEmpty();
    }

    @Test
    void a_persistent_forward_from_a_stopped_source_opens_when_it_starts() {
        String target = runningWeb(user);
        String source = TestServer.randomName("later");
        user.create(source, "base");
        int port = nextPort();
        expectNothingChanged(source, () -> user.portForward(source, port, target, 80, false, false),
                WarrenException.WrongState.class);
        user.portForward(source, port, target, 80, true, false);
        assertThat(user.portList(source)).containsExactly(new Forward(port, target, 80, true));
        user.start(source);
        awaitFetch(user, source, port, target);
    }

    @Test
    void a_forced_forward_to_a_stopped_target_carries_traffic_once_the_target_runs() {
        String target = TestServer.randomName("sleeping");
        user.create(target, webTemplate);
        String source = runningBase(user);
        int port = nextPort();
        expectNothingChanged(source, () -> user.portForward(source, port, target, 80, false, false),
                WarrenException.WrongState.class);
        user.portForward(source, port, target, 80, false, true);
        assertThat(fetch(user, source, port).exitCode()).isNotZero();
        user.start(target);
        awaitFetch(user, source, port, target);
        user.stop(target);
        awaitNoFetch(user, source, port);
        user.start(target);
        awaitFetch(user, source, port, target);
    }

    @Test
    void transferring_a_target_away_drops_the_forwards_to_it_so_none_crosses_users() {
        String source = TestServer.randomName("keeper");
        user.create(source, "base");
        String target = TestServer.randomName("given");
        user.create(target, webTemplate);
        int port = nextPort();
        user.portForward(source, port, target, 80, true, true);
        assertThat(user.portList(source)).hasSize(1);
        String other = TestServer.randomName("receiver");
        server.admin().users().create(new CreateUserRequest(other, other + "@example.test", "password-" + other,
                List.of("user"), true, "bash", "UTC"));
        user.transfer(target, other);
        assertThat(user.portList(source)).isEmpty();
        assertThat(server.server().stores().forwards().listForSource(user.get(source).id())).isEmpty();
    }

    @Test
    void pausing_the_source_suspends_its_forwards_and_resuming_brings_them_back_carrying_traffic() {
        String target = runningWeb(user);
        String source = runningBase(user);
        int port = nextPort();
        user.portForward(source, port, target, 80, false, false);
        awaitFetch(user, source, port, target);
        user.pause(source);
        assertThat(user.portList(source)).as("kept while paused, even not persistent")
                .containsExactly(new Forward(port, target, 80, false));
        user.resume(source);
        awaitFetch(user, source, port, target);
        user.portStop(source, port);
    }

    @Test
    void stopping_the_source_ends_its_forwards() {
        String target = runningWeb(user);
        String source = runningBase(user);
        int port = nextPort();
        user.portForward(source, port, target, 80, false, false);
        user.stop(source);
        assertThat(user.portList(source)).isEmpty();
        user.start(source);
        awaitNoFetch(user, source, port);
    }

    // ---- refusals: each changes nothing ----

    @Test
    void invalid_input_is_refused_with_400_naming_the_field_and_nothing_changes() {
        String target = runningWeb(user);
        String source = runningBase(user);
        int port = nextPort();
        user.portForward(source, port, target, 80, true, false);
        expectField(source, "local_port", () -> user.portForward(source, 0, target, 80, false, false));
        expectField(source, "local_port", () -> user.portForward(source, 65536, target, 80, false, false));
        expectField(source, "remote_port", () -> user.portForward(source, nextPort(), target, 0, false, false));
        expectField(source, "remote_port", () -> user.portForward(source, nextPort(), target, 70000, false, false));
        expectField(source, "space", () -> user.portForward(source, nextPort(), " ", 80, false, false));
        expectField(source, "local_port", () -> user.portStop(source, -1));
        expectField(source, "forwards[1].local_port", () -> user.portApply(source, List.of(
                request(nextPort(), target), new ForwardRequest(null, target, 80, false, false))));
        int twice = nextPort();
        expectField(source, "forwards[1].local_port", () -> user.portApply(source, List.of(request(twice, target),
                request(twice, target))));
        assertThat(user.portList(source)).containsExactly(new Forward(port, target, 80, true));
    }

    @Test
    void a_local_port_already_forwarded_is_refused_with_409() {
        String target = runningWeb(user);
        String source = runningBase(user);
        int port = nextPort();
        user.portForward(source, port, target, 80, false, false);
        expectNothingChanged(source, () -> user.portForward(source, port, target, 80, false, false),
                WarrenException.Conflict.class);
        awaitFetch(user, source, port, target);
    }

    @Test
    void a_port_in_use_inside_the_source_is_refused_with_409() {
        String target = runningWeb(user);
        String source = runningWeb(user);
        expectNothingChanged(source, () -> user.portForward(source, 80, target, 80, false, false),
                WarrenException.Conflict.class);
    }

    @Test
    void missing_spaces_and_ports_are_404_and_nothing_changes() {
        String target = runningWeb(user);
        String source = runningBase(user);
        expectNothingChanged(source, () -> user.portForward(source, nextPort(), "no-such-space", 80, false, true),
                WarrenException.NotFound.class);
        assertThatThrownBy(() -> user.portForward("no-such-space", nextPort(), target, 80, true, true))
                .isInstanceOf(WarrenException.NotFound.class);
        expectNothingChanged(source, () -> user.portStop(source, nextPort()), WarrenException.NotFound.class);
    }

    @Test
    void forwards_across_users_are_refused() {
        String mine = runningWeb(user);
        String source = runningBase(user);
        Warren stranger = server.newUser(TestServer.randomName("stranger"));
        String theirs = TestServer.randomName("theirs");
        stranger.create(theirs, webTemplate);
        stranger.start(theirs);
        String theirsId = stranger.get(theirs).id();
        // the user cannot see the stranger's space at all
        expectNothingChanged(source, () -> user.portForward(source, nextPort(), theirsId, 80, false, false),
                WarrenException.NotFound.class);
        assertThatThrownBy(() -> stranger.portForward(theirs, nextPort(), user.get(mine).id(), 80, false, false))
                .isInstanceOf(WarrenException.NotFound.class);
        assertThatThrownBy(() -> stranger.portList(source)).isInstanceOf(WarrenException.NotFound.class);
        // an admin sees both, but a forward still joins spaces of one owner only
        expectNothingChanged(source, () -> server.admin().portForward(user.get(source).id(), nextPort(), theirsId,
                80, false, false), WarrenException.ValidationFailed.class);
    }

    @Test
    void forwards_across_zones_are_refused() {
        String source = runningBase(user);
        String elsewhere = runningWeb(user);
        Space stored = server.server().stores().spaces().findById(user.get(elsewhere).id()).orElseThrow();
        server.server().stores().spaces().update(new Space(stored.id(), stored.name(), stored.description(),
                stored.templateId(), stored.userId(), stored.shell(), stored.iconUrl(), stored.altNames(),
                stored.dependsOn(), stored.stack(), stored.customFields(), stored.state(),
                stored.appliedTemplateHash(), stored.containerId(), "other-zone", stored.startupScriptId(),
                stored.createdAt(), stored.updatedAt()));
        expectNothingChanged(source, () -> user.portForward(source, nextPort(), elsewhere, 80, false, false),
                WarrenException.ValidationFailed.class);
    }

    // ---- space tokens ----

    @Test
    void a_space_token_forwards_only_from_its_own_space_to_its_owners_spaces() {
        String target = runningWeb(user);
        String neighbour = runningBase(user);
        String source = runningBase(user);
        BridgeStandIn bridge = BridgeStandIn.open(server, user.get(source).id()); // the SDK as if inside source
        Warren inside = Warren.connect(bridge.url(), user.runOutput(source, "sh", "-c", "echo -n $WARREN_TOKEN"));
        Warren stranger = server.newUser(TestServer.randomName("stranger"));
        String theirs = TestServer.randomName("theirs");
        stranger.create(theirs, "base");
        String theirsId = stranger.get(theirs).id();

        expectNothingChanged(neighbour, () -> inside.portForward(neighbour, nextPort(), target, 80, false, false),
                WarrenException.NotFound.class);
        assertThatThrownBy(() -> inside.portList(neighbour)).isInstanceOf(WarrenException.NotFound.class);
        assertThatThrownBy(() -> inside.portStop(neighbour, 1)).isInstanceOf(WarrenException.NotFound.class);
        expectNothingChanged(source, () -> inside.portForward(source, nextPort(), theirsId, 80, false, true),
                WarrenException.NotFound.class);

        int port = nextPort();
        inside.portForward(source, port, target, 80, false, false);
        assertThat(inside.portList(source)).containsExactly(new Forward(port, target, 80, false));
        awaitFetch(user, source, port, target);
        bridge.close();
    }

    @Test
    void the_api_is_reachable_inside_every_space_and_a_space_forwards_with_its_own_token() {
        String target = runningWeb(user);
        String source = runningBase(user);
        int port = nextPort();
        String body = "{\"local_port\":" + port + ",\"space\":\"" + target + "\",\"remote_port\":80}";
        RunResult created = user.run(source, "sh", "-c", "wget -qO- --header \"Authorization: Bearer $WARREN_TOKEN\""
                + " --header 'Content-Type: application/json' --post-data '" + body + "'"
                + " \"$WARREN_SERVER/space-io/$WARREN_SPACE_ID/port/forward\"");
        assertThat(created.exitCode()).as(created.output()).isZero();
        assertThat(created.stdout()).contains("\"local_port\":" + port);
        awaitFetch(user, source, port, target);
    }

    // ---- helpers ----

    private static ForwardRequest request(int localPort, String target) {
        return new ForwardRequest(localPort, target, 80, false, false);
    }

    private static int nextPort() {
        return PORTS.incrementAndGet();
    }

    private String runningWeb(Warren owner) {
        String name = TestServer.randomName("web");
        owner.create(name, webTemplate);
        owner.start(name);
        awaitCondition(() -> owner.run(name, "sh", "-c", "wget -qO- http://127.0.0.1:80/").exitCode() == 0,
                "httpd answers in " + name);
        return name;
    }

    private static String runningBase(Warren owner) {
        String name = TestServer.randomName("src");
        owner.create(name, "base");
        owner.start(name);
        return name;
    }

    private static RunResult fetch(Warren owner, String source, int port) {
        return owner.run(source, "timeout", "5", "wget", "-qO-", "http://127.0.0.1:" + port + "/");
    }

    private static void awaitFetch(Warren owner, String source, int port, String expectedHost) {
        RunResult[] last = new RunResult[1];
        awaitCondition(() -> {
            last[0] = fetch(owner, source, port);
            return last[0].exitCode() == 0 && last[0].stdout().strip().equals(expectedHost);
        }, () -> "port " + port + " of " + source + " reaches " + expectedHost + " (last answer: " + last[0] + ")");
    }

    private static void awaitNoFetch(Warren owner, String source, int port) {
        awaitCondition(() -> fetch(owner, source, port).exitCode() != 0, "port " + port + " of " + source
                + " is closed");
    }

    static void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
        awaitCondition(condition, () -> what);
    }

    static void awaitCondition(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Timed out waiting until " + what.get());
            }
            try {
                Thread.sleep(100); // polling interval with a deadline, not a wait for state
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError(interrupted);
            }
        }
    }

    private void expectField(String source, String field, Executable call) {
        expectNothingChanged(source, call, WarrenException.ValidationFailed.class);
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(WarrenException.ValidationFailed.class,
                error -> assertThat(error.validations()).anySatisfy(v -> assertThat(v.field()).isEqualTo(field)));
    }

    private void expectNothingChanged(String source, Executable call, Class<? extends Throwable> refusal) {
        List<Forward> before = server.admin().portList(server.admin().get(sourceId(source)).id());
        List<PortForward> storedBefore = server.server().stores().forwards().listAll();
        assertThatThrownBy(call::execute).isInstanceOf(refusal);
        assertThat(server.admin().portList(sourceId(source))).isEqualTo(before);
        assertThat(server.server().stores().forwards().listAll()).isEqualTo(storedBefore);
    }

    private String sourceId(String source) {
        return user.get(source).id();
    }
}
