package io.queuemgr.executor.process;

import java.util.Map;

import io.queuemgr.task.TaskError;

/** What a process's exit code means, following the shell's conventions (126, 127, 128 + signal). */
public final class ExitCodes {

    private ExitCodes() {
    }

    /** The error of a non-zero exit, with the last line of stderr as its detail. */
    public static TaskError meaning(int exitCode, String stderrTail) {
        Map<String, String> context = Map.of("exitCode", Integer.toString(exitCode));
        String detail = stderrTail == null || stderrTail.isBlank() ? "" : ": " + stderrTail.strip();
        if (exitCode == 127) {
            return ProcessErrors.COMMAND_NOT_FOUND.toError("Command not found (exit 127)" + detail, context);
        }
        if (exitCode == 126) {
            return ProcessErrors.COMMAND_PERMISSION_DENIED.toError("Command not executable (exit 126)" + detail,
                    context);
        }
        if (exitCode > 128 && exitCode < 160) {
            return ProcessErrors.SYSTEM_PROCESS_KILLED.toError(
                    "Killed by signal " + (exitCode - 128) + " (exit " + exitCode + ")" + detail, context);
        }
        return ProcessErrors.COMMAND_FAILED.toError("Exited with code " + exitCode + detail, context);
    }
}
