package dev.warren.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warren.client.wire.WireJson;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Prints results either as aligned, human-readable tables or as JSON (snake_case, the API's own shapes). */
final class Output {
    static final ObjectMapper JSON = WireJson.newMapper(true).enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException error) {
            throw new IllegalStateException("Cannot print JSON: " + error.getMessage(), error);
        }
    }

    /** A table with a header row; columns are separated by two spaces, the last column is not padded. */
    static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], text(row.get(i)).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = text(row.get(i));
                line.append(cell);
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** "key: value" lines with the keys aligned. */
    static void fields(PrintWriter out, Map<String, ?> fields) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach((key, value) -> out.println(key + ":" + " ".repeat(width - key.length() + 1) + text(value)));
        out.flush();
    }

    static List<String> row(Object... cells) {
        return Arrays.stream(cells).map(Output::text).toList();
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(Output::text).toList());
        }
        return value.toString().replace('\n', ' ');
    }
}
