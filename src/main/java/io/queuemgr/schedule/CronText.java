package io.queuemgr.schedule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** Text that {@link CronSchedule} reads; the message names what the parser found wrong. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Constraint(validatedBy = CronText.Check.class)
public @interface CronText {

    String message() default CronSchedule.FORMS;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Parses it, and tells the parser's reason in place of the default message. */
    class Check implements ConstraintValidator<CronText, String> {

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            if (text == null) {
                return true;
            }
            var problem = CronSchedule.problem(text);
            problem.ifPresent(why -> {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(why.replace("{", "\\{").replace("$", "\\$"))
                        .addConstraintViolation();
            });
            return problem.isEmpty();
        }
    }
}
