package io.queuemgr.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.config.DayPartitions;
import io.queuemgr.json.InstantJson;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskIds;
import io.queuemgr.testing.PrivateDatabase;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * History kept in one partition per day of the tasks' creation, against the test stack's real PostgreSQL: each test
 * has a database of its own, migrated as the service migrates it, since dropping days would take other tests' rows.
 */
class HistoryByCreationDayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final LocalDate FUTURE = LocalDate.now(ZoneOffset.UTC).plusYears(5).withDayOfYear(1);
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final TaskCodec CODEC;

    static {
        new InstantJson().customize(MAPPER);
        CODEC = new TaskCodec(MAPPER);
    }

    private PrivateDatabase db;
    private Pool pool;
    private HistoryPartitions partitions;
    private TaskHistoryWriter writer;
    private TaskHistoryQuery query;

    @BeforeEach
    void database() {
        db = new PrivateDatabase();
        pool = db.pool();
        partitions = new HistoryPartitions(pool, Duration.ofSeconds(5));
        writer = new TaskHistoryWriter(pool, partitions);
        query = new TaskHistoryQuery(pool, CODEC);
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void rowsWrittenBeforeTheMigrationStayReadableAndLeaveWithTheirPartition() {
        db.migrate("6");
        Task old = finished(Instant.parse("2026-01-05T08:00:00Z"), Duration.ofMinutes(3), 4);
        db.execute("INSERT INTO task_history (id, version, queue, type, status, priority, attempt, created_at, "
                + "finished_at, snapshot) VALUES ('" + old.id() + "', 4, 'default', 'noop', 'COMPLETED', 5, 1, '"
                + old.createdAt() + "', '" + old.finishedAt() + "', '"
                + new String(CODEC.encode(old), StandardCharsets.UTF_8) + "')");
        db.migrate(null);

        assertThat(query.find(old.id()).await().atMost(WAIT)).map(Task::version).contains(4L);
        // One partition, up to the end of the day the migration ran on (PostgreSQL's clock, UTC).
        assertThat(names()).singleElement().asString().matches("task_history_until_d\\d{8}");

        // A task of today goes where the rows from before are: today has no partition of its own.
        Task today = finished(Instant.now(), Duration.ofSeconds(1), 3);
        writer.upsert(List.of(row(today))).await().atMost(WAIT);
        assertThat(query.find(today.id()).await().atMost(WAIT)).isPresent();
        assertThat(names()).hasSize(1);

        // Once today's tasks, too, finished longer ago than the retention, the partition goes, and its rows with it.
        int dropped = sweep(today.finishedAt().plus(RETENTION).plus(Duration.ofDays(2)));
        assertThat(dropped).isEqualTo(1);
        assertThat(query.find(old.id()).await().atMost(WAIT)).isEmpty();
        assertThat(query.find(today.id()).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void aTaskGetsThePartitionOfItsCreationDayAndOneRowHoweverOftenItFinishes() {
        db.migrate(null);
        Task first = finished(at(62, 10), Duration.ofMinutes(5), 4);
        writer.upsert(List.of(row(first))).await().atMost(WAIT);
        assertThat(names()).contains(dayName(62));

        // A dead letter requeued and finished weeks later: a new finish time, the same creation day.
        Task again = withFinish(first, at(90, 12), 9);
        writer.upsert(List.of(row(again))).await().atMost(WAIT);
        // A replay of the topic brings the older snapshot once more: history does not go back.
        writer.upsert(List.of(row(first))).await().atMost(WAIT);

        assertThat(query.find(first.id()).await().atMost(WAIT)).map(Task::version).contains(9L);
        assertThat(rowsOf(first.id())).isEqualTo(1);
    }

    @Test
    void aTaskIsFoundByIdWhateverTimeItsIdCarries() {
        db.migrate(null);
        Instant created = at(165, 10);
        Task made = finished(TaskIds.deterministic(created.toEpochMilli(), 1, 2), created, Duration.ofSeconds(5));
        // A client's own time-ordered id, made long before it submitted the task.
        Task own = finished(TaskIds.deterministic(created.minus(Duration.ofDays(30)).toEpochMilli(), 3, 4), created,
                Duration.ofSeconds(5));
        Task random = finished(UUID.randomUUID(), created, Duration.ofSeconds(5));
        writer.upsert(List.of(row(made), row(own), row(random))).await().atMost(WAIT);

        for (Task t : List.of(made, own, random)) {
            assertThat(query.find(t.id()).await().atMost(WAIT)).map(Task::id).contains(t.id());
        }
        assertThat(query.find(TaskIds.newId()).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void aListingPagesThroughDaysNewestFinishedFirst() {
        db.migrate(null);
        Instant day = at(181, 10);
        List<Task> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // Created 20 hours apart, over four days; finished in the reverse order of creation.
            UUID id = TaskIds.deterministic(day.plus(Duration.ofHours(20L * i)).toEpochMilli(), i, i);
            tasks.add(finished(id, day.plus(Duration.ofHours(20L * i)), Duration.ofDays(10 - 2L * i)));
        }
        writer.upsert(tasks.stream().map(HistoryByCreationDayTest::row).toList()).await().atMost(WAIT);

        List<UUID> seen = new java.util.ArrayList<>();
        UUID cursor = null;
        TaskHistoryQuery.Filter all = new TaskHistoryQuery.Filter("default", null, null, null, null, null, null);
        for (List<Task> page; !(page = query.list(all, cursor, 2).await().atMost(WAIT)).isEmpty();) {
            page.forEach(t -> seen.add(t.id()));
            cursor = page.get(page.size() - 1).id();
        }
        assertThat(seen).containsExactlyElementsOf(tasks.stream().map(Task::id).toList());
        assertThat(query.list(all, TaskIds.newId(), 2).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void aDayIsDroppedOnlyOnceEveryTaskCreatedOnItFinishedBeforeTheRetention() {
        db.migrate(null);
        Task quick = finished(at(9, 9), Duration.ofMinutes(1), 3);
        Task straggler = finished(at(10, 9), Duration.ofDays(110), 3);
        writer.upsert(List.of(row(quick), row(straggler))).await().atMost(WAIT);

        int dropped = sweep(at(109, 0));

        // The partition of the rows from before days, and the quick task's day: every task in them finished before
        // the cutoff (day 19). The straggler, created on day 10, finishes on day 120.
        assertThat(dropped).isEqualTo(2);
        assertThat(query.find(quick.id()).await().atMost(WAIT)).isEmpty();
        assertThat(query.find(straggler.id()).await().atMost(WAIT)).isPresent();
        // The sweep made the coming days ahead of their first task.
        assertThat(names()).containsExactly(dayName(10), dayName(109), dayName(110), dayName(111));

        assertThat(sweep(straggler.finishedAt().plus(RETENTION).plusSeconds(1))).isEqualTo(4);
        assertThat(query.find(straggler.id()).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void aDayAnotherInstanceDroppedIsMadeAgainWhenATaskOfItFinishes() {
        db.migrate(null);
        Instant day = at(32, 6);
        writer.upsert(List.of(row(finished(day, Duration.ofMinutes(1), 3)))).await().atMost(WAIT);
        HistoryPartitions other = new HistoryPartitions(pool, Duration.ofSeconds(5));
        DayPartitions.Partition made = other.days().list().await().atMost(WAIT).stream()
                .filter(p -> p.name().equals(dayName(32))).findFirst().orElseThrow();
        other.days().drop(made).await().atMost(WAIT);

        // This writer still believes the day has its partition.
        Task late = finished(day.plusSeconds(60), Duration.ofDays(1), 3);
        writer.upsert(List.of(row(late))).await().atMost(WAIT);

        assertThat(query.find(late.id()).await().atMost(WAIT)).isPresent();
    }

    @Test
    void historyThatWouldDropTasksTheRegistryStillHoldsIsRefused() {
        assertThatThrownBy(() -> HistoryRetention.requireLongerThanTheRegistry(Duration.ofDays(7),
                Duration.ofHours(24), Duration.ofDays(7))).hasMessageContaining("queuemgr.history.retention (PT168H)")
                .hasMessageContaining("dead-letter-retention");
        HistoryRetention.requireLongerThanTheRegistry(Duration.ofDays(8), Duration.ofHours(24), Duration.ofDays(7));
    }

    @Test
    void theRegistrysQuestionFindsTheRowsOfItsBatchWithinTheirCreationTimes() {
        db.migrate(null);
        Task a = finished(at(40, 23).plusMillis(999).plusNanos(123_456), Duration.ofSeconds(1), 3);
        Task b = finished(at(41, 0).plusNanos(1_000), Duration.ofSeconds(1), 3);
        UUID notWritten = UUID.randomUUID();
        writer.upsert(List.of(row(a), row(b))).await().atMost(WAIT);

        // The registry knows creation times to the millisecond; PostgreSQL to the microsecond.
        Instant from = Instant.ofEpochMilli(a.createdAt().toEpochMilli());
        Instant to = Instant.ofEpochMilli(b.createdAt().toEpochMilli() + 1);
        assertThat(query.kept(List.of(a.id(), b.id(), notWritten), from, to).await().atMost(WAIT))
                .containsExactlyInAnyOrder(a.id(), b.id());
    }

    /** Day {@code n} of a year well ahead, at {@code hour} UTC: days no partition of today's date reaches. */
    private static Instant at(int n, int hour) {
        return FUTURE.plusDays(n).atStartOfDay(ZoneOffset.UTC).plusHours(hour).toInstant();
    }

    private static String dayName(int n) {
        return "task_history_d" + FUTURE.plusDays(n).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    }

    private int sweep(Instant now) {
        return new HistorySweep(partitions, RETENTION).sweep(now);
    }

    private List<String> names() {
        return partitions.days().list().await().atMost(WAIT).stream().map(DayPartitions.Partition::name).toList();
    }

    private long rowsOf(UUID id) {
        return pool.preparedQuery("SELECT count(*) AS n FROM task_history WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id)).await().atMost(WAIT).iterator().next().getLong("n");
    }

    private static Task finished(UUID id, Instant created, Duration took) {
        return withFinish(Task.pending(id, "default", "noop", null, null, List.of(), 5, 0, null, null, created)
                .start("here", created).succeed(null, created.plus(took)), created.plus(took), 3);
    }

    private static Task finished(Instant created, Duration took, long version) {
        Task pending = Task.pending(UUID.randomUUID(), "default", "noop", null, null, List.of(), 5, 0, null, null,
                created);
        return withFinish(pending.start("here", created).succeed(null, created.plus(took)), created.plus(took),
                version);
    }

    /** The finished task's snapshot of {@code version}, finished at {@code at}. */
    private static Task withFinish(Task task, Instant at, long version) {
        try {
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(CODEC.encode(task));
            json.put("version", version).put("finishedAt", at.toString()).put("updatedAt", at.toString());
            return CODEC.decode(MAPPER.writeValueAsBytes(json));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static FinishedTask row(Task t) {
        return new FinishedTask(t, new String(CODEC.encode(t), StandardCharsets.UTF_8));
    }

}
