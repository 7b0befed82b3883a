package dev.warren.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.core.model.CustomFieldDefinition;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Lists and maps kept as TEXT JSON columns. Maps are written sorted so equal maps store equal text. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static String write(List<?> values) {
        return text(values == null ? List.of() : values);
    }

    static String write(Map<String, String> values) {
        return text(values == null ? Map.of() : new TreeMap<>(values));
    }

    static List<String> strings(String json) {
        return read(json, new TypeReference<List<String>>() {}, List.of());
    }

    static Map<String, String> stringMap(String json) {
        return read(json, new TypeReference<Map<String, String>>() {}, Map.of());
    }

    static List<CustomFieldDefinition> fields(String json) {
        return read(json, new TypeReference<List<CustomFieldDefinition>>() {}, List.of());
    }

    private static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a JSON column.", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type, T empty) {
        if (json == null || json.isBlank()) {
            return empty;
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON column in the database is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
