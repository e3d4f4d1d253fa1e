package io.queuemgr.registry;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/** The registry's lock: reads share it, changes take it alone. */
final class RegistryLock {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    <T> T read(Supplier<T> reading) {
        lock.readLock().lock();
        try {
            return reading.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Inside a long read: lets waiting changes in. The registry reader and the producer's acks apply snapshots, and a
     * pass over a million tasks must not hold them up for its whole length.
     */
    void letChangesIn() {
        lock.readLock().unlock();
        lock.readLock().lock();
    }

    <T> T write(Supplier<T> change) {
        lock.writeLock().lock();
        try {
            return change.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    void change(Runnable change) {
        write(() -> {
            change.run();
            return null;
        });
    }
}
