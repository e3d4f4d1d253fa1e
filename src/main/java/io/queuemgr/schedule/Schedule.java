package io.queuemgr.schedule;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import io.queuemgr.task.TaskIds;

/**
 * One row of the schedule table: the definition, when it fires next, and its last firing. {@code id} tells a
 * schedule from an earlier one of the same name, so that a deleted and re-created schedule makes new tasks.
 * {@code lastSubmitted} is false between taking a fire time and Kafka holding its task: a firing to finish.
 */
public record Schedule(UUID id, String name, String cron, String timeZone, String task, Overlap overlap,
        boolean paused, Instant nextFireAt, Instant lastFireAt, UUID lastTaskId, boolean lastSubmitted,
        Instant claimedAt, String lastError, String createdBy, Instant createdAt, Instant updatedAt) {

    public CronSchedule times() {
        return CronSchedule.of(cron, ZoneId.of(timeZone));
    }

    /**
     * The task id of the firing at {@code fireAt}: the same on every instance and after every restart, so that
     * submitting a firing again names the task already made. Time-ordered like every task id (its time is the fire
     * time); the rest comes from the schedule's id.
     */
    public UUID taskIdAt(Instant fireAt) {
        ByteBuffer seed = ByteBuffer.wrap(sha256(id + "@" + fireAt.toEpochMilli()));
        return TaskIds.deterministic(fireAt.toEpochMilli(), seed.getLong(), seed.getLong());
    }

    /** The idempotency key of the firing at {@code fireAt}, which a person can read: whose and when. */
    public String idempotencyKeyAt(Instant fireAt) {
        return "schedule:" + name + ":" + fireAt + ":" + id;
    }

    Schedule fired(Instant fireAt, Instant next, Instant now) {
        return new Schedule(id, name, cron, timeZone, task, overlap, paused, next, fireAt, taskIdAt(fireAt), false,
                now, null, createdBy, createdAt, updatedAt);
    }

    Schedule submitted(String error) {
        return new Schedule(id, name, cron, timeZone, task, overlap, paused, nextFireAt, lastFireAt, lastTaskId, true,
                claimedAt, error, createdBy, createdAt, updatedAt);
    }

    Schedule skippedTo(Instant next) {
        return new Schedule(id, name, cron, timeZone, task, overlap, paused, next, lastFireAt, lastTaskId,
                lastSubmitted, claimedAt, lastError, createdBy, createdAt, updatedAt);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
