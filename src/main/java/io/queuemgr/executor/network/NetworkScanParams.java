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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.json.Violations;

/** The params of a network.scan: which host, which TCP ports, how many at once, how long to wait for each. */
@RegisterForReflection
@NetworkScanParams.WithinScanPolicy
public record NetworkScanParams(
        @NotNull(message = "is required") @Pattern(regexp = NetworkTestParams.HOST, message = "must be a host name or an IP address") String host,
        JsonNode ports,
        @Min(value = 1, message = "must be 1 or more") Integer concurrency,
        @Min(value = 1, message = TIMEOUT) @Max(value = 60_000, message = TIMEOUT) Integer timeoutMillis) {

    static final String TIMEOUT = "must be from 1 to 60000 milliseconds";
    static final int DEFAULT_CONCURRENCY = 50;
    static final int DEFAULT_TIMEOUT_MILLIS = 1_000;

    int concurrencyWithin(ScanPolicy policy) {
        return Math.min(concurrency == null ? DEFAULT_CONCURRENCY : concurrency, policy.maxConcurrency());
    }

    int timeout() {
        return timeoutMillis == null ? DEFAULT_TIMEOUT_MILLIS : timeoutMillis;
    }

    /** A host, ports and concurrency within what the operator allows (queuemgr.network.scan-*); told per field. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Constraint(validatedBy = WithinScanPolicy.Check.class)
    public @interface WithinScanPolicy {

        String message() default "is not allowed for scans";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Asks the scan policy about the first field it refuses. */
        @Singleton
        class Check implements ConstraintValidator<WithinScanPolicy, NetworkScanParams> {

            private final ScanPolicy policy;

            public Check(ScanPolicy policy) {
                this.policy = policy;
            }

            @Override
            public boolean isValid(NetworkScanParams p, ConstraintValidatorContext context) {
                String refused = p.host() == null ? null : policy.refusal(p.host()).orElse(null);
                if (refused != null) {
                    return Violations.refuse(context, "host", refused);
                }
                String ports = PortSpec.read(p.ports(), policy.maxPorts()).problem();
                if (ports != null) {
                    return Violations.refuse(context, "ports", ports);
                }
                if (p.concurrency() != null && p.concurrency() > policy.maxConcurrency()) {
                    return Violations.refuse(context, "concurrency", "must be at most " + policy.maxConcurrency()
                            + " (queuemgr.network.scan-max-concurrency)");
                }
                return true;
            }
        }
    }
}
