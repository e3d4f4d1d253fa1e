package io.queuemgr.executor.network;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.http.WebhookParams;
import io.queuemgr.json.Violations;

/**
 * The params of a network.test (and of each test a network.monitor repeats): what kind of test, against which host
 * and port or URL, and how long to wait.
 */
@RegisterForReflection
@NetworkTestParams.FitsKind
public record NetworkTestParams(
        @NotNull(message = "is required") @Pattern(regexp = "tcp|http|dns|tls", message = KINDS) String kind,
        @Pattern(regexp = HOST, message = "must be a host name or an IP address") @AllowedHost String host,
        @Min(value = 1, message = PORT) @Max(value = 65_535, message = PORT) Integer port,
        @WebhookParams.Url String url,
        @Min(value = 1, message = TIMEOUT) @Max(value = 300_000, message = TIMEOUT) Integer timeoutMillis,
        @WebhookParams.Statuses List<Integer> expectedStatus,
        @Min(value = 0, message = "must be 0 or more") Integer minDaysValid,
        Boolean insecure) {

    static final String KINDS = "must be tcp, http, dns or tls";
    static final String HOST = "[A-Za-z0-9._:%\\[\\]-]{1,253}";
    static final String PORT = "must be a port from 1 to 65535";
    static final String TIMEOUT = "must be from 1 to 300000 milliseconds";
    static final int DEFAULT_TIMEOUT_MILLIS = 5_000;
    static final int DEFAULT_TLS_PORT = 443;

    public int timeout() {
        return timeoutMillis == null ? DEFAULT_TIMEOUT_MILLIS : timeoutMillis;
    }

    /** The port to test: as given, or 443 for a TLS test. */
    public Integer portOrDefault() {
        return port == null && "tls".equals(kind) ? Integer.valueOf(DEFAULT_TLS_PORT) : port;
    }

    public boolean isInsecure() {
        return Boolean.TRUE.equals(insecure);
    }

    /** The fields each kind needs, and those only one kind uses; told on the field concerned. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Constraint(validatedBy = FitsKind.Check.class)
    public @interface FitsKind {

        String message() default "does not fit the kind of test";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Speaks of the first field that does not fit, or of none while the kind itself is wrong. */
        class Check implements ConstraintValidator<FitsKind, NetworkTestParams> {

            @Override
            public boolean isValid(NetworkTestParams p, ConstraintValidatorContext context) {
                String kind = p.kind();
                if (kind == null || !kind.matches("tcp|http|dns|tls")) {
                    return true;
                }
                boolean byUrl = kind.equals("http");
                if (byUrl && p.url() == null) {
                    return Violations.refuse(context, "url", "is required for kind http");
                }
                if (!byUrl && p.host() == null) {
                    return Violations.refuse(context, "host", "is required for kind " + kind);
                }
                if (kind.equals("tcp") && p.port() == null) {
                    return Violations.refuse(context, "port", "is required for kind tcp");
                }
                if (byUrl ? p.host() != null || p.port() != null : p.url() != null) {
                    return Violations.refuse(context, byUrl ? (p.host() != null ? "host" : "port") : "url",
                            byUrl
                                    ? "is not used by kind http: the url names the host and port"
                                    : "is used by kind http only");
                }
                return onlyFor(context, p.expectedStatus() != null, "expectedStatus", "http", kind)
                        && onlyFor(context, p.minDaysValid() != null, "minDaysValid", "tls", kind)
                        && onlyFor(context, p.insecure() != null, "insecure", "tls", kind)
                        && onlyFor(context, kind.equals("dns") && p.port() != null, "port", "tcp and tls", "dns");
            }

            private static boolean onlyFor(ConstraintValidatorContext context, boolean given, String field,
                    String owner, String kind) {
                return !given || owner.contains(kind) || Violations.refuse(context, field, "is used by kind "
                        + owner + " only");
            }
        }
    }
}
