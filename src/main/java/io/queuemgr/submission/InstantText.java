package io.queuemgr.submission;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** Text that {@link Instant#parse} reads: an ISO-8601 instant, in UTC ({@code Z}) or with an offset. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Constraint(validatedBy = InstantText.Check.class)
public @interface InstantText {

    String message() default "must be an ISO-8601 instant";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Tries it. */
    class Check implements ConstraintValidator<InstantText, String> {

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            if (text == null) {
                return true;
            }
            try {
                Instant.parse(text);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
