package io.queuemgr.executor.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.inject.Singleton;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.SecretOrText;
import io.queuemgr.guard.DestinationGuard;
import io.queuemgr.json.Violations;
import io.queuemgr.json.WrongType;

/**
 * The params of a webhook task: where to send what. Refused at submission is what the HTTP client could not send
 * at all, rather than found when the task runs and retried as an internal error.
 */
@RegisterForReflection
public record WebhookParams(
        @NotNull(message = "is required") @Url String url,
        @Pattern(regexp = WebhookRules.TOKEN, message = "must be an HTTP method name such as POST or PUT") String method,
        @WrongType(SecretOrText.NOT_A_MAP) @Headers Map<String, @SecretOrText JsonNode> headers,
        JsonNode body,
        @Statuses List<Integer> expectedStatus) {

    /** An absolute http or https URL to a destination the operator allows (queuemgr.guard.http). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
    @Constraint(validatedBy = Url.Check.class)
    public @interface Url {

        String message() default WebhookRules.URL;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** The URL's form, then its destination. */
        @Singleton
        class Check implements ConstraintValidator<Url, String> {

            private final DestinationGuard destinations;

            public Check(DestinationGuard destinations) {
                this.destinations = destinations;
            }

            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                String problem = value == null ? null : WebhookRules.url(value);
                if (problem == null && value != null) {
                    problem = destinations.problem(TextNode.valueOf(value));
                }
                return problem == null || Violations.refuse(context, problem);
            }
        }
    }

    /** Header names and literal values HTTP can carry; speaks once every value is text or a secret reference. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
    @Constraint(validatedBy = Headers.Check.class)
    public @interface Headers {

        String message() default "has a header HTTP cannot carry";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Tells the first header that cannot be sent. */
        class Check implements ConstraintValidator<Headers, Map<String, JsonNode>> {

            @Override
            public boolean isValid(Map<String, JsonNode> value, ConstraintValidatorContext context) {
                String problem = value == null || !SecretOrText.Check.allFit(value)
                        ? null
                        : WebhookRules.headers(value);
                return problem == null || Violations.refuse(context, problem);
            }
        }
    }

    /** HTTP statuses from 100 to 599; speaks once every element is a whole number. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
    @Constraint(validatedBy = Statuses.Check.class)
    public @interface Statuses {

        String message() default "must list HTTP statuses from 100 to 599";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Checks each status. */
        class Check implements ConstraintValidator<Statuses, List<Integer>> {

            @Override
            public boolean isValid(List<Integer> value, ConstraintValidatorContext context) {
                return value == null || value.stream().anyMatch(Objects::isNull)
                        || WebhookRules.statuses(value) == null;
            }
        }
    }
}
