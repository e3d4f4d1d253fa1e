package io.queuemgr.queue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.json.Violations;
import io.queuemgr.json.WrongType;

/**
 * A queue's policies as a request gives them: a new queue's body laid over the defaults, or an update's body laid
 * over the queue as it is (so that only the fields the body names change, and null clears what may be cleared).
 */
@RegisterForReflection
@QueueSettings.RetryDelaysInOrder
public record QueueSettings(
        @WrongType(NAME_RULE) @NotNull(message = "is required", groups = Creation.class) @Pattern(regexp = QueueDefinition.NAME, message = NAME_RULE, groups = Creation.class) @NotReserved(groups = Creation.class) String name,
        @WrongType(TEXT) @Size(max = 1000, message = TEXT) String description,
        @WrongType(CONCURRENCY) @NotNull(message = CONCURRENCY) @Min(value = 1, message = CONCURRENCY) @Max(value = 100_000, message = CONCURRENCY) Integer maxConcurrent,
        @WrongType(PRIORITY) @NotNull(message = PRIORITY) @Min(value = 0, message = PRIORITY) @Max(value = 9, message = PRIORITY) Integer priority,
        @WrongType(RETRIES) @NotNull(message = RETRIES) @Min(value = 0, message = RETRIES) @Max(value = 100, message = RETRIES) Integer maxRetries,
        @WrongType(DELAY) @NotNull(message = DELAY) @JsonDeserialize(using = QueueFormats.DurationReader.class) Duration retryBaseDelay,
        @WrongType(DELAY) @NotNull(message = DELAY) @JsonDeserialize(using = QueueFormats.DurationReader.class) Duration retryMaxDelay,
        @WrongType(TIMEOUT) @JsonDeserialize(using = QueueFormats.DurationReader.class) Duration defaultTimeout,
        @WrongType(RATE) @JsonDeserialize(using = QueueFormats.RateLimitReader.class) RateLimit rateLimit,
        @WrongType(PAUSED) @NotNull(message = PAUSED) Boolean paused) {

    static final String NAME_RULE = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    static final String TEXT = "must be text of at most 1000 characters";
    static final String CONCURRENCY = "must be a whole number from 1 to 100000";
    static final String PRIORITY = "must be a whole number from 0 to 9";
    static final String RETRIES = "must be a whole number from 0 to 100";
    static final String DELAY = "must be a duration from 1 ms to 30 days: ISO-8601 such as PT30S, a short form such as "
            + "500ms, 30s, 5m, 1h, or a number of seconds";
    static final String TIMEOUT = DELAY + ", or null";
    static final String RATE = "must be N/second, N/minute, N/hour or N/day with N ≥ 1, such as 100/hour";
    static final String PAUSED = "must be true or false";

    /** The validation group of what only a new queue is checked for: its name. */
    public interface Creation {
    }

    QueueDefinition toDefinition(Instant createdAt, Instant updatedAt) {
        return new QueueDefinition(name, description, maxConcurrent, priority, maxRetries, retryBaseDelay,
                retryMaxDelay, defaultTimeout, rateLimit, paused, createdAt, updatedAt);
    }

    /** A queue name that would read as another endpoint under /api/queues. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
    @Constraint(validatedBy = NotReserved.Check.class)
    public @interface NotReserved {

        String message() default "is reserved";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Refuses the names of the queue API's own paths. */
        class Check implements ConstraintValidator<NotReserved, String> {

            private static final Set<String> RESERVED = Set.of("tasks", "failed-tasks");

            @Override
            public boolean isValid(String name, ConstraintValidatorContext context) {
                return name == null || !RESERVED.contains(name)
                        || Violations.refuse(context, "'" + name + "' is reserved (a path of the queue API)");
            }
        }
    }

    /** The longest wait between retries is not shorter than the first. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Constraint(validatedBy = RetryDelaysInOrder.Check.class)
    public @interface RetryDelaysInOrder {

        String message() default "must not be shorter than retryBaseDelay";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Speaks when both delays are known and in the wrong order; a delay that is wrong is told on its own. */
        class Check implements ConstraintValidator<RetryDelaysInOrder, QueueSettings> {

            @Override
            public boolean isValid(QueueSettings q, ConstraintValidatorContext context) {
                if (q.retryBaseDelay() == null || q.retryMaxDelay() == null
                        || q.retryMaxDelay().compareTo(q.retryBaseDelay()) >= 0) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                        .addPropertyNode("retryMaxDelay").addConstraintViolation();
                return false;
            }
        }
    }
}
