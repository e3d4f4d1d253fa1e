package io.queuemgr.submission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.PeriodicJob;
import io.queuemgr.task.Task;

/**
 * Tasks made here whose first snapshot reached Kafka while their work record did not (a partition of the work topic
 * without a leader for longer than the producer tries, a record its topic refuses). Every instance knows such a task
 * as PENDING, and nothing would run it: its submitter was answered with an error and may never submit again. So this
 * instance sends the work record again every {@code queuemgr.submission.stranded-resend-interval} until Kafka takes
 * it, or the task has moved on (a repeat of the submission sent it, an operator cancelled it), or
 * {@code queuemgr.submission.stranded-retry-for} has passed, when it says in the log that it gave up. A second work
 * record of a task is harmless: the runner skips a task that runs or has run.
 * <p>
 * Kept in memory, and at most {@link #MAX_OWED} tasks at a time (each holds its params): an instance that stops
 * meanwhile, or meets more such tasks, leaves the others PENDING, for a repeat of the submission with the same id or
 * key, or the operator's cancel, to end. At most {@link #MAX_SENDING} records are out at once, so that a work topic
 * that takes nothing cannot fill the producer's buffer that every other send shares. An instance that does not hold
 * the task's queue never sees it move on, and sends until Kafka takes the record or it gives up.
 */
@Singleton
public class StrandedWork {

    private static final Logger LOG = Logger.getLogger(StrandedWork.class);
    static final String NAME = "stranded-work";
    static final int MAX_OWED = 1_000;
    static final int MAX_SENDING = 32;

    private final TaskStatusPublisher publisher;
    private final TaskRegistry registry;
    private final Clock clock;
    private final Duration retryFor;
    private final Map<UUID, Owed> owed = new ConcurrentHashMap<>();
    private final PeriodicJob job;
    private final AtomicInteger sending = new AtomicInteger();
    private volatile boolean stopped;

    /**
     * A work record owed to Kafka: the task as its first snapshot has it, since when, whether a send is out, and
     * whether a refusal of a send again was told.
     */
    private record Owed(Task task, Instant since, AtomicBoolean sending, AtomicBoolean refusalTold) {
    }

    public StrandedWork(TaskStatusPublisher publisher, TaskRegistry registry, QueuemgrConfig config,
            LoopSupervisor supervisor, MeterRegistry metrics, Clock clock) {
        this.publisher = publisher;
        this.registry = registry;
        this.clock = clock;
        this.retryFor = config.submission().strandedRetryFor();
        this.job = supervisor.schedule(NAME, config.submission().strandedResendInterval(), this::sendOwed);
        metrics.gaugeMapSize("queuemgr.submission.stranded", List.of(), owed);
    }

    /** Owes Kafka the work record of {@code task}, whose first snapshot it holds; {@code why} the record failed. */
    void add(Task task, Throwable why) {
        if (stopped) {
            LOG.warnf("Task %s of queue %s is on the status topic, but Kafka did not take its work record (%s), and "
                    + "the instance is stopping: it stays PENDING until submitted again with the same id or cancelled",
                    task.id(), task.queue(), why.getMessage());
            return;
        }
        if (owed.size() >= MAX_OWED) {
            LOG.errorf("Task %s of queue %s is on the status topic, but Kafka did not take its work record (%s), and "
                    + "%d such tasks are waiting already: it stays PENDING until submitted again with the same id or "
                    + "cancelled", task.id(), task.queue(), why.getMessage(), MAX_OWED);
            return;
        }
        Owed o = new Owed(task, clock.instant(), new AtomicBoolean(), new AtomicBoolean());
        if (owed.putIfAbsent(task.id(), o) == null) {
            LOG.warnf("Task %s of queue %s is on the status topic, but Kafka did not take its work record (%s); "
                    + "it is sent again until Kafka does", task.id(), task.queue(), why.getMessage());
            job.start();
        }
    }

    /** Sends each owed work record once more, unless its task moved on or this instance gave up on it. */
    void sendOwed() {
        Instant now = clock.instant();
        owed.values().forEach(o -> {
            Task task = o.task();
            Optional<Task> seen = registry.get(task.id());
            if (seen.isPresent() && seen.get().version() > task.version()) {
                // Started, cancelled or repeated: whatever runs or ends it now is not this work record.
                owed.remove(task.id(), o);
                return;
            }
            if (now.isAfter(o.since().plus(retryFor))) {
                owed.remove(task.id(), o);
                LOG.errorf("Task %s of queue %s stays PENDING: its work record did not reach Kafka in %s; submit it "
                        + "again with the same id, or cancel it", task.id(), task.queue(), retryFor);
                return;
            }
            if (stopped || sending.get() >= MAX_SENDING || !o.sending().compareAndSet(false, true)) {
                return;
            }
            sending.incrementAndGet();
            publisher.resendWork(task).whenComplete((ok, error) -> {
                sending.decrementAndGet();
                o.sending().set(false);
                if (error == null) {
                    owed.remove(task.id(), o);
                    LOG.infof("Task %s: its work record is on Kafka now", task.id());
                } else if (o.refusalTold().compareAndSet(false, true)) {
                    LOG.warnf("Task %s: Kafka refused its work record again (%s); it is sent again until Kafka takes "
                            + "it or %s have passed", task.id(), error.getMessage(), retryFor);
                } else {
                    LOG.debugf("Task %s: its work record was refused again (%s)", task.id(), error.getMessage());
                }
            });
        });
    }

    @PreDestroy
    void stop() {
        stopped = true;
        job.stop();
        if (!owed.isEmpty()) {
            LOG.warnf("Stopping with %d tasks whose work record is not on Kafka; they stay PENDING until submitted "
                    + "again with the same id or cancelled: %s", owed.size(), owed.keySet());
        }
    }
}
