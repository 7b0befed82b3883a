package dev.warren.client.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which paths of a directory upload are left out, in gitignore syntax: {@code *} (any characters but {@code /}),
 * {@code **} (any directories), {@code ?}, {@code [a-z]}, a trailing {@code /} (directories only), a {@code /} at the
 * start or in the middle (anchored at the source root; otherwise the pattern matches at any depth), {@code !}
 * (negation: include again), {@code #} comments and {@code \} escapes. Later patterns win. As in git, a path inside an
 * excluded directory stays excluded (the directory is not entered), and nothing is excluded implicitly: dot-directories
 * such as {@code .git} are sent unless a pattern says otherwise. Immutable and thread-safe.
 */
public final class IgnoreRules {
    /** The file at the source root whose patterns apply first. */
    public static final String IGNORE_FILE = ".warrenignore";

    private record Rule(String pattern, Pattern regex, boolean negated, boolean directoryOnly) {}

    private final List<Rule> rules;

    private IgnoreRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No pattern: nothing is left out. */
    public static IgnoreRules none() {
        return new IgnoreRules(List.of());
    }

    /**
     * The patterns of {@code root/.warrenignore} (when it exists), then {@code explicit} (which win over it).
     *
     * @throws UncheckedIOException when the ignore file exists but cannot be read
     */
    public static IgnoreRules forDirectory(Path root, List<String> explicit) {
        List<String> lines = new ArrayList<>();
        Path file = root.resolve(IGNORE_FILE);
        if (Files.isRegularFile(file)) {
            try {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException error) {
                throw new UncheckedIOException("Cannot read " + file + ": " + error.getMessage(), error);
            }
        }
        lines.addAll(explicit);
        return of(lines);
    }

    /** Rules from pattern lines, in order (comments and blank lines are skipped). */
    public static IgnoreRules of(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            Rule rule = parse(line);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new IgnoreRules(rules);
    }

    /**
     * Whether {@code relativePath} ({@code /}-separated, relative to the source root, no leading slash) is left out
     * by the patterns themselves (its parent directories are checked by whoever walks the tree).
     */
    public boolean ignores(String relativePath, boolean directory) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if (rule.directoryOnly() && !directory) {
                continue;
            }
            if (rule.regex().matcher(relativePath).matches()) {
                ignored = !rule.negated();
            }
        }
        return ignored;
    }

    /** The patterns in force, in order. */
    public List<String> patterns() {
        return rules.stream().map(Rule::pattern).toList();
    }

    private static Rule parse(String line) {
        String text = stripTrailingSpaces(line);
        if (text.isEmpty() || text.startsWith("#")) {
            return null;
        }
        boolean negated = false;
        if (text.startsWith("!")) {
            negated = true;
            text = text.substring(1);
        } else if (text.startsWith("\\!") || text.startsWith("\\#")) {
            text = text.substring(1);
        }
        boolean directoryOnly = text.endsWith("/") && !text.endsWith("\\/");
        if (directoryOnly) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            return null;
        }
        boolean anchored = text.indexOf('/') >= 0;
        if (text.startsWith("/")) {
            text = text.substring(1);
        }
        String body = translate(text);
        String regex = anchored ? body : "(?:.*/)?" + body;
        return new Rule(line, Pattern.compile(regex), negated, directoryOnly);
    }

    /** Trailing spaces are dropped unless escaped with a backslash, as git does. */
    private static String stripTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
            end--;
        }
        String text = line.substring(0, end);
        return text.endsWith("\\ ") ? text.substring(0, text.length() - 2) + " " : text;
    }

    /** The glob as a regular expression over a whole {@code /}-separated path. */
    private static String translate(String glob) {
        StringBuilder regex = new StringBuilder();
        int length = glob.length();
        for (int i = 0; i < length; i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < length && glob.charAt(i + 1) == '*') {
                boolean atStart = i == 0 || glob.charAt(i - 1) == '/';
                boolean atEnd = i + 2 == length;
                boolean slashAfter = i + 2 < length && glob.charAt(i + 2) == '/';
                if (atStart && slashAfter) { // "**/": zero or more directories
                    regex.append("(?:.*/)?");
                    i += 2;
                } else if (atStart && atEnd) { // "/**" at the end: everything inside
                    regex.append(".*");
                    i += 1;
                } else { // "**" inside a name behaves like "*" in git; any characters but "/"
                    regex.append("[^/]*");
                    i += 1;
                }
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 2);
                if (close < 0) {
                    regex.append("\\[");
                } else {
                    String inside = glob.substring(i + 1, close);
                    if (inside.startsWith("!")) {
                        inside = "^" + inside.substring(1);
                    }
                    regex.append('[').append(inside.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = close;
                }
            } else if (c == '\\' && i + 1 < length) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
