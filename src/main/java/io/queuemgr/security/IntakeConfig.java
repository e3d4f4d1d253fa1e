package io.queuemgr.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Kafka intake of the submit topic: who its records run as and how it commits, under {@code queuemgr.intake.}. */
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

    /** How often the intake's committed offsets move forward. */
    @WithDefault("PT0.5S")
    Duration commitInterval();

    /** Polls handed to Kafka and not yet acknowledged in full before the intake waits for the oldest of them. */
    @WithDefault("8")
    int maxPendingBatches();

    /** The principal as a caller. */
    default Caller caller() {
        return new Caller(principal(), Roles.expand(roles()), new TypeGrants(allowedTypes().orElse(List.of())));
    }
}
