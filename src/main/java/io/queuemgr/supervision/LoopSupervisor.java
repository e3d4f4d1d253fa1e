package io.queuemgr.supervision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps every long-lived loop of the instance: consumer loops on threads of their own ({@link SupervisedLoop}) and
 * periodic jobs on timers ({@link #guard}, {@link #schedule}). It says whether the instance is ready (every loop
 * runs) and alive (none has been given up), and lets a test inject a fault into a loop by name.
 */
@Singleton
public class LoopSupervisor {

    private static final Logger LOG = Logger.getLogger(LoopSupervisor.class);

    private final SupervisionConfig config;
    private final MeterRegistry metrics;
    private final List<SupervisedLoop> loops = new CopyOnWriteArrayList<>();
    private final Map<String, Periodic> periodic = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> faults = new ConcurrentHashMap<>();

    public LoopSupervisor(SupervisionConfig config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** A loop that runs {@code session} on its own thread once started, restarted after errors. */
    public SupervisedLoop loop(String name, SupervisedLoop.Session session) {
        SupervisedLoop loop = new SupervisedLoop(name, session, this);
        loops.add(loop);
        Gauge.builder("queuemgr.loop.up", loop, l -> l.state() == SupervisedLoop.State.RUNNING ? 1 : 0)
                .tag("loop", name).description("1 while the loop runs, 0 while it starts, restarts or has failed")
                .register(metrics);
        FunctionCounter.builder("queuemgr.loop.restarts", loop, SupervisedLoop::restarts).tag("loop", name)
                .description("Restarts of the loop after an error").register(metrics);
        return loop;
    }

    /**
     * A periodic job that never dies of an error: each run's error is logged and counted, the instance reports not
     * ready until a later run succeeds, and the timer goes on.
     */
    public Runnable guard(String name, Runnable job) {
        Periodic p = periodic(name);
        return () -> {
            try {
                RuntimeException fault = faultFor(name);
                if (fault != null) {
                    throw fault;
                }
                job.run();
                p.failing = false;
            } catch (RuntimeException e) {
                jobFailed(name, e);
            }
        };
    }

    /** A guarded job (see {@link #guard}) run every {@code interval} on a thread named after it, once started. */
    public PeriodicJob schedule(String name, Duration interval, Runnable job) {
        return new PeriodicJob(name, interval, guard(name, job));
    }

    /** A run of a guarded job that ends later (asynchronous work) ended on an error. */
    public void jobFailed(String name, Throwable e) {
        Periodic p = periodic(name);
        p.failures.incrementAndGet();
        if (p.failing) {
            LOG.warnf("The %s job failed again: %s", name, e.getMessage());
        } else {
            LOG.errorf(e, "The %s job failed; it runs again at its next turn", name);
        }
        p.failing = true;
    }

    /** A run of a guarded job that ends later (asynchronous work) succeeded. */
    public void jobSucceeded(String name) {
        periodic(name).failing = false;
    }

    private Periodic periodic(String name) {
        return periodic.computeIfAbsent(name, n -> {
            Periodic created = new Periodic();
            Gauge.builder("queuemgr.loop.up", created, c -> c.failing ? 0 : 1).tag("loop", n)
                    .description("1 while the loop runs, 0 while it starts, restarts or has failed").register(metrics);
            FunctionCounter.builder("queuemgr.loop.restarts", created.failures, AtomicLong::get).tag("loop", n)
                    .description("Restarts of the loop after an error").register(metrics);
            return created;
        });
    }

    /**
     * Makes every round of the named loop (every run of the named job) throw {@code fault} until the fault is
     * cleared: how tests show that a loop survives errors and loses nothing meanwhile.
     */
    public void injectFault(String name, RuntimeException fault) {
        faults.put(name, fault);
    }

    public void clearFault(String name) {
        faults.remove(name);
    }

    RuntimeException faultFor(String name) {
        return faults.isEmpty() ? null : faults.get(name);
    }

    /** Names of the loops and jobs that do not run as they should right now. */
    public List<String> notRunning() {
        List<String> out = new ArrayList<>();
        for (SupervisedLoop l : loops) {
            if (l.active() && l.state() != SupervisedLoop.State.RUNNING) {
                out.add(l.name() + " " + l.state().name().toLowerCase());
            }
        }
        periodic.forEach((name, p) -> {
            if (p.failing) {
                out.add(name + " failing");
            }
        });
        return out;
    }

    /** Names of the loops given up after too many failures in a row: the instance needs a restart. */
    public List<String> givenUp() {
        return loops.stream().filter(l -> l.state() == SupervisedLoop.State.FAILED).map(SupervisedLoop::name)
                .toList();
    }

    Duration backoff(int failuresInARow) {
        long first = config.firstBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        int doublings = Math.min(Math.max(0, failuresInARow - 1), 30);
        return Duration.ofMillis(Math.min(max, first << doublings));
    }

    int maxFailuresInARow() {
        return config.maxFailuresInARow();
    }

    Duration healthyAfter() {
        return config.healthyAfter();
    }

    private static final class Periodic {
        volatile boolean failing;
        final AtomicLong failures = new AtomicLong();
    }
}
