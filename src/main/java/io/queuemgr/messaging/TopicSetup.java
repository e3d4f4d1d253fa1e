package io.queuemgr.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import io.queuemgr.config.QueuemgrConfig;

/** Creates the service's topics when they are missing, with the cleanup policy each one needs. */
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    private final KafkaClients clients;
    private final Topics topics;
    private final QueuemgrConfig.Kafka config;
    private final TopicRetention keep;
    private final QueuePartitions layout;

    public TopicSetup(KafkaClients clients, Topics topics, QueuemgrConfig config, TopicRetention keep,
            QueuePartitions layout) {
        this.layout = layout;
        this.clients = clients;
        this.topics = topics;
        this.config = config.kafka();
        this.keep = keep;
    }

    public void ensureTopics() {
        int partitions = config.partitions();
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(topic(topics.submit(), partitions, Map.of()));
        wanted.add(topic(topics.submitRejected(), partitions, Map.of()));
        wanted.add(topic(topics.tasks(), partitions, Map.of()));
        // The registry: only the newest snapshot per task matters, so compaction keeps it bounded.
        wanted.add(topic(topics.taskStatus(), partitions, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, millis(keep.statusCompactionLag()),
                TopicConfig.SEGMENT_MS_CONFIG, millis(keep.statusSegment()),
                TopicConfig.DELETE_RETENTION_MS_CONFIG, millis(keep.statusTombstones()))));
        wanted.add(topic(topics.taskControl(), 1, retention(keep.taskControl())));
        wanted.add(topic(topics.tasksDlq(), partitions, Map.of()));
        // A waiting retry is committed only once it is back on the work topic, so the topic outlasts the longest delay.
        wanted.add(topic(topics.tasksRetry(), partitions, retention(keep.tasksRetry())));
        wanted.add(topic(topics.taskLogs(), partitions, retention(keep.taskLogs())));
        // PostgreSQL keeps the audit trail; the topic only has to outlast an outage of the projector, so it is kept
        // for a time, not compacted: every event matters, none replaces another.
        wanted.add(topic(topics.audit(), partitions, retention(keep.audit())));
        try (Admin admin = clients.admin()) {
            long timeout = config.startupTimeout().toMillis();
            Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                create(admin, missing, timeout);
            }
            learnLayout(admin, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer while creating topics: " + e.getMessage(), e);
        }
    }

    private static void create(Admin admin, List<NewTopic> missing, long timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(missing).all().get(timeout, TimeUnit.MILLISECONDS);
            LOG.infof("Created topics %s", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * The partition counts the task-keyed topics have on the broker (created here or by an operator), which decide
     * where a queue's records go on them. A count that differs from the work topic's is allowed, but then a queue's
     * tasks are not on the partition number its work is on.
     */
    private void learnLayout(Admin admin, long timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> keyed = List.of(topics.tasks(), topics.taskStatus(), topics.taskLogs(), topics.tasksRetry());
        Map<String, TopicDescription> described = admin.describeTopics(keyed).allTopicNames().get(timeout,
                TimeUnit.MILLISECONDS);
        int work = described.get(topics.tasks()).partitions().size();
        layout.aligned(described.values().stream().allMatch(d -> d.partitions().size() == work));
        described.forEach((name, d) -> {
            // The work topic's own records keep Kafka's partitioner on the queue's name, which is the same partition.
            if (!name.equals(topics.tasks())) {
                layout.learn(name, d.partitions().size());
            }
            if (d.partitions().size() != work) {
                LOG.warnf("Topic %s has %d partitions and the work topic %s has %d: a queue's tasks are not on the "
                        + "partition its work is on", name, d.partitions().size(), topics.tasks(), work);
            }
        });
    }

    private static Map<String, String> retention(Duration d) {
        return Map.of(TopicConfig.RETENTION_MS_CONFIG, millis(d));
    }

    private static String millis(Duration d) {
        return Long.toString(d.toMillis());
    }

    private NewTopic topic(String name, int partitions, Map<String, String> configs) {
        return new NewTopic(name, partitions, config.replicationFactor()).configs(configs);
    }
}
