package dev.warren.runtime.memory;

import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The few programs the in-memory runtime knows (echo, printf with %s, cat, printenv, pwd, hostname, id, sleep, true,
 * false, exit, and {@code sh -c} of one such command line, with {@code $VAR} expansion and {@code >&2}). Anything else fails to start, as a missing
 * program does in a real space. Enough for rule tests; engine tests run real programs.
 */
final class MemoryCommands {
    private static final Set<String> KNOWN = Set.of("echo", "printf", "cat", "printenv", "env", "pwd", "hostname",
            "id", "sleep", "true", "false", "exit");

    /** What a process runs with. */
    record Context(MemoryFileSystem files, Map<String, String> env, String cwd, String hostname) {}

    private MemoryCommands() {}

    /** The argv the process really runs (a shell's command line split), or a refusal when it does not exist. */
    static List<String> resolve(List<String> argv, Map<String, String> env) {
        List<String> command = argv;
        String program = name(argv.getFirst());
        if ((program.equals("sh") || program.equals("bash")) && argv.size() >= 3 && argv.get(1).equals("-c")) {
            command = split(argv.get(2), env);
            if (command.isEmpty()) {
                return List.of("true");
            }
        }
        if (!KNOWN.contains(name(command.getFirst()))) {
            throw ValidationException.of("command", "No such file or directory: '" + command.getFirst() + "'.");
        }
        return command;
    }

    /** Runs {@code argv} (resolved) as {@code process}; returns when it has exited. */
    static void run(List<String> argv, MemoryProcess process, Context context) throws InterruptedException {
        boolean toStderr = argv.contains(">&2") || argv.contains("1>&2");
        List<String> args = argv.subList(1, argv.size()).stream().filter(a -> !a.equals(">&2") && !a.equals("1>&2"))
                .toList();
        StringBuilder out = new StringBuilder();
        int code = 0;
        switch (name(argv.getFirst())) {
            case "echo" -> out.append(String.join(" ", args)).append('\n');
            case "printf" -> out.append(printf(args));
            case "pwd" -> out.append(context.cwd()).append('\n');
            case "hostname" -> out.append(context.hostname()).append('\n');
            case "id" -> out.append("0\n");
            case "printenv", "env" -> {
                if (args.isEmpty()) {
                    context.env().forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
                } else if (context.env().containsKey(args.getFirst())) {
                    out.append(context.env().get(args.getFirst())).append('\n');
                } else {
                    code = 1;
                }
            }
            case "true" -> { }
            case "false" -> code = 1;
            case "exit" -> code = args.isEmpty() ? 0 : Integer.parseInt(args.getFirst());
            case "sleep" -> {
                if (process.sleep((long) (Double.parseDouble(args.isEmpty() ? "0" : args.getFirst()) * 1000))) {
                    return;
                }
            }
            case "cat" -> code = cat(args, process, context);
            default -> throw new IllegalStateException("resolve() lets only known programs through");
        }
        if (!out.isEmpty()) {
            if (toStderr) {
                process.err(out.toString());
            } else {
                process.out(out.toString());
            }
        }
        process.exit(code);
    }

    private static int cat(List<String> files, MemoryProcess process, Context context) throws InterruptedException {
        if (files.isEmpty()) {
            byte[] chunk;
            while ((chunk = process.readStdin()) != null) {
                process.out(new String(chunk, StandardCharsets.UTF_8));
            }
            return 0;
        }
        int code = 0;
        for (String file : files) {
            String path = file.startsWith("/") ? file : context.cwd() + "/" + file;
            try {
                process.out(new String(context.files().read(path), StandardCharsets.UTF_8));
            } catch (NotFoundException | ValidationException failed) {
                process.err("cat: " + file + ": No such file or directory\n");
                code = 1;
            }
        }
        return code;
    }

    private static String name(String program) {
        return program.substring(program.lastIndexOf('/') + 1);
    }

    private static String printf(List<String> args) {
        if (args.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        String[] pieces = args.getFirst().replace("\\n", "\n").split("%s", -1);
        for (int i = 0; i < pieces.length; i++) {
            text.append(pieces[i]);
            if (i < pieces.length - 1 && i + 1 < args.size()) {
                text.append(args.get(i + 1));
            }
        }
        return text.toString();
    }

    /** Splits a command line on blanks, honouring single and double quotes and expanding $NAME outside '…'. */
    static List<String> split(String line, Map<String, String> env) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        char[] chars = line.strip().toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c == '$' && quote != '\'' && i + 1 < chars.length) {
                int end = i + 1;
                boolean braced = chars[end] == '{';
                int start = braced ? end + 1 : end;
                end = start;
                while (end < chars.length && (Character.isLetterOrDigit(chars[end]) || chars[end] == '_')) {
                    end++;
                }
                if (end > start) {
                    word.append(env.getOrDefault(new String(chars, start, end - start), ""));
                    inWord = true;
                    i = braced && end < chars.length && chars[end] == '}' ? end : end - 1;
                    continue;
                }
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
