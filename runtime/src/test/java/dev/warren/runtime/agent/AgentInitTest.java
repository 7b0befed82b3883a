package dev.warren.runtime.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent as init: main command, signals, stopping what it manages, reaping (on the host and as process 1). */
class AgentInitTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Exits 7 on SIGTERM; creates {@code trapped} in its directory once the trap is set. */
    private static final String TRAP_TERM = "trap 'exit 7' TERM; : > trapped; while true; do sleep 0.05; done";

    @Test
    void the_agent_exits_with_the_main_commands_status() {
        try (RunningAgent agent = RunningAgent.start("sh", "-c", "exit 3")) {
            assertThat(agent.awaitExit()).isEqualTo(3);
        }
        try (RunningAgent agent = RunningAgent.start("sh", "-c", "kill -TERM $$")) {
            assertThat(agent.awaitExit()).isEqualTo(143);
        }
    }

    @Test
    void a_missing_main_command_ends_the_agent_like_a_shell() {
        try (RunningAgent agent = RunningAgent.start("no-such-command")) {
            assertThat(agent.awaitExit()).isEqualTo(127);
            assertThat(agent.log()).contains("No such file or directory: 'no-such-command'");
        }
    }

    @Test
    void sigterm_goes_to_the_main_command_which_decides_the_exit() {
        try (RunningAgent agent = RunningAgent.start("sh", "-c", TRAP_TERM).awaitReady()) {
            ProcessInfo main = agent.client.processes().getFirst();
            assertThat(main.main()).isTrue();
            assertThat(main.argv()).containsExactly("sh", "-c", TRAP_TERM);
            awaitTrap(agent);
            agent.process.destroy();
            assertThat(agent.awaitExit()).isEqualTo(7);
        }
    }

    @Test
    void without_a_command_the_agent_serves_until_sigterm() {
        try (RunningAgent agent = RunningAgent.start().awaitReady()) {
            assertThat(agent.client.processes()).isEmpty();
            agent.process.destroy();
            assertThat(agent.awaitExit()).isZero();
        }
    }

    @Test
    void when_the_main_command_ends_the_agent_stops_what_it_still_manages() throws IOException {
        try (RunningAgent agent = RunningAgent.start("sh", "-c", "while [ ! -e stop ]; do sleep 0.02; done; exit 5")
                .awaitReady()) {
            int polite = agent.client.start(background("sleep", "100")).pid();
            int stubborn = agent.client.start(background("sh", "-c", "trap '' TERM; while true; do sleep 0.05; done"))
                    .pid();
            Files.writeString(agent.directory.resolve("stop"), "");
            assertThat(agent.awaitExit()).isEqualTo(5);
            // SIGTERM ends the first, SIGKILL after the grace the second; the host's init reaps them after the agent
            Await.until(TIMEOUT, "both background processes to be gone",
                    () -> !Files.exists(proc(polite)) && !Files.exists(proc(stubborn)));
        }
    }

    @Test
    void the_user_option_is_the_default_user_of_every_process() {
        try (RunningAgent agent = RunningAgent.start(List.of(), List.of("--user", "65534:65534"), "sleep", "100")
                .awaitReady()) {
            ProcessInfo main = agent.client.processes().getFirst();
            assertThat(uid(main.pid())).isEqualTo(65534);
            Events events = Events.readAll(agent.client.start(ProcessRequest.of("id", "-u")));
            assertThat(events.stdout()).isEqualTo("65534\n");
        }
    }

    @Test
    void orphans_and_zombies_are_reaped_on_the_host() throws IOException {
        try (RunningAgent agent = RunningAgent.start().awaitReady()) {
            Events events = Events.readAll(agent.client.start(
                    ProcessRequest.of("sh", "-c", "sleep 1 & echo $!; sh -c 'sh -c \"exit 0\" &'")));
            int orphan = Integer.parseInt(events.stdout().strip());
            // the shell has exited: its orphan now belongs to the agent (a subreaper), which must reap it
            assertThat(parent(orphan)).isEqualTo(agent.hostPid());
            Await.until(TIMEOUT, "the orphan " + orphan + " to be reaped", () -> !Files.exists(proc(orphan)));
            Await.until(TIMEOUT, "no zombie children of the agent", () -> zombieChildren(agent.hostPid()).isEmpty());
        }
    }

    @Test
    void as_process_1_of_a_pid_namespace_it_reaps_and_forwards_sigterm() {
        try (RunningAgent unshare = RunningAgent.start(List.of("unshare", "--fork", "--pid", "--mount-proc"), List.of(),
                "sh", "-c", TRAP_TERM).awaitReady()) {
            long agentPid = unshare.process.children().findFirst().orElseThrow().pid();
            ProcessInfo main = unshare.client.processes().getFirst();
            assertThat(main.pid()).as("the main command's pid seen by an agent that is process 1").isEqualTo(2);

            Events events = Events.readAll(unshare.client.start(ProcessRequest.of("sh", "-c",
                    "sh -c 'sleep 0.2 &'; sh -c 'sh -c \"exit 0\" &'; echo started")));
            assertThat(events.stdout()).isEqualTo("started\n");
            Await.until(TIMEOUT, "the orphans inside the namespace to be reaped",
                    () -> children(agentPid).size() == 1 && zombieChildren(agentPid).isEmpty());

            // from the parent namespace, as `docker stop` does
            awaitTrap(unshare);
            ProcessHandle.of(agentPid).orElseThrow().destroy();
            assertThat(unshare.awaitExit()).isEqualTo(7);
        }
    }

    private static void awaitTrap(RunningAgent agent) {
        Await.until(TIMEOUT, "the main command to set its trap", () -> Files.exists(agent.directory.resolve("trapped")));
    }

    private static ProcessRequest background(String... argv) {
        return new ProcessRequest(List.of(argv), null, null, null, null, true, false);
    }

    private static Path proc(long pid) {
        return Path.of("/proc", Long.toString(pid));
    }

    private static long parent(long pid) {
        return Long.parseLong(status(pid, "PPid:"));
    }

    private static int uid(long pid) {
        return Integer.parseInt(status(pid, "Uid:").split("\\s+")[0]);
    }

    private static String status(long pid, String field) {
        try {
            return Files.readAllLines(proc(pid).resolve("status")).stream().filter(line -> line.startsWith(field))
                    .map(line -> line.substring(field.length()).strip()).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the status of process " + pid + ": " + e.getMessage(), e);
        }
    }

    /** Children of {@code pid} from /proc, each as its stat line after the command (state first). */
    private static List<String> children(long pid) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(p -> {
                        try {
                            String stat = Files.readString(p.resolve("stat"), StandardCharsets.UTF_8);
                            return stat.substring(stat.lastIndexOf(')') + 2);
                        } catch (IOException gone) {
                            return "";
                        }
                    })
                    .filter(rest -> !rest.isEmpty() && rest.split(" ")[1].equals(Long.toString(pid)))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> zombieChildren(long pid) {
        return children(pid).stream().filter(rest -> rest.startsWith("Z")).toList();
    }
}
