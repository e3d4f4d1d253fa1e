package io.queuemgr.dispatch;

import java.time.Clock;
import java.util.Collection;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.queuemgr.config.DispatchConfig;
import io.queuemgr.messaging.InFlightOffsets;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.task.Task;

/**
 * Starts fetched tasks as slots free up, on a thread of its own: files them into their queues' lanes, starts what
 * fits (this instance's slots; the queues' pauses, limits and rates, taken in turn), and takes the runs' completions,
 * which mark their offsets done. Completions arrive on the producer's network thread, which must not start (and so
 * send for) the next task.
 */
final class TaskStarter {

    private static final Logger LOG = Logger.getLogger(TaskStarter.class);
    /** Its name for fault injection and health. */
    static final String NAME = "dispatch-starter";

    private final TaskRunner runner;
    private final TaskRegistry registry;
    private final InFlightOffsets offsets;
    private final DispatchConfig config;
    private final BooleanSupplier dispatching;
    private final QueueLanes lanes;
    /** Fetched tasks on their way to the starter thread, which files them into the lanes. */
    private final Queue<PendingTask> incoming = new ConcurrentLinkedQueue<>();
    /**
     * Runs' ends on their way to the starter thread, taken together by its next pass: one wake-up for all the ends of
     * a producer ack instead of a task on the executor for each.
     */
    private final Queue<Runnable> ends = new ConcurrentLinkedQueue<>();
    /** Tasks fetched and not started yet: incoming and in the lanes. */
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(
            r -> starterThread = Thread.ofPlatform().name("queuemgr-dispatch-starter").daemon().unstarted(r));
    private volatile Thread starterThread;
    private final AtomicBoolean startScheduled = new AtomicBoolean();
    private final LoopSupervisor supervisor;
    /** Starts what fits, on the starter thread; an error is logged and the next tick tries again. */
    private final Runnable starting;

    TaskStarter(TaskRunner runner, TaskRegistry registry, QueueCatalog queues, InFlightOffsets offsets,
            DispatchConfig config, LoopSupervisor supervisor, BooleanSupplier dispatching, Clock clock) {
        this.runner = runner;
        this.registry = registry;
        this.offsets = offsets;
        this.config = config;
        this.supervisor = supervisor;
        this.dispatching = dispatching;
        this.lanes = new QueueLanes(queues, clock);
        this.starting = supervisor.guard(NAME, this::startWhatFits);
    }

    /**
     * Paused queues resume, limits change and rate permits come back with time: blocked lanes are looked at again ten
     * times a second. The same tick starts whatever a failed start left waiting.
     */
    void start() {
        starter.scheduleWithFixedDelay(supervisor.guard(NAME, () -> {
            if (lanes.hasBlocked()) {
                lanes.recheck();
            }
            startWhatFits();
        }), 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Tasks fetched and not started yet. */
    AtomicInteger buffered() {
        return buffered;
    }

    /** Tasks started and not ended yet. */
    AtomicInteger inFlight() {
        return inFlight;
    }

    /** A fetched task, from the poll thread; it starts once {@link #scheduleStart} is asked. */
    void add(PendingTask task) {
        incoming.add(task);
        buffered.incrementAndGet();
    }

    /** Asks the starter thread to start what fits, unless it is already asked to. */
    void scheduleStart() {
        if (startScheduled.compareAndSet(false, true)) {
            try {
                starter.execute(() -> {
                    startScheduled.set(false);
                    starting.run();
                });
            } catch (RejectedExecutionException e) {
                // the dispatcher has stopped; what was not done stays uncommitted
            }
        }
    }

    /** Drops the waiting tasks of partitions that left; waits for the starter thread. */
    void dropPartitions(Collection<TopicPartition> gone) {
        onStarter(() -> {
            fileIncoming();
            buffered.addAndGet(-lanes.removePartitions(gone));
        });
    }

    /** Drops every waiting task; waits for the starter thread. Running tasks go on. */
    void dropAll() {
        onStarter(() -> {
            incoming.clear();
            lanes.clear();
            buffered.set(0);
        });
    }

    void shutdown() {
        starter.shutdown();
    }

    /**
     * Starts buffered tasks while this instance has slots and their queues allow (paused, maxConcurrent, rate
     * limit), taking queues in turn; runs on the starter thread.
     */
    private void startWhatFits() {
        takeEnds();
        fileIncoming();
        // Work held for runs on other instances takes a slot of its queue, not of this instance.
        while (dispatching.getAsBoolean() && inFlight.get() - runner.heldForOthers() < config.maxInFlight()) {
            PendingTask next = lanes.next();
            if (next == null) {
                return;
            }
            buffered.decrementAndGet();
            inFlight.incrementAndGet();
            String queue = next.queue();
            Runnable executorEnded = () -> {
                if (Thread.currentThread() == starterThread) {
                    lanes.ended(queue);
                } else {
                    onStarterLater(() -> lanes.ended(queue));
                }
            };
            CompletableFuture<Void> run;
            try {
                Task work = next.task() != null ? next.task() : fromRegistry(next);
                if (work == null) {
                    executorEnded.run();
                    run = CompletableFuture.completedFuture(null);
                } else {
                    run = runner.run(work, executorEnded);
                }
            } catch (RuntimeException e) {
                run = CompletableFuture.failedFuture(e);
            }
            if (run.isDone()) {
                ended(next, run);
            } else {
                CompletableFuture<Void> started = run;
                run.whenComplete((done, error) -> onStarterLater(() -> ended(next, started)));
            }
        }
    }

    /**
     * The task of a work record kept as its place in line, as the registry has it now; null when there is nothing
     * to run: the task is gone, or it has a newer PENDING state, whose own work record runs it.
     */
    private Task fromRegistry(PendingTask p) {
        Task current = registry.get(p.id()).orElse(null);
        if (current == null || current.version() > p.version() && current.status().isWaiting()) {
            LOG.debugf("Task %s has nothing to run for its work record of version %d", p.id(), p.version());
            return null;
        }
        return current;
    }

    /** Files fetched tasks into their queues' lanes; on the starter thread. */
    private void fileIncoming() {
        PendingTask arrived;
        while ((arrived = incoming.poll()) != null) {
            lanes.add(arrived);
        }
    }

    private void ended(PendingTask task, CompletableFuture<Void> run) {
        Throwable error = run.isCompletedExceptionally() ? unwrap(run.exceptionNow()) : null;
        inFlight.decrementAndGet();
        if (error instanceof TaskAbandonedException) {
            return;
        }
        if (error != null) {
            // A task the runner cannot handle at all must not hold back its partition's offsets.
            LOG.errorf(error, "Task %s could not be run and is skipped", task.id());
        }
        offsets.done(task.partition(), task.offset());
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** Has the starter thread do the work on its next pass, then start what fits. */
    private void onStarterLater(Runnable work) {
        ends.add(work);
        scheduleStart();
    }

    private void takeEnds() {
        Runnable end;
        while ((end = ends.poll()) != null) {
            try {
                end.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Dispatch bookkeeping failed; the next tick starts what waits");
            }
        }
    }

    /** Runs work on the starter thread and waits for it (from the poll thread, during a rebalance or a stop). */
    private void onStarter(Runnable work) {
        try {
            starter.submit(work).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warnf("The dispatch starter did not answer: %s", e.getMessage());
        }
    }
}
