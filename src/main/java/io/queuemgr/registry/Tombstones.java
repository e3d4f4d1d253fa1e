package io.queuemgr.registry;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.Topics;

/** Takes tasks out of the registry of every instance (a deletion, or retention), by tombstones on the status topic. */
@Singleton
public class Tombstones {

    private static final Logger LOG = Logger.getLogger(Tombstones.class);

    private final KafkaClients clients;
    private final Topics topics;
    private final TaskRegistry registry;
    private final QueuePartitions layout;
    /** Named on every tombstone this instance writes. */
    private final String writer;

    public Tombstones(KafkaClients clients, Topics topics, TaskRegistry registry, QueuePartitions layout,
            InstanceIdentity identity) {
        this.clients = clients;
        this.topics = topics;
        this.registry = registry;
        this.layout = layout;
        this.writer = identity.id();
    }

    /**
     * Removes a task of the queue from the registry of every instance: a tombstone on the status topic (its history
     * row stays in PostgreSQL). It goes to the partition of the task's queue and, when that is another, a second one
     * marked {@link SnapshotHeaders#cleanup} to the partition its id gives: an instance of an earlier version put the
     * task's snapshots there, and compaction drops a key's records only on the partition that has its tombstone.
     * Completes on the producer's network thread once both are on Kafka, or the second could not be written.
     */
    public CompletableFuture<Void> remove(UUID taskId, String queue) {
        RegistryEntry held = registry.entry(taskId);
        var headers = held == null
                ? SnapshotHeaders.tombstone(writer, null, null, List.of())
                : SnapshotHeaders.tombstone(writer, held.queue(), held.type(), List.of(held.tags()));
        String topic = topics.taskStatus();
        String key = taskId.toString();
        Integer byQueue = layout.of(topic, queue), byKey = layout.of(topic, key);
        return KafkaClients.offEventLoop(() -> {
            CompletableFuture<Void> first = clients.sendNow(new ProducerRecord<>(topic, byQueue, key, null, headers))
                    .thenRun(() -> registry.removeAhead(taskId));
            if (byQueue == null || byQueue.equals(byKey)) {
                return first;
            }
            var second = clients
                    .sendNow(new ProducerRecord<>(topic, byKey, key, null, SnapshotHeaders.cleanup(headers)));
            return CompletableFuture.allOf(first, second.exceptionally(e -> {
                // A registry rebuilt from the whole topic may then hold a snapshot an earlier version wrote.
                LOG.warnf("The second tombstone of task %s was not written: %s", taskId, e.getMessage());
                return null;
            }));
        });
    }
}
