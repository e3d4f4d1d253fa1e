package io.queuemgr.history;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.queuemgr.config.DayPartitions;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The partitions of {@code task_history}, one per day (UTC) of the tasks' creation, made and dropped under
 * {@code queuemgr.history.lock-timeout}.
 */
@ApplicationScoped
public class HistoryPartitions {

    private static final String[] FINAL = Arrays.stream(TaskStatus.values()).filter(TaskStatus::isFinal)
            .map(Enum::name).toArray(String[]::new);

    private final DayPartitions days;

    @Inject
    public HistoryPartitions(Pool pool, HistoryConfig config) {
        this(pool, config.lockTimeout());
    }

    HistoryPartitions(Pool pool, Duration lockTimeout) {
        this.days = new DayPartitions(pool, "task_history", lockTimeout);
    }

    /** The days' partitions and what they hold. */
    public DayPartitions days() {
        return days;
    }

    /**
     * Drops the partition unless a task of it finished at or after {@code since}; answers whether it dropped it. The
     * question and the drop hold the table's lock together, so a task that finishes meanwhile keeps its day.
     */
    public Uni<Boolean> dropUnlessFinishedSince(DayPartitions.Partition p, Instant since) {
        // Along the (status, finished_at) index of the partition: a probe per final status, not a scan of the day.
        return days.dropIf(p, c -> c.preparedQuery("SELECT EXISTS (SELECT 1 FROM " + p.name()
                + " WHERE status = ANY($1) AND finished_at >= $2) AS recent")
                .execute(Tuple.of(FINAL, since.atOffset(ZoneOffset.UTC)))
                .map(rows -> !rows.iterator().next().getBoolean("recent")));
    }
}
