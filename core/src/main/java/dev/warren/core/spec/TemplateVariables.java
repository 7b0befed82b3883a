package dev.warren.core.spec;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Template variables of the form {@code ${{ .user.username }}}, resolved when a space starts. The set of known
 * names is fixed, plus {@code .custom.<field>} for the template's custom fields; anything else is refused when the
 * template is saved, so a start never meets an unknown variable.
 */
public final class TemplateVariables {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{\\{\\s*\\.([A-Za-z0-9_.\\-]+)\\s*}}");
    public static final Set<String> KNOWN = Set.of(
            "user.service_password", "user.username", "user.email", "user.id", "user.timezone",
            "space.name", "space.id", "template.name", "template.id");

    private TemplateVariables() {}

    /** Every variable name used in {@code text}, without the leading dot. */
    public static Set<String> namesIn(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The names in {@code text} that are neither built-in nor one of {@code customFields}. */
    public static Set<String> unknownIn(String text, Set<String> customFields) {
        Set<String> unknown = new LinkedHashSet<>();
        for (String name : namesIn(text)) {
            boolean custom = name.startsWith("custom.") && customFields.contains(name.substring("custom.".length()));
            if (!KNOWN.contains(name) && !custom) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** Replaces each variable by its value in {@code values} (keyed without the dot); a missing value becomes "". */
    public static String resolve(String text, Map<String, String> values) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = values.getOrDefault(matcher.group(1), "");
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
