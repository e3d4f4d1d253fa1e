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
    Dispatch dispatch();

    /** Accepting tasks. */
    Submission submission();

    /** Executor log lines kept per task. */
    Logs logs();

    /** How long finished tasks stay in the in-memory registry. */
    Registry registry();

    /** Operators' requests (cancel, pause, resume, retry, delete) sent to the instance that owns the task's queue. */
    Control control();

    /** Operators' requests sent to the instance that owns the task's queue. */
    interface Control {
        /** How long a request waits for the owner's reply before it is answered 503 queue-owner-unavailable. */
        @WithDefault("PT10S")
        Duration replyTimeout();

        /** How often a request without a reply is sent again (the queue may have moved to another instance). */
        @WithDefault("PT2S")
        Duration resendInterval();
    }

    /** How long finished tasks stay in the in-memory registry; after that they are read from PostgreSQL history. */
    interface Registry {
        /** COMPLETED and CANCELLED tasks leave the registry this long after they finished. */
        @WithDefault("PT24H")
        Duration retention();

        /** Dead letters (FAILED, TIMEOUT) stay listed and requeueable this long after they finished. */
        @WithDefault("P7D")
        Duration deadLetterRetention();

        /** At most this many finished tasks stay; beyond it the oldest leave first, whatever their age. */
        @WithDefault("250000")
        int maxFinished();

        /** How often the instance looks for finished tasks to let go. */
        @WithDefault("PT1M")
        Duration sweepInterval();
    }

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

    /** Running tasks. */
    interface Dispatch {
        /** Whether this instance runs tasks at all (an API-only instance sets false). */
        @WithDefault("true")
        boolean enabled();

        /** Tasks this instance runs at once. */
        @WithDefault("256")
        int maxInFlight();

        /**
         * Fetched tasks kept whole while they wait for a slot. Beyond this many, a waiting task is kept as its place
         * in line (about 100 bytes) and read from the registry when it starts.
         */
        @WithDefault("4096")
        int bufferSize();

        /**
         * Fetched tasks waiting for a slot before the consumer stops fetching. Priority is kept over everything
         * fetched, so a higher-priority task overtakes a backlog smaller than this.
         */
        @WithDefault("1000000")
        int maxBuffered();

        /** Timeout of a task that names none. */
        @WithDefault("PT1H")
        Duration defaultTimeout();

        /** How long running tasks may take to finish when the instance stops; the rest run again elsewhere. */
        @WithDefault("PT30S")
        Duration shutdownGrace();

        /**
         * Largest task snapshot on the status topic, in bytes (below Kafka's default record limit of 1 MiB). A task whose
         * outcome would be larger ends FAILED with RESULT_TOO_LARGE and a preview of its result.
         */
        @WithDefault("900000")
        int maxSnapshotBytes();

        /** How often committed offsets move forward. */
        @WithDefault("PT0.5S")
        Duration commitInterval();
    }

    /** Accepting tasks. */
    interface Submission {
        /** Largest accepted submission body, in bytes. */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** Largest accepted params of a submission, serialized, in bytes; keep it well below Kafka's record limit. */
        @WithDefault("262144")
        int maxParamsBytes();
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
}
