package io.queuemgr.registry;

import org.apache.kafka.common.header.Headers;

import io.queuemgr.task.Task;

/**
 * Adds headers to a snapshot as this instance writes it, for a {@link StatusListener} of a feature above the registry
 * to read back on every instance without parsing the snapshot: work done once by the writer instead of once per
 * reader and again at every restart.
 */
public interface SnapshotStamp {

    /** Adds this feature's headers for the snapshot; runs on the sending thread, so it must be quick. */
    void stamp(Task snapshot, Headers headers);
}
