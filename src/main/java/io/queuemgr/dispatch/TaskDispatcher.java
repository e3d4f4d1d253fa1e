package io.queuemgr.dispatch;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.QueueOwnership;
import io.queuemgr.messaging.Topics;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.queue.QueueDefinition;
import io.queuemgr.registry.StatusTopicReader;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.SupervisedLoop;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;

/**
 * Takes tasks off the work topic in a consumer group and runs many at once: fetched tasks wait in a priority
 * buffer, start as slots free up, and their offsets are committed only once their outcome is on the status topic
 * (see {@link InFlightOffsets}). Past a budget, waiting tasks are kept as their place in line only, so that a
 * large backlog can be held for priority's sake; the fetch pauses only at {@code max-buffered}.
 */
@ApplicationScoped
public class TaskDispatcher {

    private static final Logger LOG = Logger.getLogger(TaskDispatcher.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaClients clients;
    private final Topics topics;
    private final TaskCodec codec;
    private final TaskRunner runner;
    private final StatusTopicReader reader;
    private final TaskRegistry registry;
    private final QueueCatalog queues;
    private final QueuemgrConfig.Dispatch config;
    private final String clientId;
    private final InFlightOffsets offsets = new InFlightOffsets();
    /** Fetched tasks on their way to the starter thread, which files them into the lanes. */
    private final Queue<PendingTask> incoming = new ConcurrentLinkedQueue<>();
    /** Tasks fetched and not started yet: incoming and in the lanes. */
    private final AtomicInteger buffered = new AtomicInteger();
    private final QueueLanes lanes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    /**
     * Starts tasks and takes their completions, one at a time: completions arrive on the producer's network thread,
     * which must not start (and so send for) the next task.
     */
    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(
            r -> starterThread = Thread.ofPlatform().name("queuemgr-dispatch-starter").daemon().unstarted(r));
    private volatile Thread starterThread;
    private final AtomicBoolean startScheduled = new AtomicBoolean();
    private volatile boolean started;
    /** Whether the consumer has joined the dispatch group once (an assignment came, even an empty one). */
    private volatile boolean joined;
    private final SupervisedLoop loop;
    private final LoopSupervisor supervisor;
    /** Starts what fits, on the starter thread; an error is logged and the next tick tries again. */
    private final Runnable starting;
    private static final String STARTER = "dispatch-starter";
    /** The work partitions assigned to this instance, and how many the topic has. */
    private volatile KafkaConsumer<String, byte[]> consumer;

    private final QueueOwnership ownership;

    public TaskDispatcher(KafkaClients clients, Topics topics, TaskCodec codec, TaskRunner runner,
            StatusTopicReader reader, QueuemgrConfig config, InstanceIdentity identity, MeterRegistry metrics,
            QueueCatalog queues, TaskRegistry registry, LoopSupervisor supervisor, QueueOwnership ownership) {
        this.ownership = ownership;
        this.supervisor = supervisor;
        this.loop = supervisor.loop("dispatcher", this::session);
        this.starting = supervisor.guard(STARTER, this::startWhatFits);
        this.registry = registry;
        this.queues = queues;
        this.clients = clients;
        this.topics = topics;
        this.codec = codec;
        this.runner = runner;
        this.reader = reader;
        this.config = config.dispatch();
        this.clientId = "queuemgr-dispatch-" + identity.id();
        this.lanes = new QueueLanes(queues);
        metrics.gauge("queuemgr.dispatch.buffered", buffered);
        metrics.gauge("queuemgr.dispatch.in.flight", inFlight);
        metrics.gauge("queuemgr.dispatch.max.in.flight", this.config, c -> c.maxInFlight());
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        // Paused queues resume, limits change and rate permits come back with time: blocked lanes are looked at
        // again ten times a second. The same tick starts whatever a failed start left waiting.
        starter.scheduleWithFixedDelay(supervisor.guard(STARTER, () -> {
            if (lanes.hasBlocked()) {
                lanes.recheck(System.currentTimeMillis());
            }
            startWhatFits();
        }), 100, 100, TimeUnit.MILLISECONDS);
        loop.start();
    }

    /**
     * One session: a consumer in the dispatch group, from the committed offsets on. When it ends on an error, the
     * tasks it started run on; what it had fetched and not started is dropped and fetched again by the next session,
     * whose copies of still-running tasks wait for those runs (see {@link TaskRunner}).
     */
    private void session(SupervisedLoop loop) {
        KafkaConsumer<String, byte[]> c = clients.groupConsumer(topics.group("dispatch"), clientId);
        consumer = c;
        long lastCommit = System.nanoTime();
        boolean paused = false;
        boolean stopped = false;
        try {
            ownership.partitionCount(c.partitionsFor(topics.tasks()).size());
            c.subscribe(List.of(topics.tasks()), new Rebalance());
            while (loop.active()) {
                var records = c.poll(Duration.ofMillis(50));
                loop.checkpoint();
                for (ConsumerRecord<String, byte[]> record : records) {
                    accept(record);
                }
                if (!records.isEmpty()) {
                    scheduleStart();
                }
                if (!paused && buffered.get() >= config.maxBuffered()) {
                    c.pause(c.assignment());
                    paused = true;
                } else if (paused && buffered.get() < config.maxBuffered() / 2) {
                    c.resume(c.paused());
                    paused = false;
                }
                if (System.nanoTime() - lastCommit >= config.commitInterval().toNanos()) {
                    commitAsync();
                    lastCommit = System.nanoTime();
                }
            }
            stopped = true;
        } catch (WakeupException e) {
            stopped = !loop.active();
            if (!stopped) {
                throw e;
            }
        } finally {
            if (stopped) {
                drain(c);
            } else {
                leave(c);
            }
        }
    }

    /**
     * After an error: commits what is done, then leaves the group (the revocation drops the fetched tasks not yet
     * started); running tasks go on.
     */
    private void leave(KafkaConsumer<String, byte[]> c) {
        try {
            c.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("Closing the dispatch consumer after an error: %s", e.getMessage());
        }
        ownership.clear();
        onStarter(() -> {
            incoming.clear();
            lanes.clear();
            buffered.set(0);
        });
        offsets.forget(offsets.partitions());
    }

    /**
     * Lets running tasks finish for the grace period while their offsets are committed, then leaves the rest (and
     * everything still buffered) uncommitted, for another instance to run.
     */
    private void drain(KafkaConsumer<String, byte[]> consumer) {
        onStarter(() -> {
            incoming.clear();
            lanes.clear();
            buffered.set(0);
        });
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                consumer.pause(consumer.assignment());
                consumer.poll(Duration.ofMillis(100)); // keeps the group membership while waiting
                commitAsync();
            }
            if (inFlight.get() > 0) {
                LOG.infof("Leaving %d running tasks for redelivery", inFlight.get());
                runner.abandonAll();
            }
            consumer.commitSync(offsets.committable(), Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("Final commit failed: %s", e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(5));
            starter.shutdown();
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        offsets.track(tp, record.offset());
        try {
            Task task = codec.decode(record.value());
            // Past the whole-task budget, a task the registry already holds waits as its place in line only.
            boolean whole = buffered.get() < config.bufferSize() || registry.versionOf(task.id()) < task.version();
            incoming.add(PendingTask.of(task, queues.find(task.queue()).map(QueueDefinition::name).orElse(
                    task.queue()), whole, tp, record.offset(), sequence.incrementAndGet()));
            buffered.incrementAndGet();
        } catch (RuntimeException e) {
            // Only the service writes this topic; a record it cannot read is skipped rather than retried forever.
            LOG.errorf("Skipped an unreadable work record at %s@%d: %s", tp, record.offset(), e.getMessage());
            offsets.done(tp, record.offset());
        }
    }

    /** Asks the starter thread to start what fits, unless it is already asked to. */
    private void scheduleStart() {
        if (startScheduled.compareAndSet(false, true)) {
            starter.execute(() -> {
                startScheduled.set(false);
                starting.run();
            });
        }
    }

    /**
     * Starts buffered tasks while this instance has slots and their queues allow (paused, maxConcurrent, rate
     * limit), taking queues in turn; runs on the starter thread.
     */
    private void startWhatFits() {
        fileIncoming();
        while (loop.active() && inFlight.get() < config.maxInFlight()) {
            PendingTask next = lanes.next(System.currentTimeMillis());
            if (next == null) {
                return;
            }
            buffered.decrementAndGet();
            inFlight.incrementAndGet();
            String queue = next.queue();
            Runnable executorEnded = () -> {
                if (Thread.currentThread() == starterThread) {
                    lanes.ended(queue, System.currentTimeMillis());
                } else {
                    onStarterLater(() -> {
                        lanes.ended(queue, System.currentTimeMillis());
                        startWhatFits();
                    });
                }
            };
            CompletableFuture<Void> run;
            try {
                Task work = next.task() != null ? next.task() : fromRegistry(next);
                if (work == null) {
                    executorEnded.run();
                    run = CompletableFuture.completedFuture(null);
                } else {
                    run = runner.run(work, executorEnded);
                }
            } catch (RuntimeException e) {
                run = CompletableFuture.failedFuture(e);
            }
            if (run.isDone()) {
                ended(next, run);
            } else {
                CompletableFuture<Void> started = run;
                run.whenComplete((done, error) -> onStarterLater(() -> {
                    ended(next, started);
                    startWhatFits();
                }));
            }
        }
    }

    /**
     * The task of a work record kept as its place in line, as the registry has it now; null when there is nothing
     * to run: the task is gone, or it has a newer PENDING state, whose own work record runs it.
     */
    private Task fromRegistry(PendingTask p) {
        Task current = registry.get(p.id()).orElse(null);
        if (current == null || current.version() > p.version() && current.status() == TaskStatus.PENDING) {
            LOG.debugf("Task %s has nothing to run for its work record of version %d", p.id(), p.version());
            return null;
        }
        return current;
    }

    /** Files fetched tasks into their queues' lanes; on the starter thread. */
    private void fileIncoming() {
        PendingTask arrived;
        while ((arrived = incoming.poll()) != null) {
            lanes.add(arrived);
        }
    }

    private void onStarterLater(Runnable work) {
        try {
            starter.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Dispatch bookkeeping failed; the next tick starts what waits");
                }
            });
        } catch (RejectedExecutionException e) {
            // the dispatcher has stopped; what was not done stays uncommitted
        }
    }

    /** Runs work on the starter thread and waits for it (from the poll thread, during a rebalance or a stop). */
    private void onStarter(Runnable work) {
        try {
            starter.submit(work).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warnf("The dispatch starter did not answer: %s", e.getMessage());
        }
    }

    private void ended(PendingTask task, CompletableFuture<Void> run) {
        Throwable error = run.isCompletedExceptionally() ? unwrap(run.exceptionNow()) : null;
        inFlight.decrementAndGet();
        if (error instanceof TaskAbandonedException) {
            return;
        }
        if (error != null) {
            // A task the runner cannot handle at all must not hold back its partition's offsets.
            LOG.errorf(error, "Task %s could not be run and is skipped", task.id());
        }
        offsets.done(task.partition(), task.offset());
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
    }

    private void commitAsync() {
        KafkaConsumer<String, byte[]> consumer = this.consumer;
        var ready = offsets.committable();
        if (!ready.isEmpty()) {
            consumer.commitAsync(ready, (committed, error) -> {
                if (error != null) {
                    LOG.debugf("Offset commit failed, the next one covers it: %s", error.getMessage());
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
        }, config.shutdownGrace().plusSeconds(15));
    }

    /** Commits what is done before a partition leaves, and waits for the registry before running a new one's tasks. */
    /**
     * Whether this instance dispatches the queue now: the queue's work partition (by the producer's key hashing) is
     * assigned to it.
     */
    /**
     * Whether this instance takes part in dispatching: false from its start until it first joined the dispatch
     * group, so that readiness waits for the rebalance that gives it its queues; true when it does not dispatch.
     */
    public boolean hasJoined() {
        return !started || joined;
    }

    public boolean ownsQueue(String queue) {
        return ownership.ownsQueue(queue);
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            ownership.removed(revoked);
            try {
                consumer.commitSync(offsets.committable(revoked));
            } catch (RuntimeException e) {
                LOG.warnf("Commit on revocation failed: %s", e.getMessage());
            }
            onStarter(() -> {
                fileIncoming();
                buffered.addAndGet(-lanes.removePartitions(revoked));
            });
            offsets.forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            ownership.removed(lost);
            onStarter(() -> {
                fileIncoming();
                buffered.addAndGet(-lanes.removePartitions(lost));
            });
            offsets.forget(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            ownership.assigned(assigned);
            if (assigned.isEmpty()) {
                joined = true;
                return;
            }
            // A task whose outcome another instance already published must be seen as finished before it could run.
            try {
                reader.awaitCaughtUp(CATCH_UP_TIMEOUT);
            } catch (TimeoutException e) {
                LOG.warn("The registry did not catch up in time; finished tasks may run again");
            }
            joined = true;
        }
    }
}
