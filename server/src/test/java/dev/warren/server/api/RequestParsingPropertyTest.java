package dev.warren.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Auth.UpdateUserRequest;
import dev.warren.client.wire.Templates.CustomField;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.RawHttp;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request parsing as a property: random JSON (shaped like each route's request type, then broken, or not JSON at
 * all) and random YAML specs at every write route of the OpenAPI document — so a new route is covered without
 * touching this test — never answer a 5xx, and a refused request changes nothing in the store (every table, read
 * directly; only {@code api_tokens.last_used_at} is bookkeeping). Runs on the in-memory runtime in a few seconds.
 *
 * <p>A plain JUnit test with its own generators and a printed seed ({@code -Dwarren.property.seed=N} replays a run;
 * {@code -Dwarren.property.tries=N} runs more), rather than jqwik: jqwik 1.10 prints a notice asking AI agents not
 * to use it, and this test was written by one. Every failing route is reported at once, each with its smallest body.
 */
class RequestParsingPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Strings that have broken parsers before: numbers as text, control characters, bidi overrides, variables. */
    private static final List<String> NASTY = List.of("", " ", "123", "10", "a", "-", "Not A Name", "x".repeat(300),
            "a\u0000b", "line\nbreak", "tab\there", "\u001B[31mred", "evil\u202Etxt", "\u2067isolate", "é🙂",
            "${{ .user.username }}", "${{ .custom.cap }}", "../../etc/passwd", "/", "/.warren/agent", "/proc/1/mem",
            "/tmp/x", "true", "null", "{}", "[]", "\"", "\\", "%00", "SYS_ADMIN", "NET_RAW", "ALL", "1e-12",
            "99999999999999999999g", "17179869185g", "user", "admin", "TERM", "KILL", "bash", "UTC", "Mars/Olympus");
    private static final List<String> SPEC_KEYS = List.of("image", "command", "environment", "ports", "volumes",
            "memory", "cpus", "cap_add", "cap_drop", "privileged", "hostname", "workdir", "user", "pids", "nofile",
            "egress", "colour", "<<");
    private static final List<String> YAML_VALUES = List.of("warren-base:latest", "'${{ .custom.cap }}'",
            "[SYS_ADMIN]", "['${{ .user.username }}']", "99999999999999999999g", "17179869185g", "1e-12", ".nan",
            ".inf", "-1", "0", "64", "2g", "\"a\\nb\"", "{root: /}", "{a: /.warren}", "{'${{ .space.name }}': /x}",
            "deny_all", "{allow: [10.0.0.0/33]}", "{allow: [pypi.org, 10.1.0.0/16]}", "true", "yes", "~", "[]", "{}",
            "!!binary aGVsbG8=", "&a [1, 2]", "*a", "|\n  block", "\"\\0\"", "[a, [b, [c, [d]]]]", "{{", "]", "'");

    private static TestServer server;
    private static RawHttp http;
    private static Warren admin;
    private static String adminToken;
    private static String aliceToken;
    private static String aliceName;
    private static String bobName;
    private static String template;
    private static String space;
    private static String spaceId;
    private static List<WriteRoute> routes;
    private static int answered2xx;

    record WriteRoute(String method, String path, JsonNode schema) {}

    record Attempt(WriteRoute route, String path, String body, boolean asAdmin, boolean json) {}

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.sqlite(TestServer.MEMORY);
        http = new RawHttp(server.url());
        admin = server.admin();
        adminToken = Warren.login(server.url(), "admin", TestServer.ADMIN_PASSWORD, "property", null).token();
        aliceName = TestServer.randomName("alice");
        bobName = TestServer.randomName("bob");
        server.newUser(aliceName);
        server.newUser(bobName);
        aliceToken = Warren.login(server.url(), aliceName, "password-" + aliceName, "property", null).token();
        template = TestServer.randomName("tpl");
        admin.templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n",
                List.of(new CustomField("cap", "")), true));
        space = TestServer.randomName("space");
        repair();
        routes = writeRoutes(JSON.readTree(http.send("GET", "/api/openapi.json", null).body()));
        assertThat(routes).as("write routes in the OpenAPI document").hasSizeGreaterThan(30);
    }

    @AfterAll
    static void stop() {
        System.out.println("RequestParsingPropertyTest: " + routes.size() + " write routes, " + answered2xx
                + " random requests were valid and accepted.");
        if (server != null) {
            server.close();
        }
    }

    @Test
    void random_bodies_at_every_write_route_never_answer_5xx_and_refusals_change_nothing() {
        long seed = Long.getLong("warren.property.seed", new Random().nextLong());
        int tries = Integer.getInteger("warren.property.tries", 1500);
        Random random = new Random(seed);
        Map<String, String> failures = new LinkedHashMap<>();
        for (int i = 0; i < tries; i++) {
            Attempt attempt = attempt(random);
            String key = attempt.route().method() + " " + attempt.route().path();
            String failure = check(attempt);
            if (failure != null && (!failures.containsKey(key) || failure.length() < failures.get(key).length())) {
                failures.put(key, failure);
            }
        }
        assertThat(failures).as("failures with seed %d (replay with -Dwarren.property.seed=%d)", seed, seed)
                .isEmpty();
    }

    /** The property for one request: null when it holds, else what went wrong. */
    private static String check(Attempt attempt) {
        String before = storeContent();
        List<String> headers = new ArrayList<>(List.of("Authorization",
                "Bearer " + (attempt.asAdmin() ? adminToken : aliceToken)));
        if (attempt.json()) {
            headers.addAll(List.of("Content-Type", "application/json"));
        }
        String request = attempt.route().method() + " " + attempt.path() + " with " + attempt.body();
        RawHttp.Answer answer;
        try {
            answer = http.send(attempt.route().method(), attempt.path(), attempt.body(),
                    headers.toArray(String[]::new));
        } catch (IllegalStateException closed) {
            // The server may close a kept-alive connection after an early answer (it did not read the whole body);
            // the client then fails the next request on it once. A second failure is the server's.
            try {
                answer = http.send(attempt.route().method(), attempt.path(), attempt.body(),
                        headers.toArray(String[]::new));
            } catch (IllegalStateException again) {
                return request + " got no answer: " + again.getCause();
            }
        }
        if (answer.status() >= 500) {
            return request + " answered " + answer.status() + " " + answer.body();
        }
        if (answer.status() >= 400) {
            return storeContent().equals(before) ? null
                    : request + " was refused (" + answer.body() + ") but changed the store";
        }
        answered2xx++;
        repair();
        return null;
    }

    private static Attempt attempt(Random random) {
        WriteRoute route = pick(routes, random);
        int shape = random.nextInt(10);
        String body = switch (shape) {
            case 0 -> rawNoise(random);
            case 1 -> randomJson(random, 3).toString();
            case 2 -> null;
            default -> shaped(route.schema(), random, 0).toString();
        };
        return new Attempt(route, path(route.path(), random), body, random.nextBoolean(),
                shape != 0 || random.nextBoolean());
    }

    // --- the routes, from the OpenAPI document ---------------------------------------------------------------------

    private static List<WriteRoute> writeRoutes(JsonNode openApi) {
        List<WriteRoute> found = new ArrayList<>();
        JsonNode schemas = openApi.path("components").path("schemas");
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : List.of("post", "put", "patch", "delete")) {
                JsonNode operation = path.getValue().get(method);
                if (operation == null || path.getKey().equals("/api/auth/logout")) {
                    continue; // logging out of a bearer token proves nothing about parsing
                }
                JsonNode schema = operation.path("requestBody").path("content").path("application/json")
                        .path("schema");
                found.add(new WriteRoute(method.toUpperCase(), path.getKey(), resolve(schema, schemas, 0)));
            }
        }
        return found;
    }

    /** The schema with every $ref replaced by its definition (records may nest records). */
    private static JsonNode resolve(JsonNode schema, JsonNode schemas, int depth) {
        if (schema.isMissingNode() || depth > 6) {
            return NODES.objectNode();
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            return resolve(schemas.path(name), schemas, depth + 1);
        }
        ObjectNode copy = schema.deepCopy();
        if (schema.has("properties")) {
            ObjectNode properties = NODES.objectNode();
            schema.get("properties").properties().forEach(entry ->
                    properties.set(entry.getKey(), resolve(entry.getValue(), schemas, depth + 1)));
            copy.set("properties", properties);
        }
        if (schema.has("items")) {
            copy.set("items", resolve(schema.get("items"), schemas, depth + 1));
        }
        if (schema.has("additionalProperties")) {
            copy.set("additionalProperties", resolve(schema.get("additionalProperties"), schemas, depth + 1));
        }
        return copy;
    }

    /** The route's path with each parameter an existing object (so validation is reached) or something random. */
    private static String path(String template, Random random) {
        StringBuilder path = new StringBuilder();
        java.util.regex.Matcher parameter = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        while (parameter.find()) {
            List<String> candidates = switch (parameter.group(1)) {
                case "space" -> List.of(space, space, spaceId, "no-such-space");
                case "space_id" -> List.of(spaceId, spaceId, "no-such-id");
                case "template" -> List.of(template, "no-such-template");
                case "user" -> List.of(aliceName, bobName, "nobody");
                case "pid" -> List.of("1", "0", "-1", "99999999999", "x");
                default -> List.of("x", "no-such-thing", "1");
            };
            String value = random.nextInt(8) == 0 ? pick(NASTY, random) : pick(candidates, random);
            parameter.appendReplacement(path, java.util.regex.Matcher.quoteReplacement(
                    URLEncoder.encode(value.isEmpty() ? "x" : value, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        parameter.appendTail(path);
        if (random.nextInt(3) == 0) {
            path.append("?path=").append(URLEncoder.encode(pick(NASTY, random), StandardCharsets.UTF_8))
                    .append("&mode=").append(URLEncoder.encode(pick(NASTY, random), StandardCharsets.UTF_8));
        }
        return path.toString();
    }

    // --- bodies --------------------------------------------------------------------------------------------------

    /** A value of the schema's shape, with random mistakes: wrong types, nulls, extra fields, nasty strings. */
    private static JsonNode shaped(JsonNode schema, Random random, int depth) {
        if (depth > 0 && random.nextInt(12) == 0) {
            return randomJson(random, 1); // the wrong type, or null
        }
        String type = schema.path("type").asText("object");
        switch (type) {
            case "string":
                return NODES.textNode(random.nextInt(4) == 0 ? randomYaml(random) : pick(NASTY, random));
            case "integer":
                return pick(List.<JsonNode>of(NODES.numberNode(0), NODES.numberNode(1), NODES.numberNode(-1),
                        NODES.numberNode(30), NODES.numberNode(Integer.MAX_VALUE), NODES.numberNode(Long.MAX_VALUE),
                        NODES.numberNode(new java.math.BigInteger("99999999999999999999")), NODES.numberNode(1.5),
                        NODES.textNode("10")), random);
            case "number":
                return pick(List.<JsonNode>of(NODES.numberNode(1e-12), NODES.numberNode(0.5),
                        NODES.numberNode(1e308), NODES.textNode("2")), random);
            case "boolean":
                return pick(List.<JsonNode>of(NODES.booleanNode(true), NODES.booleanNode(false),
                        NODES.numberNode(1), NODES.textNode("true")), random);
            case "array": {
                ArrayNode array = NODES.arrayNode();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    array.add(shaped(schema.path("items"), random, depth + 1));
                }
                return array;
            }
            default: {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").properties().forEach(entry -> {
                    if (random.nextInt(5) != 0) {
                        object.set(entry.getKey(), shaped(entry.getValue(), random, depth + 1));
                    }
                });
                if (schema.has("additionalProperties")) {
                    for (int i = random.nextInt(3); i > 0; i--) {
                        object.set(pick(NASTY, random), shaped(schema.get("additionalProperties"), random, depth + 1));
                    }
                }
                if (random.nextInt(10) == 0) {
                    object.put("unexpected_field", 1);
                }
                return object;
            }
        }
    }

    /** A template spec: known and unknown keys with values from a list of troublemakers, sometimes repeated. */
    private static String randomYaml(Random random) {
        StringBuilder yaml = new StringBuilder(random.nextInt(4) == 0 ? "" : "image: warren-base:latest\n");
        for (int i = random.nextInt(5); i > 0; i--) {
            yaml.append(pick(SPEC_KEYS, random)).append(": ").append(pick(YAML_VALUES, random)).append('\n');
        }
        if (random.nextInt(8) == 0) {
            yaml.append("---\nimage: other\n");
        }
        if (random.nextInt(8) == 0) {
            yaml.append("\t- broken");
        }
        return yaml.toString();
    }

    private static JsonNode randomJson(Random random, int depth) {
        return switch (random.nextInt(depth > 0 ? 7 : 5)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.textNode(pick(NASTY, random));
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.numberNode(random.nextDouble() * 1e20);
            case 5 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    array.add(randomJson(random, depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    object.set(pick(NASTY, random), randomJson(random, depth - 1));
                }
                yield object;
            }
        };
    }

    /** Not JSON, or JSON with something wrong around it. */
    private static String rawNoise(Random random) {
        return pick(List.of("", "{", "}", "[", "{\"a\":", "nul", "{} {}", "{\"name\": \"x\"} trailing", "\u0000",
                "[".repeat(2000) + "]".repeat(2000), "{\"a\":1,\"a\":2}", "\"just a string\"", "12", "true",
                "{'single': 'quotes'}", "{\"timeout\": \"10\"}", "\ufeff{}", "{\"x\": NaN}"), random);
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    // --- the store and the fixtures ------------------------------------------------------------------------------

    /** Every row of every table, in order; {@code last_used_at} of tokens is left out (each request updates it). */
    private static String storeContent() {
        return server.server().database().jdbi().withHandle(handle -> {
            StringBuilder content = new StringBuilder();
            List<String> tables = handle.createQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'flyway%' ORDER BY name").mapTo(String.class).list();
            for (String table : tables) {
                content.append('#').append(table).append('\n');
                try (var statement = handle.getConnection().createStatement();
                     ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY rowid")) {
                    ResultSetMetaData columns = rows.getMetaData();
                    while (rows.next()) {
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            if (!columns.getColumnName(i).equalsIgnoreCase("last_used_at")) {
                                content.append(rows.getString(i)).append('|');
                            }
                        }
                        content.append('\n');
                    }
                } catch (java.sql.SQLException error) {
                    throw new IllegalStateException("Cannot read table " + table, error);
                }
            }
            return content.toString();
        });
    }

    /** After an accepted request: alice active with her role, her space there and running, the template there. */
    private static void repair() {
        admin.users().update(aliceName, new UpdateUserRequest(null, null, List.of("user"), true, null, null));
        try {
            admin.templates().get(template);
        } catch (WarrenException.NotFound gone) {
            admin.templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n",
                    List.of(new CustomField("cap", "")), true));
        }
        Warren alice = Warren.connect(server.url(), aliceToken);
        try {
            spaceId = alice.get(space).id();
        } catch (WarrenException.NotFound gone) {
            alice.create(space, template);
            spaceId = alice.get(space).id();
        }
        if (!alice.get(space).isRunning()) {
            try {
                alice.start(space);
            } catch (WarrenException notNow) {
                // e.g. its template changed to one that cannot start: requests meet a stopped space then
            }
        }
    }
}
