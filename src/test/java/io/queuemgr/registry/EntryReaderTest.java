package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.SerializationFeature;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.PlainRecords;

/** The entry read from a snapshot's JSON is the one the whole task gives, or none, and then the task is parsed. */
class EntryReaderTest {

    private final TaskCodec codec = new TaskCodec(PlainRecords.MAPPER.copy()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));

    /** The entry of the whole task; none for a task with an error, which is parsed whole. */
    private static void assertSameEntry(EntryReader.Read read, Task task) {
        if (task.error() != null) {
            assertThat(read).isNull();
            return;
        }
        RegistryEntry want = RegistryEntry.of(task);
        assertThat(read).isNotNull();
        assertThat(read.id()).isEqualTo(task.id());
        assertThat(read.entry()).usingRecursiveComparison().isEqualTo(want);
    }

    @ParameterizedTest
    @EnumSource(TaskStatus.class)
    void everyStatusGivesTheEntryOfTheWholeTask(TaskStatus status) {
        Task plain = aTask().in(status);
        Task filed = aTask().inQueue("q-ü").withCategory("cat").withTags("a", "b,\"c\"").withIdempotencyKey("k-1")
                .withParam("queue", "not the queue").withParam("status", "COMPLETED")
                .withParam("nested", java.util.Map.of("id", "x", "tags", java.util.List.of(1, 2))).in(status);

        assertSameEntry(EntryReader.read(codec.encode(plain)), plain);
        assertSameEntry(EntryReader.read(codec.encode(filed)), filed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"queue\":5", "\"status\":\"NOPE\"", "\"version\":\"3\"", "\"createdAt\":1767225600",
            "\"createdAt\":\"2026-01-01T00:00:00+01:00\"", "\"tags\":[\"a\",null]", "\"tags\":\"a\"", "\"id\":\"nope\"",
            "\"id\":7", "\"id\":\"1-2-3-4-5\"", "\"priority\":\"high\"", "\"priority\":99999999999",
            "\"updatedAt\":\"yesterday\"", "\"cachedFrom\":\"x\"", "\"workerId\":5",
            "\"error\":{\"code\":\"X\",\"suggestions\":[null]}"})
    void aFieldOfAnotherKindThanTheCodecWritesOrAnErrorLeavesTheTaskToBeParsedWhole(String field) {
        String json = new String(codec.encode(aTask().in(TaskStatus.COMPLETED)), StandardCharsets.UTF_8);
        String name = field.substring(0, field.indexOf(':') + 1);
        String changed = json.replaceFirst(java.util.regex.Pattern.quote(name) + "(\"[^\"]*\"|\\[[^\\]]*\\]|[0-9]+)",
                java.util.regex.Matcher.quoteReplacement(field));
        if (!changed.contains(field)) {
            changed = "{" + field + "," + json.substring(1);
        }

        assertThat(EntryReader.read(changed.getBytes(StandardCharsets.UTF_8))).as(changed).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"id\":\"0190a1b2-c3d4-7e5f-8a6b-4c3d2e1f0a9b\"}", "{\"queue\":\"q\"} {}"})
    void whatIsNotAWholeSnapshotGivesNoEntry(String json) {
        assertThat(EntryReader.read(json.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @org.junit.jupiter.api.Test
    void trailingTokensGiveNoEntryAsTheStrictMapperRefusesThem() {
        byte[] json = codec.encode(aTask().in(TaskStatus.PENDING));
        byte[] trailing = (new String(json, StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);
        assertThat(EntryReader.read(json)).isNotNull();
        assertThat(EntryReader.read(trailing)).isNull();
    }
}
