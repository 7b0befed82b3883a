package dev.warren.server;

import dev.warren.server.backup.Backup;

import java.nio.file.Path;

/** Entry point: {@code java -jar warren-server.jar}. Configuration comes from the environment and the config file. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.load(System.getenv());
        } catch (IllegalArgumentException invalid) {
            System.err.println("warren: " + invalid.getMessage());
            System.exit(2);
            return;
        }
        if (args.length > 0 && args[0].equals("backup")) {
            System.exit(backup(config, args));
            return;
        }
        WarrenServer server = WarrenServer.start(config, System.out);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
        System.out.println("warren is listening on " + config.publicUrl());
    }

    /** {@code backup <dir>}: an online copy of the store and the files beside it; see {@link Backup}. */
    private static int backup(Config config, String[] args) {
        if (args.length != 2) {
            System.err.println("usage: warren backup <empty-or-new-directory>");
            return 2;
        }
        try {
            Backup.Result result = Backup.run(config.databaseUrl(), Path.of(config.dataDir()), Path.of(args[1]));
            System.out.printf("backup written to %s: store %d bytes, key file %s, %d agent secret(s)%n"
                    + "restore: WARREN_DATA_DIR=%s ./run.sh   (on the same engine, the server adopts its spaces)%n",
                    result.directory(), result.storeBytes(), result.keyFile() ? "copied" : "none",
                    result.agentSecrets(), result.directory().toAbsolutePath());
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException failed) {
            System.err.println("warren: " + failed.getMessage());
            return 1;
        }
    }
}
