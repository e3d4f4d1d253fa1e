package io.queuemgr.executor.data;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.history.TaskHistoryQuery;
import io.queuemgr.json.InstantJson;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskIds;

/** A registry of tasks to export, and the executor over it, without Quarkus. */
final class ExportTasks {

    /** The JSON mapper as the service configures it: ISO-8601 instants, not numbers. */
    static final TaskCodec CODEC;

    static {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        new InstantJson().customize(mapper);
        CODEC = new TaskCodec(mapper);
    }

    final TaskRegistry registry = new TaskRegistry(CODEC);

    Task publish(Task task) {
        registry.apply(task, CODEC.encode(task));
        return task;
    }

    /** A task of the queue and type created at the instant, waiting; ids sort as the service's do, by creation. */
    static Task created(String queue, String type, Instant at) {
        return Task.pending(TaskIds.deterministic(at.toEpochMilli(), at.getNano(), queue.hashCode()), queue, type,
                DataFiles.JSON.createObjectNode(), null, List.of(), 5, 3,
                null, null, at);
    }

    ExportExecutor exporter(Path root, int pageSize) {
        return exporter(root, pageSize, null, Duration.ofSeconds(5));
    }

    ExportExecutor exporter(Path root, int pageSize, TaskHistoryQuery history, Duration timeout) {
        return new ExportExecutor(DataFiles.guardOver(root),
                () -> new ExportSetup(registry::list, history, CODEC, pageSize, timeout));
    }

    static ExportParams params(String what, Path destination) {
        return new ExportParams(what, destination.toString(), null, null, null, null, null, null, null, null);
    }
}
