package io.queuemgr.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The schedule table. Every change that fires, skips or finishes a firing is conditional on what the caller read
 * (the fire time, the claim), so that of several instances acting on one row at once exactly one succeeds; each such
 * call answers whether it was this one.
 */
@Singleton
public class ScheduleStore {

    private static final String COLUMNS = "id, name, cron, time_zone, task, overlap, paused, next_fire_at, "
            + "last_fire_at, last_task_id, last_submitted, claimed_at, last_error, created_by, created_at, updated_at";

    private final Pool pool;

    public ScheduleStore(Pool pool) {
        this.pool = pool;
    }

    Uni<List<Schedule>> all() {
        return pool.query("SELECT " + COLUMNS + " FROM schedule").execute().map(rows -> {
            List<Schedule> out = new ArrayList<>();
            rows.forEach(r -> out.add(read(r)));
            return out;
        });
    }

    /** Inserts the schedule; false when one of that name exists. */
    Uni<Boolean> insert(Schedule s) {
        return pool.preparedQuery("INSERT INTO schedule (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                + "$9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (name) DO NOTHING")
                .execute(Tuple.from(new Object[]{s.id(), s.name(), s.cron(), s.timeZone(), s.task(),
                        s.overlap().json(), s.paused(), at(s.nextFireAt()), null, null, true, null, null,
                        s.createdBy(), at(s.createdAt()), at(s.updatedAt())}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Pauses or resumes; a resume fires next at {@code next}. False when there is no such schedule. */
    Uni<Boolean> setPaused(String name, boolean paused, Instant next, Instant now) {
        return pool.preparedQuery("UPDATE schedule SET paused = $2, next_fire_at = COALESCE($3, next_fire_at), "
                + "updated_at = $4 WHERE name = $1")
                .execute(Tuple.of(name, paused, at(next), at(now))).map(rows -> rows.rowCount() == 1);
    }

    Uni<Boolean> delete(String name) {
        return pool.preparedQuery("DELETE FROM schedule WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Takes the fire time {@code s.nextFireAt()} for this instance, recording the firing {@code fired}. */
    Uni<Boolean> claim(Schedule s, Schedule fired) {
        return pool.preparedQuery("UPDATE schedule SET next_fire_at = $3, last_fire_at = $4, last_task_id = $5, "
                + "last_submitted = FALSE, claimed_at = $6, last_error = NULL "
                + "WHERE id = $1 AND next_fire_at = $2 AND NOT paused")
                .execute(Tuple.from(new Object[]{s.id(), at(s.nextFireAt()), at(fired.nextFireAt()),
                        at(fired.lastFireAt()), fired.lastTaskId(), at(fired.claimedAt())}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Lets the fire time {@code s.nextFireAt()} pass without a task. */
    Uni<Boolean> skip(Schedule s, Instant next) {
        return pool.preparedQuery("UPDATE schedule SET next_fire_at = $3 WHERE id = $1 AND next_fire_at = $2")
                .execute(Tuple.of(s.id(), at(s.nextFireAt()), at(next))).map(rows -> rows.rowCount() == 1);
    }

    /** Takes over an unfinished firing whose claim is {@code s.claimedAt()}, as of {@code now}. */
    Uni<Boolean> reclaim(Schedule s, Instant now) {
        return pool.preparedQuery("UPDATE schedule SET claimed_at = $4 WHERE id = $1 AND last_fire_at = $2 "
                + "AND NOT last_submitted AND claimed_at = $3")
                .execute(Tuple.of(s.id(), at(s.lastFireAt()), at(s.claimedAt()), at(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Kafka holds the firing's task (or it could not be made, for {@code error}). */
    Uni<Void> submitted(Schedule s, String error) {
        return pool.preparedQuery("UPDATE schedule SET last_submitted = TRUE, last_error = $3 "
                + "WHERE id = $1 AND last_fire_at = $2")
                .execute(Tuple.of(s.id(), at(s.lastFireAt()), error)).replaceWithVoid();
    }

    private static Schedule read(Row r) {
        return new Schedule(r.getUUID("id"), r.getString("name"), r.getString("cron"), r.getString("time_zone"),
                r.getString("task"), Overlap.of(r.getString("overlap")), r.getBoolean("paused"),
                instant(r.getOffsetDateTime("next_fire_at")), instant(r.getOffsetDateTime("last_fire_at")),
                r.getUUID("last_task_id"), r.getBoolean("last_submitted"), instant(r.getOffsetDateTime("claimed_at")),
                r.getString("last_error"), r.getString("created_by"), instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("updated_at")));
    }

    /** PostgreSQL keeps microseconds; an instant written and read back must compare equal to the one kept here. */
    static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime at(Instant t) {
        return t == null ? null : micros(t).atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
