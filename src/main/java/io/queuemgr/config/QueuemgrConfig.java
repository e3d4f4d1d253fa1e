package io.queuemgr.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the queuemgr service, under the {@code queuemgr.} prefix. */
@ConfigMapping(prefix = "queuemgr")
public interface QueuemgrConfig {

    /** Name of this instance in task snapshots (workerId); defaults to host name and process id. */
    Optional<String> instanceId();

    /** Where the service keeps its own files (the admin token made on first start; secrets by default). */
    @WithDefault("data")
    java.nio.file.Path dataDir();

    /** Kafka topics and clients. */
    Kafka kafka();

    /** Running tasks. */
    DispatchConfig dispatch();

    /** Accepting tasks. */
    Submission submission();

    /** Executor log lines kept per task. */
    Logs logs();

    /** How long finished tasks stay in the in-memory registry. */
    RegistryConfig registry();

    /** The queue definitions every instance keeps in memory. */
    Queues queues();

    /** Failed attempts waiting on the retry topic for their next try. */
    Retries retries();

    /** Pull workers: external programs that lease tasks over /api/workers. */
    Workers workers();

    /** The projectors that write the status and audit topics to PostgreSQL. */
    Projections projections();

    /** Operators' requests (cancel, pause, resume, retry, delete) sent to the instance that owns the task's queue. */
    Control control();

    /** Kafka topics and clients. */
    interface Kafka {
        /** Prefix of every topic name, so that several installations can share one cluster. */
        @WithDefault("queuemgr")
        String topicPrefix();

        /** Partitions of the submit, work and status topics when the service creates them. */
        @WithDefault("12")
        int partitions();

        /** Replication factor of the topics the service creates. */
        @WithDefault("1")
        short replicationFactor();

        /** How long a missing topic may take to appear before start-up fails. */
        @WithDefault("PT60S")
        Duration startupTimeout();
    }

    /** Accepting tasks. */
    interface Submission {
        /** Largest accepted submission body, in bytes. */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** Largest accepted params of a submission, serialized, in bytes; keep it well below Kafka's record limit. */
        @WithDefault("262144")
        int maxParamsBytes();

        /**
         * How long a REST submission waits for Kafka to take its records while the broker (or its metadata) is away,
         * before it is answered 503 broker-unavailable with nothing sent.
         */
        @WithDefault("PT5S")
        Duration brokerWait();

        /**
         * How long an instance keeps sending the work record of a task whose first snapshot reached Kafka while its
         * work record did not, before it gives up and leaves the task PENDING (a repeat of the submission with the
         * same id or key, or the operator's cancel, ends it then).
         */
        @WithDefault("PT1H")
        Duration strandedRetryFor();

        /** How often such a work record is sent again. */
        @WithDefault("PT5S")
        Duration strandedResendInterval();
    }

    /** Executor log lines kept per task. */
    interface Logs {
        /** Lines kept per task; older lines are dropped first. */
        @WithDefault("500")
        int maxLinesPerTask();

        /** Longest log line kept, in characters; a longer one is cut and marked. */
        @WithDefault("8192")
        int maxLineChars();

        /** Tasks whose lines are kept in memory; the least recently written are dropped first. */
        @WithDefault("10000")
        int maxTasks();
    }

    /** The queue definitions every instance keeps in memory. */
    interface Queues {
        /** How often the definitions are reloaded from PostgreSQL, besides on every change announced by NOTIFY. */
        @WithDefault("PT30S")
        Duration reloadInterval();

        /** How long loading the definitions may take at start before start-up fails. */
        @WithDefault("PT60S")
        Duration loadTimeout();
    }

    /** Failed attempts waiting on the retry topic for their next try. */
    interface Retries {
        /** Longest wait of the retry scheduler for new records; a due retry goes back to work at most this late. */
        @WithDefault("PT0.2S")
        Duration maxWait();

        /** How often the retry scheduler's committed offsets move forward. */
        @WithDefault("PT1S")
        Duration commitInterval();

        /** How long a retry whose hand-over to the work topic failed waits before it is tried again. */
        @WithDefault("PT1S")
        Duration handOverBackoff();
    }

    /** Pull workers: external programs that lease tasks over /api/workers. */
    interface Workers {
        /**
         * How often the instance that offered tasks ends expired leases and looks for a worker's lease, progress or
         * outcome whose notification it missed.
         */
        @WithDefault("PT1S")
        Duration sweepInterval();
    }

    /** The projectors that write the status and audit topics to PostgreSQL. */
    interface Projections {
        /** How long one write of a poll's records may take before it is given up and tried again. */
        @WithDefault("PT30S")
        Duration writeTimeout();
    }

    /** Operators' requests sent to the instance that owns the task's queue. */
    interface Control {
        /** How long a request waits for the owner's reply before it is answered 503 queue-owner-unavailable. */
        @WithDefault("PT10S")
        Duration replyTimeout();

        /** How often a request without a reply is sent again (the queue may have moved to another instance). */
        @WithDefault("PT2S")
        Duration resendInterval();
    }
}
