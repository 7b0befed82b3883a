package dev.warren.cli;

import dev.warren.client.PortUrlsApi;
import dev.warren.client.wire.PortUrls.CreatedPreview;
import dev.warren.client.wire.PortUrls.PortUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code warren space url SPACE PORT}: the URL of a port of a space through the server's port proxy; with
 * {@code --preview} a link that opens it without credentials for {@code --ttl}; with {@code --public} or
 * {@code --private} the port's visibility is changed first (owner or admin).
 */
@Command(name = "url", description = "Print the URL of a port of a space (private: your token, a preview link or"
        + " --public opens it).")
final class SpaceUrlCommand extends Base {
    @Parameters(index = "0", paramLabel = "SPACE", description = "Space name or id (a sandbox id works too).")
    String space;
    @Parameters(index = "1", paramLabel = "PORT", description = "The port inside the space, 1 to 65535.")
    int port;
    @Option(names = "--preview", description = "Print a preview link instead: it opens the port without other"
            + " credentials until --ttl passes or it is revoked.")
    boolean preview;
    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", description = "Life of a preview link:"
            + " seconds, or a number with s, m, h or d (default: ${DEFAULT-VALUE}).")
    String ttl;
    @Option(names = "--public", description = "Make the port public first: no credentials needed (owner or admin).")
    boolean makePublic;
    @Option(names = "--private", description = "Make the port private again first (owner or admin).")
    boolean makePrivate;

    @Override
    public Integer call() {
        if (makePublic && makePrivate) {
            throw new ExitCodes.UsageException("Give --public or --private, not both.");
        }
        Duration life = preview ? parseTtl(ttl) : null;
        PortUrlsApi ports = warren().portUrls(space);
        PortUrl url = makePublic || makePrivate ? ports.setPublic(port, makePublic) : null;
        if (preview) {
            CreatedPreview link = ports.preview(port, life);
            return print(link, () -> out().println(link.url()));
        }
        PortUrl shown = url != null ? url : ports.url(port);
        return print(shown, () -> out().println(shown.url() + (shown.publicPort() ? "   (public)" : "")));
    }

    /** {@code 90}, {@code 90s}, {@code 10m}, {@code 1h}, {@code 7d}; refuses anything else with a sentence. */
    static Duration parseTtl(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (!value.matches("\\d{1,9}[smhd]?")) {
            throw new ExitCodes.UsageException("--ttl must be a whole number of seconds or a number with s, m, h or"
                    + " d (e.g. 90s, 10m, 1h, 7d), not '" + text + "'.");
        }
        char last = value.charAt(value.length() - 1);
        boolean bare = Character.isDigit(last);
        long number = Long.parseLong(bare ? value : value.substring(0, value.length() - 1));
        char unit = bare ? 's' : last;
        return switch (unit) {
            case 'm' -> Duration.ofMinutes(number);
            case 'h' -> Duration.ofHours(number);
            case 'd' -> Duration.ofDays(number);
            default -> Duration.ofSeconds(number);
        };
    }
}
