package dev.warren.server.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.runtime.agent.FileEvent;
import dev.warren.runtime.agent.FileInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * envd's protobuf messages in the protobuf JSON mapping their SDK reads (lowerCamelCase names, enums by name,
 * {@code int64} as strings, bytes as base64, timestamps in RFC 3339), and the request fields it sends. Only fields of
 * envd's .proto files are written: protobuf-es refuses unknown fields by default.
 */
final class EnvdJson {
    /** Where relative paths resolve, as in E2B's sandboxes (the default user's home). */
    static final String HOME = "/home/user";

    private final ObjectMapper mapper;

    EnvdJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** A required string field; a missing or empty one is an invalid argument naming the field. */
    static String required(JsonNode message, String field) {
        JsonNode value = message.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw E2bError.invalid("The field '" + field + "' is required.");
        }
        return value.asText();
    }

    /** A path as envd takes it: absolute, or relative to the home directory. */
    static String path(JsonNode message, String field) {
        return absolute(required(message, field));
    }

    static String absolute(String path) {
        if (path.indexOf('\0') >= 0) {
            throw E2bError.invalid("A path cannot contain NUL characters.");
        }
        return path.startsWith("/") ? path : HOME + "/" + path;
    }

    static List<String> strings(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        if (array.isMissingNode() || array.isNull()) {
            return values;
        }
        if (!array.isArray()) {
            throw E2bError.invalid("The field '" + field + "' must be a list of strings.");
        }
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    static Map<String, String> stringMap(JsonNode object, String field) {
        Map<String, String> values = new LinkedHashMap<>();
        if (object.isMissingNode() || object.isNull()) {
            return values;
        }
        if (!object.isObject()) {
            throw E2bError.invalid("The field '" + field + "' must be a map of strings.");
        }
        object.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return values;
    }

    /** {@code filesystem.EntryInfo}. */
    ObjectNode entry(FileInfo info) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", info.name());
        node.put("type", switch (info.type()) {
            case FILE -> "FILE_TYPE_FILE";
            case DIRECTORY -> "FILE_TYPE_DIRECTORY";
            case SYMLINK -> "FILE_TYPE_SYMLINK";
            case OTHER -> "FILE_TYPE_UNSPECIFIED";
        });
        node.put("path", info.path());
        node.put("size", Long.toString(info.size()));
        node.put("mode", info.mode() & 07777);
        node.put("permissions", permissions(info));
        if (info.modifiedAt() != null) {
            node.put("modifiedTime", info.modifiedAt().toString());
        }
        if (info.symlinkTarget() != null) {
            node.put("symlinkTarget", info.symlinkTarget());
        }
        return node;
    }

    /** {@code filesystem.FilesystemEvent}: the name is relative to the watched directory. */
    ObjectNode event(FileEvent event, String watched) {
        ObjectNode node = mapper.createObjectNode();
        String prefix = watched.endsWith("/") ? watched : watched + "/";
        String name = event.path().startsWith(prefix) ? event.path().substring(prefix.length()) : event.path();
        node.put("name", name);
        node.put("type", "EVENT_TYPE_" + event.kind().name());
        return node;
    }

    /** {@code ls -l}'s permission string: the type, then rwx for owner, group and others. */
    static String permissions(FileInfo info) {
        StringBuilder text = new StringBuilder(switch (info.type()) {
            case DIRECTORY -> "d";
            case SYMLINK -> "l";
            case FILE -> "-";
            case OTHER -> "?";
        });
        String letters = "rwxrwxrwx";
        for (int bit = 0; bit < 9; bit++) {
            text.append((info.mode() & (0400 >> bit)) != 0 ? letters.charAt(bit) : '-');
        }
        return text.toString();
    }
}
