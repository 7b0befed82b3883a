package dev.warren.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code warren completion}: prints a bash completion script ({@code source <(warren completion)}). */
@Command(name = "completion", description = {"Print the bash completion script.",
        "Use: source <(warren completion)   or save it to /etc/bash_completion.d/warren"})
final class CompletionCommand extends Base {
    @Override
    public Integer call() {
        out().print(AutoComplete.bash("warren", spec.root().commandLine()));
        out().flush();
        return ExitCodes.OK;
    }
}
