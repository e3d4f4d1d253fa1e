package io.queuemgr.executor.ssh;

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

import io.queuemgr.json.Violations;

/**
 * A private key file under queuemgr.ssh.key-file-roots. Key files have roots of their own so that the folders
 * transfers may read (queuemgr.guard.path-roots) need not hold keys, and an upload cannot send one away.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Constraint(validatedBy = KeyFile.Check.class)
public @interface KeyFile {

    String message() default "is outside queuemgr.ssh.key-file-roots";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Asks the key-file roots. */
    @Singleton
    class Check implements ConstraintValidator<KeyFile, String> {

        private final KeyFileRoots keyRoots;

        public Check(KeyFileRoots keyRoots) {
            this.keyRoots = keyRoots;
        }

        @Override
        public boolean isValid(String path, ConstraintValidatorContext context) {
            String problem = path == null ? null : keyRoots.problem(path);
            return problem == null || Violations.refuse(context, problem);
        }
    }
}
