package io.queuemgr.dispatch;

import java.util.UUID;

/** A task left unfinished because its instance shut down; it runs again elsewhere. */
public class TaskAbandonedException extends RuntimeException {

    public TaskAbandonedException(UUID id) {
        super("Task " + id + " was left for redelivery at shutdown", null, false, false);
    }
}
