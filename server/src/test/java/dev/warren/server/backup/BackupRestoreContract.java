package dev.warren.server.backup;

import dev.warren.client.CommandHandle;
import dev.warren.client.RunOptions;
import dev.warren.client.Warren;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An online backup of a running server, restored into a fresh data directory on the same engine: users, tokens,
 * templates, spaces and their data come back, and the restored server adopts the spaces that kept running (same
 * instance, the agents' secrets restored: background processes are still there).
 */
abstract class BackupRestoreContract {
    abstract String engineHost();

    @Test
    void a_backup_taken_while_serving_restores_everything_and_adopts_running_spaces() throws Exception {
        TestServer original = TestServer.sqlite(engineHost());
        TestServer restored = null;
        try {
            String username = TestServer.randomName("keeper");
            Warren user = original.newUser(username);
            String token = Warren.login(original.url(), username, "password-" + username, "kept", null).token();
            String template = TestServer.randomName("tpl");
            original.admin().templates().create(new TemplateRequest(template, "kept", "", "image: warren-base:latest\n"
                    + "command: [sleep, infinity]\nvolumes:\n  data: /data\n", List.of(), true));
            String space = TestServer.randomName("kept");
            user.create(space, template);
            user.start(space);
            user.writeFile(space, "/data/notes.txt", "written before the backup");
            CommandHandle sleeper = user.processes(space).background("sleep 600", RunOptions.shell());
            String containerBefore = original.server().services().runtime()
                    .inspect(user.get(space).id()).orElseThrow().instanceId();

            Path target = Files.createTempDirectory("warren-backup-").resolve("copy");
            Backup.Result result = Backup.run("jdbc:sqlite:" + original.dataDir().resolve("warren.db"),
                    original.dataDir(), target);
            assertThat(result.agentSecrets()).isPositive();
            assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThatThrownBy(() -> Backup.run("jdbc:sqlite:" + original.dataDir().resolve("warren.db"),
                    original.dataDir(), target)).hasMessageContaining("not empty");
            original.halt(); // the machine is lost; the spaces keep running on the engine

            restored = TestServer.sqliteIn(target, engineHost());
            Warren again = Warren.connect(restored.url(), token);
            assertThat(again.get(space).isRunning()).isTrue();
            assertThat(restored.server().services().runtime().inspect(again.get(space).id()).orElseThrow()
                    .instanceId()).as("the same container, adopted").isEqualTo(containerBefore);
            assertThat(again.readFile(space, "/data/notes.txt")).isEqualTo("written before the backup");
            assertThat(again.processes(space).get(sleeper.pid()).running()).as("the agent answers the restored server")
                    .isTrue();
            assertThat(restored.admin().templates().list()).anySatisfy(t -> assertThat(t.name()).isEqualTo(template));
            assertThat(again.processes(space).run("echo restored", RunOptions.shell()).stdout())
                    .isEqualTo("restored\n");
        } finally {
            if (restored != null) {
                restored.close(); // same instance as the original: removes what both made
            } else {
                original.close();
            }
        }
    }

    @Test
    void a_postgresql_store_is_refused_with_the_way_to_back_it_up() {
        assertThatThrownBy(() -> Backup.run("jdbc:postgresql://localhost/warren?user=a&password=secret",
                Path.of("."), Path.of("unused"))).hasMessageContaining("pg_dump").hasMessageNotContaining("secret");
    }
}
