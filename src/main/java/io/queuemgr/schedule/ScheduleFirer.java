package io.queuemgr.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.peer.TaskHolders;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.PeriodicJob;
import io.smallrye.mutiny.Uni;

/**
 * Fires the schedules whose time has come, on every instance, each slot once: the instance whose conditional UPDATE
 * moves {@code next_fire_at} on from the value it read takes the slot ({@link ScheduleStore#claim}), then submits
 * the slot's task under an id and idempotency key made of the schedule and the fire time. A firing that is still
 * unsubmitted after {@code claim-timeout} is submitted again by whichever instance takes it over: the same task, not
 * a second. A schedule late by several slots (every instance was down) fires once, for the earliest, and then
 * continues from the next slot after now.
 */
@Singleton
public class ScheduleFirer {

    private static final Logger LOG = Logger.getLogger(ScheduleFirer.class);
    static final Duration STATEMENT = Duration.ofSeconds(10);

    private final ScheduleCatalog catalog;
    private final ScheduleStore store;
    private final FiringSubmission submission;
    private final TaskRegistry registry;
    private final TaskHolders holders;
    private final Clock clock;
    private final ScheduleConfig config;
    private final PeriodicJob job;
    /** Fire times this instance took, for tests that count who fired what; see {@link #onFired}. */
    private volatile FiringListener listener = (name, fireAt) -> {
    };

    public ScheduleFirer(ScheduleCatalog catalog, ScheduleStore store, FiringSubmission submission,
            TaskRegistry registry, TaskHolders holders, Clock clock, ScheduleConfig config, LoopSupervisor supervisor) {
        this.holders = holders;
        this.catalog = catalog;
        this.store = store;
        this.submission = submission;
        this.registry = registry;
        this.clock = clock;
        this.config = config;
        this.job = supervisor.schedule("schedules", config.pollInterval(), this::tick);
    }

    /** Told of each fire time this instance takes. */
    public interface FiringListener {
        void fired(String schedule, Instant fireAt);
    }

    public void onFired(FiringListener listener) {
        this.listener = listener;
    }

    /** Loads the schedules (every instance answers the API from them) and, if enabled here, starts firing. */
    public void start() {
        catalog.start().await().atMost(config.loadTimeout());
        if (config.enabled()) {
            job.start();
        }
    }

    public void stop() {
        job.stop();
        catalog.stop();
    }

    /** One look at every schedule; one schedule's failure does not keep the others from firing. */
    void tick() {
        Instant now = ScheduleStore.micros(clock.instant());
        RuntimeException first = null;
        for (Schedule s : catalog.all()) {
            try {
                step(s, now);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void step(Schedule s, Instant now) {
        if (!s.lastSubmitted() && !s.claimedAt().plus(config.claimTimeout()).isAfter(now)) {
            if (await(store.reclaim(s, now))) {
                LOG.infof("Submitting again the firing of %s at %s, left unsubmitted", s.name(), s.lastFireAt());
                submit(s.fired(s.lastFireAt(), s.nextFireAt(), now));
            } else {
                catalog.reloadSoon();
            }
            return;
        }
        if (s.paused() || s.nextFireAt().isAfter(now)) {
            return;
        }
        // Strictly after now: the slots missed while no instance ran become this one firing.
        Instant next = s.times().next(now);
        if (next == null) {
            return;
        }
        if (s.overlap() == Overlap.SKIP && previousUnfinished(s)) {
            if (await(store.skip(s, next))) {
                LOG.debugf("Skipped the firing of %s at %s: its task %s is not final", s.name(), s.nextFireAt(),
                        s.lastTaskId());
                changed(s.skippedTo(next));
            } else {
                catalog.reloadSoon();
            }
            return;
        }
        Schedule fired = s.fired(s.nextFireAt(), next, now);
        if (!await(store.claim(s, fired))) {
            catalog.reloadSoon();
            return;
        }
        catalog.put(fired);
        listener.fired(s.name(), s.nextFireAt());
        submit(fired);
    }

    private boolean previousUnfinished(Schedule s) {
        if (s.lastTaskId() == null) {
            return false;
        }
        if (!s.lastSubmitted()) {
            return true;
        }
        var here = registry.get(s.lastTaskId());
        if (here.isPresent() || !holders.split()) {
            // A task the registry no longer holds finished long ago (only finished tasks leave it).
            return here.map(t -> !t.status().isFinal()).orElse(false);
        }
        // Split holding: the instance that holds the queue's tasks knows; while one that may hold it does not answer,
        // the firing is skipped rather than risk two at once.
        var seen = await(holders.sight(s.lastTaskId()));
        return seen.task().map(t -> !t.status().isFinal()).orElse(!seen.unanswered().isEmpty());
    }

    private void submit(Schedule fired) {
        changed(submission.submit(fired));
    }

    private void changed(Schedule s) {
        catalog.put(s);
        await(catalog.announce());
    }

    static <T> T await(Uni<T> statement) {
        return statement.await().atMost(STATEMENT);
    }
}
