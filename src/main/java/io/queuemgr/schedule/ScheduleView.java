package io.queuemgr.schedule;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A schedule as the API shows it: its definition, the coming fire times (none while paused), and its last firing
 * with that task's status as the registry knows it ({@code null} while Kafka does not hold it yet, or once it left the
 * registry); {@code lastError} says why the last firing made no task.
 */
@RegisterForReflection
public record ScheduleView(String name, String cron, String timeZone, JsonNode task, String overlap, boolean paused,
        List<Instant> nextFireTimes, Instant lastFiredAt, UUID lastTaskId, String lastTaskStatus, String lastError,
        String createdBy, Instant createdAt, Instant updatedAt) {
}
