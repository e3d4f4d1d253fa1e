package io.queuemgr.executor;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import io.smallrye.mutiny.Uni;

/**
 * Blocking work of a task on a virtual thread of its own: the caller's thread (an event loop, a dispatch worker) is
 * never held, and a cancel of the task interrupts the work.
 */
public final class BlockingWork {

    private static final ExecutorService THREADS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("queuemgr-task-", 0).factory());

    private BlockingWork() {
    }

    /**
     * Runs the work when the Uni is subscribed to; {@code onCancel} registers what a cancel of the task does
     * (interrupt it). The Uni fails with what the work threw, with a CancellationException when the cancel came
     * before the work began, and what follows it runs on the work's thread.
     */
    public static <T> Uni<T> run(Callable<T> work, Consumer<Runnable> onCancel) {
        return Uni.createFrom().emitter(emitter -> {
            Interruptible running = new Interruptible();
            onCancel.accept(running::interrupt);
            THREADS.execute(() -> {
                try {
                    running.begin();
                    emitter.complete(work.call());
                } catch (Throwable e) {
                    emitter.fail(e);
                } finally {
                    running.end();
                }
            });
        });
    }

    /** The thread that does the work, while it does; a cancel before it began stops it from beginning. */
    private static final class Interruptible {

        private Thread thread;
        private boolean cancelled;

        synchronized void begin() {
            if (cancelled) {
                throw new CancellationException("The task was cancelled before its work began");
            }
            thread = Thread.currentThread();
        }

        synchronized void end() {
            thread = null;
        }

        synchronized void interrupt() {
            cancelled = true;
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}
