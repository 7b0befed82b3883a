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

    // Each probe from a space is `timeout 3 wget -q -O- http://ADDRESS:PORT/` (busybox: a scheme is needed, see the
    // design notes). Targets are made by the test itself: spaces, a listener on the host, network namespaces with
    // addresses from 198.18.0.0/15 (NetworkFixtures). Where a probe must fail, the test first shows the target
    // answers from somewhere else (the host, its own space), so a refusal is the isolation and not a dead target.

    private static final String WEB_SPEC = """
            image: warren-base:latest
            command: ["sh", "-c", "mkdir -p /www && echo \\"web $WARREN_SPACE_NAME\\" > /www/index.html && exec httpd -f -p 80 -h /www"]
            """;
    private String webTemplate;

    /** A running space of {@code owner} with busybox httpd on port 80 answering "web NAME". */
    private String runningWeb(Warren owner) {
        synchronized (this) {
            if (webTemplate == null) {
                webTemplate = TestServer.randomName("web");
                admin.templates().create(new dev.warren.client.wire.Templates.TemplateRequest(webTemplate,
                        "busybox httpd on port 80", "", WEB_SPEC, java.util.List.of(), true));
            }
        }
        String name = TestServer.randomName("web");
        owner.create(name, webTemplate);
        owner.start(name);
        awaitTrue(() -> owner.run(name, "sh", "-c", "timeout 3 wget -q -O- http://127.0.0.1:80/").exitCode() == 0,
                "httpd answers inside " + name);
        return name;
    }

    private dev.warren.runtime.SpaceStatus status(Warren owner, String space) {
        return server.server().services().runtime().inspect(owner.get(space).id()).orElseThrow();
    }

    private String addressOf(Warren owner, String space) {
        return status(owner, space).address().orElseThrow().getHostAddress();
    }

    /** Runs {@code sh -c command} in the space; exit code 0 and the expected text in the output. */
    private static boolean reaches(Warren owner, String space, String command, String expected) {
        RunResult result = owner.run(space, "sh", "-c", command);
        return result.exitCode() == 0 && result.stdout().contains(expected);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(100); // polling interval with a deadline
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError(interrupted);
            }
        }
    }

    @Test
    void a_space_cannot_reach_another_owners_space_by_address_nor_resolve_its_name() {
        String bobs = runningWeb(bob);
        String alices = runningSpace(alice, "probe");
        String bobAddress = addressOf(bob, bobs);
        String page = "web " + bobs;
        assertThat(NetworkFixtures.hostReaches(bobAddress, 80)).as("bob's httpd answers from the host").isTrue();

        assertThat(reaches(alice, alices, "timeout 3 wget -q -O- http://" + bobAddress + ":80/", page))
                .as("alice's space reaches bob's space by address").isFalse();
        String container = server.server().docker().labels().containerName(bob.get(bobs).id());
        for (String name : java.util.List.of(bobs, container)) {
            RunResult lookup = alice.run(alices, "sh", "-c", "timeout 5 nslookup " + name + " 2>&1");
            assertThat(lookup.stdout()).as("alice's space resolving " + name).doesNotContain(bobAddress);
        }
        // no shared L2 segment: each owner has a network of their own, with subnets that do not overlap
        var engine = server.server().docker().engine();
        var labels = server.server().docker().labels();
        var aliceNetworks = engine.listNetworks(labels.owner(alice.get(alices).userId()));
        var bobNetworks = engine.listNetworks(labels.owner(bob.get(bobs).userId()));
        assertThat(aliceNetworks).hasSize(1);
        assertThat(bobNetworks).hasSize(1);
        assertThat(aliceNetworks.getFirst().name()).isNotEqualTo(bobNetworks.getFirst().name());
        assertThat(aliceNetworks.getFirst().subnets()).doesNotContainAnyElementsOf(bobNetworks.getFirst().subnets());
    }

    @Test
    void spaces_of_one_owner_reach_each_other_only_through_a_port_forward() {
        String target = runningWeb(alice);
        String source = runningSpace(alice, "src");
        String targetAddress = addressOf(alice, target);
        String page = "web " + target;
        assertThat(reaches(alice, source, "timeout 3 wget -q -O- http://" + targetAddress + ":80/", page))
                .as("direct, without a forward").isFalse();
        int port = 20000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(10000);
        alice.portForward(source, port, target, 80, false, false);
        awaitTrue(() -> reaches(alice, source, "timeout 3 wget -q -O- http://127.0.0.1:" + port + "/", page),
                "the forward carries " + source + " to " + target);
        assertThat(reaches(alice, source, "timeout 3 wget -q -O- http://" + targetAddress + ":80/", page))
                .as("still not directly").isFalse();
        alice.portStop(source, port);
    }

    @Test
    void a_space_cannot_reach_the_host_on_its_gateway_nor_any_other_host_address_from_its_first_command()
            throws Exception {
        try (var anyAddress = NetworkFixtures.HostListener.on(null)) {
            java.util.List<String> hostAddresses = NetworkFixtures.hostAddresses();
            for (String address : hostAddresses) {
                assertThat(NetworkFixtures.hostReaches(address, anyAddress.port)).as("host reaches " + address).isTrue();
            }
            awaitTrue(() -> anyAddress.accepted() == hostAddresses.size(), "the host's own checks are counted");
            int before = anyAddress.accepted();
            // The space's first command probes every host address at once: the rules are in place before it runs.
            String probe = "for a in " + String.join(" ", hostAddresses) + "; do timeout 3 wget -q -O- http://$a:"
                    + anyAddress.port + "/ && echo REACHED $a; done > /tmp/first-probe 2>&1; echo finished >> "
                    + "/tmp/first-probe; exec sleep 1000000";
            String template = TestServer.randomName("probe");
            admin.templates().create(new dev.warren.client.wire.Templates.TemplateRequest(template,
                    "probes the host at start", "", "image: warren-base:latest\ncommand: [\"sh\", \"-c\", \""
                            + probe.replace("\"", "\\\"") + "\"]\n", java.util.List.of(), true));
            String space = TestServer.randomName("first");
            alice.create(space, template);
            alice.start(space);
            awaitTrue(() -> alice.run(space, "cat", "/tmp/first-probe").stdout().contains("finished"),
                    "the first command of " + space + " has probed the host");
            assertThat(alice.run(space, "cat", "/tmp/first-probe").stdout()).doesNotContain("REACHED");

            String gateway = alice.run(space, "sh", "-c", "ip route | awk '/^default/ {print $3}'").stdout().strip();
            java.util.List<String> nowAddresses = NetworkFixtures.hostAddresses(); // with alice's gateway if new
            assertThat(nowAddresses).as("the space's gateway is an address of the host").contains(gateway);
            try (var onGateway = NetworkFixtures.HostListener.on(java.net.InetAddress.ofLiteral(gateway))) {
                assertThat(NetworkFixtures.hostReaches(gateway, onGateway.port)).isTrue();
                awaitTrue(() -> onGateway.accepted() == 1, "the host's own check is counted");
                int gatewayBefore = onGateway.accepted();
                // like an engine's TCP port (2375) or the server's port bound to the gateway or to every address
                assertThat(reaches(alice, space, "timeout 3 wget -q -O- http://" + gateway + ":" + onGateway.port
                        + "/", "host")).as("the gateway").isFalse();
                for (String address : nowAddresses) {
                    assertThat(reaches(alice, space, "timeout 3 wget -q -O- http://" + address + ":"
                            + anyAddress.port + "/", "host")).as("host address " + address).isFalse();
                }
                // an allow list covering every address still keeps the host and other spaces out
                alice.setEgress(space, new dev.warren.client.wire.Spaces.Egress("allow_list",
                        java.util.List.of("0.0.0.0/0")));
                assertThat(reaches(alice, space, "timeout 3 wget -q -O- http://" + gateway + ":" + onGateway.port
                        + "/", "host")).as("the gateway under allow_list 0.0.0.0/0").isFalse();
                assertThat(onGateway.accepted()).as("connections from the space").isEqualTo(gatewayBefore);
            }
            assertThat(anyAddress.accepted()).as("connections from the space").isEqualTo(before);
        }
    }

    @Test
    void egress_policies_take_effect_at_once_on_a_running_space() {
        try (var first = NetworkFixtures.OutsideTarget.start();
                var second = NetworkFixtures.OutsideTarget.start();
                var named = NetworkFixtures.HostsEntry.add(second.address)) {
            String space = runningSpace(alice, "egress");
            assertThat(reaches(alice, space, first.fetchCommand(), first.token)).as("allow_all, first").isTrue();
            assertThat(reaches(alice, space, second.fetchCommand(), second.token)).as("allow_all, second").isTrue();

            alice.setEgress(space, new dev.warren.client.wire.Spaces.Egress("deny_all", null));
            assertThat(reaches(alice, space, first.fetchCommand(), first.token)).as("deny_all, first").isFalse();
            assertThat(reaches(alice, space, second.fetchCommand(), second.token)).as("deny_all, second").isFalse();
            assertThat(reaches(alice, space, "timeout 3 wget -q -O- http://127.0.0.1:7399/health", "ok"))
                    .as("the in-space API bridge on loopback, under deny_all").isTrue();

            alice.setEgress(space, new dev.warren.client.wire.Spaces.Egress("allow_list",
                    java.util.List.of(first.address + "/32")));
            assertThat(reaches(alice, space, first.fetchCommand(), first.token)).as("listed CIDR").isTrue();
            assertThat(reaches(alice, space, second.fetchCommand(), second.token)).as("not listed").isFalse();

            // a domain: resolved by the server (here from /etc/hosts, which the test controls) to the second target
            var set = alice.setEgress(space, new dev.warren.client.wire.Spaces.Egress("allow_list",
                    java.util.List.of(named.name)));
            assertThat(set.effective().allow()).containsExactly(named.name);
            assertThat(reaches(alice, space, second.fetchCommand(), second.token)).as("listed domain").isTrue();
            assertThat(reaches(alice, space, first.fetchCommand(), first.token)).as("not the domain").isFalse();

            var reset = alice.resetEgress(space);
            assertThat(reset.override()).isNull();
            assertThat(reset.effective().mode()).isEqualTo("allow_all");
            assertThat(reaches(alice, space, first.fetchCommand(), first.token)).as("template again").isTrue();
        }
    }

    @Test
    void an_override_may_only_narrow_the_template_and_only_its_owner_may_set_it() {
        String template = TestServer.randomName("listed");
        admin.templates().create(new dev.warren.client.wire.Templates.TemplateRequest(template, "an allow list", "",
                "image: warren-base:latest\negress:\n  allow: [\"198.18.0.0/15\", \"egress.warren.test\"]\n",
                java.util.List.of(), true));
        String space = TestServer.randomName("narrow");
        alice.create(space, template);
        var initial = alice.egress(space);
        assertThat(initial.template().mode()).isEqualTo("allow_list");
        assertThat(initial.effective().allow()).containsExactly("198.18.0.0/15", "egress.warren.test");
        assertThat(initial.override()).isNull();

        for (var widening : java.util.List.of(
                new dev.warren.client.wire.Spaces.Egress("allow_all", null),
                new dev.warren.client.wire.Spaces.Egress("allow_list", java.util.List.of("198.16.0.0/12")),
                new dev.warren.client.wire.Spaces.Egress("allow_list", java.util.List.of("10.0.0.1")),
                new dev.warren.client.wire.Spaces.Egress("allow_list", java.util.List.of("other.warren.test")),
                new dev.warren.client.wire.Spaces.Egress("allow_list", java.util.List.of()),
                new dev.warren.client.wire.Spaces.Egress("deny_all", java.util.List.of("198.18.0.1")),
                new dev.warren.client.wire.Spaces.Egress("bogus", null),
                new dev.warren.client.wire.Spaces.Egress("allow_list", java.util.List.of("not a name!")))) {
            assertThatThrownBy(() -> alice.setEgress(space, widening)).as(widening.toString())
                    .isInstanceOf(WarrenException.ValidationFailed.class);
            assertThat(alice.egress(space)).as("unchanged after " + widening).isEqualTo(initial);
        }

        var narrowed = alice.setEgress(space, new dev.warren.client.wire.Spaces.Egress("allow_list",
                java.util.List.of("198.18.7.0/24", "egress.warren.test")));
        assertThat(narrowed.effective().allow()).containsExactly("198.18.7.0/24", "egress.warren.test");
        assertThat(narrowed.template()).isEqualTo(initial.template());

        alice.share(space, bobName);
        var sharedBefore = bob.egress(space);
        assertThat(sharedBefore).isEqualTo(narrowed);
        assertThatThrownBy(() -> bob.setEgress(space, new dev.warren.client.wire.Spaces.Egress("deny_all", null)))
                .isInstanceOf(WarrenException.Forbidden.class);
        assertThatThrownBy(() -> bob.resetEgress(space)).isInstanceOf(WarrenException.Forbidden.class);
        Warren carol = server.newUser(TestServer.randomName("carol"));
        assertThatThrownBy(() -> carol.egress(space)).isInstanceOf(WarrenException.NotFound.class);
        assertThatThrownBy(() -> carol.setEgress(space, new dev.warren.client.wire.Spaces.Egress("deny_all", null)))
                .isInstanceOf(WarrenException.NotFound.class);
        assertThat(alice.egress(space)).as("unchanged after the refusals").isEqualTo(narrowed);

        assertThat(alice.setEgress(space, new dev.warren.client.wire.Spaces.Egress("deny_all", null)).effective()
                .mode()).isEqualTo("deny_all");
        assertThat(alice.resetEgress(space)).isEqualTo(initial);
    }

    @Test
    void kernel_forward_rules_no_forward_backs_are_removed_when_the_server_boots_again() {
        org.junit.jupiter.api.Assumptions.assumeFalse("off".equalsIgnoreCase(System.getenv("WARREN_FORWARD_NAT")),
                "WARREN_FORWARD_NAT=off: this server writes no kernel rules and so removes none");
        TestServer other = TestServer.sqlite(engineHost());
        try {
            Warren carol = other.newUser(TestServer.randomName("carol"));
            String web = TestServer.randomName("web");
            other.admin().templates().create(new dev.warren.client.wire.Templates.TemplateRequest(web,
                    "busybox httpd", "", WEB_SPEC, java.util.List.of(), true));
            String target = TestServer.randomName("target");
            carol.create(target, web);
            carol.start(target);
            String source = runningSpace(carol, "source");
            int kept = 21000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(4000);
            int ghost = kept + 5000;
            carol.portForward(source, kept, target, 80, true, false);
            String page = "web " + target;
            awaitTrue(() -> reaches(carol, source, "timeout 3 wget -q -O- http://127.0.0.1:" + kept + "/", page),
                    "the persistent forward answers");
            var runtime = other.server().services().runtime();
            long pid = runtime.inspect(carol.get(source).id()).orElseThrow().namespaceHostPid().orElseThrow();
            String targetAddress = runtime.inspect(carol.get(target).id()).orElseThrow().address().orElseThrow()
                    .getHostAddress();
            boolean nat = NetworkFixtures.inNamespace(pid, "iptables -w 5 -t nat -S").contains("warren:" + kept);

            other.halt(); // what a kill -9 leaves: the rules of a forward the next server will not know about
            NetworkFixtures.inNamespace(pid, "iptables -w 5 -t nat -A OUTPUT -p tcp -d 127.0.0.1 --dport " + ghost
                    + " -m comment --comment warren:" + ghost + " -j DNAT --to-destination " + targetAddress + ":80");
            NetworkFixtures.inNamespace(pid, "iptables -w 5 -t nat -A POSTROUTING -p tcp -d " + targetAddress
                    + " --dport 80 -m comment --comment warren:" + ghost + " -j MASQUERADE");
            NetworkFixtures.inNamespace(pid, "sh -c 'echo 1 > /proc/sys/net/ipv4/conf/all/route_localnet'");
            assertThat(NetworkFixtures.inNamespace(pid, "busybox wget -q -O- http://127.0.0.1:" + ghost + "/"))
                    .as("the ghost carries traffic while no server knows it").contains(page);

            other.boot();
            Warren again = Warren.connect(other.url(), carol.connection().token());
            String rules = NetworkFixtures.inNamespace(pid, "iptables -w 5 -t nat -S");
            assertThat(rules).doesNotContain("warren:" + ghost);
            if (nat) {
                assertThat(rules).as("the stored forward's rules stay").contains("warren:" + kept);
            }
            assertThat(reaches(again, source, "timeout 3 wget -q -O- http://127.0.0.1:" + ghost + "/", page))
                    .isFalse();
            awaitTrue(() -> reaches(again, source, "timeout 3 wget -q -O- http://127.0.0.1:" + kept + "/", page),
                    "the persistent forward answers after the boot");
        } finally {
            other.close();
        }
    }

    // --- limits, capabilities and template keys (tests below this line) ---

    /** A template of the test's own (admin), a space of alice's from it, started. Returns the space's name. */
    private String limitedSpace(String spec) {
        String template = TestServer.randomName("limits");
        admin.templates().create(new dev.warren.client.wire.Templates.TemplateRequest(template, "", "", spec,
                java.util.List.of(), true));
        String space = TestServer.randomName("lim");
        alice.create(space, template);
        alice.start(space);
        return space;
    }

    /** A running space of bob's, the neighbour that must keep answering. */
    private String neighbour() {
        String template = TestServer.randomName("neighbour");
        admin.templates().create(new dev.warren.client.wire.Templates.TemplateRequest(template, "", "",
                "image: warren-base:latest\ncommand: [sleep, infinity]\n", java.util.List.of(), true));
        String space = TestServer.randomName("bob");
        bob.create(space, template);
        bob.start(space);
        return space;
    }

    @Test
    void a_bounded_fork_loop_is_capped_by_the_pids_limit_and_the_space_recovers() {
        String space = limitedSpace("image: warren-base:latest\ncommand: [sleep, infinity]\npids: 64\n");
        assertThat(alice.runOutput(space, "cat", "/sys/fs/cgroup/pids/pids.max").strip()).isEqualTo("64");
        // At most 200 children, each gone within 3 s, and the whole run within 20 s: bounded whatever happens.
        RunResult loop = alice.run(space, "sh", java.util.List.of("-c", "i=0; while [ $i -lt 200 ]; do sleep 3 &"
                + " i=$((i+1)); done; echo started $i"), java.time.Duration.ofSeconds(20), null);
        assertThat(loop.output()).contains("can't fork");
        assertThat(loop.output()).doesNotContain("started 200");
        String neighbour = neighbour();
        assertThat(bob.runOutput(neighbour, "echo", "neighbour answers").strip()).isEqualTo("neighbour answers");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) { // the sleeps end within 3 s; then the space forks again
            try {
                if (alice.runOutput(space, "echo", "recovered").strip().equals("recovered")) {
                    break;
                }
            } catch (WarrenException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            assertThat(System.nanoTime()).as("the space forks again after the loop").isLessThan(deadline);
        }
    }

    @Test
    void a_memory_hog_is_oom_killed_while_a_neighbour_answers() throws Exception {
        String space = limitedSpace("image: warren-base:latest\ncommand: [sleep, infinity]\nmemory: 32m\n");
        String neighbour = neighbour();
        CompletableFuture<RunResult> hog = CompletableFuture.supplyAsync(() -> alice.run(space, "sh",
                java.util.List.of("-c", "x=$(head -c 256m /dev/zero | tr '\\0' a); echo survived ${#x}"),
                java.time.Duration.ofSeconds(60), null));
        assertThat(bob.runOutput(neighbour, "echo", "neighbour answers").strip()).isEqualTo("neighbour answers");
        RunResult killed = hog.get(90, TimeUnit.SECONDS);
        assertThat(killed.exitCode()).as(killed.output()).isEqualTo(137); // SIGKILL from the OOM killer
        assertThat(killed.output()).doesNotContain("survived");
        // Only the hog died: the space (its main process and agent) runs on.
        assertThat(alice.get(space).isRunning()).isTrue();
        assertThat(alice.runOutput(space, "echo", "still here").strip()).isEqualTo("still here");
    }

    @Test
    void a_space_whose_main_process_runs_out_of_memory_stops_with_a_sentence_saying_so() {
        String space = limitedSpace("image: warren-base:latest\nmemory: 32m\ncommand: [sh, -c,"
                + " 'sleep 1; x=$(head -c 256m /dev/zero | tr \"\\0\" a); sleep infinity']\n");
        var reconciler = server.server().services().reconciler();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (alice.get(space).isRunning()) {
            assertThat(System.nanoTime()).as("the space stops once its main process is killed").isLessThan(deadline);
            reconciler.reconcile(); // the periodic pass, now
        }
        // Docker records the OOM kill; Podman only says the main process was killed (see DockerSpaceRuntime).
        assertThat(alice.get(space).healthDetail()).startsWith("The space was stopped: ")
                .endsWith("ran out of memory (limit 32 MiB).");
    }

    @Test
    void net_raw_and_mknod_are_dropped_and_no_new_privileges_is_on() {
        String space = limitedSpace("image: warren-base:latest\ncommand: [sleep, infinity]\n");
        String status = alice.runOutput(space, "cat", "/proc/self/status");
        long effective = Long.parseLong(status.lines().filter(line -> line.startsWith("CapEff:")).findFirst()
                .orElseThrow().substring("CapEff:".length()).strip(), 16);
        assertThat(effective & (1L << 13)).as("CAP_NET_RAW").isZero();
        assertThat(effective & (1L << 27)).as("CAP_MKNOD").isZero();
        assertThat(effective & (1L << 0)).as("CAP_CHOWN stays").isNotZero();
        assertThat(status).containsPattern("NoNewPrivs:\\s+1");
        RunResult ping = alice.run(space, "ping", "-c", "1", "-W", "1", "127.0.0.1");
        assertThat(ping.exitCode()).isNotZero();
        assertThat(ping.output()).containsIgnoringCase("permission denied");
        RunResult mknod = alice.run(space, "mknod", "/tmp/null2", "c", "1", "3");
        assertThat(mknod.exitCode()).isNotZero();
    }

    @Test
    void a_template_adds_net_raw_back_explicitly() {
        String space = limitedSpace("image: warren-base:latest\ncommand: [sleep, infinity]\ncap_add: [NET_RAW]\n");
        String status = alice.runOutput(space, "cat", "/proc/self/status");
        long effective = Long.parseLong(status.lines().filter(line -> line.startsWith("CapEff:")).findFirst()
                .orElseThrow().substring("CapEff:".length()).strip(), 16);
        assertThat(effective & (1L << 13)).as("CAP_NET_RAW").isNotZero();
        assertThat(effective & (1L << 27)).as("CAP_MKNOD").isZero();
    }

    @Test
    void default_limits_apply_when_the_template_sets_none() {
        String space = limitedSpace("image: warren-base:latest\ncommand: [sleep, infinity]\n");
        assertThat(alice.runOutput(space, "cat", "/sys/fs/cgroup/pids/pids.max").strip()).isEqualTo("1024");
        assertThat(alice.runOutput(space, "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes").strip())
                .isEqualTo(String.valueOf(2L << 30));
        assertThat(alice.runOutput(space, "sh", "-c", "ulimit -n").strip()).isEqualTo("8192");
    }

    @Test
    void a_variable_in_a_security_relevant_key_is_refused_at_save_naming_the_key() {
        String template = TestServer.randomName("evil");
        for (String spec : java.util.List.of(
                "image: warren-base:latest\ncap_add: ['${{ .custom.cap }}']\n",
                "image: '${{ .custom.cap }}'\n",
                "image: warren-base:latest\nuser: '${{ .custom.cap }}'\n",
                "image: warren-base:latest\nvolumes:\n  '${{ .custom.cap }}': /data\n")) {
            assertThatThrownBy(() -> admin.templates().create(new dev.warren.client.wire.Templates.TemplateRequest(
                    template, "", "", spec, java.util.List.of(new dev.warren.client.wire.Templates.CustomField("cap",
                    "")), true)))
                    .isInstanceOf(WarrenException.ValidationFailed.class)
                    .hasMessageContaining("cannot use template variables");
        }
        assertThatThrownBy(() -> admin.templates().get(template)).isInstanceOf(WarrenException.NotFound.class);
    }

    @Test
    void writing_to_a_read_only_path_or_through_a_dangling_link_answers_4xx_with_a_sentence() {
        String space = limitedSpace("image: warren-base:latest\ncommand: [sleep, infinity]\n");
        alice.run(space, "ln", "-s", "/no/such/dir/file", "/tmp/dangling");
        for (String path : java.util.List.of("/.warren/agent", "/proc/version", "/sys/kernel/x", "/tmp/dangling/x")) {
            assertThatThrownBy(() -> alice.writeFile(space, path, "x"))
                    .as(path)
                    .isInstanceOfAny(WarrenException.ValidationFailed.class, WarrenException.Forbidden.class,
                            WarrenException.NotFound.class, WarrenException.Conflict.class)
                    .satisfies(error -> assertThat(error.getMessage()).doesNotContain("warren-").doesNotContain(
                            server.server().docker().labels().containerName(alice.get(space).id())));
        }
    }

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
    void a_space_token_is_revoked_when_its_space_stops_and_a_new_start_issues_a_new_one() {
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
            // the engine loses the container; alice wants it running, so the reconciler starts it again
            server.server().docker().engine().removeContainer(server.server().docker().labels().containerName(id),
                    true);
            server.server().services().reconciler().reconcile();
            assertRevoked(inside, second);
            if (alice.get(name).state().equals("running")) {
                assertThat(Warren.connect(inside.url(), spaceTokenOf(alice, name)).whoami().username())
                        .isEqualTo(aliceName);
            }
            alice.stop(name);
        }
    }

    @Test
    void a_space_token_is_revoked_when_the_reconciler_finds_its_space_gone() {
        try (TestServer plain = TestServer.sqlite(engineHost(), java.util.Map.of("WARREN_RESTORE_RUNNING", "off"))) {
            Warren carol = plain.newUser(TestServer.randomName("carol"));
            String name = runningSpace(carol, "vanished");
            String id = carol.get(name).id();
            try (BridgeStandIn inside = BridgeStandIn.open(plain, id)) {
                String token = spaceTokenOf(carol, name);
                assertThat(Warren.connect(inside.url(), token).whoami()).isNotNull();
                plain.server().docker().engine().removeContainer(plain.server().docker().labels().containerName(id),
                        true);
                plain.server().services().reconciler().reconcile();
                assertThat(carol.get(name).state()).isEqualTo("stopped");
                assertRevoked(inside, token);
            }
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
