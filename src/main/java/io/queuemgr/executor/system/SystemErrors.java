package io.queuemgr.executor.system;

import java.util.List;

import jakarta.inject.Singleton;

import io.queuemgr.executor.EnumFamily;
import io.queuemgr.executor.ErrorRule;
import io.queuemgr.task.ErrorKind;

/** The codes of the service's host: its resources, processes and packages. */
public enum SystemErrors implements ErrorKind {
    SYSTEM_TIMEOUT(About.transientFailure("A system operation did not finish in time.",
            "Raise the task's timeoutSeconds", "Look for a hung process or a slow disk with top and iostat")),
    SYSTEM_RESOURCE_LIMIT(About.transientFailure(
            "A resource of the host is past the limit the task set (load, open files, processes).",
            "Look at what uses the resource with top or ps", "Raise the threshold if the load is expected")),
    SYSTEM_DISK_SPACE(About.transientFailure("A file system is fuller than the task allows, or ran out of space.",
            "Free space with a system.cleanup task or by hand", "Grow the volume")),
    SYSTEM_MEMORY_LIMIT(
            About.transientFailure("Available memory is below what the task allows, or a process ran out of memory.",
                    "Find the largest processes with top -o %MEM", "Add memory or lower the load")),
    SYSTEM_CPU_LIMIT(About.transientFailure("CPU use is above what the task allows.",
            "Find the busiest processes with top", "Spread the work over more hosts or later hours")),
    SYSTEM_UPDATE_DISABLED(About.permanent("Package updates are off on this service.",
            "Ask the operator to set queuemgr.system.update-command")),
    SYSTEM_PATH_NOT_FOUND(About.permanent("A file or folder the task names does not exist on this host.",
            "Check the path in the task's params; paths are read on the host that runs the task",
            "Create the folder first if the task should write into it")),
    SYSTEM_BACKUP_FAILED(About.transientFailure("The backup archive could not be written completely.",
            "Read the task log for the file it stopped at", "Check that the destination folder is writable",
            "Run the backup again when the files are not being changed")),
    SYSTEM_CLEANUP_INCOMPLETE(About.permanent("Some old files could not be deleted; the others were.",
            "See the failed list in the task result", "Check the owner and permissions of those files")),
    SYSTEM_NOT_SUPPORTED(
            About.permanent("This host does not offer what the task reads (system.monitor needs Linux's /proc).",
                    "Run the task on a Linux worker", "Check that /proc is mounted in the service's container"));

    private final About about;

    SystemErrors(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }

    /** The family's part of the catalogue. */
    @Singleton
    static class Family extends EnumFamily<SystemErrors> {

        Family() {
            super("system", SystemErrors.class);
        }

        @Override
        public List<ErrorRule> rules() {
            // ENOSPC reaches Java only as the text of an IOException.
            return List.of(ErrorRule.message("no space left on device", SYSTEM_DISK_SPACE),
                    ErrorRule.message("disk quota exceeded", SYSTEM_DISK_SPACE));
        }
    }
}
