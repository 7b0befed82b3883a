package dev.warren.client;

import java.util.List;
import java.util.Map;

/**
 * The optional settings of {@link Warren#create(String, String, CreateOptions)}, with the seed's defaults
 * (empty description, shell {@code bash}, no dependencies, no stack). Immutable; each {@code with…} returns a copy:
 * <pre>{@code
 * warren.create("api", "ubuntu", CreateOptions.defaults().withDescription("Backend").withStack("shop")
 *         .withDependsOn(List.of("database")));
 * }</pre>
 *
 * @param description   the space's description
 * @param shell         the default shell (bash, zsh, fish, sh)
 * @param dependsOn     names or ids of the owner's spaces to start first
 * @param stack         the stack to group the space under; empty for none
 * @param iconUrl       an icon URL; null for the template's
 * @param altNames      additional names (for the space's other web addresses)
 * @param customFields  values for the template's custom fields
 * @param startOnCreate start the space right after creating it
 * @param forUser       admins only: create it for this user (id, username or email); null for the caller
 */
public record CreateOptions(String description, String shell, List<String> dependsOn, String stack, String iconUrl,
        List<String> altNames, Map<String, String> customFields, boolean startOnCreate, String forUser) {

    /** Copies the collections so the options stay immutable; nulls become empty. */
    public CreateOptions {
        description = description == null ? "" : description;
        shell = shell == null || shell.isBlank() ? "bash" : shell;
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        stack = stack == null ? "" : stack;
        altNames = altNames == null ? List.of() : List.copyOf(altNames);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }

    /** The seed's defaults: no description, {@code bash}, no dependencies, no stack, not started. */
    public static CreateOptions defaults() {
        return new CreateOptions("", "bash", List.of(), "", null, List.of(), Map.of(), false, null);
    }

    /**
     * @param value the description
     * @return a copy with this description
     */
    public CreateOptions withDescription(String value) {
        return new CreateOptions(value, shell, dependsOn, stack, iconUrl, altNames, customFields, startOnCreate, forUser);
    }

    /**
     * @param value the shell (bash, zsh, fish, sh)
     * @return a copy with this shell
     */
    public CreateOptions withShell(String value) {
        return new CreateOptions(description, value, dependsOn, stack, iconUrl, altNames, customFields, startOnCreate,
                forUser);
    }

    /**
     * @param value names or ids of spaces to start first
     * @return a copy with these dependencies
     */
    public CreateOptions withDependsOn(List<String> value) {
        return new CreateOptions(description, shell, value, stack, iconUrl, altNames, customFields, startOnCreate,
                forUser);
    }

    /**
     * @param value the stack name; empty for none
     * @return a copy in this stack
     */
    public CreateOptions withStack(String value) {
        return new CreateOptions(description, shell, dependsOn, value, iconUrl, altNames, customFields, startOnCreate,
                forUser);
    }

    /**
     * @param value the icon URL
     * @return a copy with this icon
     */
    public CreateOptions withIconUrl(String value) {
        return new CreateOptions(description, shell, dependsOn, stack, value, altNames, customFields, startOnCreate,
                forUser);
    }

    /**
     * @param value additional names
     * @return a copy with these alternative names
     */
    public CreateOptions withAltNames(List<String> value) {
        return new CreateOptions(description, shell, dependsOn, stack, iconUrl, value, customFields, startOnCreate,
                forUser);
    }

    /**
     * @param value custom field values by field name
     * @return a copy with these custom field values
     */
    public CreateOptions withCustomFields(Map<String, String> value) {
        return new CreateOptions(description, shell, dependsOn, stack, iconUrl, altNames, value, startOnCreate, forUser);
    }

    /**
     * @param value whether to start the space once created
     * @return a copy that starts (or not) on create
     */
    public CreateOptions withStartOnCreate(boolean value) {
        return new CreateOptions(description, shell, dependsOn, stack, iconUrl, altNames, customFields, value, forUser);
    }

    /**
     * @param value admins only: the user (id, username or email) to create the space for
     * @return a copy created for that user
     */
    public CreateOptions withForUser(String value) {
        return new CreateOptions(description, shell, dependsOn, stack, iconUrl, altNames, customFields, startOnCreate,
                value);
    }
}
