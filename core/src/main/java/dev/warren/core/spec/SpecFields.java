package dev.warren.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The template keys one by one: shapes, ranges and the checks of resolved values. Stateless. */
final class SpecFields {
    static final long MIN_PIDS = 16;
    static final long MAX_PIDS = 4_194_304;
    static final long MIN_NOFILE = 64;
    static final long MAX_NOFILE = 1_048_576;
    /** Mounting a volume at or above these would hide the agent, the CLI or the kernel's interfaces. */
    static final List<String> RESERVED_PATHS = List.of("/.warren", "/opt/warren", "/proc", "/sys", "/dev");
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final Pattern VOLUME_NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final Pattern HOST_LABEL = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");

    private SpecFields() {}

    /** A single value with variables resolved, refused when the result holds a NUL or other control character. */
    static String resolvedText(JsonNode node, String key, Map<String, String> values) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isValueNode()) {
            throw new SpecException("The spec key '" + key + "' must be a single value.");
        }
        return noControl(TemplateVariables.resolve(node.asText(), values), "The spec key '" + key + "'").strip();
    }

    static String noControl(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                throw new SpecException(what + " contains a control character (such as a newline or NUL), "
                        + "which it cannot hold.");
            }
        }
        return value;
    }

    static String noNul(String value, String what) {
        if (value.indexOf('\0') >= 0) {
            throw new SpecException(what + " contains a NUL byte, which a process cannot receive.");
        }
        return value;
    }

    static List<String> command(JsonNode node, Map<String, String> values) {
        List<String> result = new ArrayList<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (node.isTextual()) {
            // "command: sleep infinity" is split on spaces, like a compose file's short form.
            for (String part : node.asText().trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    result.add(noNul(TemplateVariables.resolve(part, values), "The spec key 'command'"));
                }
            }
            return result;
        }
        if (!node.isArray()) {
            throw new SpecException("The spec key 'command' must be a list of strings.");
        }
        for (JsonNode item : node) {
            if (!item.isValueNode() || item.isNull()) {
                throw new SpecException("Every entry of the spec key 'command' must be a string.");
            }
            result.add(noNul(TemplateVariables.resolve(item.asText(), values), "The spec key 'command'"));
        }
        return result;
    }

    static List<String> capabilities(ObjectNode object, String key) {
        JsonNode node = object.get(key);
        List<String> result = new ArrayList<>();
        if (node == null || node.isNull()) {
            return result;
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isTextual()) {
            items.add(node);
        } else if (node.isArray()) {
            node.forEach(items::add);
        } else {
            throw new SpecException("The spec key '" + key + "' must be a list of capabilities such as [NET_ADMIN].");
        }
        for (JsonNode item : items) {
            if (!item.isTextual()) {
                throw new SpecException("Every entry of the spec key '" + key + "' must be a capability name such as"
                        + " NET_ADMIN.");
            }
            String capability = Capabilities.canonical(item.asText(), key);
            if (!result.contains(capability)) {
                result.add(capability);
            }
        }
        return result;
    }

    static Map<String, String> environment(JsonNode node, Map<String, String> values) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                JsonNode value = entry.getValue();
                if (!value.isValueNode()) {
                    throw new SpecException("The environment variable '" + SpecValues.shorten(entry.getKey())
                            + "' must have a single value.");
                }
                String name = envName(entry.getKey());
                result.put(name, noNul(TemplateVariables.resolve(value.isNull() ? "" : value.asText(), values),
                        "The environment variable '" + name + "'"));
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
                String name = envName(entry.substring(0, equals));
                if (result.containsKey(name)) {
                    throw new SpecException("The environment variable '" + name + "' is set twice.");
                }
                result.put(name, noNul(TemplateVariables.resolve(entry.substring(equals + 1), values),
                        "The environment variable '" + name + "'"));
            }
            return result;
        }
        throw new SpecException("The spec key 'environment' must be a mapping of NAME: value.");
    }

    static String envName(String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new SpecException("'" + SpecValues.shorten(name) + "' is not a valid environment variable name.");
        }
        return name;
    }

    static List<PortSpec> ports(JsonNode node) {
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
            if (name.isBlank() || name.length() > 63) {
                throw new SpecException("The name of port " + port + " must be 1 to 63 characters long.");
            }
            noControl(name, "The name of port " + port);
            result.add(new PortSpec(name, port));
        }
        return result;
    }

    static Map<String, String> volumes(JsonNode node, Map<String, String> values) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            throw new SpecException("The spec key 'volumes' must map volume names to paths, e.g. 'home: /home/user'.");
        }
        if (usesVariablesInNames(node)) {
            throw new SpecException("The volume names under 'volumes' cannot use template variables: they name what"
                    + " the space keeps. Variables are allowed in the mount paths.");
        }
        node.properties().forEach(entry -> {
            String name = entry.getKey();
            if (!VOLUME_NAME.matcher(name).matches()) {
                throw new SpecException("The volume name '" + SpecValues.shorten(name)
                        + "' must be lowercase letters, digits or dashes.");
            }
            if (!entry.getValue().isTextual()) {
                throw new SpecException("The volume '" + name + "' must be mounted at an absolute path.");
            }
            String path = mountPath(name, TemplateVariables.resolve(entry.getValue().asText(), values).strip());
            if (result.containsValue(path)) {
                throw new SpecException("Two volumes are mounted at " + path + ": each path takes one volume.");
            }
            result.put(name, path);
        });
        return result;
    }

    static boolean usesVariablesInNames(JsonNode volumes) {
        for (Iterator<String> names = volumes.fieldNames(); names.hasNext(); ) {
            if (!TemplateVariables.namesIn(names.next()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** An absolute, normalised path that hides nothing the space needs; refused otherwise. */
    static String mountPath(String name, String path) {
        noControl(path, "The mount path of volume '" + name + "'");
        if (!path.startsWith("/") || path.length() > 4096) {
            throw new SpecException("The volume '" + name + "' must be mounted at an absolute path.");
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (String segment : trimmed.substring(1).split("/", -1)) {
            if (trimmed.equals("/")) {
                break;
            }
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new SpecException("The mount path of volume '" + name + "' must be a plain absolute path"
                        + " without '.', '..' or '//', not '" + SpecValues.shorten(path) + "'.");
            }
        }
        if (trimmed.equals("/")) {
            throw new SpecException("The volume '" + name + "' cannot be mounted at '/': it would hide the whole"
                    + " image, including what warren runs in the space.");
        }
        for (String reserved : RESERVED_PATHS) {
            if (trimmed.equals(reserved) || trimmed.startsWith(reserved + "/")) {
                throw new SpecException("The volume '" + name + "' cannot be mounted at " + trimmed + ": " + reserved
                        + " belongs to " + (reserved.contains("warren") ? "warren's in-space agent and CLI."
                        : "the kernel's interfaces."));
            }
        }
        return trimmed;
    }

    static String hostname(JsonNode node, Map<String, String> values) {
        String name = resolvedText(node, "hostname", values);
        if (name.isEmpty()) {
            return name;
        }
        boolean valid = name.length() <= 63;
        for (String label : name.split("\\.", -1)) {
            valid &= HOST_LABEL.matcher(label).matches();
        }
        if (!valid) {
            throw new SpecException("The spec key 'hostname' must be a host name of at most 63 letters, digits, dashes"
                    + " and dots (each part starting and ending with a letter or digit), not '"
                    + SpecValues.shorten(name) + "'.");
        }
        return name;
    }

    static String workdir(JsonNode node, Map<String, String> values) {
        String path = resolvedText(node, "workdir", values);
        if (!path.isEmpty() && (!path.startsWith("/") || path.length() > 4096)) {
            throw new SpecException("The spec key 'workdir' must be an absolute path, not '" + SpecValues.shorten(path)
                    + "'.");
        }
        return path;
    }

    static long memory(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        long bytes;
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || node.asLong() > SpecValues.MAX_BYTES) {
                throw new SpecException("The spec key 'memory' is too large: the most is 1p (1 PiB).");
            }
            bytes = node.asLong();
        } else if (node.isTextual()) {
            bytes = SpecValues.bytes(node.asText(), "spec key 'memory'");
        } else {
            throw new SpecException("The spec key 'memory' must be a size such as 512m or 2g.");
        }
        if (bytes < SpecValues.MIN_MEMORY) {
            throw new SpecException("The spec key 'memory' must be at least 6m: containers need that much to start.");
        }
        return bytes;
    }

    static long cpus(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isNumber()) {
            throw new SpecException("The spec key 'cpus' must be a number of CPUs such as 0.5 or 2.");
        }
        return SpecValues.nanoCpus(node.asDouble(), "spec key 'cpus'");
    }

    static long whole(JsonNode node, String key, long min, long max) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw new SpecException("The spec key '" + key + "' must be a whole number between " + min + " and " + max
                    + ".");
        }
        return node.asLong();
    }

    static boolean bool(JsonNode node, String key) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new SpecException("The spec key '" + key + "' must be true or false.");
        }
        return node.asBoolean();
    }
}
