package io.queuemgr.json;

import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.ConstraintViolation;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;
import org.hibernate.validator.engine.HibernateConstraintViolation;

/**
 * How the validator of a custom constraint says what is wrong in words of its own, which may quote the input. The
 * words travel with the violation as they are: a message template would read backslashes, braces and dollar signs
 * in them as its own syntax.
 */
public final class Violations {

    /** The exact words of a refusal. */
    private record Words(String text) {
    }

    private Violations() {
    }

    /** Reports the message on the value validated; answers false, for {@code isValid} to return. */
    public static boolean refuse(ConstraintValidatorContext context, String message) {
        words(context, message).buildConstraintViolationWithTemplate("{problem}").addConstraintViolation();
        return false;
    }

    /** The same for a class-level constraint, on one field of the record. */
    public static boolean refuse(ConstraintValidatorContext context, String field, String message) {
        words(context, message).buildConstraintViolationWithTemplate("{problem}").addPropertyNode(field)
                .addConstraintViolation();
        return false;
    }

    /** What the violation says: the exact words of a refusal, else its interpolated message. */
    static String message(ConstraintViolation<?> violation) {
        HibernateConstraintViolation<?> hibernate = violation.unwrap(HibernateConstraintViolation.class);
        Words words = hibernate.getDynamicPayload(Words.class);
        return words != null ? words.text() : violation.getMessage();
    }

    private static HibernateConstraintValidatorContext words(ConstraintValidatorContext context, String message) {
        context.disableDefaultConstraintViolation();
        return context.unwrap(HibernateConstraintValidatorContext.class).withDynamicPayload(new Words(message))
                .addMessageParameter("problem", message);
    }
}
