package io.queuemgr.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;

/**
 * The registry written to the data directory when the instance stops, with where its reader stood, so that the next
 * start reads the status and log topics only from there instead of from the beginning. Used only where it gives what a
 * full replay would: same layout (any build of it), topics and parts, positions still on the topics, and well within
 * the time the status topic keeps tombstones (an older one could miss a task's removal). Anything else is a full
 * replay, as before.
 */
@Singleton
public class RegistryCheckpoint {

    private static final Logger LOG = Logger.getLogger(RegistryCheckpoint.class);
    /** The file's name in the data directory. */
    static final String FILE = "registry.checkpoint";

    private final TaskRegistry registry;
    private final List<CheckpointPart> parts;
    private final List<StatusListener> listeners;
    private final Where where;
    private final KafkaClients clients;
    private final Clock clock;
    private final UnreadRecords unread;
    /** The topics' ids as the broker gave them at start; the checkpoint names them. */
    private volatile Map<String, String> topicIds = Map.of();
    /** What the last {@link #restore()} did, as its log line says it. */
    private volatile String outcome = "";
    /** When the registry was complete at start or a checkpoint was last written; the next one is due a period after. */
    private volatile long lastMs;
    /** Whether the start's replay is over: the checkpoints while running are due from then on. */
    private volatile boolean running;
    /** What is handed to peers that start without a checkpoint. */
    private final CheckpointForPeers peers;

    /**
     * Where the checkpoint is kept and what it is of: the file (none: no checkpoint), the status and log topics, the
     * layout of the tasks and parts that this build writes and reads, the build, how long the broker may take to
     * answer, and how often a running instance writes it (zero: only at a stop).
     */
    record Where(Path file, String statusTopic, String logsTopic, String layout, String build, Duration timeout,
            Duration every, Optional<PeerCheckpoint.Seed> seed) {
    }

    @Inject
    public RegistryCheckpoint(TaskRegistry registry, Instance<CheckpointPart> parts,
            Instance<StatusListener> listeners, Topics topics, KafkaClients clients, QueuemgrConfig config,
            Clock clock, UnreadRecords unread,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version,
            @ConfigProperty(name = "queuemgr.security.bootstrap-token") Optional<String> adminToken) {
        this(registry, parts.stream().toList(), listeners.stream().toList(),
                new Where(config.registry().checkpoint() ? config.dataDir().resolve(FILE) : null,
                        topics.taskStatus(), topics.taskLogs(), CheckpointFile.layout(),
                        version + "+" + CheckpointSource.builtAt(), config.kafka().startupTimeout(),
                        config.registry().checkpointEvery(),
                        PeerCheckpoint.Seed.of(config.registry().seedFrom(), adminToken)),
                clients, clock, unread);
    }

    RegistryCheckpoint(TaskRegistry registry, List<CheckpointPart> parts, List<StatusListener> listeners,
            Where where, KafkaClients clients, Clock clock, UnreadRecords unread) {
        this.registry = registry;
        // In one order, whatever order the container hands them over in.
        this.parts = parts.stream().sorted(Comparator.comparing(CheckpointPart::checkpointName)).toList();
        this.listeners = listeners;
        this.where = where;
        this.clients = clients;
        this.clock = clock;
        this.unread = unread;
        this.peers = new CheckpointForPeers(where.file(), where.every());
    }

    /**
     * Before the reader starts: takes the registry and its parts back from the checkpoint when it fits the topics as
     * they are now. Answers where to read on from; empty for a full replay.
     */
    public Optional<Map<TopicPartition, Long>> restore() {
        CheckpointRestore start = new CheckpointRestore(registry, parts, listeners, where, clients, clock, unread);
        Optional<Map<TopicPartition, Long>> from = start.run();
        topicIds = start.topicIds();
        outcome = start.outcome();
        return from;
    }

    /** What the last restore did: "restored", "none" (no file), or why the checkpoint was not used. */
    String outcome() {
        return outcome;
    }

    /**
     * The registry is complete: a checkpoint is due a period from now, and every period after. None is written during
     * the start's replay, which it would only slow down.
     */
    public void running() {
        lastMs = clock.millis();
        running = true;
    }

    /**
     * On the reader's thread between two polls, every record before {@code positions} applied: writes a checkpoint
     * when one is due. The parts change only on that thread, so they stand exactly at the positions. The registry also
     * takes this instance's own snapshots at their ack, which go on meanwhile: a task may be written newer than the
     * positions say, and the start after a crash reads its later records again, which the version check makes
     * harmless. Tasks are handed over in slices, so an ack waits for one slice at most, not the whole file.
     */
    public void saveIfDue(Map<TopicPartition, Long> positions) {
        boolean due = where.every().toMillis() > 0 && clock.millis() - lastMs >= where.every().toMillis();
        if (running && (due || peers.asked())) {
            save(positions);
        }
    }

    /** A whole checkpoint for a peer that starts without one ({@link CheckpointForPeers#ask}). */
    public CompletableFuture<Path> forPeer() {
        return peers.ask(clock.millis(), running);
    }

    /**
     * With every record before {@code positions} applied and the parts not changing (the reader stopped, or this is its
     * thread between polls): writes the registry and its parts as they stand. The previous checkpoint stays until the
     * new one is whole.
     */
    public void save(Map<TopicPartition, Long> positions) {
        lastMs = clock.millis();
        if (where.file() == null || topicIds.isEmpty()) {
            // No topics known (the start could not read them): none can be written, and a peer waiting is told so.
            peers.answer(false, lastMs);
            return;
        }
        CheckpointRestore.removeAbandoned(where.file(), clock.millis());
        long begin = System.nanoTime();
        try {
            CheckpointFile.write(where.file(),
                    new CheckpointFile.Header(where.layout(), where.build(), unread.count(), registry.packedForm(),
                            clock.millis(), topicIds, positions,
                            parts.stream().map(CheckpointPart::checkpointName).toList()),
                    registry, parts);
            LOG.infof("Registry checkpoint written: %d tasks, %d MiB in %d ms", registry.size(),
                    Files.size(where.file()) >> 20, (System.nanoTime() - begin) / 1_000_000);
            peers.answer(true, lastMs);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            LOG.warnf("The registry checkpoint could not be written (%s): the next start uses the one before, if any",
                    e.toString());
            peers.answer(false, lastMs);
        }
    }
}
