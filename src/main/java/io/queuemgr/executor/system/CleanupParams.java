package io.queuemgr.executor.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.FileSystems;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;
import io.queuemgr.json.AfterFields;
import io.queuemgr.json.Violations;

/**
 * The params of a system.cleanup task: folders, an age (olderThan as ISO-8601, e.g. P7D, or olderThanDays), an
 * optional glob, whether to go into subfolders, and whether to only report (dryRun, true unless set false).
 */
@RegisterForReflection
@CleanupParams.OneAge(groups = AfterFields.class)
public record CleanupParams(
        @NotNull(message = "is required") @NotEmpty(message = "needs at least one folder") List<@NotNull(message = "is required") @AllowedPath String> directories,
        String olderThan,
        @Min(0) Integer olderThanDays,
        String pattern,
        Boolean recursive,
        Boolean dryRun) {

    /** The age past which a file goes; checked at submission, so it parses. */
    Duration age() {
        return olderThan != null ? Duration.parse(olderThan) : Duration.ofDays(olderThanDays);
    }

    boolean deletes() {
        return Boolean.FALSE.equals(dryRun);
    }

    /** Exactly one age, which parses, and a glob that compiles; told on olderThan or pattern. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Constraint(validatedBy = OneAge.Check.class)
    public @interface OneAge {

        String message() default "needs exactly one of olderThan and olderThanDays";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** The checks that combine fields, or need the parsers. */
        class Check implements ConstraintValidator<OneAge, CleanupParams> {

            @Override
            public boolean isValid(CleanupParams p, ConstraintValidatorContext context) {
                if ((p.olderThan() == null) == (p.olderThanDays() == null)) {
                    return Violations.refuse(context, "olderThan",
                            "needs exactly one of olderThan (ISO-8601, e.g. P7D) and olderThanDays");
                }
                if (p.olderThan() != null) {
                    try {
                        if (Duration.parse(p.olderThan()).isNegative()) {
                            return Violations.refuse(context, "olderThan", "must not be negative");
                        }
                    } catch (DateTimeParseException e) {
                        return Violations.refuse(context, "olderThan",
                                "is not an ISO-8601 duration such as P7D or PT12H");
                    }
                }
                if (p.pattern() != null) {
                    try {
                        FileSystems.getDefault().getPathMatcher("glob:" + p.pattern());
                    } catch (IllegalArgumentException e) {
                        return Violations.refuse(context, "pattern", "is not a glob pattern such as *.log");
                    }
                }
                return true;
            }
        }
    }
}
