package io.queuemgr.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints a shell completion script: {@code source <(queuemgr completion bash)}. */
@Command(name = "completion", description = "Print the bash (or zsh, with bashcompinit) completion script.")
public final class CompletionCommand extends ApiCommand implements Runnable {

    @Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash or zsh")
    String shell;

    @Override
    public void run() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new CliException("completion is made for bash and zsh, not " + shell, 2);
        }
        out().print(AutoComplete.bash("queuemgr", spec.root().commandLine()));
        out().flush();
    }
}
