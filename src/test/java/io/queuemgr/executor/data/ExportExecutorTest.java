package io.queuemgr.executor.data;

import static io.queuemgr.executor.data.DataFiles.failure;
import static io.queuemgr.executor.data.DataFiles.succeeded;
import static io.queuemgr.executor.data.ExportTasks.CODEC;
import static io.queuemgr.executor.data.ExportTasks.created;
import static io.queuemgr.executor.data.ExportTasks.params;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.registry.TaskFilter;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.FakeContext;

class ExportExecutorTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    private final ExportTasks tasks = new ExportTasks();

    @Test
    void liveTasksBecomeACsvFileWithOneSummaryRowEach() throws IOException {
        Task done = tasks.publish(aTask().inQueue("q1").withTags("a", "b").withCategory("ops").in(TaskStatus.COMPLETED)
                .withSubmitter("ann"));
        Task failed = tasks.publish(aTask().inQueue("q1").in(TaskStatus.FAILED));
        Path out = dir.resolve("tasks.csv");
        JsonNode result = succeeded(tasks.exporter(dir, 500), params("tasks", out));
        assertThat(Files.readAllLines(out).getFirst()).isEqualTo("id,queue,type,status,priority,attempt,category,"
                + "tags,createdAt,startedAt,finishedAt,errorCode,errorMessage,submittedBy");
        List<CSVRecord> rows = csv(out);
        assertThat(rows).extracting(r -> r.get("id")).containsExactlyInAnyOrder(done.id().toString(),
                failed.id().toString());
        CSVRecord first = rows.stream().filter(r -> r.get("id").equals(done.id().toString())).findFirst().orElseThrow();
        assertThat(first.toMap()).containsEntry("queue", "q1").containsEntry("type", "noop")
                .containsEntry("status", "COMPLETED").containsEntry("priority", "5").containsEntry("attempt", "1")
                .containsEntry("category", "ops").containsEntry("tags", "a;b")
                .containsEntry("createdAt", "2026-01-01T00:00:00Z").containsEntry("startedAt", "2026-01-01T00:00:01Z")
                .containsEntry("finishedAt", "2026-01-01T00:00:02Z").containsEntry("errorCode", "")
                .containsEntry("submittedBy", "ann");
        CSVRecord second = rows.stream().filter(r -> r.get("id").equals(failed.id().toString())).findFirst()
                .orElseThrow();
        assertThat(second.get("errorCode")).isEqualTo("COMMAND_FAILED");
        assertThat(second.get("errorMessage")).isEqualTo("exit code 1");
        assertThat(result.path("rows").asLong()).isEqualTo(2);
        assertThat(result.path("bytes").asLong()).isEqualTo(Files.size(out));
        assertThat(result.path("destination").asText()).isEqualTo(out.toString());
        assertThat(result.path("format").asText()).isEqualTo("csv");
        assertThat(result.has("seconds")).isTrue();
    }

    @Test
    void jsonLinesHoldEachTaskAsTheApiShowsItReadPageByPage() throws IOException {
        for (int i = 0; i < 5; i++) {
            tasks.publish(created("q", "noop", T0.plusSeconds(i)));
        }
        Path out = dir.resolve("tasks.jsonl");
        FakeContext context = FakeContext.forType("data.export");
        context.run(tasks.exporter(dir, 2), params("tasks", out));
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(5);
        List<Task> listed = tasks.registry.list(new TaskFilter(null, null, null, null, null, null), null, 10);
        for (int i = 0; i < 5; i++) {
            assertThat(DataFiles.JSON.readTree(lines.get(i))).isEqualTo(DataFiles.JSON.readTree(CODEC.encode(
                    listed.get(i))));
        }
        assertThat(context.steps()).contains("exported 2 rows", "exported 4 rows", "exported 5 rows");
    }

    @Test
    void queueStatusTypeTimeWindowAndLimitChooseTheRows() throws IOException {
        tasks.publish(created("q", "noop", T0));
        tasks.publish(created("q", "noop", T0.plusSeconds(10)));
        tasks.publish(created("q", "noop", T0.plusSeconds(20)));
        tasks.publish(created("q", "command", T0.plusSeconds(15)));
        tasks.publish(created("other", "noop", T0.plusSeconds(15)));
        tasks.publish(aTask().inQueue("q").in(TaskStatus.COMPLETED));
        Path out = dir.resolve("chosen.csv");
        succeeded(tasks.exporter(dir, 2), new ExportParams("tasks", out.toString(), null, "q", TaskStatus.PENDING,
                "noop", T0.plusSeconds(10), T0.plusSeconds(20), null, null));
        assertThat(csv(out)).extracting(r -> r.get("createdAt")).containsExactly("2026-03-01T00:00:10Z");
        succeeded(tasks.exporter(dir, 2), new ExportParams("tasks", out.toString(), null, "q", null, "noop", null,
                null, 2L, true));
        assertThat(csv(out)).hasSize(2);
    }

    @Test
    void anExistingDestinationIsKeptUnlessOverwriteIsTrue() throws IOException {
        tasks.publish(created("q", "noop", T0));
        Path out = Files.writeString(dir.resolve("kept.jsonl"), "precious\n");
        assertThat(failure(tasks.exporter(dir, 500), params("tasks", out)).code()).isEqualTo("DATA_OUTPUT_EXISTS");
        assertThat(Files.readString(out)).isEqualTo("precious\n");
        succeeded(tasks.exporter(dir, 500), new ExportParams("tasks", out.toString(), null, null, null, null, null,
                null, null, true));
        assertThat(Files.readAllLines(out)).hasSize(1).allMatch(line -> line.startsWith("{\"id\""));
    }

    @Test
    void aDestinationOutsideTheRootsOrWithoutAFormatIsRefusedWhenTheTaskRuns() {
        assertThat(failure(tasks.exporter(dir, 500), params("tasks", Path.of("/etc/queuemgr-export.csv"))).code())
                .isEqualTo("PATH_NOT_ALLOWED");
        assertThat(failure(tasks.exporter(dir, 500), params("tasks", dir.resolve("tasks.txt"))).code())
                .isEqualTo("DATA_FORMAT_INVALID");
    }

    @Test
    void aFolderThatCannotBeWrittenFailsAsWriteFailedAndLeavesNothing() {
        tasks.publish(created("q", "noop", T0));
        Path out = dir.resolve("missing-folder").resolve("tasks.csv");
        assertThat(failure(tasks.exporter(dir, 500), params("tasks", out)).code()).isEqualTo("DATA_WRITE_FAILED");
        assertThat(dir.toFile().list()).isEmpty();
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }
}
