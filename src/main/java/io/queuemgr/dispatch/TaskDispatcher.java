package io.queuemgr.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.config.DispatchConfig;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.ConsumerSession;
import io.queuemgr.messaging.InFlightOffsets;
import io.queuemgr.messaging.QueueOwnership;
import io.queuemgr.messaging.RecordHandler;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.Topics;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.queue.QueueDefinition;
import io.queuemgr.registry.HeldPartitions;
import io.queuemgr.registry.StatusTopicReader;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;

/**
 * Takes tasks off the work topic in a consumer group and runs many at once: fetched tasks wait in a priority
 * buffer, start as slots free up ({@link TaskStarter}), and their offsets are committed only once their outcome is on
 * the status topic (see {@link InFlightOffsets}). Past a budget, waiting tasks are kept as their place in line only,
 * so that a large backlog can be held for priority's sake; the fetch pauses only at {@code max-buffered}.
 */
@ApplicationScoped
public class TaskDispatcher {

    private static final Logger LOG = Logger.getLogger(TaskDispatcher.class);
    /** What a fetch of the work topic waits for, up to the fetch wait: some 30 work records. */
    private static final int FETCH_MIN_BYTES = 16 * 1024;

    private final Topics topics;
    private final TaskCodec codec;
    private final TaskRunner runner;
    private final TaskRegistry registry;
    private final QueueCatalog queues;
    private final QueueOwnership ownership;
    private final DispatchConfig config;
    private final InFlightOffsets offsets = new InFlightOffsets();
    private final AtomicLong sequence = new AtomicLong();
    private final TaskStarter starter;
    private final ConsumerLoop loop;
    private final RegistryCatchUp catchUp;
    private final RunNotices notices;
    private volatile boolean started;
    /** Whether the consumer has joined the dispatch group once (an assignment came, even an empty one). */
    private volatile boolean joined;

    public TaskDispatcher(ConsumerLoops loops, Topics topics, TaskCodec codec, TaskRunner runner,
            StatusTopicReader reader, QueuemgrConfig config, InstanceIdentity identity, MeterRegistry metrics,
            QueueCatalog queues, TaskRegistry registry, LoopSupervisor supervisor, QueueOwnership ownership,
            HeldPartitions held, RunNotices notices, Clock clock) {
        this.notices = notices;
        this.topics = topics;
        this.codec = codec;
        this.runner = runner;
        this.registry = registry;
        this.queues = queues;
        this.ownership = ownership;
        this.config = config.dispatch();
        this.catchUp = new RegistryCatchUp(reader, held, ownership, registry, this.config.catchUpTimeout());
        this.starter = new TaskStarter(runner, registry, queues, offsets, this.config, supervisor,
                this::dispatching, clock);
        this.loop = loops.loop("dispatcher",
                RecordSource.group(topics.group("dispatch"), DispatchMembers.CLIENT_PREFIX + identity.id(),
                        topics.tasks()).withFetchWait(this.config.fetchWait(), FETCH_MIN_BYTES))
                .poll(Duration.ofMillis(50)).commitEvery(this.config.commitInterval(), offsets)
                .stopWithin(this.config.shutdownGrace().plusSeconds(15)).handledBy(new Work());
        metrics.gauge("queuemgr.dispatch.buffered", starter.buffered());
        metrics.gauge("queuemgr.dispatch.in.flight", starter.inFlight());
        metrics.gauge("queuemgr.dispatch.max.in.flight", this.config, c -> c.maxInFlight());
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        starter.start();
        notices.start();
        loop.start();
    }

    public void stop() {
        loop.stop();
    }

    /**
     * Whether this instance takes part in dispatching: false from its start until it first joined the dispatch
     * group, so that readiness waits for the rebalance that gives it its queues; true when it does not dispatch.
     */
    public boolean hasJoined() {
        return !started || joined;
    }

    private boolean dispatching() {
        return loop.active();
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        offsets.track(tp, record.offset());
        try {
            Task task = codec.decode(record.value());
            // Past the whole-task budget, a task the registry already holds waits as its place in line only.
            boolean whole = starter.buffered().get() < config.bufferSize()
                    || registry.versionOf(task.id()) < task.version();
            starter.add(PendingTask.of(task, queues.find(task.queue()).map(QueueDefinition::name).orElse(
                    task.queue()), whole, tp, record.offset(), sequence.incrementAndGet()));
        } catch (RuntimeException e) {
            // Only the service writes this topic; a record it cannot read is skipped rather than retried forever.
            LOG.errorf("Skipped an unreadable work record at %s@%d: %s", tp, record.offset(), e.getMessage());
            offsets.done(tp, record.offset());
        }
    }

    /**
     * The dispatcher's part of each session: a consumer in the dispatch group, from the committed offsets on. When it
     * ends on an error, the tasks it started run on; what it had fetched and not started is dropped and fetched again
     * by the next session, whose copies of still-running tasks wait for those runs (see {@link TaskRunner}).
     */
    private final class Work implements RecordHandler {

        private boolean paused;

        @Override
        public void starting(ConsumerSession session) {
            paused = false;
            ownership.partitionCount(session.partitionCount(topics.tasks()));
        }

        @Override
        public void handle(ConsumerRecords<String, byte[]> records, ConsumerSession session) {
            for (ConsumerRecord<String, byte[]> record : records) {
                accept(record);
            }
            if (!records.isEmpty()) {
                starter.scheduleStart();
            }
            int buffered = starter.buffered().get();
            if (!paused && buffered >= config.maxBuffered()) {
                session.pauseFetching();
                paused = true;
            } else if (paused && buffered < config.maxBuffered() / 2) {
                session.resumeFetching();
                paused = false;
            }
        }

        /** The registry catches up with the new partitions before their work is read ({@link RegistryCatchUp}). */
        @Override
        public void assigned(Collection<TopicPartition> partitions, ConsumerSession session) {
            ownership.assigned(partitions);
            catchUp.afterAssignment(partitions);
            joined = true;
        }

        /** What is done is committed right after; the fetched tasks of these partitions not started are dropped. */
        @Override
        public void revoking(Collection<TopicPartition> partitions, ConsumerSession session) {
            ownership.removed(partitions);
            starter.dropPartitions(partitions);
        }

        @Override
        public void lost(Collection<TopicPartition> partitions, ConsumerSession session) {
            ownership.removed(partitions);
            starter.dropPartitions(partitions);
        }

        /**
         * Lets running tasks finish for the grace period while their offsets are committed, then leaves the rest (and
         * everything still buffered, and the work of tasks that run on other instances) uncommitted, for another
         * instance to run.
         */
        @Override
        public void stopping(ConsumerSession session) {
            starter.dropAll();
            runner.abandonForeignRuns();
            long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
            while (starter.inFlight().get() > 0 && System.nanoTime() < deadline) {
                session.idle(Duration.ofMillis(100));
            }
            if (starter.inFlight().get() > 0) {
                LOG.infof("Leaving %d running tasks for redelivery", starter.inFlight().get());
                runner.abandonAll();
            }
        }

        /** After an error, the group is left (which drops the fetched tasks not yet started); running tasks go on. */
        @Override
        public void ended(boolean stopped) {
            if (stopped) {
                starter.shutdown();
            } else {
                ownership.clear();
                starter.dropAll();
            }
        }
    }
}
