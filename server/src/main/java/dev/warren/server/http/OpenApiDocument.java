package dev.warren.server.http;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.warren.client.wire.ErrorResponse;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OpenAPI 3 document from the route table; schemas come from the wire records by reflection, so the
 * document follows the code. Built once at start-up.
 */
final class OpenApiDocument {
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private final Map<String, Object> schemas = new LinkedHashMap<>();

    Map<String, Object> build(List<Route> routes, String version) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path(),
                    ignored -> new LinkedHashMap<>());
            item.put(route.method().name().toLowerCase(Locale.ROOT), operation(route));
        }
        schemaOf(ErrorResponse.class);
        return Map.of(
                "openapi", "3.0.3",
                "info", Map.of("title", "warren API", "version", version,
                        "description", "Spaces from templates on real container engines. JSON is snake_case; "
                                + "errors are {error, detail, validations[{field,message}]}."),
                "paths", paths,
                "components", Map.of(
                        "schemas", schemas,
                        "securitySchemes", Map.of(
                                "bearer", Map.of("type", "http", "scheme", "bearer"),
                                "session", Map.of("type", "apiKey", "in", "cookie", "name",
                                        Authenticator.SESSION_COOKIE))));
    }

    private Map<String, Object> operation(Route route) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("tags", List.of(route.tag()));
        operation.put("summary", route.summary());
        operation.put("operationId", route.method().name().toLowerCase(Locale.ROOT)
                + route.path().replaceAll("[^A-Za-z0-9]+", "_"));
        List<Object> parameters = new ArrayList<>();
        Matcher matcher = PATH_PARAMETER.matcher(route.path());
        while (matcher.find()) {
            parameters.add(Map.of("name", matcher.group(1), "in", "path", "required", true,
                    "schema", Map.of("type", "string")));
        }
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        if (route.requestBody() != null) {
            operation.put("requestBody", Map.of("required", true,
                    "content", Map.of("application/json", Map.of("schema", schemaOf(route.requestBody())))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        if (route.response() != null) {
            responses.put("200", Map.of("description", "OK",
                    "content", Map.of("application/json", Map.of("schema", schemaOf(route.response())))));
        } else {
            responses.put("204", Map.of("description", "Done"));
        }
        Map<String, Object> error = Map.of("description", "Error",
                "content", Map.of("application/json", Map.of("schema", schemaOf(ErrorResponse.class))));
        responses.put("default", error);
        operation.put("responses", responses);
        if (route.access() != Route.Access.PUBLIC) {
            operation.put("security", List.of(Map.of("bearer", List.of()), Map.of("session", List.of())));
        }
        return operation;
    }

    private Map<String, Object> schemaOf(Type type) {
        if (type instanceof Class<?> clazz) {
            if (clazz.isArray()) {
                return Map.of("type", "array", "items", schemaOf(clazz.getComponentType()));
            }
            if (clazz == String.class) {
                return Map.of("type", "string");
            }
            if (clazz == int.class || clazz == Integer.class || clazz == long.class || clazz == Long.class) {
                return Map.of("type", "integer");
            }
            if (clazz == boolean.class || clazz == Boolean.class) {
                return Map.of("type", "boolean");
            }
            if (clazz == double.class || clazz == Double.class) {
                return Map.of("type", "number");
            }
            if (clazz == Instant.class) {
                return Map.of("type", "string", "format", "date-time");
            }
            if (clazz.isRecord()) {
                String name = clazz.getSimpleName();
                if (!schemas.containsKey(name)) {
                    schemas.put(name, Map.of()); // placeholder first: records may refer to themselves
                    Map<String, Object> properties = new LinkedHashMap<>();
                    for (RecordComponent component : clazz.getRecordComponents()) {
                        properties.put(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(
                                component.getName()), schemaOf(component.getGenericType()));
                    }
                    schemas.put(name, Map.of("type", "object", "properties", properties));
                }
                return Map.of("$ref", "#/components/schemas/" + name);
            }
            return Map.of("type", "object");
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schemaOf(arguments[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schemaOf(arguments[1]));
            }
        }
        return Map.of("type", "object");
    }
}
