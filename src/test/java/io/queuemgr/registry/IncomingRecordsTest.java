package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.json.InstantJson;
import io.queuemgr.registry.IncomingRecords.Incoming;
import io.queuemgr.registry.IncomingRecords.Outcome;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;

/** Snapshot records applied many at a time end as each applied alone would, in their order. */
class IncomingRecordsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final TaskCodec codec;
    private final TaskRegistry registry;

    IncomingRecordsTest() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new InstantJson().customize(mapper);
        codec = new TaskCodec(mapper);
        registry = new TaskRegistry(codec);
    }

    private Incoming record(Task t) {
        return new Incoming(t.id(), t.version(), t.status(), millis(t.startedAt()), millis(t.finishedAt()),
                codec.encode(t));
    }

    private static long millis(Instant t) {
        return t == null ? -1 : t.toEpochMilli();
    }

    @Test
    void aTaskNewToTheRegistryAndItsLaterSnapshotsInOneBatchEndAtTheNewest() {
        Task p = aTask().inQueue("q").withTags("nightly").pending();
        Task running = p.start("w1", T0.plusSeconds(1));
        Task done = running.succeed(null, T0.plusSeconds(2));

        List<Outcome> out = registry.applyRecords(List.of(record(p), record(running), record(done)));

        assertThat(out).extracting(Outcome::taken).containsExactly(true, true, true);
        assertThat(registry.get(p.id())).get().extracting(Task::status).isEqualTo(TaskStatus.COMPLETED);
        assertThat(registry.count("q", TaskStatus.COMPLETED)).isEqualTo(1);
        assertThat(registry.list(new TaskFilter(null, null, null, null, "nightly", null), null, 10))
                .extracting(Task::id).containsExactly(p.id());
    }

    @Test
    void aLaterSnapshotOfATaskEarlierInTheBatchIsTakenFromItsHeadersWithoutParsing() {
        Task p = aTask().inQueue("q").pending();
        Incoming unparsableRunning = new Incoming(p.id(), 2, TaskStatus.RUNNING, T0.toEpochMilli(), -1,
                "not json".getBytes());

        List<Outcome> out = registry.applyRecords(List.of(record(p), unparsableRunning));

        assertThat(out).extracting(Outcome::taken).containsExactly(true, true);
        assertThat(registry.versionOf(p.id())).isEqualTo(2);
        assertThat(registry.count("q", TaskStatus.RUNNING)).isEqualTo(1);
    }

    @Test
    void anOlderSnapshotAfterAFinalOneIsLeftOutAndSaysWhatIsHeld() {
        Task p = aTask().inQueue("q").pending();
        Task done = p.start("w1", T0.plusSeconds(1)).succeed(null, T0.plusSeconds(2));

        List<Outcome> out = registry.applyRecords(List.of(record(done), record(p)));

        assertThat(out.get(0).taken()).isTrue();
        assertThat(out.get(1).taken()).isFalse();
        assertThat(out.get(1).heldVersion()).isEqualTo(done.version());
        assertThat(out.get(1).heldFinal()).isTrue();
        assertThat(registry.get(p.id())).get().extracting(Task::status).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void anUnreadableRecordIsToldAndTheOthersOfTheBatchAreTaken() {
        Task a = aTask().inQueue("q").pending();
        Task b = aTask().inQueue("q").pending();
        Incoming garbage = new Incoming(java.util.UUID.randomUUID(), -1, null, -1, -1, "{not json".getBytes());

        List<Outcome> out = registry.applyRecords(List.of(record(a), garbage, record(b)));

        assertThat(out.get(1).unreadable()).isNotNull();
        assertThat(out.get(0).taken()).isTrue();
        assertThat(out.get(2).taken()).isTrue();
        assertThat(registry.size()).isEqualTo(2);
    }
}
