package io.queuemgr.dispatch;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.SupervisedLoop;
import io.queuemgr.task.TaskCodec;

/**
 * Holds failed attempts until their retry is due, then puts them back on the work topic. Waiting retries are records
 * on the retry topic, read in a consumer group: each partition's offset is committed only below the oldest retry not
 * yet back on the work topic, so retries survive the restart of every instance and each is handed over once, by the
 * partition's owner, when due. A retry whose task has moved on meanwhile (cancelled, requeued) is dropped.
 */
@Singleton
public class RetryScheduler {

    private static final Logger LOG = Logger.getLogger(RetryScheduler.class);
    private static final long MAX_WAIT_MS = 200;
    private static final long COMMIT_EVERY_MS = 1000;

    /** A retry waiting for its time. */
    private record Waiting(long dueMillis, long sequence, TopicPartition partition, long offset, UUID taskId,
            long version, String queue, byte[] snapshot) {
        static final Comparator<Waiting> ORDER = Comparator.comparingLong(Waiting::dueMillis)
                .thenComparingLong(Waiting::sequence);
    }

    private final KafkaClients clients;
    private final Topics topics;
    private final TaskRegistry registry;
    private final TaskStatusPublisher publisher;
    private final TaskCodec codec;
    private final String clientId;
    private final InFlightOffsets offsets = new InFlightOffsets();
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(Waiting.ORDER);
    private final Queue<Waiting> handedOver = new ConcurrentLinkedQueue<>();
    private final Queue<Waiting> failed = new ConcurrentLinkedQueue<>();
    private volatile int waitingCount;
    private long sequence;
    private final SupervisedLoop loop;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public RetryScheduler(KafkaClients clients, Topics topics, TaskRegistry registry, TaskStatusPublisher publisher,
            InstanceIdentity identity, MeterRegistry metrics, TaskCodec codec, LoopSupervisor supervisor) {
        this.loop = supervisor.loop("retry-scheduler", this::session);
        this.codec = codec;
        this.clients = clients;
        this.topics = topics;
        this.registry = registry;
        this.publisher = publisher;
        this.clientId = "queuemgr-retry-" + identity.id();
        metrics.gauge("queuemgr.retries.waiting", this, r -> r.waitingCount);
    }

    public void start() {
        loop.start();
    }

    /**
     * One session: a consumer in the retry group from the committed offsets on. What it held when it ended on an
     * error is read again by the next session; a retry handed over twice meets a task that already moved on.
     */
    private void session(SupervisedLoop loop) {
        KafkaConsumer<String, byte[]> c = clients.groupConsumer(topics.group("retry"), clientId);
        consumer = c;
        waiting.clear();
        handedOver.clear();
        failed.clear();
        long lastCommit = System.currentTimeMillis();
        try {
            c.subscribe(List.of(topics.tasksRetry()), new Rebalance());
            while (loop.active()) {
                Waiting head = waiting.peek();
                long now = System.currentTimeMillis();
                long wait = head == null ? MAX_WAIT_MS : Math.max(0, Math.min(MAX_WAIT_MS, head.dueMillis() - now));
                var records = c.poll(Duration.ofMillis(wait));
                loop.checkpoint();
                for (ConsumerRecord<String, byte[]> r : records) {
                    accept(r);
                }
                settle();
                handOverDue();
                waitingCount = waiting.size();
                if (System.currentTimeMillis() - lastCommit >= COMMIT_EVERY_MS) {
                    commitAsync();
                    lastCommit = System.currentTimeMillis();
                }
            }
        } catch (WakeupException e) {
            if (loop.active()) {
                throw e;
            }
        } finally {
            try {
                settle();
                c.commitSync(offsets.committable(), Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("Final retry commit failed: %s", e.getMessage());
            }
            c.close(Duration.ofSeconds(5));
            offsets.forget(offsets.partitions());
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        offsets.track(tp, r.offset());
        try {
            long due = SnapshotHeaders.dueMillis(r.headers());
            String queue = SnapshotHeaders.queue(r.headers());
            waiting.add(new Waiting(due < 0 ? r.timestamp() : due, sequence++, tp, r.offset(),
                    UUID.fromString(r.key()), SnapshotHeaders.version(r.headers()),
                    queue != null ? queue : codec.decode(r.value()).queue(), r.value()));
        } catch (RuntimeException e) {
            LOG.errorf("Skipped an unreadable retry record at %s@%d: %s", tp, r.offset(), e.getMessage());
            offsets.done(tp, r.offset());
        }
    }

    private void handOverDue() {
        long now = System.currentTimeMillis();
        while (!waiting.isEmpty() && waiting.peek().dueMillis() <= now) {
            Waiting w = waiting.poll();
            if (w.version() >= 0 && registry.versionOf(w.taskId()) > w.version()) {
                LOG.debugf("Task %s moved on since its retry was scheduled; the retry is dropped", w.taskId());
                offsets.done(w.partition(), w.offset());
                continue;
            }
            publisher.sendWork(w.queue(), w.snapshot()).whenComplete((ok, error) -> {
                if (error == null) {
                    handedOver.add(w);
                } else {
                    LOG.warnf("Retry of task %s not handed over yet: %s", w.taskId(), error.getMessage());
                    failed.add(w);
                }
            });
        }
    }

    /** Takes in what the producer's callbacks reported, on this thread. */
    private void settle() {
        Waiting w;
        while ((w = handedOver.poll()) != null) {
            offsets.done(w.partition(), w.offset());
        }
        while ((w = failed.poll()) != null) {
            waiting.add(new Waiting(System.currentTimeMillis() + 1000, sequence++, w.partition(), w.offset(),
                    w.taskId(), w.version(), w.queue(), w.snapshot()));
        }
    }

    private void commitAsync() {
        var ready = offsets.committable();
        if (!ready.isEmpty()) {
            consumer.commitAsync(ready, (done, error) -> {
                if (error != null) {
                    LOG.debugf("Retry offset commit failed, the next one covers it: %s", error.getMessage());
                }
            });
        }
    }

    public void stop() {
        loop.stop(() -> {
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }, Duration.ofSeconds(15));
    }

    /** Commits what was handed over before a partition leaves; its waiting retries go with it. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            settle();
            try {
                consumer.commitSync(offsets.committable(revoked));
            } catch (RuntimeException e) {
                LOG.warnf("Retry commit on revocation failed: %s", e.getMessage());
            }
            waiting.removeIf(w -> revoked.contains(w.partition()));
            offsets.forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            waiting.removeIf(w -> lost.contains(w.partition()));
            offsets.forget(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        }
    }
}
