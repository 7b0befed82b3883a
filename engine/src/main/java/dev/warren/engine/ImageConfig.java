package dev.warren.engine;

import java.util.List;

/**
 * What an image says it runs by default. A runtime that puts its own process 1 in front of the image's command
 * needs these to run what the image would have run.
 *
 * @param entrypoint the image's entrypoint; empty when it has none
 * @param command    the image's default command (arguments to the entrypoint); empty when it has none
 * @param user       the user the image runs as ({@code name}, {@code uid} or {@code uid:gid}); empty means root
 * @param workdir    the image's working directory; empty means {@code /}
 */
public record ImageConfig(List<String> entrypoint, List<String> command, String user, String workdir) {
    public ImageConfig {
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        command = command == null ? List.of() : List.copyOf(command);
        user = user == null ? "" : user;
        workdir = workdir == null ? "" : workdir;
    }
}
