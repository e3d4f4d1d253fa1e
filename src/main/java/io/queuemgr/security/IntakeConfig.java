package io.queuemgr.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who records on the submit topic run as, under {@code queuemgr.intake.}. */
@ConfigMapping(prefix = "queuemgr.intake")
public interface IntakeConfig {

    /** The name tasks submitted over Kafka carry as submittedBy. */
    @WithDefault("kafka-intake")
    String principal();

    /** The roles of that principal; it needs submitter to submit at all. */
    @WithDefault("submitter")
    List<String> roles();

    /** Code-running task types it may submit (e.g. command, ssh.*, *); none unless configured. */
    Optional<List<String>> allowedTypes();

    /** The principal as a caller. */
    default Caller caller() {
        return new Caller(principal(), Roles.expand(roles()), new TypeGrants(allowedTypes().orElse(List.of())));
    }
}
