package dev.warren.server;

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
        WarrenServer server = WarrenServer.start(config, System.out);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
        System.out.println("warren is listening on " + config.publicUrl());
    }
}
