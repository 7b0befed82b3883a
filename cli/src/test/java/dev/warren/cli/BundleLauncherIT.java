package dev.warren.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI bundle that scripts/space-cli.sh builds (and spaces mount at /opt/warren): its launcher starts the CLI from
 * the bundle's AOT cache, leaves it out on request, and skips a cache the JVM refuses without printing anything
 * (ADR 0008). Needs the bundle: ./test.sh builds it before Maven runs.
 */
class BundleLauncherIT {
    private static final Path BUNDLE = Path.of("..", "build", "space-cli", "current").toAbsolutePath().normalize();
    @TempDir
    Path temp;

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void bundleIsBuilt() {
        assertThat(BUNDLE.resolve("bin/warren"))
                .as("The space CLI bundle is missing: run scripts/space-cli.sh first (looked in " + BUNDLE + ").")
                .isExecutable();
        assertThat(BUNDLE.resolve("warren-cli.aot")).as("the bundle's AOT cache").isRegularFile();
    }

    private static Result run(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("WARREN_") || key.endsWith("JAVA_OPTIONS"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    /** Where the JVM loaded {@code dev.warren.cli.Main} from, per its class-loading log. */
    private String mainClassSource(Map<String, String> env) throws Exception {
        Path log = Files.createTempFile(temp, "classes", ".log");
        Map<String, String> withLog = new java.util.HashMap<>(env);
        withLog.put("WARREN_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        Result result = run(BUNDLE.resolve("bin/warren"), withLog, "--version");
        assertThat(result.code()).as(result.err()).isZero();
        return Files.readAllLines(log).stream().filter(line -> line.contains(" dev.warren.cli.Main source: "))
                .findFirst().orElseThrow();
    }

    @Test
    void the_launcher_starts_the_cli_from_the_aot_cache_unless_told_not_to() throws Exception {
        assertThat(mainClassSource(Map.of())).endsWith("source: shared objects file");
        assertThat(mainClassSource(Map.of("WARREN_CLI_AOT", "off"))).contains("source: file:");
    }

    @Test
    void output_is_the_same_with_and_without_the_cache() throws Exception {
        Result with = run(BUNDLE.resolve("bin/warren"), Map.of(), "--help");
        assertThat(with.code()).isZero();
        assertThat(with.err()).isEmpty();
        assertThat(with).isEqualTo(run(BUNDLE.resolve("bin/warren"), Map.of("WARREN_CLI_AOT", "off"), "--help"));
    }

    @Test
    void jvm_options_that_choose_a_class_data_archive_themselves_are_left_to_it() throws Exception {
        for (String options : List.of("-Xshare:off", "-XX:AOTMode=off")) {
            Result result = run(BUNDLE.resolve("bin/warren"), Map.of("WARREN_JAVA_OPTS", options), "--version");
            assertThat(result.code()).as(options + ": " + result.err()).isZero();
            assertThat(result.out()).startsWith("warren ");
        }
    }

    @Test
    void a_cache_the_jvm_refuses_is_skipped_without_a_word() throws Exception {
        // A copy of the bundle whose cache is cut short; the rest are links to the real bundle.
        Path copy = Files.createDirectories(temp.resolve("bundle"));
        Files.createDirectories(copy.resolve("bin"));
        Files.copy(BUNDLE.resolve("bin/warren"), copy.resolve("bin/warren"));
        for (String part : List.of("jre", "lib", "warren-cli.jar")) {
            Files.createSymbolicLink(copy.resolve(part), BUNDLE.resolve(part).toRealPath());
        }
        try (InputStream cache = Files.newInputStream(BUNDLE.resolve("warren-cli.aot"))) {
            Files.write(copy.resolve("warren-cli.aot"), cache.readNBytes(64 * 1024));
        }
        Result result = run(copy.resolve("bin/warren"), Map.of(), "--version");
        assertThat(result.code()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo(run(BUNDLE.resolve("bin/warren"), Map.of(), "--version").out())
                .startsWith("warren ");
    }

    @Test
    void the_bundled_libraries_hold_no_class_older_than_java_6() throws IOException {
        try (var jars = Files.list(BUNDLE.resolve("lib"))) {
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    var entry = file.getJarEntry(file.stream().filter(e -> e.getName().endsWith(".class")
                            && !e.getName().startsWith("META-INF/")).findFirst().orElseThrow().getName());
                    try (InputStream in = file.getInputStream(entry)) {
                        byte[] header = in.readNBytes(8);
                        assertThat(((header[6] & 0xff) << 8) | (header[7] & 0xff)).as(jar + " " + entry)
                                .isGreaterThanOrEqualTo(50);
                    }
                }
            }
        }
    }
}
