package io.queuemgr.registry;

import java.util.UUID;
import java.util.function.Supplier;

import io.queuemgr.messaging.SnapshotSeal;

/**
 * Told of every record the registry reader takes from the status topic, in each partition's order: on the reader's
 * thread, or for a large poll (the replay at start) on its helper threads, one per partition at a time, so that a
 * listener is called for two partitions at once and must be thread-safe. It must not block, or every registry on this
 * instance falls behind. {@link #polled()} comes on the reader's thread once every record of the poll was told.
 */
public interface StatusListener {

    /**
     * The record at this position has been read and applied. {@code change} makes its snapshot on demand (a listener
     * with nobody to tell skips the cost); it gives a deletion for a tombstone ({@link StatusChange#isDeletion()}) and
     * null for an unreadable record.
     */
    void read(int partition, long offset, Supplier<StatusChange> change);

    /**
     * The same for a snapshot record, with what its headers say, read once for all listeners: a listener that finds
     * what it needs there (see {@link SnapshotStamp}) need not build the change at all. A tombstone comes to
     * {@link #read(int, long, Supplier)}.
     */
    default void read(int partition, long offset, SnapshotSeal seal, Supplier<StatusChange> change) {
        read(partition, offset, change);
    }

    /** A tombstone for the task was read: it has left the registry. */
    default void removed(UUID id) {
    }

    /**
     * Before the reader starts, when the registry was restored from a checkpoint ({@link RegistryCheckpoint}): the
     * status topic's partition counts as read up to {@code next}, and reading goes on from there.
     */
    default void restoredTo(int partition, long next) {
    }

    /** The records of one poll have all been read: a listener that gathers them hands them on here, in one go. */
    default void polled() {
    }
}
