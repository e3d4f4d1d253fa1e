package io.queuemgr.executor;

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

import io.queuemgr.json.Violations;
import io.queuemgr.secret.SecretRef;

/**
 * A parameter value that is text, or {@code {"secretRef": "NAME"}} for a secret the executor looks up when the task
 * runs (an environment variable, a header). Declared on the values of a map: {@code Map<String, @SecretOrText
 * JsonNode>}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Constraint(validatedBy = SecretOrText.Check.class)
public @interface SecretOrText {

    /** What a map of such values that is not a JSON object is told. */
    String NOT_A_MAP = "must be an object of strings or secret references";

    String message() default "must be a string or a secret reference";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Tells what is wrong with the shape. */
    class Check implements ConstraintValidator<SecretOrText, JsonNode> {

        /** Whether every value of the map has the shape: a rule over the whole map speaks only then. */
        public static boolean allFit(Map<String, JsonNode> values) {
            return values.values().stream().allMatch(v -> SecretRef.problem(v) == null);
        }

        @Override
        public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
            String problem = value == null ? null : SecretRef.problem(value);
            return problem == null || Violations.refuse(context, problem);
        }
    }
}
