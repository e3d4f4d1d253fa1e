package io.queuemgr.executor.data;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.json.AfterFields;
import io.queuemgr.json.Violations;

/**
 * One condition on a row: the column, the comparison and the value compared with. lt, le, gt and ge compare as
 * numbers when both sides are numbers, else as text; contains looks for the text, matches for the regular
 * expression anywhere in the value; empty and notEmpty take no value (a missing column, null and "" are empty).
 */
@RegisterForReflection
@RowFilter.Complete(groups = AfterFields.class)
public record RowFilter(
        @NotNull(message = "is required") String column,
        @NotNull(message = "is required") @jakarta.validation.constraints.Pattern(regexp = Op.NAMES, message = "must be one of "
                + Op.NAMES) String op,
        JsonNode value) {

    /** A value where the op needs one, and a regular expression Java can compile for matches. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Constraint(validatedBy = Complete.Check.class)
    public @interface Complete {

        String message() default "is incomplete";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Tells the value what is wrong with it. */
        class Check implements ConstraintValidator<Complete, RowFilter> {

            @Override
            public boolean isValid(RowFilter filter, ConstraintValidatorContext context) {
                String problem = filter.problem();
                return problem == null || Violations.refuse(context, "value", problem);
            }
        }
    }

    /** The comparisons, by the names the params use. */
    public enum Op {
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE,
        CONTAINS,
        MATCHES,
        EMPTY,
        NOT_EMPTY;

        static final String NAMES = "eq|ne|lt|le|gt|ge|contains|matches|empty|notEmpty";

        static Op named(String name) {
            return "notEmpty".equals(name) ? NOT_EMPTY : valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }

        boolean takesValue() {
            return this != EMPTY && this != NOT_EMPTY;
        }
    }

    /** What is wrong with the value for the op, or null. */
    String problem() {
        if (op == null || !op.matches(Op.NAMES)) {
            return null;
        }
        Op named = Op.named(op);
        boolean given = value != null && !value.isNull();
        if (named.takesValue() && (!given || !value.isValueNode())) {
            return "is required for " + op + " and must be text, a number or true/false";
        }
        if (!named.takesValue() && given) {
            return "must be left out for " + op;
        }
        if (named == Op.MATCHES) {
            try {
                Pattern.compile(value.asText());
            } catch (PatternSyntaxException e) {
                return "is not a regular expression: " + e.getDescription();
            }
        }
        return null;
    }
}
