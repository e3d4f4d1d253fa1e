package io.queuemgr.executor;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
     * (interrupt it). The Uni fails with what the work threw, and what follows it runs on the work's thread.
     */
    public static <T> Uni<T> run(Callable<T> work, Consumer<Runnable> onCancel) {
        return Uni.createFrom().emitter(emitter -> {
            Future<?> future = THREADS.submit(() -> {
                try {
                    emitter.complete(work.call());
                } catch (Throwable e) {
                    emitter.fail(e);
                }
            });
            onCancel.accept(() -> future.cancel(true));
        });
    }
}
