package io.queuemgr.schedule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.ZoneId;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** An IANA time zone name such as {@code Europe/Berlin}, or {@code UTC}; offsets like {@code +02:00} are not. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Constraint(validatedBy = ZoneText.Check.class)
public @interface ZoneText {

    String message() default "must be an IANA time zone such as Europe/Berlin or UTC";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Looks it up among the region ids the JDK knows. */
    class Check implements ConstraintValidator<ZoneText, String> {

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            // A fixed offset would not follow daylight saving time, which is what a zone is asked for.
            return text == null || ZoneId.getAvailableZoneIds().contains(text);
        }
    }
}
