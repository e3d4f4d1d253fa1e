package io.queuemgr.submission;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.inject.Singleton;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.json.Violations;

/** A task type some executor runs, by its name or an older alias; the message lists the known ones. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Constraint(validatedBy = KnownTaskType.Check.class)
public @interface KnownTaskType {

    String message() default "is not a known task type";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Asks the executors. */
    @Singleton
    class Check implements ConstraintValidator<KnownTaskType, String> {

        private final ExecutorRegistry executors;

        public Check(ExecutorRegistry executors) {
            this.executors = executors;
        }

        @Override
        public boolean isValid(String type, ConstraintValidatorContext context) {
            return type == null || executors.find(type).isPresent() || Violations.refuse(context,
                    "unknown task type '" + type + "'; known: " + String.join(", ", executors.names()));
        }
    }
}
