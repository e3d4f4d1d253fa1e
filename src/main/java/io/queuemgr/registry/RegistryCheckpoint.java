package io.queuemgr.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;

/**
 * The registry written to the data directory when the instance stops, with where its reader stood, so that the next
 * start reads the status and log topics only from there instead of from the beginning. Used only while it is certain
 * to give what a full replay would: same build and topics, positions still on the topics, and younger than the status
 * topic keeps tombstones (an older one could miss a task's removal). Anything else is a full replay, as before.
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
    /** The topics' ids as the broker gave them at start; the checkpoint names them. */
    private volatile Map<String, String> topicIds = Map.of();

    /**
     * Where the checkpoint is kept and what it is of: the file (none: no checkpoint), the status and log topics, the
     * build that writes and reads it, and how long the broker may take to answer.
     */
    record Where(Path file, String statusTopic, String logsTopic, String build, Duration timeout) {
    }

    @Inject
    public RegistryCheckpoint(TaskRegistry registry, Instance<CheckpointPart> parts,
            Instance<StatusListener> listeners, Topics topics, KafkaClients clients, QueuemgrConfig config,
            Clock clock, @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String build) {
        this(registry, parts.stream().toList(), listeners.stream().toList(),
                new Where(config.registry().checkpoint() ? config.dataDir().resolve(FILE) : null,
                        topics.taskStatus(), topics.taskLogs(), build, config.kafka().startupTimeout()),
                clients, clock);
    }

    RegistryCheckpoint(TaskRegistry registry, List<CheckpointPart> parts, List<StatusListener> listeners,
            Where where, KafkaClients clients, Clock clock) {
        this.registry = registry;
        this.parts = parts;
        this.listeners = listeners;
        this.where = where;
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * Before the reader starts: takes the registry and its parts back from the checkpoint when it fits the topics as
     * they are now. Answers where to read on from; empty for a full replay.
     */
    public Map<TopicPartition, Long> restore() {
        if (where.file() == null) {
            return Map.of();
        }
        long begin = System.nanoTime();
        try (Admin admin = clients.admin()) {
            Map<String, TopicDescription> described = admin.describeTopics(List.of(where.statusTopic(),
                    where.logsTopic())).allTopicNames().get(where.timeout().toMillis(), TimeUnit.MILLISECONDS);
            Map<String, String> ids = new HashMap<>();
            described.forEach((name, d) -> ids.put(name, d.topicId().toString()));
            topicIds = Map.copyOf(ids);
            Optional<CheckpointFile.Header> header = CheckpointFile.readHeader(where.file());
            String refusal = header.isEmpty() ? "it is damaged or of another format" : refusal(header.get(), admin);
            if (refusal != null) {
                LOG.infof("The registry checkpoint %s is not used (%s): the registry is rebuilt from the whole topic",
                        where.file(), refusal);
                return Map.of();
            }
            CheckpointFile.readBody(where.file(), registry, parts);
            Map<TopicPartition, Long> from = header.get().positions();
            from.forEach((tp, next) -> {
                if (tp.topic().equals(where.statusTopic())) {
                    listeners.forEach(l -> l.restoredTo(tp.partition(), next));
                }
            });
            LOG.infof("Registry restored from its checkpoint: %d tasks in %d ms; reading the topics on from there",
                    registry.size(), (System.nanoTime() - begin) / 1_000_000);
            return from;
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return forget(e);
        } catch (Exception e) {
            return forget(e);
        }
    }

    /** Why the checkpoint cannot stand in for a replay of the topics as they are; null when it can. */
    private String refusal(CheckpointFile.Header h, Admin admin) throws Exception {
        if (!where.build().equals(h.build()) || !registry.packedForm().equals(h.packedForm())) {
            return "written by build " + h.build() + " packing " + h.packedForm() + ", this is " + where.build()
                    + " packing " + registry.packedForm();
        }
        if (!topicIds.equals(h.topicIds())) {
            return "the topics were created again since";
        }
        ConfigResource status = new ConfigResource(ConfigResource.Type.TOPIC, where.statusTopic());
        long keepTombstones = Long.parseLong(admin.describeConfigs(List.of(status)).all()
                .get(where.timeout().toMillis(), TimeUnit.MILLISECONDS).get(status)
                .get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value());
        long age = clock.millis() - h.writtenAtMs();
        if (age < 0 || age >= keepTombstones) {
            return "written " + Duration.ofMillis(age) + " ago; the status topic keeps tombstones only "
                    + Duration.ofMillis(keepTombstones);
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        h.positions().keySet().forEach(tp -> {
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        });
        Map<TopicPartition, ListOffsetsResultInfo> first = admin.listOffsets(earliest).all()
                .get(where.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(latest).all()
                .get(where.timeout().toMillis(), TimeUnit.MILLISECONDS);
        for (Map.Entry<TopicPartition, Long> e : h.positions().entrySet()) {
            TopicPartition tp = e.getKey();
            if (e.getValue() > end.get(tp).offset()) {
                return tp + " ends at " + end.get(tp).offset() + ", before the checkpoint's " + e.getValue();
            }
            // Log lines that retention dropped meanwhile a replay would not find either.
            if (tp.topic().equals(where.statusTopic()) && e.getValue() < first.get(tp).offset()) {
                return tp + " starts at " + first.get(tp).offset() + ", after the checkpoint's " + e.getValue();
            }
        }
        return null;
    }

    private Map<TopicPartition, Long> forget(Exception e) {
        LOG.warnf("The registry checkpoint %s could not be read (%s): the registry is rebuilt from the whole topic",
                where.file(), e.toString());
        registry.forgetAll();
        parts.forEach(CheckpointPart::forget);
        return Map.of();
    }

    /**
     * After the reader has stopped with everything it read applied: writes the registry and its parts as they stand
     * at {@code positions}. The previous checkpoint stays until the new one is whole.
     */
    public void save(Map<TopicPartition, Long> positions) {
        if (where.file() == null || topicIds.isEmpty()) {
            return;
        }
        long begin = System.nanoTime();
        try {
            CheckpointFile.write(where.file(), new CheckpointFile.Header(where.build(), registry.packedForm(),
                    clock.millis(), topicIds, positions), registry, parts);
            LOG.infof("Registry checkpoint written: %d tasks, %d MiB in %d ms", registry.size(),
                    Files.size(where.file()) >> 20, (System.nanoTime() - begin) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("The registry checkpoint could not be written (%s): the next start reads the whole topic",
                    e.toString());
        }
    }
}
