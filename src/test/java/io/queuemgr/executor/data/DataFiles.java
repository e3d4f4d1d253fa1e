package io.queuemgr.executor.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.TaskError;
import io.queuemgr.task.TaskFailure;
import io.queuemgr.testing.FakeContext;

/** Files and runs for the data tests: a path guard over the test's folder, filters, and failures by their code. */
final class DataFiles {

    static final ObjectMapper JSON = new ObjectMapper();

    private DataFiles() {
    }

    static PathGuard guardOver(Path dir) {
        return new PathGuard(List.of(dir.toString()));
    }

    static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    static RowFilter filter(String column, String op, Object value) {
        return new RowFilter(column, op, value == null ? null : JSON.valueToTree(value));
    }

    static <P> JsonNode succeeded(TaskExecutor<P> executor, P params) {
        TaskOutcome outcome = FakeContext.forType(executor.type().name()).run(executor, params);
        assertThat(outcome).isInstanceOf(TaskOutcome.Succeeded.class);
        return ((TaskOutcome.Succeeded) outcome).result();
    }

    /** The error the run failed with, which must be a coded failure. */
    static <P> TaskError failure(TaskExecutor<P> executor, P params) {
        TaskFailure failure = catchThrowableOfType(TaskFailure.class,
                () -> FakeContext.forType(executor.type().name()).run(executor, params));
        assertThat(failure).as("a coded failure").isNotNull();
        assertThat(failure.error().suggestions()).isNotEmpty();
        return failure.error();
    }
}
