package io.queuemgr.submission;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.executor.TaskType;
import io.queuemgr.json.WrongType;
import io.queuemgr.queue.QueueDefinition;

/**
 * A submission as its sender writes it, over REST or Kafka. The params are checked against the record the type's
 * executor declares for them; {@link #toSubmission} applies the defaults.
 */
@RegisterForReflection
public record SubmissionRequest(
        @WrongType(value = TEXT, blankToo = true) @NotNull(message = "is required") @KnownTaskType String type,
        JsonNode params,
        @WrongType(value = TEXT, blankToo = true) @Pattern(regexp = QueueDefinition.NAME, message = QUEUE) String queue,
        @WrongType(PRIORITY) @Min(value = 0, message = PRIORITY) @Max(value = 9, message = PRIORITY) Integer priority,
        @WrongType(RETRIES) @Min(value = 0, message = RETRIES) @Max(value = 100, message = RETRIES) Integer maxRetries,
        @WrongType(TIMEOUT) @Min(value = 1, message = TIMEOUT) @Max(value = MAX_TIMEOUT, message = TIMEOUT) Long timeoutSeconds,
        @WrongType(value = TEXT, blankToo = true) @Size(max = MAX_LABEL, message = LABEL) String category,
        @WrongType(TAGS) @Size(max = 32, message = TAGS) List<@WrongType(TAG) @Size(max = MAX_LABEL, message = TAG) String> tags,
        @WrongType(AN_ID) @UuidText(message = AN_ID) String id,
        @WrongType(DELAY) @Min(value = 0, message = DELAY) @Max(value = MAX_DELAY, message = DELAY) Long delaySeconds,
        @WrongType(value = AN_INSTANT, blankToo = true) @InstantText(message = AN_INSTANT) String runAt,
        @WrongType(A_FLAG) Boolean hold,
        @WrongType(value = TEXT, blankToo = true) String cacheFor) {

    /** Category and tags are labels, not documents. */
    static final int MAX_LABEL = 255;
    static final long MAX_TIMEOUT = 7 * 24 * 3600;
    static final String TEXT = "must be a non-empty string";
    static final String QUEUE = "must be 1–64 letters, digits, '.', '_' or '-'";
    static final String PRIORITY = "must be a whole number from 0 to 9";
    static final String RETRIES = "must be a whole number from 0 to 100";
    static final String TIMEOUT = "must be a whole number from 1 to " + MAX_TIMEOUT;
    static final String LABEL = "must be at most " + MAX_LABEL + " characters";
    static final String TAGS = "must be a list of at most 32 strings";
    static final String TAG = "must be a string of at most " + MAX_LABEL + " characters";
    static final String AN_ID = "must be a UUID";
    /** How far ahead a task may be scheduled: a waiting record must not outlive the retry topic's retention. */
    static final long MAX_DELAY = 30L * 24 * 3600;
    static final String DELAY = "must be a whole number of seconds from 0 to " + MAX_DELAY + " (30 days)";
    static final String AN_INSTANT = "must be an ISO-8601 instant such as 2026-01-01T12:00:00Z";
    static final String A_FLAG = "must be true or false";
    static final String A_DURATION = "must be an ISO-8601 duration such as PT1H, more than zero and at most ";

    /**
     * What is wrong with when the task is to run, beyond what each field's constraints say: a {@code runAt} given
     * with {@code delaySeconds}, or further ahead than the longest delay. A {@code runAt} that is not an instant is
     * told by its constraint.
     */
    List<FieldError> scheduleProblems(Instant now) {
        if (runAt == null || !new InstantText.Check().isValid(runAt, null)) {
            return List.of();
        }
        if (delaySeconds != null) {
            return List.of(new FieldError("runAt", "must not be given together with delaySeconds"));
        }
        Instant latest = now.plusSeconds(MAX_DELAY);
        if (Instant.parse(runAt).isAfter(latest)) {
            return List.of(new FieldError("runAt", "must be at most 30 days ahead (no later than " + latest + ")"));
        }
        return List.of();
    }

    /** What is wrong with {@code cacheFor}: not a duration, not positive, or longer than {@code maxAge}. */
    List<FieldError> cacheProblems(Duration maxAge) {
        if (cacheFor == null) {
            return List.of();
        }
        Duration window = cacheWindow();
        if (window == null || window.isNegative() || window.isZero() || window.compareTo(maxAge) > 0) {
            return List.of(new FieldError("cacheFor", A_DURATION + maxAge + " (queuemgr.cache.max-age)"));
        }
        return List.of();
    }

    private Duration cacheWindow() {
        try {
            return cacheFor == null ? null : Duration.parse(cacheFor);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The submission with the defaults for what is left out: the default queue, priority 5, the type's category and
     * tags. The type is its canonical name, the params an empty object for none; a queue the request's path names
     * wins.
     */
    Submission toSubmission(TaskType type, JsonNode givenParams, String queueFromPath) {
        String q = queueFromPath != null ? queueFromPath : queue != null ? queue : QueueDefinition.DEFAULT;
        return new Submission(id == null ? null : UUID.fromString(id), type.name(), q, givenParams,
                priority == null ? 5 : priority, category == null ? type.category() : category,
                new ArrayList<>(tags == null ? type.tags() : tags), maxRetries, timeoutSeconds, delaySeconds,
                runAt == null ? null : Instant.parse(runAt), Boolean.TRUE.equals(hold), cacheWindow());
    }
}
