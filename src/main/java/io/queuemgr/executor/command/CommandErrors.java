package io.queuemgr.executor.command;

import jakarta.inject.Singleton;

import io.queuemgr.executor.EnumFamily;
import io.queuemgr.executor.process.ProcessErrors;
import io.queuemgr.task.ErrorKind;

/** The codes of scripts run on the service's host; those of running any process are ProcessErrors. */
public enum CommandErrors implements ErrorKind {
    SCRIPT_NOT_FOUND(About.permanent("The script file does not exist on the worker.",
            "Check scriptPath; paths are resolved on the worker that runs the task"));

    private final About about;

    CommandErrors(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }

    /** The family's part of the catalogue. */
    @Singleton
    static class Family extends EnumFamily<CommandErrors> {

        Family() {
            super("command", CommandErrors.class);
        }
    }
}
