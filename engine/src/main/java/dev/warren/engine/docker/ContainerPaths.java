package dev.warren.engine.docker;

/** Absolute POSIX paths inside a container, handled as strings: the host's file system rules do not apply. */
final class ContainerPaths {
    private ContainerPaths() {
    }

    /** The path normalised ({@code .}, {@code ..}, repeated slashes); it must be absolute. */
    static String absolute(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("A path inside a container must be absolute, not '" + path + "'.");
        }
        var parts = new java.util.ArrayDeque<String>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    static String parent(String absolute) {
        int slash = absolute.lastIndexOf('/');
        return slash <= 0 ? "/" : absolute.substring(0, slash);
    }

    static String name(String absolute) {
        return absolute.substring(absolute.lastIndexOf('/') + 1);
    }

    /** Where a symbolic link at {@code link} pointing to {@code target} leads. */
    static String resolveLink(String link, String target) {
        return absolute(target.startsWith("/") ? target : parent(link) + "/" + target);
    }
}
