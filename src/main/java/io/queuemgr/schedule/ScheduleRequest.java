package io.queuemgr.schedule;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.json.WrongType;
import io.queuemgr.queue.QueueDefinition;

/**
 * A schedule as its creator writes it. The task template is checked apart, as a submission
 * ({@link ScheduleTemplate}), so that its errors are named as POST /api/tasks names them, under {@code task.}.
 */
@RegisterForReflection
public record ScheduleRequest(
        @WrongType(value = NAME_TEXT, blankToo = true) @NotNull(message = "is required") @Pattern(regexp = QueueDefinition.NAME, message = NAME_TEXT) String name,
        @WrongType(value = CronSchedule.FORMS, blankToo = true) @NotNull(message = "is required") @CronText String cron,
        @WrongType(value = ZONE, blankToo = true) @ZoneText(message = ZONE) String timeZone,
        @NotNull(message = "is required") JsonNode task,
        @WrongType(value = OVERLAP, blankToo = true) @Pattern(regexp = "skip|allow", message = OVERLAP) String overlap) {

    static final String NAME_TEXT = "must be 1–64 letters, digits, '.', '_' or '-'";
    static final String ZONE = "must be an IANA time zone such as Europe/Berlin or UTC";
    static final String OVERLAP = "must be skip or allow";

    /** The zone, UTC when none is given. */
    String zone() {
        return timeZone == null ? "UTC" : timeZone;
    }

    /** The overlap rule, skip when none is given: a slow task should not pile up copies of itself. */
    Overlap overlapRule() {
        return overlap == null ? Overlap.SKIP : Overlap.of(overlap);
    }
}
