package io.queuemgr.executor.network;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.json.Violations;
import io.queuemgr.json.WrongType;

/** The params of a network.monitor: a test (as network.test takes it) repeated on an interval for a duration. */
@RegisterForReflection
@NetworkMonitorParams.BoundedRounds
public record NetworkMonitorParams(
        @NotNull(message = "is required") @Valid NetworkTestParams test,
        @DecimalMin(value = "0.1", message = INTERVAL) @DecimalMax(value = "3600", message = INTERVAL) @WrongType(INTERVAL) Double intervalSeconds,
        @NotNull(message = "is required") @Min(value = 1, message = DURATION) @Max(value = 604_800, message = DURATION) Integer durationSeconds,
        @DecimalMin(value = "0", message = PERCENT) @DecimalMax(value = "100", message = PERCENT) @WrongType(PERCENT) Double minAvailabilityPercent) {

    static final String INTERVAL = "must be a number of seconds from 0.1 to 3600";
    static final String DURATION = "must be from 1 to 604800 seconds (a week)";
    static final String PERCENT = "must be a percentage from 0 to 100";
    static final double DEFAULT_INTERVAL_SECONDS = 10;
    static final int MAX_ROUNDS = 10_000;

    Duration interval() {
        double seconds = intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    Duration duration() {
        return Duration.ofSeconds(durationSeconds);
    }

    /** At most {@value #MAX_ROUNDS} tests over the duration: each one's latency is kept for the percentiles. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Constraint(validatedBy = BoundedRounds.Check.class)
    public @interface BoundedRounds {

        String message() default "makes too many tests";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Told on intervalSeconds, once it and durationSeconds are right on their own. */
        class Check implements ConstraintValidator<BoundedRounds, NetworkMonitorParams> {

            @Override
            public boolean isValid(NetworkMonitorParams p, ConstraintValidatorContext context) {
                if (p.durationSeconds() == null || p.durationSeconds() < 1 || p.interval().toMillis() < 100) {
                    return true;
                }
                long rounds = p.duration().toMillis() / p.interval().toMillis();
                return rounds <= MAX_ROUNDS || Violations.refuse(context, "intervalSeconds", "makes " + rounds
                        + " tests over durationSeconds, more than " + MAX_ROUNDS + ": test less often");
            }
        }
    }
}
