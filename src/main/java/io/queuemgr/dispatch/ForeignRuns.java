package io.queuemgr.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * instance keeps their work records uncommitted and their slots of the queue taken. A new state of the task that
 * still has it under way on the same worker (progress, a pause that keeps its process) is word from its runner too.
 * <p>
 * The task runs again here, as a run of a dead instance always did, when its instance has said nothing of it for the
 * lease (it stopped, or came back under the same name without it), or, sooner, when it has said nothing for half the
 * lease and is not in the dispatch group at all (it crashed, and the group let it go before the queue came here).
 * Either way only once the broker has answered who is in the group: an instance that cannot reach the broker cannot
 * hear the runner either, and takes nothing over.
 */
@Singleton
class ForeignRuns {

    private static final Logger LOG = Logger.getLogger(ForeignRuns.class);
    static final String NAME = "foreign-runs";

    private final TaskRegistry registry;
    private final QueueOwnership ownership;
    private final Clock clock;
    private final long leaseMillis;
    private final Map<UUID, ForeignWait> waits = new ConcurrentHashMap<>();
    private final AtomicBoolean asking = new AtomicBoolean();
    private final Supplier<CompletionStage<Set<String>>> members;
    private final PeriodicJob watch;
    private volatile boolean closed;

    /** What a wait ends with when the task moved on: the caller looks at it again. */
    static final long LOOK_AGAIN = -1;
    /** The longest the broker's answer about the group is waited for. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    ForeignRuns(TaskRegistry registry, QueueOwnership ownership, QueuemgrConfig config, DispatchMembers members,
            LoopSupervisor supervisor, MeterRegistry metrics, Clock clock) {
        this(registry, ownership, config.dispatch().handoverLease(), () -> members.now()
                .map(list -> list.stream().map(DispatchMembers.Member::id).collect(Collectors.toSet()))
                .subscribeAsCompletionStage(), supervisor, metrics, clock);
    }

    /**
     * {@code members}: the ids of the dispatch group's instances now; {@code supervisor}: runs {@link #check} on a timer
     * of its own, or null where the caller calls it.
     */
    ForeignRuns(TaskRegistry registry, QueueOwnership ownership, Duration lease,
            Supplier<CompletionStage<Set<String>>> members, LoopSupervisor supervisor, MeterRegistry metrics,
            Clock clock) {
        this.registry = registry;
        this.members = members;
        this.ownership = ownership;
        this.clock = clock;
        this.leaseMillis = Math.max(1, lease.toMillis());
        this.watch = supervisor == null
                ? null
                : supervisor.schedule(NAME, Duration.ofMillis(Math.clamp(leaseMillis / 20, 50, 500)), this::check);
        metrics.gaugeMapSize("queuemgr.dispatch.foreign.runs", List.of(), waits);
    }

    /** Whether the task's attempt is under way on its worker: executing, or paused with its process kept there. */
    static boolean underWay(Task task) {
        return task.status().isExecuting() || task.holdsProcess();
    }

    /**
     * Holds a work record of {@code running}, which is under way on another instance ({@code onInstance}: its worker
     * is that instance, not a pull worker it offered the task to). Completes with {@link #LOOK_AGAIN} once the task is
     * no longer under way there, with the task's version once its runner went quiet or is gone at that version (the
     * caller runs it here, unless it has changed since), and fails with {@link TaskAbandonedException} once this
     * instance no longer has the task's queue, or its dispatcher stops.
     */
    CompletableFuture<Long> await(Task running, boolean onInstance) {
        if (closed) {
            return CompletableFuture.failedFuture(new TaskAbandonedException(running.id()));
        }
        if (watch != null) {
            watch.start();
        }
        ForeignWait wait = waits.computeIfAbsent(running.id(),
                id -> new ForeignWait(running, onInstance, clock.millis(), leaseMillis));
        LOG.debugf("Task %s runs on %s; its work record here waits for that run", running.id(),
                running.workerId());
        if (closed) {
            end(wait, null);
        }
        return wait.ended();
    }

    /** An instance said it still runs these tasks; word of a task not waited for here is not kept. */
    void heard(StillRunning notice) {
        if (notice.tasks() == null) {
            return;
        }
        long now = clock.millis();
        for (UUID id : notice.tasks()) {
            ForeignWait wait = waits.get(id);
            if (wait != null) {
                wait.spoke(now);
            }
        }
    }

    /** The dispatcher stops: held work records leave with it, uncommitted, and no more are held. */
    void abandonAll() {
        closed = true;
        waits.values().forEach(wait -> end(wait, null));
    }

    /** Work records held now. */
    int size() {
        return waits.size();
    }

    /** Ends the waits whose task moved on or whose queue left; asks the group about runners that went quiet. */
    void check() {
        long now = clock.millis();
        List<ForeignWait> quiet = new ArrayList<>();
        waits.forEach((id, wait) -> {
            try {
                if (movedOn(wait, now)) {
                    return;
                }
                if (!ownership.ownsQueue(wait.seen().queue())) {
                    end(wait, null);
                } else if (wait.worthAsking(now)) {
                    quiet.add(wait);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not look at the held work of task %s; the next check tries again", id);
            }
        });
        if (!quiet.isEmpty()) {
            askAbout(quiet);
        }
    }

    /**
     * Whether the task moved on from the run the wait saw: the wait is ended to look at it again, or, when the runner
     * only made progress (or paused it there), goes on with that as word from it.
     */
    private boolean movedOn(ForeignWait wait, long now) {
        Task seen = wait.seen();
        if (registry.versionOf(seen.id()) <= seen.version()) {
            return false;
        }
        Task newest = registry.get(seen.id()).orElse(null);
        if (newest != null && underWay(newest) && Objects.equals(seen.workerId(), newest.workerId())) {
            wait.progressed(newest, now);
            return false;
        }
        end(wait, LOOK_AGAIN);
        return true;
    }

    /**
     * Asks the broker who is in the dispatch group, one question at a time, and takes over the tasks whose runner
     * stayed quiet for the lease, or for half of it and is not in the group: each judged again when the answer comes,
     * on what the registry and the runner's word say then. Without an answer nothing is taken over.
     */
    private void askAbout(List<ForeignWait> quiet) {
        if (!asking.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Set<String>> answer;
        try {
            answer = members.get().toCompletableFuture();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.orTimeout(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ids, error) -> {
            asking.set(false);
            if (error != null) {
                LOG.debugf("The dispatch group's members are unknown (%s); %d held tasks wait", error.getMessage(),
                        quiet.size());
                return;
            }
            long now = clock.millis();
            for (ForeignWait wait : quiet) {
                Task seen = wait.seen();
                if (closed || waits.get(seen.id()) != wait || movedOn(wait, now)) {
                    continue;
                }
                if (wait.leaseOver(now)) {
                    LOG.infof("Task %s ran on %s, which has not said for %d ms that it still runs it; it runs again "
                            + "here", seen.id(), seen.workerId(), wait.quietFor(now));
                    end(wait, seen.version());
                } else if (wait.mayBeGone(now) && !ids.contains(seen.workerId())) {
                    LOG.infof("Task %s ran on %s, which is no longer in the dispatch group; it runs again here",
                            seen.id(), seen.workerId());
                    end(wait, seen.version());
                } else if (wait.mayBeGone(now)) {
                    wait.asked();
                }
            }
        });
    }

    /** Completes the wait with {@code outcome}, or abandons it when null. */
    private void end(ForeignWait wait, Long outcome) {
        UUID id = wait.seen().id();
        if (!waits.remove(id, wait)) {
            return;
        }
        if (outcome == null) {
            wait.ended().completeExceptionally(new TaskAbandonedException(id));
        } else {
            wait.ended().complete(outcome);
        }
    }

    @PreDestroy
    void close() {
        if (watch != null) {
            watch.stop();
        }
    }
}
