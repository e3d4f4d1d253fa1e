package io.queuemgr.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.QueueOwnership;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.PeriodicJob;
import io.queuemgr.task.Task;

/**
 * Tasks whose work records came here, with their queue, while they still run on the instance that had the queue
 * before (an instance joined or left the dispatch group). That instance finishes them and publishes their outcome,
 * and says every so often that it still runs them ({@link StillRunning}, sent by {@link RunNotices}); meanwhile this
 * instance keeps their work records uncommitted and their slots of the queue taken. A run whose instance has said
 * nothing of it for the lease (the instance stopped, died, or came back under the same name without it) runs again
 * here, as a run of a dead instance always did. A run on an instance that is not in the dispatch group at all (it
 * crashed, and the group let it go before the queue came here) runs again at once.
 */
@Singleton
class ForeignRuns {

    private static final Logger LOG = Logger.getLogger(ForeignRuns.class);
    static final String NAME = "foreign-runs";

    private final TaskRegistry registry;
    private final QueueOwnership ownership;
    private final Clock clock;
    private final long leaseMillis;
    private final Map<UUID, Wait> waits = new ConcurrentHashMap<>();
    /** Waits for a run on an instance that is yet to be looked for in the dispatch group. */
    private final Set<UUID> unasked = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean asking = new AtomicBoolean();
    private final Supplier<CompletionStage<Set<String>>> members;
    private final PeriodicJob watch;

    /**
     * A work record held for the run of {@code seen} on {@code seen.workerId()}; {@code word}: when the wait began or
     * that instance last said it still runs the task, whichever is later.
     */
    private record Wait(Task seen, AtomicLong word, CompletableFuture<Boolean> ended) {
    }

    @Inject
    ForeignRuns(TaskRegistry registry, QueueOwnership ownership, QueuemgrConfig config, DispatchMembers members,
            LoopSupervisor supervisor, MeterRegistry metrics, Clock clock) {
        this(registry, ownership, config.dispatch().handoverLease(), () -> members.now()
                .map(list -> list.stream().map(DispatchMembers.Member::id).collect(Collectors.toSet()))
                .subscribeAsCompletionStage(), supervisor, metrics, clock);
    }

    /** {@code members}: the ids of the dispatch group's instances now. */
    ForeignRuns(TaskRegistry registry, QueueOwnership ownership, Duration lease,
            Supplier<CompletionStage<Set<String>>> members, LoopSupervisor supervisor, MeterRegistry metrics,
            Clock clock) {
        this.registry = registry;
        this.members = members;
        this.ownership = ownership;
        this.clock = clock;
        this.leaseMillis = lease.toMillis();
        this.watch = supervisor.schedule(NAME, Duration.ofMillis(Math.clamp(leaseMillis / 20, 50, 500)), this::check);
        metrics.gaugeMapSize("queuemgr.dispatch.foreign.runs", List.of(), waits);
    }

    /**
     * Holds a work record of {@code running}, which runs on another instance ({@code onInstance}: its worker is that
     * instance, not a pull worker it offered the task to). Completes with false once the task has changed (the caller
     * looks at it again), with true once its instance went quiet or is gone (the caller runs it here), and fails with
     * {@link TaskAbandonedException} once this instance no longer has the task's queue, or stops.
     */
    CompletableFuture<Boolean> await(Task running, boolean onInstance) {
        watch.start();
        Wait wait = waits.computeIfAbsent(running.id(), id -> {
            if (onInstance) {
                unasked.add(id);
            }
            return new Wait(running, new AtomicLong(clock.millis()), new CompletableFuture<>());
        });
        LOG.debugf("Task %s runs on %s; its work record here waits for that run", running.id(),
                running.workerId());
        return wait.ended();
    }

    /** An instance said it still runs these tasks; word of a task not waited for here is not kept. */
    void heard(StillRunning notice) {
        if (notice.tasks() == null) {
            return;
        }
        long now = clock.millis();
        for (UUID id : notice.tasks()) {
            Wait wait = waits.get(id);
            if (wait != null) {
                wait.word().accumulateAndGet(now, Math::max);
            }
        }
    }

    /** Held work records, for the dispatcher's stop: they leave with it, uncommitted. */
    void abandonAll() {
        waits.forEach((id, wait) -> end(id, wait, null));
    }

    int size() {
        return waits.size();
    }

    /** Ends the waits whose task changed, whose queue left, or whose runner went quiet or is gone. */
    void check() {
        askForMembers();
        long now = clock.millis();
        waits.forEach((id, wait) -> {
            if (registry.versionOf(id) > wait.seen().version()) {
                end(id, wait, false);
            } else if (!ownership.ownsQueue(wait.seen().queue())) {
                end(id, wait, null);
            } else if (now - wait.word().get() >= leaseMillis) {
                LOG.infof("Task %s ran on %s, which has not said for %d ms that it still runs it; it runs again here",
                        id, wait.seen().workerId(), leaseMillis);
                end(id, wait, true);
            }
        });
    }

    /**
     * Looks for the instances of new waits in the dispatch group, one question at a time; one that is not there runs
     * again here at once. Without an answer, the lease decides.
     */
    private void askForMembers() {
        if (unasked.isEmpty() || !asking.compareAndSet(false, true)) {
            return;
        }
        Set<UUID> asked = Set.copyOf(unasked);
        CompletionStage<Set<String>> answer;
        try {
            answer = members.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((ids, error) -> {
            unasked.removeAll(asked);
            asking.set(false);
            if (error != null) {
                LOG.debugf("The dispatch group's members are unknown (%s); the hand-over lease decides",
                        error.getMessage());
                return;
            }
            for (UUID id : asked) {
                Wait wait = waits.get(id);
                if (wait != null && !ids.contains(wait.seen().workerId())) {
                    LOG.infof("Task %s ran on %s, which is no longer in the dispatch group; it runs again here", id,
                            wait.seen().workerId());
                    end(id, wait, true);
                }
            }
        });
    }

    /** Completes the wait with {@code quiet}, or abandons it when null. */
    private void end(UUID id, Wait wait, Boolean quiet) {
        if (!waits.remove(id, wait)) {
            return;
        }
        unasked.remove(id);
        if (quiet == null) {
            wait.ended().completeExceptionally(new TaskAbandonedException(id));
        } else {
            wait.ended().complete(quiet);
        }
    }

    @PreDestroy
    void close() {
        watch.stop();
    }
}
