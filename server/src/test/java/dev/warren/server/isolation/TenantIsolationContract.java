package dev.warren.server.isolation;

import dev.warren.client.CommandHandle;
import dev.warren.client.OutputCallbacks;
import dev.warren.client.RunOptions;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Spaces.RunResult;
import dev.warren.server.support.BridgeStandIn;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Isolation and trust between tenants, on a real engine: each finding of the security sweep (issue "isolation") as a
 * test that failed before its fix. Two users, alice and bob, each with running spaces; every probe is bounded in time
 * and targets only spaces, namespaces or loopback addresses the test made itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TenantIsolationContract {
    protected TestServer server;
    protected Warren admin;
    protected Warren alice;
    protected Warren bob;
    protected String aliceName;
    protected String bobName;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        admin = server.admin();
        aliceName = TestServer.randomName("alice");
        bobName = TestServer.randomName("bob");
        alice = server.newUser(aliceName);
        bob = server.newUser(bobName);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // --- network isolation and egress (tests below this line) ---

    // --- limits, capabilities and template keys (tests below this line) ---

    // --- space tokens, shares and secrets (tests below this line) ---

    /** A running space of {@code owner}, named after {@code prefix}. */
    private static String runningSpace(Warren owner, String prefix) {
        String name = TestServer.randomName(prefix);
        owner.create(name, "base");
        owner.start(name);
        return name;
    }

    private static String spaceTokenOf(Warren owner, String space) {
        String token = owner.run(space, "sh", "-c", "printf %s \"$WARREN_TOKEN\"").output();
        assertThat(token).startsWith("wrs_");
        return token;
    }

    /** GET /api/auth/me from inside {@code space} through its bridge (WARREN_SERVER) with {@code token}. */
    private static RunResult whoamiFromInside(Warren owner, String space, String token) {
        return owner.run(space, "sh", "-c", "timeout 10 wget -O- --header \"Authorization: Bearer " + token
                + "\" \"$WARREN_SERVER/api/auth/me\" 2>&1");
    }

    @Test
    void a_space_token_works_inside_its_space_and_is_401_from_the_host_and_from_any_other_space() {
        String one = runningSpace(alice, "bound");
        String sibling = runningSpace(alice, "sibling"); // the same owner's other space
        String theirs = runningSpace(bob, "theirs");
        String token = spaceTokenOf(alice, one);

        RunResult inside = whoamiFromInside(alice, one, "$WARREN_TOKEN");
        assertThat(inside.exitCode()).as(inside.output()).isZero();
        assertThat(inside.output()).contains("\"username\":\"" + aliceName + "\"");

        assertThatThrownBy(() -> Warren.connect(server.url(), token).whoami()).as("from the host")
                .isInstanceOf(WarrenException.Unauthenticated.class).hasMessageContaining("inside its own space");
        assertThatThrownBy(() -> Warren.connect(server.url(), token).list()).as("from the host, any route")
                .isInstanceOf(WarrenException.Unauthenticated.class);
        RunResult fromSibling = whoamiFromInside(alice, sibling, token);
        assertThat(fromSibling.exitCode()).as(fromSibling.output()).isNotZero();
        assertThat(fromSibling.output()).as("from the same owner's other space").contains("401");
        RunResult fromTheirs = whoamiFromInside(bob, theirs, token);
        assertThat(fromTheirs.exitCode()).as(fromTheirs.output()).isNotZero();
        assertThat(fromTheirs.output()).as("from another user's space").contains("401");
        assertThat(whoamiFromInside(alice, one, "$WARREN_TOKEN").exitCode()).as("still fine at home").isZero();
        assertThat(whoamiFromInside(alice, sibling, alice.connection().token()).output())
                .as("a user token is not bound to a space").contains("\"username\":\"" + aliceName + "\"");
    }

    @Test
    void a_space_token_is_revoked_when_its_space_stops_even_when_the_reconciler_finds_it_gone() {
        String name = runningSpace(alice, "revoked");
        String id = alice.get(name).id();
        // the stand-in speaks as if from inside the space, so only a revoked token can be refused there
        try (BridgeStandIn inside = BridgeStandIn.open(server, id)) {
            String first = spaceTokenOf(alice, name);
            assertThat(Warren.connect(inside.url(), first).whoami().username()).isEqualTo(aliceName);
            alice.stop(name);
            assertRevoked(inside, first);

            alice.start(name);
            String second = spaceTokenOf(alice, name);
            assertThat(second).isNotEqualTo(first);
            assertRevoked(inside, first);
            assertThat(Warren.connect(inside.url(), second).whoami().username()).isEqualTo(aliceName);
            server.server().docker().engine().removeContainer(server.server().docker().labels().containerName(id),
                    true);
            server.server().services().reconciler().reconcile();
            assertThat(alice.get(name).state()).isEqualTo("stopped");
            assertRevoked(inside, second);
        }
    }

    private static void assertRevoked(BridgeStandIn inside, String token) {
        assertThatThrownBy(() -> Warren.connect(inside.url(), token).whoami())
                .isInstanceOf(WarrenException.Unauthenticated.class).hasMessageContaining("revoked");
    }

    @Test
    void removing_a_share_closes_the_removed_users_terminal_and_streams_at_once() throws Exception {
        String name = runningSpace(alice, "shared");
        String id = alice.get(name).id();
        try (LiveStreams.Events bobsEvents = LiveStreams.Events.open(server, bob)) {
            alice.share(name, bobName);
            assertThat(bobsEvents.awaitLine(id)).as("bob's events carry the space while it is shared").isTrue();
            CommandHandle sleeper = alice.processes(name).background("echo ready; sleep 600", RunOptions.shell());
            java.util.concurrent.CountDownLatch attachedNow = new java.util.concurrent.CountDownLatch(1);
            CompletableFuture<Object> attached = CompletableFuture.supplyAsync(() -> bob.processes(id).attach(
                    sleeper.pid(), OutputCallbacks.none().onEvent(event -> attachedNow.countDown())));
            assertThat(attachedNow.await(15, TimeUnit.SECONDS)).as("bob's attach stream is open").isTrue();
            try (LiveStreams.Terminal bobs = LiveStreams.Terminal.open(server, bob, id);
                 LiveStreams.Terminal alices = LiveStreams.Terminal.open(server, alice, id)) {
                assertThat(bobs.answers("bob")).as("bob's terminal is live").isTrue();
                assertThat(alices.answers("alice")).as("alice's terminal is live").isTrue();

                alice.unshare(name, bobName);

                assertThat(bobs.closed.get(15, TimeUnit.SECONDS)).as("bob's terminal closes at once")
                        .contains("access");
                assertThatThrownBy(() -> attached.get(15, TimeUnit.SECONDS)).as("bob's attach stream ends")
                        .isInstanceOf(java.util.concurrent.ExecutionException.class);
                assertThat(alices.answers("still")).as("the owner's terminal stays").isTrue();
            }
            alice.setDescription(name, "changed after the unshare");
            String mark = TestServer.randomName("mark"); // an event of bob's own, after those: the stream is ordered
            bob.create(mark, "base");
            assertThat(bobsEvents.linesUntil(mark)).as("bob's events stop carrying the space").isNotEmpty()
                    .noneMatch(line -> line.contains(id));
            assertThatThrownBy(() -> bob.get(id)).isInstanceOf(WarrenException.NotFound.class);
            alice.processes(name).kill(sleeper.pid());
        }
    }

    @Test
    void a_user_a_space_is_shared_with_cannot_stop_or_replace_the_owners_forwards() {
        String source = runningSpace(alice, "fwd-src");
        String sourceId = alice.get(source).id();
        String target = TestServer.randomName("fwd-dst");
        alice.create(target, "base"); // stopped: the forward is forced
        alice.portForward(source, 18080, target, 80, false, true);
        alice.share(source, bobName);
        var before = alice.portList(source);
        assertThat(before).hasSize(1);
        assertThat(bob.portList(sourceId)).as("a share may list them").isEqualTo(before);

        assertThatThrownBy(() -> bob.portStop(sourceId, 18080)).isInstanceOf(WarrenException.Forbidden.class)
                .hasMessageContaining("Only the owner of space '" + source + "'");
        assertThatThrownBy(() -> bob.portApply(sourceId, java.util.List.of()))
                .isInstanceOf(WarrenException.Forbidden.class).hasMessageContaining("port forwards");
        assertThatThrownBy(() -> bob.portForward(sourceId, 18081, target, 80, false, true))
                .isInstanceOf(WarrenException.Forbidden.class);
        assertThat(alice.portList(source)).as("the owner's forward stays").isEqualTo(before);

        alice.portStop(source, 18080);
        assertThat(alice.portList(source)).as("the owner still manages it").isEmpty();
    }
}
