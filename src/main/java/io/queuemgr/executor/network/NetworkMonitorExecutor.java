package io.queuemgr.executor.network;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskError;
import io.queuemgr.task.TaskFailure;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Repeats a network test on a timer for a while and reports availability and latency percentiles. The timer is
 * Mutiny's ticks: no thread waits between tests, and a tick that comes while a test still runs is skipped.
 */
@ApplicationScoped
public class NetworkMonitorExecutor implements TaskExecutor<NetworkMonitorParams> {

    private static final TaskType TYPE = TaskType.of("network.monitor", NetworkMonitorParams.class,
            "Repeats a network test every intervalSeconds for durationSeconds; reports availability and latency.")
            .aliases("NETWORK_MONITOR").category("network").tags("network", "diagnostics", "monitoring")
            .can(TaskType.Capability.CANCELLABLE);

    private final NetworkProbe probe;

    public NetworkMonitorExecutor(NetworkProbe probe) {
        this.probe = probe;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(NetworkMonitorParams p, ExecutionContext context) {
        MonitorStats stats = new MonitorStats();
        long start = System.nanoTime();
        Duration duration = p.duration();
        context.status(TaskStatus.RUNNING, "Monitoring " + p.test().kind() + " every " + p.interval().toMillis()
                + " ms for " + duration.toSeconds() + " s");
        Multi<MonitorStats> rounds = Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1))
                .every(p.interval()).select().first(duration).onOverflow().drop()
                // A test's blocking part is not tied to the task's cancel: the stop cancels the whole stream.
                .onItem().transformToUniAndConcatenate(tick -> probe.run(p.test(), ignored -> {
                })
                        .map(result -> {
                            stats.succeeded(result.path("latencyMs").asDouble());
                            return stats;
                        })
                        .onFailure().recoverWithItem(failure -> {
                            TaskError error = errorOf(failure);
                            context.log("test " + (stats.attempts() + 1) + " failed: " + error.message());
                            stats.failed(error);
                            return stats;
                        }))
                .invoke(s -> {
                    long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
                    int percent = (int) Math.min(99, elapsed * 100 / duration.toMillis());
                    context.progress(percent, s.attempts() + " tests, " + s.availabilityPercent() + " % available");
                });
        return Uni.createFrom().emitter(emitter -> {
            Cancellable running = rounds.collect().last().subscribe().with(
                    done -> emitter.complete(outcome(stats, p, context)), emitter::fail);
            context.onCancel(() -> {
                running.cancel();
                emitter.complete(new TaskOutcome.Stopped(stats.json()));
            });
        });
    }

    private static TaskOutcome outcome(MonitorStats stats, NetworkMonitorParams p, ExecutionContext context) {
        double availability = stats.availabilityPercent();
        context.log(stats.attempts() + " tests, " + availability + " % available");
        TaskError last = stats.lastError();
        if (p.minAvailabilityPercent() == null || availability >= p.minAvailabilityPercent() || last == null) {
            return new TaskOutcome.Succeeded(stats.json());
        }
        Map<String, String> about = new HashMap<>(last.context());
        about.put("availabilityPercent", Double.toString(availability));
        about.put("minAvailabilityPercent", Double.toString(p.minAvailabilityPercent()));
        TaskError error = new TaskError(last.code(), "Available " + availability + " % of " + stats.attempts()
                + " tests, below minAvailabilityPercent " + p.minAvailabilityPercent() + "; last failure: "
                + last.message(), about, last.suggestions(), last.retryable());
        return new TaskOutcome.Failed(error, stats.json());
    }

    private static TaskError errorOf(Throwable failure) {
        return failure instanceof TaskFailure known
                ? known.error()
                : ErrorCode.INTERNAL_ERROR.toError(String.valueOf(failure.getMessage()));
    }
}
