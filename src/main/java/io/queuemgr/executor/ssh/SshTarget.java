package io.queuemgr.executor.ssh;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.json.Violations;

/**
 * The params every SSH and SCP type shares: where to log in, as whom, with which credential, and how the host's key
 * is checked. Each type's record declares them as its own fields, so that a submission stays one flat object.
 */
public interface SshTarget {

    /** The pattern of {@link #hostKeyPolicy()}. */
    String POLICIES = "strict|accept-new";
    String POLICY_MESSAGE = "must be strict or accept-new";

    String host();

    Integer port();

    String username();

    JsonNode password();

    JsonNode privateKey();

    JsonNode passphrase();

    String keyFile();

    String knownHosts();

    String hostKeyPolicy();

    default int portOr22() {
        return port() == null ? 22 : port();
    }

    default boolean acceptsNewHostKey() {
        return "accept-new".equals(hostKeyPolicy());
    }

    /**
     * A password, a private key or a key file is given, and password and key are secret references: a literal would
     * be stored with the task in Kafka and PostgreSQL.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Constraint(validatedBy = Credentials.Check.class)
    @interface Credentials {

        String message() default "password, privateKey or keyFile is required";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        /** Tells the first credential problem on its field. */
        class Check implements ConstraintValidator<Credentials, SshTarget> {

            static final String NOT_A_REFERENCE = "must be a secret reference {\"secretRef\": \"NAME\"}, not the secret itself";

            @Override
            public boolean isValid(SshTarget t, ConstraintValidatorContext context) {
                if (t.password() == null && t.privateKey() == null && t.keyFile() == null) {
                    return Violations.refuse(context, "password", "password, privateKey or keyFile is required");
                }
                Map<String, JsonNode> secrets = new LinkedHashMap<>();
                secrets.put("password", t.password());
                secrets.put("privateKey", t.privateKey());
                secrets.put("passphrase", t.passphrase());
                for (Map.Entry<String, JsonNode> secret : secrets.entrySet()) {
                    if (secret.getValue() != null && secret.getValue().isTextual()) {
                        return Violations.refuse(context, secret.getKey(), NOT_A_REFERENCE);
                    }
                }
                return true;
            }
        }
    }
}
