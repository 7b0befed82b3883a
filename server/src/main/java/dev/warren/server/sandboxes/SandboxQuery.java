package dev.warren.server.sandboxes;

import dev.warren.core.FieldError;
import dev.warren.core.ValidationException;
import dev.warren.core.model.SpaceState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a sandbox list asks for: every given metadata entry must match exactly, the state (if given) too; pages of
 * {@code limit} sandboxes, oldest first, continuing after {@code cursor}. Built from query parameters by
 * {@link #parse}; every refusal names its parameter.
 *
 * @param after the (creation time, id) the previous page ended at, or null for the first page
 */
public record SandboxQuery(boolean all, Map<String, String> metadata, Set<String> states, int limit, Position after) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Where a page ended: sandboxes are ordered by creation time, then id. */
    public record Position(long createdAtMillis, String id) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (createdAtMillis + ":" + id).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * @param metadata each {@code key=value}
     * @param states   state names (running, stopped, …), each possibly comma-separated
     */
    public static SandboxQuery parse(boolean all, List<String> metadata, List<String> states, String limit,
            String cursor) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String entry : metadata) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                errors.add(new FieldError("metadata", "A metadata filter is key=value, not '" + entry + "'."));
            } else {
                wanted.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        Set<String> stateNames = new java.util.TreeSet<>();
        for (String list : states) {
            for (String state : list.split(",")) {
                String name = state.strip().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                if (!knownState(name)) {
                    errors.add(new FieldError("state", "Unknown state '" + state.strip() + "': use starting,"
                            + " running, stopping, stopped or deleting."));
                }
                stateNames.add(name);
            }
        }
        int pageSize = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                pageSize = Integer.parseInt(limit.strip());
            } catch (NumberFormatException notANumber) {
                pageSize = -1;
            }
            if (pageSize < 1 || pageSize > MAX_LIMIT) {
                errors.add(new FieldError("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '"
                        + limit + "'."));
            }
        }
        Position after = null;
        if (cursor != null && !cursor.isBlank()) {
            after = decode(cursor.strip());
            if (after == null) {
                errors.add(new FieldError("cursor", "The cursor is not one this server gave out: pass next_cursor"
                        + " from the previous page as it is."));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new SandboxQuery(all, Map.copyOf(wanted), Set.copyOf(stateNames), pageSize, after);
    }

    private static boolean knownState(String name) {
        for (SpaceState state : SpaceState.values()) {
            if (state.name().toLowerCase(Locale.ROOT).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Position decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                return null;
            }
            return new Position(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
