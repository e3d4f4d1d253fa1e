package io.queuemgr.registry;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

/**
 * How many records of the status and log topics the registry reader skipped as unreadable since the registry was
 * rebuilt from the whole topic, carried through checkpoints. A checkpoint of a registry that skipped records is used
 * only by the build that wrote it: a later one might read those records (a snapshot written by a newer instance
 * during a rolling update, say), and they lie before the checkpoint's positions, where its start would not read them.
 */
@Singleton
public class UnreadRecords {

    private final AtomicLong count = new AtomicLong();

    void skipped() {
        count.incrementAndGet();
    }

    long count() {
        return count.get();
    }

    /** At a restore: the records the checkpoint's registry had skipped, before the reader goes on. */
    void restore(long skipped) {
        count.set(skipped);
    }
}
