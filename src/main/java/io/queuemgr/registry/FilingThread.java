package io.queuemgr.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Files the tasks of a checkpoint into the registry on a thread of its own, batch by batch, while the caller reads the
 * next batch from the file: a restore takes the longer of the two instead of their sum. A failure on either side ends
 * both; {@link #close()} returns only once this thread has stopped touching the registry.
 */
final class FilingThread implements AutoCloseable {

    /** Batches read ahead at most: enough to keep both threads busy, few enough to cost no memory. */
    private static final int AHEAD = 4;
    private static final List<TaskStore.Restored> END = new ArrayList<>(0);

    private final BlockingQueue<List<TaskStore.Restored>> batches = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private volatile Throwable failed;

    FilingThread(RegistryCopies registry) {
        thread = new Thread(() -> {
            try {
                for (List<TaskStore.Restored> batch = batches.take(); batch != END; batch = batches.take()) {
                    registry.restore(batch);
                }
            } catch (InterruptedException e) {
                // The reading side failed and closed this.
            } catch (Throwable e) {
                failed = e;
            }
        }, "queuemgr-checkpoint-filing");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands a batch over, waiting while the filing is {@value #AHEAD} batches behind; it must not be changed after. */
    void file(List<TaskStore.Restored> batch) throws IOException {
        try {
            while (!batches.offer(batch, 50, TimeUnit.MILLISECONDS)) {
                rethrow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while restoring the registry");
        }
        rethrow();
    }

    /** Waits until every batch handed over is filed. */
    void finish() throws IOException {
        file(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while restoring the registry");
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        Throwable e = failed;
        if (e instanceof Error error) {
            throw error;
        }
        if (e != null) {
            throw new IOException("filing the checkpoint's tasks failed", e);
        }
        if (!thread.isAlive() && !batches.isEmpty()) {
            throw new IOException("the checkpoint's filing thread ended early");
        }
    }

    @Override
    public void close() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
