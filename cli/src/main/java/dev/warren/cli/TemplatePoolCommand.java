package dev.warren.cli;

import dev.warren.client.wire.Pools.PoolInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code warren template pool}: show a template's warm pool, or (admins) set it. */
@Command(name = "pool", description = {"Show a template's warm pool; with --size (admins) set it.",
        "A pool keeps SIZE started sandboxes waiting for each owner who creates sandboxes from the template."})
final class TemplatePoolCommand extends Base {
    @Parameters(paramLabel = "TEMPLATE", description = "Name or id.")
    String template;
    @Option(names = "--size", paramLabel = "N", description = "Started sandboxes kept per owner (0 removes the pool).")
    Integer size;
    @Option(names = "--max", paramLabel = "N", description = "Most members of this template at once (default 4 × size).")
    Integer max;
    @Option(names = "--idle", paramLabel = "SECONDS", description = "How long a member may wait (default 3600).")
    Long idle;

    @Override
    public Integer call() {
        PoolInfo info = size == null ? warren().templates().pool(template)
                : warren().templates().setPool(template, size, max == null ? size * 4 : max,
                        Duration.ofSeconds(idle == null ? 3600 : idle));
        return print(info, () -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("template", info.templateName());
            fields.put("size", info.size() + " per owner");
            fields.put("max", info.max());
            fields.put("idle lifetime", info.idleLifetime() + " s");
            fields.put("ready", info.ready());
            fields.put("starting", info.starting());
            fields.put("hits / misses", info.hits() + " / " + info.misses());
            Output.fields(out(), fields);
        });
    }
}
