package io.queuemgr.executor.process;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;

import jakarta.inject.Singleton;

import io.queuemgr.executor.EnumFamily;
import io.queuemgr.executor.ErrorRule;
import io.queuemgr.task.ErrorKind;

/** The codes of running a process on the service's host, whichever type started it (command, script, update). */
public enum ProcessErrors implements ErrorKind {
    COMMAND_NOT_FOUND(About.permanent("The program to run was not found.",
            "Check the command name and that it is installed on the worker",
            "Give an absolute path, or set PATH in env")),
    COMMAND_PERMISSION_DENIED(About.permanent("The program or script is not executable by the service.",
            "Make the file executable (chmod +x)", "Check the owner and the mount options of its folder")),
    COMMAND_FAILED(About.transientFailure("The command ended with a non-zero exit code.",
            "Read stderr in the task result and the task logs", "Run the same command by hand on the worker")),
    WORKING_DIRECTORY_NOT_FOUND(About.permanent("The working directory does not exist on the worker.",
            "Create the directory or correct workingDir")),
    SYSTEM_PROCESS_KILLED(About.transientFailure("The process was killed by a signal.",
            "Look for the out-of-memory killer in the system log", "Raise the memory limit of the service"));

    private final About about;

    ProcessErrors(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }

    /** The family's part of the catalogue. */
    @Singleton
    static class Family extends EnumFamily<ProcessErrors> {

        Family() {
            super("process", ProcessErrors.class);
        }

        @Override
        public List<ErrorRule> rules() {
            return List.of(ErrorRule.on(AccessDeniedException.class, COMMAND_PERMISSION_DENIED),
                    ErrorRule.on(NoSuchFileException.class, COMMAND_NOT_FOUND),
                    ErrorRule.message("permission denied", COMMAND_PERMISSION_DENIED),
                    ErrorRule.message("no such file", COMMAND_NOT_FOUND));
        }
    }
}
