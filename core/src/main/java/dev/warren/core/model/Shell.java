package dev.warren.core.model;

import java.util.Locale;

/** Shells a user may pick for terminals; the web terminal falls back to sh when the image lacks the pick. */
public enum Shell {
    BASH, ZSH, FISH, SH;

    public String command() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Shell parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
