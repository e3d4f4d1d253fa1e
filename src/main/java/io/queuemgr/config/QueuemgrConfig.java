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

        /** Finished tasks a sweep checks against PostgreSQL history, and tombstones, per round. */
        @WithDefault("1000")
        int sweepBatch();

        /** How long a sweep's look-up of history rows may take before the sweep fails (and is tried next time). */
        @WithDefault("PT30S")
        Duration sweepStatementTimeout();

        /** How long rebuilding the registry from the status topic may take at start before start-up fails. */
        @WithDefault("PT10M")
        Duration rebuildTimeout();

        /** Threads that apply a large poll of the status topic (the replay at start) by partition; 1: the reader's. */
        @WithDefault("2")
        int readerThreads();

        /**
         * Whether the registry is written to the data directory when the instance stops, so that the next start reads
         * the status topic only from where it stood (docs/architecture.md, "Restart from a checkpoint").
         */
        @WithDefault("true")
        boolean checkpoint();

        /**
         * How often a running instance writes its checkpoint too, so that a start after a crash (SIGKILL, out of
         * memory, a lost node) reads only what came after it; 0 writes one only at a stop. The reader pauses for the
         * write: about a second per million tasks.
         */
        @WithDefault("PT10M")
        Duration checkpointEvery();
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
         * Largest task snapshot on the status topic, in bytes (below Kafka's default record limit of 1 MiB). A task
         * whose outcome would be larger ends FAILED with RESULT_TOO_LARGE and a preview of its result.
         */
        @WithDefault("900000")
        int maxSnapshotBytes();

        /** How often committed offsets move forward. */
        @WithDefault("PT0.5S")
        Duration commitInterval();

        /** How long the broker may hold a work-topic fetch for up to 16 KiB of tasks; zero: a fetch per task. */
        @WithDefault("PT0.005S")
        Duration fetchWait();

        /**
         * How long an instance given partitions of the work topic waits for its registry to catch up with the status
         * topic before it runs their tasks; past it, a task another instance just finished may run again.
         */
        @WithDefault("PT60S")
        Duration catchUpTimeout();

        /** How long a stopped task's executor may take to end before its run ends without it (as cancelled). */
        @WithDefault("PT10S")
        Duration stopGrace();

        /**
         * How long a cancel or pause for a task not running here is remembered, in case a work record of the task
         * is still on its way.
         */
        @WithDefault("PT10M")
        Duration earlyCommandMemory();
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
