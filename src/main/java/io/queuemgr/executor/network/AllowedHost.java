package io.queuemgr.executor.network;

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

import com.fasterxml.jackson.databind.node.TextNode;

import io.queuemgr.guard.Cidr;
import io.queuemgr.guard.DestinationGuard;
import io.queuemgr.json.Violations;

/**
 * A host a test may reach by the rules of HTTP destinations (queuemgr.guard.http): a literal address or a denied
 * name is refused at submission; a name is checked again, by its addresses, when the test runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Constraint(validatedBy = AllowedHost.Check.class)
public @interface AllowedHost {

    String message() default "is not an allowed destination";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Asks the destination guard, as it would be asked of a URL to that host. */
    @Singleton
    class Check implements ConstraintValidator<AllowedHost, String> {

        private final DestinationGuard destinations;

        public Check(DestinationGuard destinations) {
            this.destinations = destinations;
        }

        @Override
        public boolean isValid(String host, ConstraintValidatorContext context) {
            if (host == null || !host.matches(NetworkTestParams.HOST)) {
                return true;
            }
            String problem = destinations.problem(TextNode.valueOf("tcp://" + bracketed(host) + "/"));
            return problem == null || Violations.refuse(context, problem);
        }

        private static String bracketed(String host) {
            return host.contains(":") && !host.startsWith("[") && Cidr.literal(host) != null ? "[" + host + "]" : host;
        }
    }
}
