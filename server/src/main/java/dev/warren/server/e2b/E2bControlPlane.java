package dev.warren.server.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.client.wire.Sandboxes.ConnectRequest;
import dev.warren.client.wire.Sandboxes.CreateSandboxRequest;
import dev.warren.client.wire.Sandboxes.SandboxInfo;
import dev.warren.client.wire.Sandboxes.SandboxPage;
import dev.warren.client.wire.Sandboxes.TimeoutRequest;
import dev.warren.client.wire.Snapshots.CreateSnapshotRequest;
import dev.warren.client.wire.Snapshots.ForkRequest;
import dev.warren.client.wire.Snapshots.SnapshotInfo;
import dev.warren.client.wire.Volumes.VolumeMountSpec;
import dev.warren.core.NotFoundException;
import dev.warren.server.auth.Caller;
import dev.warren.server.sandboxes.SandboxQuery;
import dev.warren.server.sandboxes.SandboxService;
import dev.warren.server.snapshots.ForkService;
import dev.warren.server.snapshots.SnapshotService;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * E2B's control plane (their {@code spec/openapi.yml}) on warren's sandbox, snapshot and fork services: every call
 * runs as the API key's user, through the same permission checks as warren's own API. What has no warren
 * counterpart (template builds, volumes' content API, network rules, logs) is refused with 501 in their error shape.
 * Blocking; thread-safe.
 */
final class E2bControlPlane {
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final SandboxService sandboxes;
    private final SnapshotService snapshots;
    private final ForkService forks;
    private final E2bSandboxViews views;
    private final ObjectMapper mapper;
    private final SecureRandom random = new SecureRandom();

    E2bControlPlane(SandboxService sandboxes, SnapshotService snapshots, ForkService forks, E2bSandboxViews views,
            ObjectMapper mapper) {
        this.sandboxes = sandboxes;
        this.snapshots = snapshots;
        this.forks = forks;
        this.views = views;
        this.mapper = mapper;
    }

    /** Answers one control-plane request; {@code body} is the parsed JSON body (an empty object when none). */
    E2bAnswer handle(Caller caller, String method, String path, Function<String, String> query, JsonNode body) {
        String[] parts = path.replaceAll("/+$", "").split("/");
        // parts[0] is "" (the path starts with "/")
        boolean v2 = parts.length > 1 && parts[1].equals("v2");
        int at = v2 ? 2 : 1;
        String root = parts.length > at ? parts[at] : "";
        String id = parts.length > at + 1 ? parts[at + 1] : null;
        String action = parts.length > at + 2 ? parts[at + 2] : null;
        if (parts.length > at + 3) {
            throw routeMissing(method, path);
        }
        return switch (root) {
            case "sandboxes" -> sandboxes(caller, method, v2, id, action, query, body, path);
            case "snapshots" -> {
                if (!method.equals("GET") || id != null) {
                    throw routeMissing(method, path);
                }
                yield listSnapshots(caller, query);
            }
            case "templates" -> templates(caller, method, id, action);
            case "v3", "volumes" -> throw E2bError.notSupported(root.equals("volumes")
                    ? "E2B's volume API (warren's volumes are at /api/volumes)" : "Building templates");
            default -> throw routeMissing(method, path);
        };
    }

    private E2bAnswer sandboxes(Caller caller, String method, boolean v2, String id, String action,
            Function<String, String> query, JsonNode body, String path) {
        if (id == null) {
            return switch (method) {
                case "POST" -> E2bAnswer.of(201, views.sandbox(create(caller, body), caller.userId()));
                case "GET" -> list(caller, query, v2);
                default -> throw routeMissing(method, path);
            };
        }
        if (id.equals("metrics") && action == null && method.equals("GET")) {
            ObjectNode none = mapper.createObjectNode();
            none.putObject("sandboxes");
            return E2bAnswer.of(200, none); // warren keeps no per-sandbox metrics (docs/E2B.md)
        }
        String key = method + " " + (action == null ? "" : action);
        return switch (key) {
            case "GET " -> E2bAnswer.of(200, views.detail(sandboxes.get(caller, id), caller.userId()));
            case "DELETE " -> {
                sandboxes.kill(caller, id);
                yield E2bAnswer.empty();
            }
            case "POST timeout" -> {
                sandboxes.setTimeout(caller, id, new TimeoutRequest(seconds(body, "timeout", true)));
                yield E2bAnswer.empty();
            }
            case "POST refreshes" -> {
                Long duration = seconds(body, "duration", false);
                long life = duration != null ? duration : sandboxes.get(caller, id).timeout();
                sandboxes.setTimeout(caller, id, new TimeoutRequest(life));
                yield E2bAnswer.empty();
            }
            case "POST pause" -> pause(caller, id, body);
            case "POST resume" -> resume(caller, id, body);
            case "POST connect" -> connect(caller, id, body);
            case "GET metrics" -> {
                sandboxes.get(caller, id); // 404 for a sandbox that is missing or not the caller's
                yield E2bAnswer.of(200, mapper.createArrayNode());
            }
            case "POST fork" -> fork(caller, id, body);
            case "POST snapshots" -> snapshot(caller, id, body);
            case "PUT network" -> throw E2bError.notSupported("Changing a sandbox's network rules");
            case "GET logs" -> throw E2bError.notSupported("Reading sandbox logs");
            default -> throw routeMissing(method, path);
        };
    }

    private SandboxInfo create(Caller caller, JsonNode body) {
        String template = text(body, "templateID");
        if (template == null || template.isBlank()) {
            throw E2bError.invalid("templateID is required: name a warren template (such as base) or snapshot.");
        }
        refuseUnsupported(body);
        boolean autoPause = body.path("autoPause").asBoolean(false);
        JsonNode autoResume = body.path("autoResume").path("enabled");
        boolean secure = body.path("network").path("allowPublicTraffic").isBoolean()
                && !body.path("network").path("allowPublicTraffic").asBoolean();
        List<VolumeMountSpec> volumes = null;
        if (body.path("volumeMounts").isArray() && !body.path("volumeMounts").isEmpty()) {
            volumes = new ArrayList<>();
            for (JsonNode mount : body.path("volumeMounts")) {
                volumes.add(new VolumeMountSpec(text(mount, "name"), text(mount, "path"), null, null));
            }
        }
        String snapshot = snapshotNamed(caller, template);
        return sandboxes.create(caller, new CreateSandboxRequest(snapshot == null ? template : null, null,
                seconds(body, "timeout", false), autoPause ? "pause" : "kill",
                autoResume.isBoolean() ? autoResume.asBoolean() : null, strings(body, "metadata"),
                strings(body, "envVars"), secure, null, volumes, snapshot));
    }

    /** Fields of E2B's create that warren cannot honour are refused, not ignored. */
    private static void refuseUnsupported(JsonNode body) {
        if (body.hasNonNull("mcp")) {
            throw E2bError.notSupported("The MCP gateway (mcp)");
        }
        if (body.hasNonNull("iam") && !body.path("iam").path("tokens").isEmpty()) {
            throw E2bError.notSupported("Workload identity tokens (iam)");
        }
        if (body.path("allow_internet_access").isBoolean() && !body.path("allow_internet_access").asBoolean()) {
            throw E2bError.notSupported("allow_internet_access: false (warren's egress rules are set per template"
                    + " and space through /api)");
        }
        for (String field : List.of("allowOut", "denyOut", "rules", "egressProxy", "maskRequestHost",
                "httpsPorts")) {
            if (body.path("network").hasNonNull(field)) {
                throw E2bError.notSupported("The network option " + field);
            }
        }
        if (body.path("autoPauseMemory").isBoolean() && !body.path("autoPauseMemory").asBoolean()) {
            throw E2bError.notSupported("autoPauseMemory: false (warren's pause always keeps memory)");
        }
    }

    /** The id of the caller's snapshot named {@code template}, or null when it names none (then: a template). */
    private String snapshotNamed(Caller caller, String template) {
        try {
            return snapshots.get(caller, template).id();
        } catch (NotFoundException | dev.warren.core.ValidationException notASnapshot) {
            return null;
        }
    }

    private E2bAnswer list(Caller caller, Function<String, String> query, boolean v2) {
        List<String> metadata = new ArrayList<>();
        String encoded = query.apply("metadata");
        if (encoded != null && !encoded.isBlank()) {
            for (String pair : encoded.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                metadata.add(decode(name) + "=" + decode(value));
            }
        }
        String state = v2 ? query.apply("state") : "running";
        String order = query.apply("order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw E2bError.invalid("order must be asc or desc, not '" + order + "'.");
        }
        Instant startedAfter = instant(query.apply("startedAfter"));
        String template = query.apply("template");
        SandboxPage page = sandboxes.list(caller, SandboxQuery.parse(false, metadata,
                state == null ? List.of("running,paused") : List.of(state), query.apply("limit"),
                query.apply("nextToken")));
        List<ObjectNode> listed = new ArrayList<>();
        for (SandboxInfo info : page.sandboxes()) {
            boolean templateMatches = template == null || template.isBlank() || template.equals(info.templateId())
                    || template.equals(info.templateName());
            boolean startedInTime = startedAfter == null || !Instant.parse(info.createdAt()).isBefore(startedAfter);
            if (templateMatches && startedInTime) {
                listed.add(views.listed(info));
            }
        }
        if ("desc".equals(order) && page.nextCursor() == null) {
            java.util.Collections.reverse(listed); // a single page can be turned; across pages warren goes oldest first
        }
        ArrayNode array = mapper.createArrayNode();
        listed.forEach(array::add);
        Map<String, String> headers = new LinkedHashMap<>();
        if (v2 && page.nextCursor() != null) {
            headers.put("X-Next-Token", page.nextCursor());
        }
        return new E2bAnswer(200, array, headers);
    }

    private E2bAnswer pause(Caller caller, String id, JsonNode body) {
        if (body.path("memory").isBoolean() && !body.path("memory").asBoolean()) {
            throw E2bError.notSupported("Pausing without memory (memory: false)");
        }
        if ("paused".equals(sandboxes.get(caller, id).state())) {
            throw new E2bError(409, ConnectCode.ALREADY_EXISTS, "The sandbox " + id + " is already paused.");
        }
        sandboxes.pause(caller, id);
        return E2bAnswer.empty();
    }

    private E2bAnswer resume(Caller caller, String id, JsonNode body) {
        if (!"paused".equals(sandboxes.get(caller, id).state())) {
            throw new E2bError(409, ConnectCode.ALREADY_EXISTS, "The sandbox " + id + " is already running.");
        }
        SandboxInfo resumed = sandboxes.connect(caller, id, new ConnectRequest(seconds(body, "timeout", false)));
        return E2bAnswer.of(201, views.sandbox(resumed, caller.userId()));
    }

    /** 200 when it already ran, 201 when this call resumed it (E2B's connect). */
    private E2bAnswer connect(Caller caller, String id, JsonNode body) {
        if (body.path("memory").isBoolean() && !body.path("memory").asBoolean()) {
            throw E2bError.notSupported("Resuming by a reboot (onResume: 'reboot')");
        }
        boolean wasRunning = "running".equals(sandboxes.get(caller, id).state());
        SandboxInfo connected = sandboxes.connect(caller, id, new ConnectRequest(seconds(body, "timeout", false)));
        return E2bAnswer.of(wasRunning ? 200 : 201, views.sandbox(connected, caller.userId()));
    }

    private E2bAnswer fork(Caller caller, String id, JsonNode body) {
        int count = body.path("count").isMissingNode() || body.path("count").isNull() ? 1 : body.path("count")
                .asInt(-1);
        List<SandboxInfo> made = forks.fork(caller, id, new ForkRequest(count, seconds(body, "timeout", false),
                null)).sandboxes();
        ArrayNode results = mapper.createArrayNode();
        for (SandboxInfo fork : made) {
            results.addObject().set("sandbox", views.sandbox(fork, caller.userId()));
        }
        return E2bAnswer.of(201, results);
    }

    private E2bAnswer snapshot(Caller caller, String id, JsonNode body) {
        String name = text(body, "name");
        SnapshotInfo taken = snapshots.take(caller, id, new CreateSnapshotRequest(
                name == null || name.isBlank() ? generatedName() : name));
        return E2bAnswer.of(201, snapshotView(taken));
    }

    private E2bAnswer listSnapshots(Caller caller, Function<String, String> query) {
        String source = query.apply("sandboxID");
        String name = query.apply("name");
        ArrayNode array = mapper.createArrayNode();
        for (SnapshotInfo snapshot : snapshots.list(caller)) {
            if ((source == null || source.equals(snapshot.sourceSandboxId()))
                    && (name == null || name.equals(snapshot.name()) || name.equals(snapshot.id()))) {
                array.add(snapshotView(snapshot));
            }
        }
        return E2bAnswer.of(200, array);
    }

    /** E2B deletes a snapshot as a template; warren's own templates are not deleted through this API. */
    private E2bAnswer templates(Caller caller, String method, String id, String action) {
        if (method.equals("DELETE") && id != null && action == null) {
            snapshots.delete(caller, id); // 404 when it is no snapshot of the caller's
            return E2bAnswer.empty();
        }
        throw E2bError.notSupported("E2B's template API (build templates with warren's /api/templates)");
    }

    private ObjectNode snapshotView(SnapshotInfo snapshot) {
        ObjectNode node = mapper.createObjectNode();
        node.put("snapshotID", snapshot.id());
        node.putArray("names").add(snapshot.name());
        return node;
    }

    private static Long seconds(JsonNode body, String field, boolean required) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                throw E2bError.invalid(field + " is required, in seconds.");
            }
            return null;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw E2bError.invalid(field + " must be a whole number of seconds, not " + value + ".");
        }
        return value.asLong();
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw E2bError.invalid(field + " must be a string.");
        }
        return value.asText();
    }

    private static Map<String, String> strings(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw E2bError.invalid(field + " must be an object of strings.");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw E2bError.invalid(field + "." + entry.getKey() + " must be a string.");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return map;
    }

    private static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException bad) {
            throw E2bError.invalid("startedAfter must be an RFC 3339 time, not '" + value + "'.");
        }
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException bad) {
            throw E2bError.invalid("The metadata filter is not URL-encoded correctly: '" + value + "'.");
        }
    }

    private String generatedName() {
        StringBuilder name = new StringBuilder("snapshot-");
        for (int i = 0; i < 8; i++) {
            name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return name.toString();
    }

    private static E2bError routeMissing(String method, String path) {
        return E2bError.notFound("There is no E2B route " + method + " " + path + ".");
    }
}
