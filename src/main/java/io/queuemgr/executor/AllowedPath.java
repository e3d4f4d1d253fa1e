package io.queuemgr.executor;

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

import io.queuemgr.guard.PathGuard;
import io.queuemgr.json.Violations;

/** A file path under one of the roots the operator allows (queuemgr.guard.path-roots). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Constraint(validatedBy = AllowedPath.Check.class)
public @interface AllowedPath {

    String message() default "is outside the allowed roots";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Asks the path guard. */
    @Singleton
    class Check implements ConstraintValidator<AllowedPath, String> {

        private final PathGuard paths;

        public Check(PathGuard paths) {
            this.paths = paths;
        }

        @Override
        public boolean isValid(String path, ConstraintValidatorContext context) {
            String problem = path == null ? null : paths.problem(path);
            return problem == null || Violations.refuse(context, problem);
        }
    }
}
