package io.queuemgr.executor.noop;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.smallrye.mutiny.Uni;

/**
 * Does nothing, optionally for a while without holding a thread, and ends at once when cancelled: the task type for
 * benchmarks and tests.
 */
@ApplicationScoped
public class NoopExecutor implements TaskExecutor<NoopParams> {

    private static final TaskType TYPE = TaskType.of("noop", NoopParams.class,
            "Does nothing for durationMs and answers with echo: for trying queues, benchmarks and tests.")
            .tags("test").can(TaskType.Capability.CANCELLABLE);

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(NoopParams params, ExecutionContext context) {
        long duration = params.durationMs() == null ? 0 : params.durationMs();
        TaskOutcome done = new TaskOutcome.Succeeded(params.echo() != null
                ? params.echo()
                : JsonNodeFactory.instance.objectNode());
        if (duration <= 0) {
            return Uni.createFrom().item(done);
        }
        Uni<TaskOutcome> waited = Uni.createFrom().item(done).onItem().delayIt().by(Duration.ofMillis(duration));
        // A cancel or timeout ends the wait at once rather than after the stop grace.
        Uni<TaskOutcome> stopped = Uni.createFrom().emitter(
                emitter -> context.onCancel(() -> emitter.complete(new TaskOutcome.Stopped(null))));
        return Uni.combine().any().of(waited, stopped);
    }
}
