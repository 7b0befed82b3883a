package dev.warren.server.reliability;

import dev.warren.client.Warren;
import dev.warren.client.wire.Spaces.SpaceInfo;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.engine.ContainerSummary;
import dev.warren.engine.Engine;
import dev.warren.engine.VolumeSummary;
import dev.warren.engine.docker.EngineLocator;
import dev.warren.runtime.docker.SpaceLabels;
import dev.warren.server.WarrenServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server killed with SIGKILL at random moments of a scripted workload (creates, starts, writes, runs, pauses,
 * resumes, stops, deletes), then started again on the same store, many rounds: after each restart the store and the engine agree (no
 * transition left half-done, no container or volume without its space, no running space without its container),
 * every write acknowledged before the kill reads back byte-identical, and an acknowledged delete stays done.
 */
abstract class ServerKillContract {
    abstract String engineHost();

    /** How many kills: 20 on Docker; fewer on Podman, whose slower API makes each round cost more. */
    int rounds() {
        return 20;
    }

    /** What the client was told succeeded before a kill. */
    private record Acknowledged(Map<String, byte[]> files, Set<String> deleted) {}

    @Test
    void a_server_killed_at_random_points_restarts_into_agreement_with_the_engine() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("warren-chaos-");
        Acknowledged acknowledged = new Acknowledged(new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet());
        try (ServerProcess server = new ServerProcess(engineHost(), dir);
                Engine engine = EngineLocator.connect(engineHost())) {
            SpaceLabels labels = new SpaceLabels(WarrenServer.instanceId(server.config()));
            try {
                Warren admin = server.start();
                String template = "chaos-" + Long.toHexString(seed).substring(0, 6);
                admin.templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n"
                        + "command: [sleep, infinity]\nvolumes:\n  data: /data\n", List.of(), true));
                for (int round = 1; round <= rounds(); round++) {
                    Warren client = admin;
                    int round1 = round;
                    Thread worker = Thread.ofVirtual().start(() -> workload(client, template, round1,
                            new Random(random.nextLong()), acknowledged));
                    Thread.sleep(100 + random.nextInt(1400));
                    server.kill();
                    worker.join(60_000);
                    admin = server.start();
                    agree(admin, engine, labels, acknowledged, "round " + round + " (seed " + seed + ")");
                }
                for (SpaceInfo space : admin.listAll()) {
                    if (!space.isRunning()) {
                        admin.start(space.name());
                    }
                }
                agree(admin, engine, labels, acknowledged, "all started (seed " + seed + ")");
            } finally {
                server.close();
                engine.cleanup(labels.instance());
            }
        }
    }

    /** Random work until the server is killed under it (the first failed call ends it). */
    private static void workload(Warren admin, String template, int round, Random random, Acknowledged acknowledged) {
        List<String> mine = new ArrayList<>();
        try {
            for (int step = 0; step < 1_000; step++) {
                int choice = random.nextInt(10);
                List<SpaceInfo> spaces = admin.listAll();
                if (choice < 3 || spaces.isEmpty()) {
                    String name = "c" + round + "-" + step + "-" + Integer.toHexString(random.nextInt());
                    admin.create(name, template);
                    mine.add(name);
                    admin.start(name);
                    byte[] content = new byte[1 + random.nextInt(64 * 1024)];
                    random.nextBytes(content);
                    admin.writeFile(name, "/data/acknowledged.bin", content);
                    acknowledged.files().put(name, content);
                } else {
                    SpaceInfo space = spaces.get(random.nextInt(spaces.size()));
                    switch (choice) {
                        case 3 -> {
                            if (space.isRunning()) {
                                admin.run(space.name(), "echo", "busy");
                            }
                        }
                        case 4 -> {
                            if (space.isRunning()) {
                                admin.pause(space.name());
                            } else if ("paused".equals(space.state())) {
                                admin.resume(space.name());
                            }
                        }
                        case 5, 6 -> admin.stop(space.name());
                        case 7, 8 -> admin.start(space.name());
                        default -> {
                            acknowledged.files().remove(space.name()); // from now on either outcome is right
                            admin.stop(space.name());
                            admin.delete(space.name());
                            acknowledged.deleted().add(space.name());
                        }
                    }
                }
            }
        } catch (RuntimeException killed) {
            // the server went away mid-call: whatever that call did is not acknowledged
        }
    }

    private static void agree(Warren admin, Engine engine, SpaceLabels labels, Acknowledged acknowledged,
            String when) {
        List<SpaceInfo> spaces = admin.listAll();
        Set<String> ids = spaces.stream().map(SpaceInfo::id).collect(Collectors.toSet());
        Set<String> names = spaces.stream().map(SpaceInfo::name).collect(Collectors.toSet());
        for (SpaceInfo space : spaces) {
            assertThat(space.state()).as(when + ": " + space.name() + " has finished its transition")
                    .isIn("running", "stopped", "paused");
            var container = engine.inspectContainer(labels.containerName(space.id()));
            if ("paused".equals(space.state())) {
                assertThat(container).as(when + ": paused " + space.name() + " has its frozen container")
                        .hasValueSatisfying(state -> assertThat(state.status()).isEqualTo("paused"));
            } else if (space.isRunning()) {
                assertThat(container).as(when + ": running " + space.name() + " has its container")
                        .hasValueSatisfying(state -> assertThat(state.running()).isTrue());
                assertThat(admin.run(space.name(), "echo", "ok").output()).isEqualTo("ok\n");
                byte[] expected = acknowledged.files().get(space.name());
                if (expected != null) {
                    assertThat(Arrays.equals(admin.readFileBytes(space.name(), "/data/acknowledged.bin"), expected))
                            .as(when + ": the acknowledged write to " + space.name() + " reads back").isTrue();
                }
            } else {
                assertThat(container).as(when + ": stopped " + space.name() + " has no container").isEmpty();
            }
        }
        for (ContainerSummary container : engine.listContainers(labels.instance())) {
            assertThat(ids).as(when + ": container " + container.name() + " belongs to a space")
                    .contains(container.labels().get(SpaceLabels.SPACE));
        }
        for (VolumeSummary volume : engine.listVolumes(labels.instance())) {
            assertThat(ids).as(when + ": volume " + volume.name() + " belongs to a space")
                    .contains(volume.labels().get(SpaceLabels.SPACE));
        }
        for (String deleted : acknowledged.deleted()) {
            assertThat(names).as(when + ": the acknowledged delete of " + deleted + " stays done")
                    .doesNotContain(deleted);
        }
        for (String written : acknowledged.files().keySet()) {
            assertThat(names).as(when + ": " + written + " with an acknowledged write exists").contains(written);
        }
    }
}
