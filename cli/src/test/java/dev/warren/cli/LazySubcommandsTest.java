package dev.warren.cli;

import dev.warren.client.StubServer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up path of {@code Main}: a command line holding only the subcommand the arguments name behaves exactly like
 * the one holding every subcommand (same output, exit codes, inherited options and help), over a real socket.
 */
class LazySubcommandsTest {
    private static final String SPACE = """
            {"id":"sp-1","name":"web","description":"My dev environment","template_id":"t1","template_name":"ubuntu",
             "user_id":"u1","username":"alice","shares":[],"depends_on":[],"shell":"bash","platform":"linux/amd64",
             "zone":"default","is_running":true,"is_pending":false,"is_deleting":false,"node_hostname":"h",
             "created_at":"2026-01-01T00:00:00Z","alt_names":[],"icon_url":"","custom_fields":[],"startup_script_id":"",
             "stack":"shop","update_available":false,"state":"running","ports":[],"healthy":true,
             "health_detail":""}""";
    private static final Class<?>[] ALL = {LoginCommand.class, SpaceCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class};
    private StubServer stub;

    record Result(int code, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        stub = new StubServer();
        stub.json("GET", "/api/spaces", 200, "[" + SPACE + "]");
        stub.json("POST", "/api/spaces/web/run", 200, """
                {"output":"x\\n","stdout":"x\\n","stderr":"","exit_code":0,"timed_out":false,"truncated":false}""");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    /** Runs {@code args} as Main does (lazy) or with every subcommand registered. */
    private Result run(boolean lazy, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("WARREN_SERVER", stub.url(), "WARREN_TOKEN", "t", "HOME", "/nonexistent-home");
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        ByteArrayInputStream stdin = new ByteArrayInputStream(new byte[0]);
        CommandLine line = lazy ? WarrenCommand.commandLine(env, stdin, stdout, stderr, List.of(args))
                : WarrenCommand.commandLine(env, stdin, stdout, stderr);
        int code = line.execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void sameEitherWay(String... args) {
        Result lazy = run(true, args);
        assertThat(lazy).as(String.join(" ", args)).isEqualTo(run(false, args));
    }

    @Test
    void the_command_word_skips_root_options_and_their_values() {
        assertThat(LazySubcommands.commandWord(List.of("space", "list"))).isEqualTo("space");
        assertThat(LazySubcommands.commandWord(List.of("--server", "http://x:1", "--json", "whoami")))
                .isEqualTo("whoami");
        assertThat(LazySubcommands.commandWord(List.of("--server=http://x:1", "--token", "t", "space")))
                .isEqualTo("space");
    }

    @Test
    void arguments_that_name_no_command_clearly_give_no_command_word() {
        assertThat(LazySubcommands.commandWord(List.of())).isNull();
        assertThat(LazySubcommands.commandWord(List.of("--token", "t"))).isNull();
        assertThat(LazySubcommands.commandWord(List.of("--help", "space"))).isNull();
        assertThat(LazySubcommands.commandWord(List.of("-V"))).isNull();
        assertThat(LazySubcommands.commandWord(List.of("--", "space"))).isNull();
        assertThat(LazySubcommands.commandWord(List.of("@arguments.txt"))).isNull();
        assertThat(LazySubcommands.commandWord(List.of("--json=true", "space"))).isNull();
    }

    @Test
    void only_the_named_command_is_needed_but_help_completion_and_unknown_words_need_all() {
        assertThat(LazySubcommands.needed(ALL, List.of("space", "list"))).containsExactly(SpaceCommand.class);
        assertThat(LazySubcommands.needed(ALL, List.of("--json", "login"))).containsExactly(LoginCommand.class);
        assertThat(LazySubcommands.needed(ALL, List.of("help", "space"))).containsExactly(ALL);
        assertThat(LazySubcommands.needed(ALL, List.of("completion"))).containsExactly(ALL);
        assertThat(LazySubcommands.needed(ALL, List.of("spcae", "list"))).containsExactly(ALL);
        assertThat(LazySubcommands.needed(ALL, List.of())).containsExactly(ALL);
    }

    @Test
    void main_registers_only_the_named_top_level_command() {
        CommandLine line = WarrenCommand.commandLine(Map.of(), new ByteArrayInputStream(new byte[0]), System.out,
                System.err, List.of("--server", "http://x:1", "space", "list"));
        assertThat(line.getSubcommands()).containsOnlyKeys("space");
        assertThat(WarrenCommand.commandLine(Map.of(), new ByteArrayInputStream(new byte[0]), System.out, System.err,
                List.of("--help")).getSubcommands()).containsKeys("space", "whoami", "help", "completion");
    }

    @Test
    void a_lazy_command_line_prints_the_same_output_and_exit_codes_as_the_full_one() throws Exception {
        sameEitherWay("space", "list");
        sameEitherWay("space", "list", "--json"); // --json is inherited by subcommands added later too
        sameEitherWay("--json", "space", "list");
        sameEitherWay("space", "list", "--no-such-option");
        sameEitherWay("spcae", "list");
        sameEitherWay("--help");
        sameEitherWay("help", "space");
        sameEitherWay("space", "--help");
        sameEitherWay("completion");
        Result listed = run(true, "space", "list", "--json");
        assertThat(listed.code()).isZero();
        assertThat(new ObjectMapper().readTree(listed.out()).get(0).get("name").asText()).isEqualTo("web");
    }

    @Test
    void arguments_after_the_space_of_space_run_still_belong_to_the_command() throws Exception {
        Result result = run(true, "space", "run", "web", "ls", "--json", "-la");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(new ObjectMapper().readTree(stub.last().body()).get("args").toString())
                .isEqualTo("[\"--json\",\"-la\"]");
    }

    @Test
    void the_aot_training_commands_all_end_as_expected_against_its_canned_server() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertThat(AotTraining.train(new PrintStream(log, true, StandardCharsets.UTF_8)))
                .as(log.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("warren space list --json -> 0");
    }
}
