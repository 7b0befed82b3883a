package dev.warren.server.files;

import dev.warren.core.ValidationException;

import java.util.regex.Pattern;

/**
 * A glob over relative paths ({@code src/main/Foo.java}), matched whole: {@code *} is any run of characters within
 * one name, {@code ?} one character within a name, {@code [abc]}, {@code [a-z]} and {@code [!abc]} (or
 * {@code [^abc]}) one character of a set, {@code **} any number of whole names ({@code **}{@code /x} matches
 * {@code x} at any depth, {@code a/**} everything under {@code a}); {@code \} escapes the next character. Names
 * starting with a dot are matched like any other. Immutable.
 */
public final class Glob {
    static final int MAX_LENGTH = 1024;

    private final String text;
    private final Pattern pattern;
    private final int fixedDepth;

    private Glob(String text, Pattern pattern, int fixedDepth) {
        this.text = text;
        this.pattern = pattern;
        this.fixedDepth = fixedDepth;
    }

    /** @throws ValidationException naming {@code glob} when it is empty, too long, absolute or malformed */
    public static Glob compile(String glob) {
        if (glob == null || glob.isBlank()) {
            throw ValidationException.of("glob", "The query parameter 'glob' is required, such as **/*.java.");
        }
        if (glob.length() > MAX_LENGTH || glob.indexOf('\0') >= 0) {
            throw ValidationException.of("glob", "'glob' must be at most " + MAX_LENGTH + " characters.");
        }
        if (glob.startsWith("/")) {
            throw ValidationException.of("glob", "'glob' is matched against paths relative to 'path'; it must not "
                    + "start with /.");
        }
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                int after = i + 2;
                boolean wholeName = (i == 0 || glob.charAt(i - 1) == '/')
                        && (after == glob.length() || glob.charAt(after) == '/');
                if (wholeName && after < glob.length()) {
                    regex.append("(?:.*/)?"); // "**/": zero or more whole directories
                    i = after + 1;
                } else {
                    regex.append(wholeName ? ".*" : "[^/]*"); // "a/**": everything below; "x**y" is just "*"
                    i = after;
                }
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else if (c == '[') {
                i = characterClass(glob, i, regex);
            } else if (c == '\\') {
                if (i + 1 >= glob.length()) {
                    throw ValidationException.of("glob", "'glob' ends with a lone backslash.");
                }
                regex.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                i += 2;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        int depth = glob.contains("**") ? -1 : (int) glob.chars().filter(ch -> ch == '/').count() + 1;
        return new Glob(glob, Pattern.compile(regex.toString(), Pattern.DOTALL), depth);
    }

    private static int characterClass(String glob, int start, StringBuilder regex) {
        int i = start + 1;
        StringBuilder set = new StringBuilder("[");
        if (i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
            set.append('^');
            i++;
        }
        boolean first = true;
        while (i < glob.length() && (first || glob.charAt(i) != ']')) {
            char c = glob.charAt(i);
            if (c == '/') {
                throw ValidationException.of("glob", "A [...] set in 'glob' cannot hold '/'.");
            }
            if (c == '-' && !first && i + 1 < glob.length() && glob.charAt(i + 1) != ']') {
                set.append('-');
            } else {
                set.append(c == '\\' || c == '[' || c == ']' || c == '^' || c == '&' || c == '-' ? "\\" + c
                        : String.valueOf(c));
            }
            first = false;
            i++;
        }
        if (i >= glob.length()) {
            throw ValidationException.of("glob", "'glob' has a '[' without its closing ']'.");
        }
        regex.append("(?:(?!/)").append(set).append("])");
        return i + 1;
    }

    /** Whether the relative path matches the whole glob. */
    public boolean matches(String relativePath) {
        return pattern.matcher(relativePath).matches();
    }

    /** How many names deep a match is, or -1 when any depth can match ({@code **}). */
    public int fixedDepth() {
        return fixedDepth;
    }

    @Override
    public String toString() {
        return text;
    }
}
