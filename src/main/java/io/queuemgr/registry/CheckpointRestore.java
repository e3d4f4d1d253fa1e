package io.queuemgr.registry;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.queuemgr.messaging.KafkaClients;

/**
 * One start's restore of the registry: its own checkpoint when it fits the topics as they are now, else a running
 * peer's when one is named (a new instance's empty data directory, or its own file refused), else nothing and the
 * reader replays the whole topic. Whatever was taken back of a checkpoint that then failed is let go of.
 */
final class CheckpointRestore {

    private static final Logger LOG = Logger.getLogger(RegistryCheckpoint.class);
    /** A temporary file this old was left by a write that died (another instance's write takes seconds). */
    private static final Duration ABANDONED = Duration.ofMinutes(10);

    private final TaskRegistry registry;
    private final List<CheckpointPart> parts;
    private final List<StatusListener> listeners;
    private final RegistryCheckpoint.Where where;
    private final KafkaClients clients;
    private final Clock clock;
    private final UnreadRecords unread;
    private Map<String, String> topicIds = Map.of();
    private String outcome = "";
    /** Whether the last read of its own checkpoint refused it, so that a peer's may stand in. */
    private boolean refusedOwn;

    CheckpointRestore(TaskRegistry registry, List<CheckpointPart> parts, List<StatusListener> listeners,
            RegistryCheckpoint.Where where, KafkaClients clients, Clock clock, UnreadRecords unread) {
        this.registry = registry;
        this.parts = parts;
        this.listeners = listeners;
        this.where = where;
        this.clients = clients;
        this.clock = clock;
        this.unread = unread;
    }

    /** Takes the registry and its parts back; answers where to read on from, empty for a full replay. */
    Optional<Map<TopicPartition, Long>> run() {
        long begin = System.nanoTime();
        if (where.file() != null) {
            removeAbandoned(where.file(), clock.millis());
        }
        try {
            Optional<Map<TopicPartition, Long>> from = restoreOnce(begin, true);
            // Its own refused (written too long ago, damaged, of topics created again): a running peer's fits.
            if (from.isEmpty() && refusedOwn && where.seed().isPresent()) {
                PeerCheckpoint.Taken taken = PeerCheckpoint.instead(where.file(), where.seed().get());
                LOG.infof("A peer's registry checkpoint %s", taken.what());
                if (taken.file()) {
                    from = restoreOnce(begin, false);
                }
            }
            return from;
        } catch (NoSuchFileException e) {
            outcome = "none";
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return forget(e);
        } catch (Exception | OutOfMemoryError e) {
            // Out of memory: the registry is let go of, and the replay may well fit where the two did not.
            return forget(e);
        }
    }

    /** One checkpoint, its own ({@code own}) or the one a peer handed over after its own was refused. */
    private Optional<Map<TopicPartition, Long>> restoreOnce(long begin, boolean own) throws Exception {
        refusedOwn = false;
        // Taken first whatever comes next: a read begun early that nobody uses is let go of.
        try (CheckpointSource source = CheckpointSource.of(where.file())) {
            if (where.file() == null) {
                return Optional.empty();
            }
            Optional<PeerCheckpoint.Taken> taken = own
                    ? PeerCheckpoint.atStart(where.file(), where.seed(), source.readEarly())
                    : Optional.empty();
            taken.ifPresent(t -> LOG.infof("A peer's registry checkpoint %s", t.what()));
            // A peer's file refused would be refused again.
            boolean peerNext = own && where.seed().isPresent() && taken.filter(PeerCheckpoint.Taken::file).isEmpty();
            Optional<Map<TopicPartition, Long>> from = restore(begin, source, peerNext);
            refusedOwn = peerNext && from.isEmpty();
            return from;
        }
    }

    /** The checkpoint of {@code source}, if it fits; {@code peerNext}: a peer is asked for its own if not. */
    private Optional<Map<TopicPartition, Long>> restore(long begin, CheckpointSource source, boolean peerNext)
            throws Exception {
        try (Admin admin = clients.admin()) {
            topicIds = CheckpointFit.topicIds(admin, where);
            Optional<CheckpointFile> opened = source.open();
            if (opened.isEmpty()) {
                return refused("it is damaged or of another format", peerNext);
            }
            try (CheckpointFile file = opened.get()) {
                String refusal = CheckpointFit.refusal(file.header(), admin, where, registry.packedForm(),
                        parts.stream().map(CheckpointPart::checkpointName).toList(), topicIds, clock.millis());
                if (refusal != null) {
                    return refused(refusal, peerNext);
                }
                source.readBody(file, registry, parts);
                unread.restore(file.header().unread());
            }
            Map<TopicPartition, Long> from = opened.get().header().positions();
            from.forEach((tp, next) -> {
                if (tp.topic().equals(where.statusTopic())) {
                    listeners.forEach(l -> l.restoredTo(tp.partition(), next));
                }
            });
            outcome = "restored";
            LOG.infof("Registry restored from its checkpoint: %d tasks in %d ms%s; reading the topics on from there",
                    registry.size(), (System.nanoTime() - begin) / 1_000_000, source.how());
            return Optional.of(from);
        }
    }

    /** What it did: "restored", "none" (no file), or why the checkpoint was not used. */
    String outcome() {
        return outcome;
    }

    /** The topics' ids as the broker gave them; empty when it could not be asked. */
    Map<String, String> topicIds() {
        return topicIds;
    }

    private Optional<Map<TopicPartition, Long>> refused(String why, boolean peerNext) {
        outcome = why;
        LOG.infof("The registry checkpoint %s is not used (%s): %s", where.file(), why, peerNext
                ? "asking " + where.seed().orElseThrow().from() + " for its own"
                : "the registry is rebuilt from the whole topic");
        return Optional.empty();
    }

    private Optional<Map<TopicPartition, Long>> forget(Throwable e) {
        outcome = "failed: " + e;
        unread.restore(0);
        registry.copies().forgetAll();
        parts.forEach(CheckpointPart::forget);
        LOG.warnf("The registry checkpoint %s could not be read (%s): the registry is rebuilt from the whole topic",
                where.file(), e.toString());
        return Optional.empty();
    }

    /** Temporary files of writes that died (SIGKILL while writing), so that they do not fill the data volume. */
    static void removeAbandoned(Path file, long nowMs) {
        try {
            CheckpointFile.removeAbandoned(file, nowMs - ABANDONED.toMillis());
        } catch (IOException e) {
            LOG.debugf("Could not look for abandoned checkpoint files beside %s: %s", file, e);
        }
    }
}
