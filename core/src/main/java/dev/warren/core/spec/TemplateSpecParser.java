package dev.warren.core.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates a template's YAML spec. Variables are resolved inside string values after parsing, so a
 * value (a password with a colon, say) can never change the YAML's structure. Variables are allowed only in
 * {@code environment}, {@code command}, {@code hostname}, {@code workdir} and volume mount paths; every other key is
 * security-relevant (image, user, capabilities, privileged, limits, egress, volume names) and must be written out.
 * Resolved values are checked again, so a variable cannot smuggle a newline into a host name. Thread-safe.
 */
public final class TemplateSpecParser {
    static final Set<String> KEYS = Set.of("image", "command", "environment", "ports", "volumes", "memory", "cpus",
            "cap_add", "cap_drop", "privileged", "hostname", "workdir", "user", "pids", "nofile", "egress");
    /** Keys whose values may use variables (for volumes: the mount paths, not the names). */
    static final Set<String> VARIABLE_KEYS = Set.of("environment", "command", "hostname", "workdir", "volumes");
    private static final Pattern IMAGE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}$");
    private static final Pattern USER =
            Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?$");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
    private static final String SAMPLE = "sample";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final ResourceLimits maximum;

    /** A parser without maxima beyond the absolute ranges (tests, tools). */
    public TemplateSpecParser() {
        this(ResourceLimits.NONE);
    }

    /** A parser that refuses, at save, templates asking for more than {@code maximum} (0: no maximum). */
    public TemplateSpecParser(ResourceLimits maximum) {
        this.maximum = maximum;
    }

    /** The server's maxima this parser checks at save. */
    public ResourceLimits maximum() {
        return maximum;
    }

    /**
     * Validates {@code text} as a spec, adding errors under {@code field} (e.g. "spec") to {@code validator}.
     * Checks structure, known keys, value ranges, the server's maxima, where variables are used and that every
     * template variable is known. Variables are given a sample value, so a host name like {@code ${{ .space.name }}-dev}
     * is checked too; the real values are checked again at start.
     */
    public void validate(String text, Set<String> customFields, dev.warren.core.rules.Validator validator,
            String field) {
        if (text == null || text.isBlank()) {
            validator.add(field, "The spec is required: at least 'image: <name>'.");
            return;
        }
        for (String unknown : TemplateVariables.unknownIn(text, customFields)) {
            // Built from KNOWN, so the hint never leaves out a variable the server accepts.
            validator.add(field, "The spec uses the unknown variable '${{ ." + unknown + " }}'. Known: "
                    + String.join(", ", new TreeSet<>(TemplateVariables.KNOWN))
                    + ", and custom.<field> for the template's custom fields.");
        }
        try {
            TemplateSpec spec = parse(text, sampleValues(text));
            spec.limits().exceeding(maximum).forEach(problem -> validator.add(field, problem));
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
            return parse(text, sampleValues(text)).ports();
        } catch (SpecException stored) {
            return List.of();
        }
    }

    /** Parses {@code text}, resolving variables from {@code values}. Throws {@link SpecException} when invalid. */
    public TemplateSpec parse(String text, Map<String, String> values) {
        ObjectNode object = read(text);
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new SpecException("The spec has an unknown key '" + SpecValues.shorten(key) + "'. Known keys: "
                        + String.join(", ", new TreeSet<>(KEYS)) + ".");
            }
            if (!VARIABLE_KEYS.contains(key) && usesVariables(object.get(key), true)) {
                throw literalOnly(key);
            }
        }
        String image = literal(object, "image");
        if (image == null || image.isBlank()) {
            throw new SpecException("The spec must name an image, e.g. 'image: warren-base:latest'.");
        }
        if (!IMAGE.matcher(image).matches()) {
            throw new SpecException("The spec key 'image' must be an image reference such as"
                    + " 'warren-base:latest' or 'registry.example/team/image:1.2', not '" + SpecValues.shorten(image)
                    + "'.");
        }
        String user = orEmpty(literal(object, "user"));
        if (!user.isEmpty() && !USER.matcher(user).matches()) {
            throw new SpecException("The spec key 'user' must be a user name or uid, optionally with ':group',"
                    + " not '" + SpecValues.shorten(user) + "'.");
        }
        List<String> capAdd = SpecFields.capabilities(object, "cap_add");
        List<String> capDrop = SpecFields.capabilities(object, "cap_drop");
        for (String capability : capAdd) {
            if (capDrop.contains(capability)) {
                throw new SpecException("The capability " + capability + " is in both 'cap_add' and 'cap_drop'.");
            }
        }
        return new TemplateSpec(
                image,
                SpecFields.command(object.get("command"), values),
                SpecFields.environment(object.get("environment"), values),
                SpecFields.ports(object.get("ports")),
                SpecFields.volumes(object.get("volumes"), values),
                SpecFields.memory(object.get("memory")),
                SpecFields.cpus(object.get("cpus")),
                capAdd,
                capDrop,
                SpecFields.bool(object.get("privileged"), "privileged"),
                SpecFields.hostname(object.get("hostname"), values),
                SpecFields.workdir(object.get("workdir"), values),
                user,
                SpecFields.whole(object.get("pids"), "pids", SpecFields.MIN_PIDS, SpecFields.MAX_PIDS),
                SpecFields.whole(object.get("nofile"), "nofile", SpecFields.MIN_NOFILE, SpecFields.MAX_NOFILE),
                EgressSpecs.parse(object.get("egress")));
    }

    private ObjectNode read(String text) {
        JsonNode root;
        try {
            root = yaml.readTree(text == null ? "" : text);
        } catch (JacksonException error) {
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(error.getOriginalMessage()));
            String where = error.getLocation() == null ? "" : " (line " + error.getLocation().getLineNr() + ")";
            if (duplicate.find()) {
                throw new SpecException("The spec has the key '" + SpecValues.shorten(duplicate.group(1))
                        + "' twice" + where + ": each key may appear once.");
            }
            throw new SpecException("The spec is not valid YAML" + where + ": " + error.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new SpecException("The spec must be a YAML mapping such as 'image: warren-base:latest'.");
        }
        return object;
    }

    /** Each variable of {@code text} with a harmless sample value, for checks at save. */
    private static Map<String, String> sampleValues(String text) {
        Map<String, String> values = new HashMap<>();
        TemplateVariables.namesIn(text == null ? "" : text).forEach(name -> values.put(name, SAMPLE));
        return values;
    }

    /** Whether a variable appears in the node's values (and, when {@code keysToo}, in its mapping keys). */
    private static boolean usesVariables(JsonNode node, boolean keysToo) {
        if (node == null) {
            return false;
        }
        if (node.isValueNode()) {
            return !TemplateVariables.namesIn(node.asText()).isEmpty();
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if ((keysToo && !TemplateVariables.namesIn(entry.getKey()).isEmpty())
                        || usesVariables(entry.getValue(), keysToo)) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode item : node) {
            if (usesVariables(item, keysToo)) {
                return true;
            }
        }
        return false;
    }

    private static SpecException literalOnly(String key) {
        return new SpecException("The spec key '" + key + "' cannot use template variables: it decides what the"
                + " space may do, so its value must be written out in the template. Variables are allowed in "
                + "environment, command, hostname, workdir and volume paths.");
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** A single value taken as written (no variables). */
    private static String literal(ObjectNode object, String key) {
        JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new SpecException("The spec key '" + key + "' must be a single value.");
        }
        return node.asText().strip();
    }

}
