package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.queuemgr.cache.CompletedResults;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.json.InstantJson;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.ConfigDefaults;
import io.queuemgr.testing.PlainRecords;

/**
 * A checkpoint written by an earlier build of this layout (the fixture in the test resources, beside the snapshots it
 * was filled from) is read by this build into what filing the same snapshots gives now: the guarantee that lets a
 * restart into an upgrade read its checkpoint instead of the whole topic. A change to what the registry files or how
 * the checkpoint writes it fails here until {@link CheckpointFile#LAYOUT} is raised and the fixture written anew:
 * {@code ./mvnw test -Dtest=CheckpointLayoutTest -Dqueuemgr.write-checkpoint-fixture=true}, which writes only where
 * the fixture is of another layout or packer, so that the earlier build's file is not replaced by this build's.
 */
class CheckpointLayoutTest {

    private static final String WRITE = "queuemgr.write-checkpoint-fixture";
    private static final String HOW_TO_WRITE = " (./mvnw test -Dtest=CheckpointLayoutTest -D" + WRITE + "=true)";
    private static final Map<TopicPartition, Long> POSITIONS = new LinkedHashMap<>();
    private static final Map<String, String> TOPIC_IDS = new LinkedHashMap<>();
    static {
        POSITIONS.put(new TopicPartition("status", 0), 7L);
        POSITIONS.put(new TopicPartition("status", 1), 3L);
        POSITIONS.put(new TopicPartition("logs", 0), 2L);
        TOPIC_IDS.put("status", "topic-id-1");
        TOPIC_IDS.put("logs", "topic-id-2");
    }
    private static final String[] QUEUES = {"default", "q-1", "q-2"};

    /**
     * As the service's: ISO-8601 times read back with their nanoseconds, fields sorted by name (the packer's
     * dictionary depends on it; {@link CheckpointFixturePackingTest} checks the fixture against the service's).
     */
    private final ObjectMapper mapper = PlainRecords.MAPPER.copy()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);
    private final TaskCodec codec;

    CheckpointLayoutTest() {
        new InstantJson().customize(mapper);
        codec = new TaskCodec(mapper);
    }

    /** A registry and the parts kept beside it, as an instance holds them. */
    private final class Held {
        final TaskRegistry registry = new TaskRegistry(codec);
        final TaskLogStore logs = new TaskLogStore(ConfigDefaults.of(QueuemgrConfig.class));
        final List<Task> republished = new ArrayList<>();
        final StaleSnapshots stale = new StaleSnapshots(registry, republished::add);
        final CompletedResults results = new CompletedResults(codec, mapper, new ExecutorRegistry(List.of()));

        /** In the order a checkpoint keeps them: by name, as {@link RegistryCheckpoint} sorts them. */
        List<CheckpointPart> parts() {
            return List.of(results, logs, stale);
        }
    }

    /**
     * The snapshots the fixture was filled from, as the earlier build wrote them to the topic (kept beside it, so that
     * a change to the task's fields or the test's builders leaves them as they were).
     */
    private List<byte[]> snapshots() throws Exception {
        URL kept = getClass().getResource(fixtureName() + ".snapshots");
        assertThat(kept).as("the fixture's snapshots" + HOW_TO_WRITE).isNotNull();
        return Files.readAllLines(Path.of(kept.toURI()), StandardCharsets.UTF_8).stream()
                .map(line -> line.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /**
     * What the fixture is filled from when it is written: ids, times and contents fixed, every status, both stored
     * forms, idempotency keys (one shared by two tasks) and two tasks of the same cached work.
     */
    private static List<Task> tasks() {
        List<Task> tasks = new ArrayList<>();
        int n = 0;
        for (TaskStatus status : TaskStatus.values()) {
            for (String queue : QUEUES) {
                n++;
                tasks.add(aTask().withId(id(n)).inQueue(queue).ofType(n % 2 == 0 ? "noop" : "command")
                        .withCategory("cat-" + n % 4).withTags("t-" + n % 3, "all").withParam("n", n)
                        .withParam("text", "é ü ✓ ".repeat(n)).in(status));
            }
        }
        tasks.add(aTask().withId(id(++n)).withIdempotencyKey("nightly-7").withTags().in(TaskStatus.COMPLETED));
        tasks.add(aTask().withId(id(++n)).withIdempotencyKey("hourly-3").in(TaskStatus.PENDING));
        // A second task under a key: the first one read keeps it.
        tasks.add(aTask().withId(id(++n)).withIdempotencyKey("nightly-7").in(TaskStatus.PENDING));
        // Times to the nanosecond, as the service's clock gives them.
        tasks.add(aTask().withId(id(++n)).pending().start("worker-2", tasks.get(0).createdAt().plusNanos(1_234_567_891))
                .succeed(null, tasks.get(0).createdAt().plusNanos(2_345_678_912L)));
        for (int i = 1; i <= 2; i++) {
            tasks.add(aTask().withId(id(++n)).withParam("echo", "cached").pending().cachedFor(Duration.ofHours(1))
                    .start("worker-1", tasks.get(0).createdAt().plusSeconds(i)).succeed(null,
                            tasks.get(0).createdAt().plusSeconds(i + 1)));
        }
        return tasks;
    }

    private static String id(int n) {
        return new UUID(0x0190_0000_0000_7000L + n, 0x8000_0000_0000_0000L + n).toString();
    }

    /**
     * What an instance that read these snapshots from the topic holds: the registry, log lines, a suspect, cached
     * results.
     */
    private Held filledFrom(List<byte[]> snapshots) {
        Held held = new Held();
        List<Task> tasks = new ArrayList<>();
        long offset = 0;
        for (byte[] json : snapshots) {
            Task t = codec.decode(json);
            tasks.add(t);
            held.registry.apply(t, json);
            long at = offset++;
            held.results.read(0, at, () -> StatusChange.of(0, at, t, json));
        }
        held.logs.append(tasks.get(4).id(), List.of("line 1", "line 2 ✓", ""));
        held.logs.append(tasks.get(20).id(), List.of("x".repeat(70_000)));
        // An older snapshot read after the final one: a suspect the next instance must still check.
        held.stale.read(tasks.get(tasks.size() - 1).id(), 1, 3, true);
        return held;
    }

    @Test
    void aCheckpointAnEarlierBuildOfThisLayoutWroteGivesWhatFilingItsSnapshotsGivesNow() throws Exception {
        URL fixture = getClass().getResource(fixtureName());
        assertThat(fixture).as("a fixture for " + CheckpointFile.layout() + HOW_TO_WRITE).isNotNull();
        List<byte[]> snapshots = snapshots();
        Held restored = new Held();
        try (CheckpointFile file = CheckpointFile.open(Path.of(fixture.toURI())).orElseThrow()) {
            CheckpointFile.Header h = file.header();
            assertThat(h.layout()).as("the fixture's layout").isEqualTo(CheckpointFile.layout());
            assertThat(h.packedForm()).as("the packer's form changed: write the fixture anew" + HOW_TO_WRITE)
                    .isEqualTo(restored.registry.packedForm());
            assertThat(h.positions()).isEqualTo(POSITIONS);
            assertThat(h.parts()).isEqualTo(restored.parts().stream().map(CheckpointPart::checkpointName).toList());
            restored.registry.holdFiling();
            file.readBody(restored.registry, restored.parts());
            restored.registry.fileAll();
        }

        Held now = filledFrom(snapshots);
        String changed = "a checkpoint of " + CheckpointFile.layout() + " reads differently now: raise "
                + "CheckpointFile.LAYOUT and write the fixture anew" + HOW_TO_WRITE;
        List<Task> tasks = snapshots.stream().map(codec::decode).toList();
        assertThat(answers(restored, tasks)).as(changed).isEqualTo(answers(now, tasks));
        assertThat(restored.registry.size()).as("every task of the fixture").isEqualTo(snapshots.size());
    }

    /** Everything a user or the service asks the registry and its parts, question by question. */
    private Map<String, Object> answers(Held held, List<Task> tasks) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("size", held.registry.size());
        for (Task t : tasks) {
            a.put("get " + t.id(), held.registry.get(t.id()));
            a.put("version " + t.id(), held.registry.versionOf(t.id()));
            a.put("logs " + t.id(), held.logs.get(t.id()));
        }
        for (String key : List.of("nightly-7", "hourly-3", "none")) {
            a.put("key " + key, held.registry.byIdempotencyKey(key).map(Task::id));
        }
        List<TaskFilter> filters = new ArrayList<>(List.of(new TaskFilter(null, null, null, null, null, null),
                new TaskFilter(null, null, "noop", null, null, null),
                new TaskFilter(null, null, null, "cat-1", "t-2", null),
                new TaskFilter(null, null, null, null, "all", null),
                new TaskFilter(null, null, null, null, null, "nightly-7"),
                new TaskFilter(null, null, null, null, null, null, true)));
        for (String queue : QUEUES) {
            filters.add(new TaskFilter(queue, null, null, null, null, null));
            for (TaskStatus status : TaskStatus.values()) {
                filters.add(new TaskFilter(queue, status, null, null, null, null));
                a.put("count " + queue + " " + status, held.registry.count(queue, status));
            }
            a.put("executing " + queue, held.registry.executing(queue));
            a.put("active " + queue, held.registry.hasActive(queue));
        }
        for (TaskFilter f : filters) {
            a.put("list " + f, held.registry.list(f, null, 1_000).stream().map(Task::id).toList());
            a.put("page after " + f, held.registry.list(f, tasks.get(10).id(), 5).stream().map(Task::id).toList());
        }
        long later = tasks.get(0).createdAt().plusSeconds(3600).toEpochMilli();
        a.put("stats", held.registry.stats(null, later));
        a.put("stats q-1", held.registry.stats("q-1", later));
        a.put("expired", held.registry.expired(later, later, 0));
        Task cached = tasks.get(tasks.size() - 1);
        a.put("cached", held.results.newestFor(held.results.fingerprintOf(cached)));
        a.put("cached sources", held.results.size());
        held.stale.afterPoll(tp -> 0, () -> Map.of(new TopicPartition("status", 0), 0L));
        held.stale.afterPoll(tp -> 0, () -> Map.of(new TopicPartition("status", 0), 0L));
        a.put("republished", held.republished.stream().map(Task::id).toList());
        return a;
    }

    private static String fixtureName() {
        return "checkpoint-layout-" + CheckpointFile.LAYOUT + ".bin";
    }

    /**
     * Writes the fixture for this layout and the snapshots it holds into the test resources: only when asked, and only
     * where the fixture there is of another layout or packer (or missing), so an earlier build's file stays.
     */
    @Test
    @EnabledIfSystemProperty(named = WRITE, matches = "true")
    void writeTheFixture() throws Exception {
        Path file = Path.of("src/test/resources/io/queuemgr/registry", fixtureName());
        Held held = new Held();
        if (Files.exists(file)) {
            Optional<CheckpointFile> kept = CheckpointFile.open(file);
            try (CheckpointFile f = kept.orElse(null)) {
                assertThat(f != null && f.header().layout().equals(CheckpointFile.layout())
                        && f.header().packedForm().equals(held.registry.packedForm()))
                        .as("%s is usable as it is: raise CheckpointFile.LAYOUT to write another", file).isFalse();
            }
        }
        List<byte[]> snapshots = tasks().stream().map(codec::encode).toList();
        held = filledFrom(snapshots);
        Files.write(Path.of(file + ".snapshots"),
                snapshots.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList(), StandardCharsets.UTF_8);
        CheckpointFile.write(file, new CheckpointFile.Header(CheckpointFile.layout(), "the build of its layout", 0,
                held.registry.packedForm(), 0L, TOPIC_IDS, POSITIONS,
                held.parts().stream().map(CheckpointPart::checkpointName).toList()), held.registry, held.parts());
        assertThat(CheckpointFile.open(file)).isPresent();
    }
}
