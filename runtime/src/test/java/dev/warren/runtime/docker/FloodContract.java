package dev.warren.runtime.docker;

import dev.warren.runtime.CollectedOutput;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.SpaceSpec;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.ProcessEvent;
import dev.warren.runtime.agent.ProcessRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process that floods its output, read through the agent in a JVM whose heap is smaller than the output (the
 * failsafe run of this module has -Xmx64m): collected output is capped and says so, streamed output is read to the
 * end chunk by chunk. Neither grows the heap with the output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FloodContract {
    private static final long FLOOD = 300L * 1024 * 1024;
    private DockerSpaceRuntime runtime;
    private SpaceAgent agent;

    abstract String engineHost();

    @BeforeAll
    void start() {
        runtime = DockerRuntimeSupport.create(engineHost());
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        runtime.start(new SpaceSpec(id, "owner-1", "warren-base:latest", List.of("sleep", "3600"), Map.of(), "",
                "", "", Map.of(), 0, 0, List.of(), List.of(), false, 0, 0, null, List.of()), progress -> { });
        agent = runtime.agent(id);
    }

    @AfterAll
    void stop() {
        runtime.removeEverything();
        runtime.close();
    }

    private static ProcessRequest flood() {
        return ProcessRequest.of("sh", "-c", "head -c " + FLOOD + " /dev/zero");
    }

    @Test
    void collected_output_is_capped_and_says_so() {
        CollectedOutput result = CollectedOutput.collect(agent.start(flood()), 8L << 20, Duration.ofSeconds(120));
        assertThat(result.truncated()).isTrue();
        assertThat(result.stdout().length).isEqualTo(8 << 20);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void streamed_output_is_read_to_the_end_without_holding_it() throws Exception {
        long total = 0;
        try (AgentProcess process = agent.start(flood())) {
            ProcessEvent event;
            while ((event = process.next()) != null) {
                if (event instanceof ProcessEvent.Output output) {
                    total += output.data().length;
                } else if (event instanceof ProcessEvent.Exit exit) {
                    assertThat(exit.exitCode()).isZero();
                }
            }
        }
        assertThat(total).isEqualTo(FLOOD);
        assertThat(Runtime.getRuntime().maxMemory()).as("the heap is smaller than the output").isLessThan(FLOOD);
    }
}
