package io.queuemgr.messaging;

/** A task snapshot that is larger than the status topic takes; it was not sent. */
public class SnapshotTooLargeException extends RuntimeException {

    private final int size;

    public SnapshotTooLargeException(int size, int limit) {
        super("The snapshot is " + size + " bytes, more than the " + limit + " bytes a snapshot may have");
        this.size = size;
    }

    public int size() {
        return size;
    }
}
