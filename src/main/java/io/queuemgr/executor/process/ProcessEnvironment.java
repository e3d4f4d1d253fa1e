package io.queuemgr.executor.process;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.SecretOrText;
import io.queuemgr.json.Violations;

/**
 * An environment a child process can be started with: each variable's name non-empty and without '=' or NUL, no
 * value holding NUL.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Constraint(validatedBy = ProcessEnvironment.Check.class)
public @interface ProcessEnvironment {

    String message() default "is not an environment a process can have";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Tells the first variable that cannot be; speaks once every value is text or a secret reference. */
    class Check implements ConstraintValidator<ProcessEnvironment, Map<String, JsonNode>> {

        @Override
        public boolean isValid(Map<String, JsonNode> env, ConstraintValidatorContext context) {
            if (env == null || !SecretOrText.Check.allFit(env)) {
                return true;
            }
            for (Map.Entry<String, JsonNode> variable : env.entrySet()) {
                String name = variable.getKey();
                if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                    return Violations.refuse(context, "'" + name
                            + "' is not a variable name: it must be non-empty, without '=' or NUL");
                }
                if (variable.getValue().isTextual() && variable.getValue().asText().indexOf('\0') >= 0) {
                    return Violations.refuse(context, "the value of " + name + " holds a NUL character");
                }
            }
            return true;
        }
    }
}
