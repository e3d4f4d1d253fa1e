package io.queuemgr.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.ConsumerSession;
import io.queuemgr.messaging.InFlightOffsets;
import io.queuemgr.messaging.RecordHandler;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.SnapshotSeal;
import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
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

    private final TaskRegistry registry;
    private final TaskStatusPublisher publisher;
    private final TaskCodec codec;
    private final InFlightOffsets offsets = new InFlightOffsets();
    private final WaitingRetries waiting;
    private volatile int waitingCount;
    private final ConsumerLoop loop;

    public RetryScheduler(ConsumerLoops loops, Topics topics, TaskRegistry registry, TaskStatusPublisher publisher,
            InstanceIdentity identity, MeterRegistry metrics, TaskCodec codec, QueuemgrConfig config, Clock clock) {
        QueuemgrConfig.Retries settings = config.retries();
        this.waiting = new WaitingRetries(clock, settings.maxWait(), settings.handOverBackoff());
        this.codec = codec;
        this.registry = registry;
        this.publisher = publisher;
        // What a session held when it ended on an error is read again by the next one; a retry handed over twice
        // meets a task that already moved on.
        this.loop = loops.loop("retry-scheduler",
                RecordSource.group(topics.group("retry"), "queuemgr-retry-" + identity.id(), topics.tasksRetry()))
                .poll(waiting::untilNextDue).commitEvery(settings.commitInterval(), offsets)
                .stopWithin(Duration.ofSeconds(15))
                .handledBy(new Retries());
        metrics.gauge("queuemgr.retries.waiting", this, r -> r.waitingCount);
    }

    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop();
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        offsets.track(tp, r.offset());
        try {
            long due = SnapshotHeaders.dueMillis(r.headers());
            String queue = SnapshotHeaders.queue(r.headers());
            waiting.add(due < 0 ? r.timestamp() : due, tp, r.offset(), UUID.fromString(r.key()),
                    SnapshotSeal.read(r.headers()).version(), queue != null ? queue : codec.decode(r.value()).queue(),
                    r.value());
        } catch (RuntimeException e) {
            LOG.errorf("Skipped an unreadable retry record at %s@%d: %s", tp, r.offset(), e.getMessage());
            offsets.done(tp, r.offset());
        }
    }

    private void handOverDue() {
        for (WaitingRetries.Waiting w : waiting.due()) {
            if (w.version() >= 0 && registry.versionOf(w.taskId()) > w.version()) {
                LOG.debugf("Task %s moved on since its retry was scheduled; the retry is dropped", w.taskId());
                offsets.done(w.partition(), w.offset());
                continue;
            }
            publisher.sendWork(w.queue(), w.snapshot()).whenComplete((ok, error) -> {
                if (error == null) {
                    offsets.done(w.partition(), w.offset());
                } else {
                    LOG.warnf("Retry of task %s not handed over yet: %s", w.taskId(), error.getMessage());
                    waiting.handOverFailed(w);
                }
            });
        }
    }

    /** The retry topic's records into the heap, due ones back onto the work topic. */
    private final class Retries implements RecordHandler {

        @Override
        public void starting(ConsumerSession session) {
            waiting.clear();
        }

        @Override
        public void handle(ConsumerRecords<String, byte[]> records, ConsumerSession session) {
            for (ConsumerRecord<String, byte[]> r : records) {
                accept(r);
            }
            handOverDue();
            waitingCount = waiting.size();
        }

        /** What was handed over is committed as the partitions leave; their waiting retries go with them. */
        @Override
        public void revoking(Collection<TopicPartition> partitions, ConsumerSession session) {
            waiting.removePartitions(partitions);
        }

        @Override
        public void lost(Collection<TopicPartition> partitions, ConsumerSession session) {
            waiting.removePartitions(partitions);
        }
    }
}
