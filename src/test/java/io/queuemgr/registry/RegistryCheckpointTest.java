package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.json.InstantJson;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.ConfigDefaults;
import io.queuemgr.testing.DamagedFiles;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.MovableClock;

/**
 * A registry written when an instance stops and read back when the next one starts, against a real broker: what comes
 * back is what was held, and a checkpoint that might differ from a replay of the topics as they are now is not used.
 */
class RegistryCheckpointTest {

    private static final Duration KEEP_TOMBSTONES = Duration.ofHours(1);
    /** The layout this build writes and reads, as the service names it. */
    private static final String LAYOUT = CheckpointFile.layout();
    /** This build, as the service names it: its version and when its code was built. */
    private static final String BUILD = "1.0+" + CheckpointSource.builtAt();
    /** How often a running instance writes its checkpoint here. */
    private static final Duration EVERY = Duration.ofMinutes(5);
    private static KafkaClients clients;
    private static Admin admin;

    private final TaskCodec codec;
    private final String statusTopic = "ckpt-status-" + UUID.randomUUID();
    private final String logsTopic = "ckpt-logs-" + UUID.randomUUID();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    @TempDir
    Path dir;

    RegistryCheckpointTest() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new InstantJson().customize(mapper);
        codec = new TaskCodec(mapper);
    }

    @BeforeAll
    static void connect() {
        clients = new KafkaClients(Map.of("bootstrap.servers", LocalStack.get().kafkaBootstrap()));
        admin = clients.admin();
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @BeforeEach
    void createTopics() throws Exception {
        createTopics(statusTopic, logsTopic);
    }

    @AfterEach
    void letGoOfAnEarlyRead() throws Exception {
        // A test that failed before its start took the read leaves none for the next.
        EarlyCheckpoint.take(null);
    }

    @AfterEach
    void deleteTopics() throws Exception {
        admin.deleteTopics(List.of(statusTopic, logsTopic)).all().get(30, TimeUnit.SECONDS);
    }

    private void createTopics(String... names) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, 2, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.DELETE_RETENTION_MS_CONFIG,
                    Long.toString(KEEP_TOMBSTONES.toMillis()))));
        }
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        // Every partition led, so that the first describe of a test finds the topics (it once did not).
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.describeTopics(List.of(names)).allTopicNames().get(30, TimeUnit.SECONDS).values()
                        .stream().allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null)));
    }

    /** One instance's registry and what is kept beside it, empty, as at a start. */
    private final class Instance {
        final TaskRegistry registry = new TaskRegistry(codec);
        final TaskLogStore logs = new TaskLogStore(ConfigDefaults.of(QueuemgrConfig.class));
        final List<Task> republished = new ArrayList<>();
        final StaleSnapshots stale = new StaleSnapshots(registry, republished::add);
        final List<String> restoredTo = new ArrayList<>();
        final RegistryCheckpoint checkpoint;

        final UnreadRecords unread = new UnreadRecords();

        Instance(String layout, String build) {
            StatusListener listener = new StatusListener() {
                @Override
                public void read(int partition, long offset, Supplier<StatusChange> change) {
                }

                @Override
                public void restoredTo(int partition, long next) {
                    restoredTo.add(partition + "-" + next);
                }
            };
            checkpoint = new RegistryCheckpoint(registry, List.of(stale, logs), List.of(listener), where(layout, build),
                    clients, clock, unread);
        }

        Instance() {
            this(LAYOUT, BUILD);
        }

        void hold(Task t) {
            registry.apply(t, codec.encode(t));
        }
    }

    private RegistryCheckpoint.Where where(String layout, String build) {
        return new RegistryCheckpoint.Where(dir.resolve(RegistryCheckpoint.FILE), statusTopic, logsTopic, layout, build,
                Duration.ofSeconds(30), EVERY, Optional.empty());
    }

    /** Puts n records on a status partition, so that positions up to n are on the topic. */
    private void produce(int partition, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            clients.producer().send(new ProducerRecord<>(statusTopic, partition, UUID.randomUUID().toString(),
                    new byte[]{'{', '}'})).get(30, TimeUnit.SECONDS);
        }
    }

    private Map<TopicPartition, Long> positions(long status0) {
        return Map.of(new TopicPartition(statusTopic, 0), status0, new TopicPartition(statusTopic, 1), 0L,
                new TopicPartition(logsTopic, 0), 0L);
    }

    /** An instance that held these tasks stops and writes its checkpoint at these positions. */
    private List<Task> stoppedWith(Map<TopicPartition, Long> positions) {
        return stoppedWith(new Instance(), positions);
    }

    /** This instance held these tasks, stopped, and wrote its checkpoint at these positions. */
    private List<Task> stoppedWith(Instance first, Map<TopicPartition, Long> positions) {
        assertThat(first.checkpoint.restore()).isEmpty();
        assertThat(first.checkpoint.outcome()).isEqualTo("none");
        List<Task> held = new ArrayList<>();
        for (TaskStatus status : TaskStatus.values()) {
            held.add(aTask().inQueue("q-" + status.ordinal() % 3).withCategory("cat").withTags("a", "b-" + status)
                    .withParam("n", status.ordinal()).in(status));
        }
        held.add(aTask().withIdempotencyKey("nightly-7").withTags().in(TaskStatus.COMPLETED));
        held.forEach(first::hold);
        first.logs.append(held.get(1).id(), List.of("line 1", "line 2 ".repeat(10_000)));
        // An older snapshot read after the final one: a suspect that the next instance must still check.
        first.stale.read(held.get(TaskStatus.COMPLETED.ordinal()).id(), 1, 3, true);
        first.checkpoint.save(positions);
        return held;
    }

    @Test
    void theNextStartTakesBackEveryTaskItsLinesAndSuspectsAndReadsOnFromTheSavedPositions() throws Exception {
        produce(0, 3);
        List<Task> held = stoppedWith(positions(3));

        Instance next = new Instance();
        next.registry.holdFiling();
        assertThat(next.checkpoint.restore()).hasValue(positions(3));
        next.registry.fileAll();

        assertTakenBack(next, held);
    }

    @Test
    void aCheckpointReadWhileTheServiceBootedIsTakenOverWithTheSameResultEvenIfTheFileIsGoneSince()
            throws Exception {
        produce(0, 3);
        List<Task> held = stoppedWith(positions(3));

        readEarlyThenDelete(dir);
        assertTakenBack(startedAsTheServiceDoes(positions(3)), held);
    }

    @Test
    void aRegistryThatFilesEachChangeFilesTheTasksReadEarlyForListingsWhenItTakesThemOver() throws Exception {
        produce(0, 3);
        List<Task> held = stoppedWith(positions(3));

        readEarlyThenDelete(dir);
        Instance next = new Instance();
        assertThat(next.checkpoint.restore()).hasValue(positions(3));

        assertTakenBack(next, held);
    }

    @Test
    void aTaskTheRegistryTookBeforeTheStartTookOverTheEarlyReadKeepsItsNewerSnapshot() throws Exception {
        produce(0, 3);
        List<Task> held = stoppedWith(positions(3));
        Task pending = held.get(TaskStatus.PENDING.ordinal());
        Task newer = pending.start("worker-1", clock.instant());

        readEarlyThenDelete(dir);
        Instance next = new Instance();
        next.registry.holdFiling();
        next.hold(newer);
        assertThat(next.checkpoint.restore()).hasValue(positions(3));
        next.registry.fileAll();

        assertThat(next.registry.size()).isEqualTo(held.size());
        assertThat(next.registry.get(pending.id())).hasValue(newer);
        assertThat(next.registry.get(held.get(1).id())).hasValue(held.get(1));
    }

    @Test
    void aTaskThatChangesAfterTheEarlyReadWasTakenOverIsListedAsItIsNow() throws Exception {
        produce(0, 3);
        List<Task> held = stoppedWith(positions(3));
        Task pending = held.get(TaskStatus.PENDING.ordinal());
        Task started = pending.start("worker-1", clock.instant());

        readEarlyThenDelete(dir);
        Instance next = new Instance();
        next.registry.holdFiling();
        assertThat(next.checkpoint.restore()).hasValue(positions(3));
        // As the topics' tail after the checkpoint brings it, before the registry is complete.
        next.hold(started);
        next.registry.fileAll();

        assertThat(next.registry.list(new TaskFilter(pending.queue(), TaskStatus.RUNNING, null, null, null, null),
                null, 100)).extracting(Task::id).contains(pending.id());
        assertThat(next.registry.list(new TaskFilter(pending.queue(), TaskStatus.PENDING, null, null, null, null),
                null, 100)).extracting(Task::id).doesNotContain(pending.id());
        assertThat(next.registry.list(new TaskFilter(null, null, null, "cat", "a", null), null, 100))
                .hasSize(TaskStatus.values().length);
    }

    @Test
    void aCheckpointReadEarlyIsStillCheckedAgainstTheTopicsAndLeftAloneWhenItDoesNotFit() throws Exception {
        stoppedWith(positions(0));
        readEarlyThenDelete(dir);
        createStatusTopicAgain();

        assertNotUsed("the topics were created again since");
    }

    @Test
    void aReadBegunEarlyForAnotherDirectoryIsLetGoAndTheStartReadsItsOwnFile() throws Exception {
        produce(0, 3);
        List<Task> held = stoppedWith(positions(3));
        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        Files.copy(dir.resolve(RegistryCheckpoint.FILE), other.resolve(RegistryCheckpoint.FILE));
        // Were the read of the other directory used, this start would find a damaged file.
        DamagedFiles.flipABitInTheMiddle(other.resolve(RegistryCheckpoint.FILE));
        assertThat(EarlyCheckpoint.beginIn(other)).isTrue();

        assertTakenBack(startedAsTheServiceDoes(positions(3)), held);
    }

    @Test
    void theTasksOfACheckpointOfAnotherLayoutAreNotReadEarly() throws Exception {
        // This layout's: read.
        stoppedWith(positions(0));
        assertThat(EarlyCheckpoint.beginIn(dir)).isTrue();
        try (EarlyCheckpoint.Read read = EarlyCheckpoint.take(dir.resolve(RegistryCheckpoint.FILE)).orElseThrow()) {
            assertThat(read.tasks()).hasValueSatisfying(t -> assertThat(t.size()).isPositive());
        }

        Instance other = new Instance("registry layout 0", BUILD);
        other.checkpoint.restore();
        other.hold(aTask().in(TaskStatus.COMPLETED));
        other.checkpoint.save(positions(0));
        assertThat(EarlyCheckpoint.beginIn(dir)).isTrue();
        try (EarlyCheckpoint.Read read = EarlyCheckpoint.take(dir.resolve(RegistryCheckpoint.FILE)).orElseThrow()) {
            assertThat(read.opened()).isPresent();
            assertThat(read.tasks()).isEmpty();
        }
    }

    @Test
    void aDamagedCheckpointReadEarlyIsNotUsed() throws Exception {
        stoppedWith(positions(0));
        DamagedFiles.flipABitInTheMiddle(dir.resolve(RegistryCheckpoint.FILE));
        readEarlyThenDelete(dir);

        assertNotUsed("it is damaged or of another format");
    }

    @Test
    void noCheckpointToReadEarlyIsAStartWithoutOneAndItsStopWritesOne() throws Exception {
        assertThat(EarlyCheckpoint.beginIn(dir)).isTrue();

        Instance first = new Instance();
        assertThat(first.checkpoint.restore()).isEmpty();
        assertThat(first.checkpoint.outcome()).isEqualTo("none");
        // ... whose stop writes one.
        first.checkpoint.save(positions(0));
        assertThat(dir.resolve(RegistryCheckpoint.FILE)).exists();
    }

    /** The next start does not use the checkpoint, for this reason, and its registry is empty for the replay. */
    private void assertNotUsed(String why) {
        Instance next = new Instance();
        assertThat(next.checkpoint.restore()).isEmpty();
        assertThat(next.checkpoint.outcome()).isEqualTo(why);
        assertThat(next.registry.size()).isZero();
    }

    /** An instance started as the service starts one, which restores its checkpoint read on from {@code from}. */
    private Instance startedAsTheServiceDoes(Map<TopicPartition, Long> from) {
        Instance next = new Instance();
        next.registry.holdFiling();
        assertThat(next.checkpoint.restore()).hasValue(from);
        next.registry.fileAll();
        assertThat(next.checkpoint.outcome()).isEqualTo("restored");
        return next;
    }

    /**
     * Reads the checkpoint in {@code dir} as the service's entry point does, then deletes the file: a start that gives
     * what it would have given with the file proves that what was read early is what it used.
     */
    private static void readEarlyThenDelete(Path dir) throws Exception {
        assertThat(EarlyCheckpoint.beginIn(dir)).isTrue();
        EarlyCheckpoint.awaitRead();
        Files.delete(dir.resolve(RegistryCheckpoint.FILE));
    }

    private void assertTakenBack(Instance next, List<Task> held) {
        assertThat(next.registry.size()).isEqualTo(held.size());
        for (Task t : held) {
            assertThat(next.registry.get(t.id())).hasValue(t);
        }
        assertThat(next.registry.byIdempotencyKey("nightly-7")).hasValue(held.get(held.size() - 1));
        assertThat(next.registry.list(new TaskFilter(null, null, null, "cat", "a", null), null, 100))
                .hasSize(TaskStatus.values().length);
        assertThat(next.registry.count("q-0", TaskStatus.PENDING)).isEqualTo(1);
        assertThat(next.logs.get(held.get(1).id())).containsExactly("line 1", "line 2 ".repeat(10_000));
        assertThat(next.restoredTo).containsExactlyInAnyOrder("0-3", "1-0");
        // The suspect restored is checked against the end of the topic and, never cleared, published again.
        next.stale.afterPoll(tp -> 0, () -> Map.of(new TopicPartition(statusTopic, 0), 0L));
        next.stale.afterPoll(tp -> 0, () -> Map.of(new TopicPartition(statusTopic, 0), 0L));
        assertThat(next.republished).extracting(Task::id)
                .containsExactly(held.get(TaskStatus.COMPLETED.ordinal()).id());
    }

    @Test
    void aRunningInstanceWritesItsCheckpointOncePerPeriodSoThatAStartAfterACrashReadsOnlyWhatCameAfter()
            throws Exception {
        produce(0, 2);
        Instance running = new Instance();
        assertThat(running.checkpoint.restore()).isEmpty();
        Task early = aTask().in(TaskStatus.COMPLETED);
        running.hold(early);
        Path file = dir.resolve(RegistryCheckpoint.FILE);
        // None during the start's replay, however long it takes.
        clock.advance(EVERY.multipliedBy(2));
        running.checkpoint.saveIfDue(positions(1));
        assertThat(file).doesNotExist();

        running.checkpoint.running();
        running.checkpoint.saveIfDue(positions(1));
        clock.advance(EVERY.minusSeconds(1));
        running.checkpoint.saveIfDue(positions(1));
        assertThat(file).doesNotExist();
        clock.advance(Duration.ofSeconds(1));
        running.checkpoint.saveIfDue(positions(1));
        assertThat(file).exists();

        // A task that came after: not in the file until the next period; the start after a crash reads it from the
        // topic, past the positions the file names.
        Task late = aTask().in(TaskStatus.RUNNING);
        running.hold(late);
        clock.advance(EVERY.minusSeconds(1));
        running.checkpoint.saveIfDue(positions(2));
        Instance afterCrash = new Instance();
        assertThat(afterCrash.checkpoint.restore()).hasValue(positions(1));
        assertThat(afterCrash.registry.get(early.id())).hasValue(early);
        assertThat(afterCrash.registry.contains(late.id())).isFalse();

        clock.advance(Duration.ofSeconds(1));
        running.checkpoint.saveIfDue(positions(2));
        Instance afterNextCrash = new Instance();
        assertThat(afterNextCrash.checkpoint.restore()).hasValue(positions(2));
        assertThat(afterNextCrash.registry.get(late.id())).hasValue(late);
    }

    @Test
    void aPeerGetsTheCheckpointOfThePeriodOrOneTheReaderWritesForItAtItsNextPoll() throws Exception {
        produce(0, 2);
        Instance running = new Instance();
        assertThat(running.checkpoint.restore()).isEmpty();
        Task early = aTask().in(TaskStatus.COMPLETED);
        running.hold(early);
        // Still reading its registry: nothing to hand over yet.
        assertThat(running.checkpoint.forPeer()).failsWithin(Duration.ZERO);
        Path file = dir.resolve(RegistryCheckpoint.FILE);

        running.checkpoint.running();
        CompletableFuture<Path> asked = running.checkpoint.forPeer();
        CompletableFuture<Path> askedToo = running.checkpoint.forPeer();
        // Written by the reader between two polls, where the parts stand at the positions, not by the caller.
        assertThat(asked).isNotDone();
        assertThat(file).doesNotExist();
        running.checkpoint.saveIfDue(positions(1));
        assertThat(asked).isCompletedWithValue(file);
        assertThat(askedToo).isCompletedWithValue(file);
        Instance peer = new Instance();
        assertThat(peer.checkpoint.restore()).hasValue(positions(1));
        assertThat(peer.registry.get(early.id())).hasValue(early);

        // Within the period the same file is handed over at once; after it, a newer one is written first.
        Task late = aTask().in(TaskStatus.RUNNING);
        running.hold(late);
        clock.advance(EVERY.minusSeconds(1));
        assertThat(running.checkpoint.forPeer()).isCompletedWithValue(file);
        clock.advance(Duration.ofSeconds(1));
        CompletableFuture<Path> later = running.checkpoint.forPeer();
        assertThat(later).isNotDone();
        running.checkpoint.saveIfDue(positions(2));
        assertThat(later).isCompletedWithValue(file);
        Instance laterPeer = new Instance();
        assertThat(laterPeer.checkpoint.restore()).hasValue(positions(2));
        assertThat(laterPeer.registry.get(late.id())).hasValue(late);
    }

    @Test
    void aPeerWaitingForACheckpointThatCannotBeWrittenIsToldAtTheNextPoll() {
        // No restore ran, so the topics are not known and nothing can be written.
        Instance running = new Instance();
        running.checkpoint.running();
        CompletableFuture<Path> asked = running.checkpoint.forPeer();

        running.checkpoint.saveIfDue(positions(0));

        assertThat(asked).isCompletedExceptionally();
        assertThat(dir.resolve(RegistryCheckpoint.FILE)).doesNotExist();
    }

    @Test
    void anInstanceThatKeepsNoCheckpointHasNoneToHandOver() {
        RegistryCheckpoint none = new RegistryCheckpoint(new TaskRegistry(codec), List.of(), List.of(),
                new RegistryCheckpoint.Where(null, statusTopic, logsTopic, LAYOUT, BUILD, Duration.ofSeconds(30),
                        EVERY, Optional.empty()),
                clients, clock, new UnreadRecords());
        none.running();

        assertThat(none.forPeer()).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aChangeMadeWhileTheCheckpointIsWrittenDoesNotWaitForTheFile() throws Exception {
        TaskRegistry registry = new TaskRegistry(codec);
        List<Task> held = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Task t = aTask().in(TaskStatus.COMPLETED);
            held.add(t);
            registry.apply(t, codec.encode(t));
        }
        Task added = aTask().in(TaskStatus.PENDING);
        List<UUID> handedOver = new ArrayList<>();
        registry.copies().eachTask(t -> {
            if (handedOver.isEmpty()) {
                // An ack applies a snapshot while the file is being written (here: stuck at its first task).
                Thread ack = new Thread(() -> registry.apply(added, codec.encode(added)));
                ack.start();
                await("a change while the file is written").atMost(Duration.ofSeconds(10))
                        .until(() -> !ack.isAlive());
            }
            handedOver.add(t.id());
        });
        assertThat(handedOver).containsAll(held.stream().map(Task::id).toList());
        assertThat(registry.get(added.id())).hasValue(added);
    }

    @Test
    void aLookupByIdempotencyKeyAnswersAfterARestoreWhatItAnsweredBefore() throws Exception {
        Instance first = new Instance();
        assertThat(first.checkpoint.restore()).isEmpty();
        Task holder = aTask().withIdempotencyKey("nightly-9").in(TaskStatus.COMPLETED);
        Task other = aTask().withIdempotencyKey("nightly-9").in(TaskStatus.COMPLETED);
        first.hold(holder);
        first.hold(other);
        first.registry.remove(holder.id(), true);
        assertThat(first.registry.byIdempotencyKey("nightly-9")).isEmpty();
        first.checkpoint.save(positions(0));

        Instance next = new Instance();
        assertThat(next.checkpoint.restore()).isPresent();
        assertThat(next.registry.get(other.id())).hasValue(other);
        assertThat(next.registry.byIdempotencyKey("nightly-9")).isEmpty();
    }

    @Test
    void aTemporaryFileLeftByAWriteThatDiedIsRemovedByTheNextWriteOnceItIsOld() throws Exception {
        Path abandoned = dir.resolve(RegistryCheckpoint.FILE + "123.tmp");
        Path recent = dir.resolve(RegistryCheckpoint.FILE + "456.tmp");
        Files.write(abandoned, new byte[1024]);
        Files.write(recent, new byte[1024]);
        Files.setLastModifiedTime(abandoned,
                FileTime.from(clock.instant().minus(Duration.ofMinutes(11))));
        Files.setLastModifiedTime(recent,
                FileTime.from(clock.instant().minus(Duration.ofMinutes(9))));

        stoppedWith(positions(0));

        assertThat(abandoned).doesNotExist();
        assertThat(recent).exists();
        assertThat(dir.resolve(RegistryCheckpoint.FILE)).exists();
    }

    @Test
    void aDamagedCheckpointIsNotUsedAndTheRegistryIsRebuiltFromTheTopic() throws Exception {
        stoppedWith(positions(0));
        DamagedFiles.flipABitInTheMiddle(dir.resolve(RegistryCheckpoint.FILE));

        assertNotUsed("it is damaged or of another format");
    }

    private void createStatusTopicAgain() throws Exception {
        admin.deleteTopics(List.of(statusTopic)).all().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            createTopics(statusTopic);
            return true;
        });
    }

    @Test
    void aCheckpointOfTopicsCreatedAgainSinceIsNotUsed() throws Exception {
        stoppedWith(positions(0));
        createStatusTopicAgain();

        assertNotUsed("the topics were created again since");
    }

    @Test
    void aCheckpointAtPositionsPastTheEndOfTheTopicIsNotUsed() throws Exception {
        produce(0, 2);
        stoppedWith(positions(5));

        Instance next = new Instance();
        assertThat(next.checkpoint.restore()).isEmpty();
        assertThat(next.checkpoint.outcome()).startsWith(statusTopic + "-0 ends at 2");
        assertThat(next.registry.size()).isZero();
    }

    @Test
    void aCheckpointAtPositionsWhoseRecordsWereDeletedSinceIsNotUsed() throws Exception {
        // Records are deleted from the start of a topic that is also cleaned by time, not only compacted.
        ConfigResource status = new ConfigResource(ConfigResource.Type.TOPIC, statusTopic);
        admin.incrementalAlterConfigs(Map.of(status, List.of(new AlterConfigOp(new ConfigEntry(
                TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete"), AlterConfigOp.OpType.SET)))).all()
                .get(30, TimeUnit.SECONDS);
        produce(0, 4);
        stoppedWith(positions(1));
        admin.deleteRecords(Map.of(new TopicPartition(statusTopic, 0), RecordsToDelete.beforeOffset(2))).all()
                .get(30, TimeUnit.SECONDS);

        Instance next = new Instance();
        assertThat(next.checkpoint.restore()).isEmpty();
        assertThat(next.checkpoint.outcome()).startsWith(statusTopic + "-0 starts at 2");
        assertThat(next.registry.size()).isZero();
    }

    @Test
    void aCheckpointIsUsedOnlyWhileTheStatusTopicStillKeepsTheTombstonesWrittenSince() throws Exception {
        stoppedWith(positions(0));

        clock.advance(KEEP_TOMBSTONES.dividedBy(2).minusMinutes(1));
        assertThat(new Instance().checkpoint.restore()).hasValue(positions(0));
        // A tombstone written shortly before the stop may be dropped before a late start reads it: the task would
        // stay for ever. Half the time the topic keeps tombstones leaves room for both.
        clock.advance(Duration.ofMinutes(1));
        Instance late = new Instance();
        assertThat(late.checkpoint.restore()).isEmpty();
        assertThat(late.checkpoint.outcome()).contains("the status topic keeps tombstones only PT1H");
        assertThat(late.registry.size()).isZero();
    }

    @Test
    void aCheckpointOfAnotherLayoutIsNotUsed() throws Exception {
        stoppedWith(positions(0));

        Instance upgraded = new Instance("registry layout " + (CheckpointFile.LAYOUT + 1), BUILD);
        assertThat(upgraded.checkpoint.restore()).isEmpty();
        assertThat(upgraded.checkpoint.outcome()).startsWith("written with " + LAYOUT + " packing ");
        assertThat(upgraded.registry.size()).isZero();
    }

    @Test
    void anUpgradeOfTheSameLayoutTakesBackTheCheckpointTheBuildBeforeWrote() throws Exception {
        produce(0, 3);
        List<Task> held = stoppedWith(new Instance(LAYOUT, "0.9+1"), positions(3));

        Instance upgraded = new Instance(LAYOUT, "1.0+2");
        upgraded.registry.holdFiling();
        assertThat(upgraded.checkpoint.restore()).hasValue(positions(3));
        upgraded.registry.fileAll();

        assertThat(upgraded.checkpoint.outcome()).isEqualTo("restored");
        assertTakenBack(upgraded, held);
    }

    @Test
    void aCheckpointOfARegistryThatSkippedUnreadableRecordsIsTakenBackOnlyByTheBuildThatWroteIt() throws Exception {
        Instance first = new Instance();
        // A record this build could not read, before the positions: a later build might read it, were it read again.
        first.unread.skipped();
        List<Task> held = stoppedWith(first, positions(0));

        Instance upgraded = new Instance(LAYOUT, "1.1+3");
        assertThat(upgraded.checkpoint.restore()).isEmpty();
        assertThat(upgraded.checkpoint.outcome())
                .isEqualTo(
                        "build " + BUILD + " skipped 1 records it could not read, which this build 1.1+3 might read");
        assertThat(upgraded.registry.size()).isZero();

        // The same build reads it, and its next checkpoint still says so.
        Instance restarted = new Instance();
        assertThat(restarted.checkpoint.restore()).hasValue(positions(0));
        assertThat(restarted.registry.size()).isEqualTo(held.size());
        restarted.checkpoint.save(positions(0));
        Instance upgradedLater = new Instance(LAYOUT, "1.1+3");
        assertThat(upgradedLater.checkpoint.restore()).isEmpty();
        assertThat(upgradedLater.checkpoint.outcome()).contains("skipped 1 records");
    }

    @Test
    void theTasksOfACheckpointOfAnotherBuildThatSkippedUnreadableRecordsAreNotReadEarly() throws Exception {
        Instance other = new Instance(LAYOUT, "0.9+1");
        other.unread.skipped();
        stoppedWith(other, positions(0));

        assertThat(EarlyCheckpoint.beginIn(dir)).isTrue();
        try (EarlyCheckpoint.Read read = EarlyCheckpoint.take(dir.resolve(RegistryCheckpoint.FILE)).orElseThrow()) {
            assertThat(read.opened()).isPresent();
            assertThat(read.tasks()).isEmpty();
        }
    }

    @Test
    void aCheckpointKeepingOtherPartsBesideTheRegistryIsNotUsed() throws Exception {
        Instance first = new Instance();
        first.checkpoint.restore();
        first.hold(aTask().in(TaskStatus.COMPLETED));
        RegistryCheckpoint writer = new RegistryCheckpoint(first.registry, List.of(first.stale), List.of(),
                where(LAYOUT, BUILD), clients, clock, new UnreadRecords());
        writer.restore();
        writer.save(Map.of());

        Instance next = new Instance();
        assertThat(next.checkpoint.restore()).isEmpty();
        assertThat(next.checkpoint.outcome())
                .isEqualTo("it keeps [stale] beside the registry, this instance [logs, stale]");
        assertThat(next.registry.size()).isZero();
    }

    @Test
    void aCheckpointThatFailsHalfWayThroughLeavesNothingBehind() throws Exception {
        Instance first = new Instance();
        Task done = aTask().in(TaskStatus.COMPLETED);
        first.hold(done);
        first.stale.read(done.id(), 1, 3, true);
        RegistryCheckpoint writer = new RegistryCheckpoint(first.registry,
                List.of(first.logs, first.stale, unreadable()),
                List.of(), where(LAYOUT, BUILD), clients, clock, new UnreadRecords());
        assertThat(writer.restore()).isEmpty();
        writer.save(Map.of());

        // The tasks and the suspects are read back before the part that cannot be.
        Instance next = new Instance();
        RegistryCheckpoint reader = new RegistryCheckpoint(next.registry, List.of(next.logs, next.stale, unreadable()),
                List.of(), where(LAYOUT, BUILD), clients, clock, new UnreadRecords());
        assertThat(reader.restore()).isEmpty();
        assertThat(reader.outcome()).startsWith("failed: java.io.IOException: unreadable");
        assertThat(next.registry.size()).isZero();
        next.stale.afterPoll(tp -> 0, () -> Map.of(new TopicPartition(statusTopic, 0), 0L));
        next.stale.afterPoll(tp -> 0, () -> Map.of(new TopicPartition(statusTopic, 0), 0L));
        assertThat(next.republished).isEmpty();
    }

    /** A part written fine and never read back. */
    private static CheckpointPart unreadable() {
        return new CheckpointPart() {
            @Override
            public String checkpointName() {
                return "unreadable";
            }

            @Override
            public void save(DataOutput out) throws IOException {
                out.writeInt(1);
            }

            @Override
            public void restore(DataInput in) throws IOException {
                throw new IOException("unreadable");
            }

            @Override
            public void forget() {
            }
        };
    }
}
