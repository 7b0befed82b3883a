package dev.warren.server.pools;

import dev.warren.client.RunOptions;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Pools.PoolInfo;
import dev.warren.client.wire.Sandboxes.SandboxInfo;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Warm pools on the in-memory runtime: settings and their refusals, a miss then hits for an owner who creates, the
 * claimed space's identity reaching its processes, drains when the template changes or the pool is removed, and a
 * restart that keeps ready members. The engine flows run in the Docker and Podman pool ITs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolRulesTest {
    private static final String SPEC = "image: warren-base:latest\ncommand: [sleep, \"3600\"]\n"
            + "environment:\n  GREETING: \"hello ${{ .space.name }}\"\n";

    private TestServer server;
    private Warren admin;
    private Warren alice;

    @BeforeAll
    void start() {
        server = TestServer.sqlite(TestServer.MEMORY);
        admin = server.admin();
        alice = server.newUser(TestServer.randomName("alice"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String template(String spec) {
        String name = TestServer.randomName("pooled");
        admin.templates().create(new TemplateRequest(name, "", "", spec, List.of(), true));
        return name;
    }

    @Test
    void pool_settings_out_of_range_or_for_a_template_that_cannot_be_pooled_are_refused() {
        String template = template(SPEC);
        assertThatThrownBy(() -> admin.templates().setPool(template, -1, 4, Duration.ofMinutes(5)))
                .isInstanceOf(WarrenException.ValidationFailed.class).hasMessageContaining("size");
        assertThatThrownBy(() -> admin.templates().setPool(template, 3, 2, Duration.ofMinutes(5)))
                .isInstanceOf(WarrenException.ValidationFailed.class).hasMessageContaining("max");
        assertThatThrownBy(() -> admin.templates().setPool(template, 1, 2, Duration.ofSeconds(2)))
                .isInstanceOf(WarrenException.ValidationFailed.class).hasMessageContaining("idle_lifetime");
        assertThatThrownBy(() -> alice.templates().setPool(template, 1, 2, Duration.ofMinutes(5)))
                .isInstanceOf(WarrenException.class);
        String named = template("image: warren-base:latest\ncommand: [sleep, \"${{ .space.name }}\"]\n");
        assertThatThrownBy(() -> admin.templates().setPool(named, 1, 2, Duration.ofMinutes(5)))
                .isInstanceOf(WarrenException.ValidationFailed.class).hasMessageContaining("cannot have a warm pool");
        assertThat(admin.templates().pool(template).size()).isZero();
        assertThat(admin.templates().pool(named).size()).isZero();
    }

    @Test
    void an_owner_who_creates_gets_a_miss_then_pooled_sandboxes_with_their_own_identity() {
        String template = template(SPEC);
        admin.templates().setPool(template, 1, 4, Duration.ofMinutes(10));
        int spacesBefore = server.server().stores().spaces().listAll().size();
        SandboxInfo cold = alice.sandboxes().create(SandboxOptions.defaults().withTemplate(template));
        assertThat(await(template, info -> info.ready() == 1).misses()).isEqualTo(1);
        assertThat(server.server().stores().spaces().listAll()).hasSize(spacesBefore + 1); // members are no spaces

        SandboxInfo pooled = alice.sandboxes().create(SandboxOptions.defaults().withTemplate(template)
                .withEnv("MODEL", "small"));
        assertThat(pooled.state()).isEqualTo("running");
        assertThat(admin.templates().pool(template).hits()).isEqualTo(1);
        String env = alice.processes(pooled.id()).run("echo $WARREN_SPACE_NAME/$GREETING/$MODEL/$WARREN_SPACE_ID",
                RunOptions.shell()).stdout();
        assertThat(env).isEqualTo(pooled.name() + "/hello " + pooled.name() + "/small/" + pooled.id() + "\n");
        await(template, info -> info.ready() == 1); // refilled for the next create

        alice.sandboxes().kill(cold.id());
        alice.sandboxes().kill(pooled.id());
        admin.templates().setPool(template, 0, 0, Duration.ofMinutes(10));
        assertThat(await(template, info -> info.ready() + info.starting() == 0).size()).isZero();
    }

    @Test
    void a_changed_template_drains_its_members_and_the_pool_refills_with_the_new_version() {
        String template = template(SPEC);
        admin.templates().setPool(template, 1, 4, Duration.ofMinutes(10));
        alice.sandboxes().kill(alice.sandboxes().create(SandboxOptions.defaults().withTemplate(template)).id());
        await(template, info -> info.ready() == 1);
        String before = memberHash(template);
        admin.templates().update(template, new TemplateRequest(template, "changed", "", SPEC + "  MORE: \"1\"\n",
                List.of(), true));
        Instant deadline = Instant.now().plusSeconds(20);
        while (memberHash(template).equals(before) || admin.templates().pool(template).ready() != 1) {
            assertThat(Instant.now()).as("the pool never refilled with the new version").isBefore(deadline);
            pause(100);
        }
        SandboxInfo pooled = alice.sandboxes().create(SandboxOptions.defaults().withTemplate(template));
        assertThat(alice.processes(pooled.id()).run("echo $MORE", RunOptions.shell()).stdout()).isEqualTo("1\n");
        alice.sandboxes().kill(pooled.id());
        admin.templates().setPool(template, 0, 0, Duration.ofMinutes(10));
    }

    @Test
    void ready_members_survive_a_restart_and_are_claimed_afterwards() {
        String template = template(SPEC);
        admin.templates().setPool(template, 1, 4, Duration.ofMinutes(10));
        alice.sandboxes().kill(alice.sandboxes().create(SandboxOptions.defaults().withTemplate(template)).id());
        await(template, info -> info.ready() == 1);
        String member = memberId(template);
        server.halt();
        server.boot();
        admin = server.admin();
        Warren aliceAgain = Warren.connect(server.url(), alice.connection().token());
        assertThat(admin.templates().pool(template).ready()).isEqualTo(1);
        SandboxInfo pooled = aliceAgain.sandboxes().create(SandboxOptions.defaults().withTemplate(template));
        assertThat(pooled.id()).isEqualTo(member);
        assertThat(aliceAgain.processes(pooled.id()).run("echo $WARREN_SPACE_NAME", RunOptions.shell()).stdout())
                .isEqualTo(pooled.name() + "\n");
        aliceAgain.sandboxes().kill(pooled.id());
        admin.templates().setPool(template, 0, 0, Duration.ofMinutes(10));
        alice = aliceAgain;
    }

    private String memberHash(String template) {
        String id = admin.templates().get(template).id();
        return new dev.warren.store.PoolStore(server.server().database().jdbi(), dev.warren.store.FieldCipher.NONE)
                .members().stream().filter(member -> member.templateId().equals(id)).map(member -> member.templateHash())
                .findFirst().orElse("");
    }

    private String memberId(String template) {
        String id = admin.templates().get(template).id();
        return new dev.warren.store.PoolStore(server.server().database().jdbi(), dev.warren.store.FieldCipher.NONE)
                .members().stream().filter(member -> member.templateId().equals(id)).map(member -> member.spaceId())
                .findFirst().orElse("");
    }

    private PoolInfo await(String template, Predicate<PoolInfo> wanted) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            PoolInfo info = admin.templates().pool(template);
            if (wanted.test(info)) {
                return info;
            }
            assertThat(Instant.now()).as("the pool of %s never got there: %s", template, info).isBefore(deadline);
            pause(100);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }
}
