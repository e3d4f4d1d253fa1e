package io.queuemgr.executor.noop;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;

/** Does nothing, optionally for a while without holding a thread: the task type for benchmarks and tests. */
@ApplicationScoped
public class NoopExecutor implements TaskExecutor {

    @Override
    public Set<String> types() {
        return Set.of("noop");
    }

    @Override
    public Class<?> paramsType(String type) {
        return NoopParams.class;
    }

    @Override
    public Uni<TaskOutcome> execute(Task task, ExecutionContext context) {
        long duration = task.params() == null ? 0 : task.params().path("durationMs").asLong(0);
        TaskOutcome done = new TaskOutcome.Succeeded(task.params() != null && task.params().has("echo")
                ? task.params().get("echo")
                : JsonNodeFactory.instance.objectNode());
        if (duration <= 0) {
            return Uni.createFrom().item(done);
        }
        return Uni.createFrom().item(done).onItem().delayIt().by(Duration.ofMillis(duration));
    }
}
