package io.queuemgr.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** How long finished tasks stay in the in-memory registry; after that they are read from PostgreSQL history. */
public interface RegistryConfig {
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

    /**
     * A running peer (the Kubernetes Service's address, say) that an instance starting without a checkpoint of its
     * own takes one from, with the admin token {@code queuemgr.security.bootstrap-token}, instead of reading the whole
     * status topic; unset, or no peer answering, the whole topic is read.
     */
    Optional<URI> seedFrom();

    /**
     * Which tasks this instance holds: {@code all} of them, or only those of the queues it {@code dispatches} (the
     * status partitions of the work partitions the dispatch group gives it), so that the registry is split between
     * the instances (docs/scaling.md). An instance that does not dispatch holds all. Split holding is refused while any
     * task's newest snapshot is on its id's partition, where a version before the queue layout put it.
     */
    @WithDefault("all")
    Holding holding();

    /**
     * With split holding, how long the registry goes on reading a partition taken away from this instance before it
     * lets that partition's tasks go: a rebalance often gives it back at once (a member rejoining after a restart
     * first gets nothing), and letting go would mean reading it again from its beginning.
     */
    @WithDefault("PT30S")
    Duration letGoAfter();

    /**
     * With split holding, where the other instances reach this one's API to ask it about the tasks it holds;
     * unset, {@code http://<this host's address>:<quarkus.http.port>} (a pod's IP in Kubernetes).
     */
    Optional<URI> advertisedUrl();

    enum Holding {
        ALL,
        DISPATCHED
    }
}
