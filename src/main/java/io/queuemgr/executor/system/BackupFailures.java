package io.queuemgr.executor.system;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import io.queuemgr.task.TaskFailure;

/** What a failed backup tells the operator: a full disk, a file it may not read, or another write failure. */
final class BackupFailures {

    private BackupFailures() {
    }

    /** The failure as a catalogue code; {@code at} is the file being archived (or the destination). */
    static TaskFailure classify(Throwable e, Path at) {
        if (e instanceof TaskFailure known) {
            return known;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Map<String, String> context = Map.of("path", at.toString());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
            return SystemErrors.SYSTEM_DISK_SPACE.failure("The disk of the destination is full: " + message, context);
        }
        if (e instanceof AccessDeniedException) {
            return SystemErrors.SYSTEM_BACKUP_FAILED.failure("Permission denied on " + message, context);
        }
        if (e instanceof NoSuchFileException) {
            return SystemErrors.SYSTEM_BACKUP_FAILED.failure(message + " disappeared while the backup ran", context);
        }
        return SystemErrors.SYSTEM_BACKUP_FAILED.failure("Archiving " + at + " failed: " + message, context);
    }
}
