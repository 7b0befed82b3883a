package dev.warren.core.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warren.core.rules.Validator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates a template's YAML spec. Variables are resolved inside string values after parsing, so a
 * value (a password with a colon, say) can never change the YAML's structure. Thread-safe.
 */
public final class TemplateSpecParser {
    static final Set<String> KEYS = Set.of("image", "command", "environment", "ports", "volumes", "memory", "cpus",
            "cap_add", "cap_drop", "privileged", "hostname", "workdir", "user");
    private static final Pattern MEMORY = Pattern.compile("^(\\d+)([bkmg]?)i?b?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final Pattern PATH = Pattern.compile("^/[^\\u0000]*$");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    /**
     * Validates {@code text} as a spec, adding errors under {@code field} (e.g. "spec") to {@code validator}.
     * Checks structure, known keys, value ranges and that every template variable is known.
     */
    public void validate(String text, Set<String> customFields, Validator validator, String field) {
        if (text == null || text.isBlank()) {
            validator.add(field, "The spec is required: at least 'image: <name>'.");
            return;
        }
        for (String unknown : TemplateVariables.unknownIn(text, customFields)) {
            validator.add(field, "The spec uses the unknown variable '${{ ." + unknown + " }}'. Known: "
                    + "user.service_password, user.username, user.email, space.name, space.id, template.name, "
                    + "and custom.<field> for the template's custom fields.");
        }
        try {
            parse(text, Map.of());
        } catch (SpecException error) {
            validator.add(field, error.getMessage());
        }
    }

    /**
     * The ports a stored spec declares, for Ports menus. A spec was validated when saved; should an older one no
     * longer parse, it declares none rather than breaking a listing.
     */
    public List<PortSpec> portsOf(String text) {
        try {
            return parse(text, Map.of()).ports();
        } catch (SpecException stored) {
            return List.of();
        }
    }

    /** Parses {@code text}, resolving variables from {@code values}. Throws {@link SpecException} when invalid. */
    public TemplateSpec parse(String text, Map<String, String> values) {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JacksonException error) {
            String where = error.getLocation() == null ? "" : " (line " + error.getLocation().getLineNr() + ")";
            throw new SpecException("The spec is not valid YAML" + where + ": " + error.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new SpecException("The spec must be a YAML mapping such as 'image: warren-base:latest'.");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new SpecException("The spec has an unknown key '" + key + "'. Known keys: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ".");
            }
        }
        String image = text(object, "image", values);
        if (image == null || image.isBlank()) {
            throw new SpecException("The spec must name an image, e.g. 'image: warren-base:latest'.");
        }
        return new TemplateSpec(
                image,
                stringList(object, "command", values),
                environment(object.get("environment"), values),
                ports(object.get("ports")),
                volumes(object.get("volumes")),
                memory(object.get("memory")),
                cpus(object.get("cpus")),
                stringList(object, "cap_add", values),
                stringList(object, "cap_drop", values),
                bool(object.get("privileged")),
                orEmpty(text(object, "hostname", values)),
                orEmpty(text(object, "workdir", values)),
                orEmpty(text(object, "user", values)));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String text(ObjectNode object, String key, Map<String, String> values) {
        JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new SpecException("The spec key '" + key + "' must be a single value.");
        }
        return TemplateVariables.resolve(node.asText(), values);
    }

    private static List<String> stringList(ObjectNode object, String key, Map<String, String> values) {
        JsonNode node = object.get(key);
        List<String> result = new ArrayList<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (node.isTextual()) {
            // "command: sleep infinity" is split on spaces, like a compose file's short form.
            for (String part : node.asText().trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    result.add(TemplateVariables.resolve(part, values));
                }
            }
            return result;
        }
        if (!node.isArray()) {
            throw new SpecException("The spec key '" + key + "' must be a list of strings.");
        }
        for (JsonNode item : node) {
            if (!item.isValueNode() || item.isNull()) {
                throw new SpecException("Every entry of the spec key '" + key + "' must be a string.");
            }
            result.add(TemplateVariables.resolve(item.asText(), values));
        }
        return result;
    }

    private static Map<String, String> environment(JsonNode node, Map<String, String> values) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                JsonNode value = entry.getValue();
                if (!value.isValueNode()) {
                    throw new SpecException("The environment variable '" + entry.getKey() + "' must have a single value.");
                }
                result.put(envName(entry.getKey()), TemplateVariables.resolve(value.isNull() ? "" : value.asText(), values));
            });
            return result;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                String entry = item.asText();
                int equals = entry.indexOf('=');
                if (!item.isValueNode() || equals <= 0) {
                    throw new SpecException("Every entry of 'environment' must look like NAME=value.");
                }
                result.put(envName(entry.substring(0, equals)), TemplateVariables.resolve(entry.substring(equals + 1), values));
            }
            return result;
        }
        throw new SpecException("The spec key 'environment' must be a mapping of NAME: value.");
    }

    private static String envName(String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new SpecException("'" + name + "' is not a valid environment variable name.");
        }
        return name;
    }

    private static List<PortSpec> ports(JsonNode node) {
        List<PortSpec> result = new ArrayList<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isArray()) {
            throw new SpecException("The spec key 'ports' must be a list, e.g. '- {name: web, port: 8080}'.");
        }
        for (JsonNode item : node) {
            int port;
            String name;
            if (item.isInt()) {
                port = item.asInt();
                name = String.valueOf(port);
            } else if (item.isObject() && item.path("port").isInt()) {
                port = item.get("port").asInt();
                name = item.path("name").asText(String.valueOf(port));
            } else {
                throw new SpecException("Every entry of 'ports' must be a port number or {name, port}.");
            }
            if (port < 1 || port > 65535) {
                throw new SpecException("The port " + port + " is out of range: ports are between 1 and 65535.");
            }
            result.add(new PortSpec(name, port));
        }
        return result;
    }

    private static Map<String, String> volumes(JsonNode node) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            throw new SpecException("The spec key 'volumes' must map volume names to paths, e.g. 'home: /home/user'.");
        }
        node.properties().forEach(entry -> {
            String name = entry.getKey();
            String path = entry.getValue().asText("");
            if (!Validator.NAME.matcher(name).matches()) {
                throw new SpecException("The volume name '" + name + "' must be lowercase letters, digits or dashes.");
            }
            if (!entry.getValue().isTextual() || !PATH.matcher(path).matches()) {
                throw new SpecException("The volume '" + name + "' must be mounted at an absolute path.");
            }
            result.put(name, path);
        });
        return result;
    }

    private static long memory(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isIntegralNumber()) {
            return requirePositive(node.asLong(), "memory");
        }
        Matcher matcher = MEMORY.matcher(node.asText().trim());
        if (!node.isTextual() || !matcher.matches()) {
            throw new SpecException("The spec key 'memory' must be a size such as 512m or 2g.");
        }
        long amount = Long.parseLong(matcher.group(1));
        long unit = switch (matcher.group(2).toLowerCase()) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> 1L;
        };
        long bytes = amount * unit;
        if (bytes < (6L << 20)) {
            throw new SpecException("The spec key 'memory' must be at least 6m: containers need that much to start.");
        }
        return bytes;
    }

    private static long cpus(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isNumber() || node.asDouble() <= 0 || node.asDouble() > 1024) {
            throw new SpecException("The spec key 'cpus' must be a positive number such as 0.5 or 2.");
        }
        return Math.round(node.asDouble() * 1_000_000_000L);
    }

    private static boolean bool(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new SpecException("The spec key 'privileged' must be true or false.");
        }
        return node.asBoolean();
    }

    private static long requirePositive(long value, String key) {
        if (value <= 0) {
            throw new SpecException("The spec key '" + key + "' must be positive.");
        }
        return value;
    }

}
