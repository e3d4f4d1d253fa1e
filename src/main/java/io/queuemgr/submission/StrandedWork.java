package io.queuemgr.submission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.PeriodicJob;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;

/**
 * Tasks made here whose first snapshot reached Kafka while their work record did not (a partition of the work topic
 * without a leader for longer than the producer tries, a record its topic refuses). Every instance knows such a task
 * as PENDING, and nothing would run it: its submitter was answered with an error and may never submit again. So this
 * instance sends the work record again every {@code queuemgr.submission.stranded-resend-interval} until Kafka takes
 * it, or the task has moved on (a repeat of the submission sent it, an operator cancelled it), or
 * {@code queuemgr.submission.stranded-retry-for} has passed, when it says in the log that it gave up. A second work
 * record of a task is harmless: the runner skips a task that runs or has run.
 * <p>
 * Kept in memory, at most {@link #MAX_OWED} tasks at a time (each holds its params), with at most {@link #MAX_SENDING}
 * records out at once, so that a work topic that takes nothing cannot fill the producer's buffer every other send
 * shares. A stop keeps the owed tasks in the data directory (a file named {@link #FILE} and a random suffix, so that
 * instances sharing the directory keep theirs apart), and the next instance started there sends them and removes the
 * file. A task beyond the limit, or owed by an instance that is killed, stays PENDING until its submission is repeated
 * with the same id or key, or an operator cancels it. An instance that does not hold the task's queue never sees it
 * move on, and sends until Kafka takes the record or it gives up.
 */
@Singleton
public class StrandedWork {

    private static final Logger LOG = Logger.getLogger(StrandedWork.class);
    static final String NAME = "stranded-work";
    static final int MAX_OWED = 1_000;
    static final int MAX_SENDING = 32;
    /** How the files a stop keeps owed tasks in begin: one task snapshot (JSON) a line. */
    static final String FILE = "stranded-work-";

    private final TaskStatusPublisher publisher;
    private final TaskRegistry registry;
    private final Clock clock;
    private final Duration retryFor;
    private final Map<UUID, Owed> owed = new ConcurrentHashMap<>();
    private final PeriodicJob job;
    private final TaskCodec codec;
    private final Path dir;
    private final AtomicInteger sending = new AtomicInteger();
    private volatile boolean stopped;

    /**
     * A work record owed to Kafka: the task as its first snapshot has it, since when, whether a send is out, and
     * whether a refusal of a send again was told.
     */
    private record Owed(Task task, Instant since, AtomicBoolean sending, AtomicBoolean refusalTold) {
    }

    public StrandedWork(TaskStatusPublisher publisher, TaskRegistry registry, TaskCodec codec, QueuemgrConfig config,
            LoopSupervisor supervisor, MeterRegistry metrics, Clock clock) {
        this.codec = codec;
        this.dir = config.dataDir();
        this.publisher = publisher;
        this.registry = registry;
        this.clock = clock;
        this.retryFor = config.submission().strandedRetryFor();
        this.job = supervisor.schedule(NAME, config.submission().strandedResendInterval(), this::sendOwed);
        metrics.gaugeMapSize("queuemgr.submission.stranded", List.of(), owed);
    }

    /** Owes Kafka the work record of {@code task}, whose first snapshot it holds; {@code why} the record failed. */
    void add(Task task, String why) {
        if (stopped) {
            LOG.warnf("Task %s of queue %s is on the status topic, but Kafka did not take its work record (%s), and "
                    + "the instance is stopping: it stays PENDING until submitted again with the same id or cancelled",
                    task.id(), task.queue(), why);
            return;
        }
        if (owed.size() >= MAX_OWED) {
            LOG.errorf("Task %s of queue %s is on the status topic, but Kafka did not take its work record (%s), and "
                    + "%d such tasks are waiting already: it stays PENDING until submitted again with the same id or "
                    + "cancelled", task.id(), task.queue(), why, MAX_OWED);
            return;
        }
        Owed o = new Owed(task, clock.instant(), new AtomicBoolean(), new AtomicBoolean());
        if (owed.putIfAbsent(task.id(), o) == null) {
            LOG.warnf("Task %s of queue %s is on the status topic, but Kafka did not take its work record (%s); "
                    + "it is sent again until Kafka does", task.id(), task.queue(), why);
            job.start();
        }
    }

    /** Sends each owed work record once more, unless its task moved on or this instance gave up on it. */
    void sendOwed() {
        Instant now = clock.instant();
        owed.values().forEach(o -> {
            Task task = o.task();
            if (movedOn(task)) {
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

    /** Started, cancelled or repeated since: whatever runs or ends it now is not this work record. */
    private boolean movedOn(Task task) {
        Optional<Task> seen = registry.get(task.id());
        return seen.isPresent() && seen.get().version() > task.version();
    }

    /** Takes back what stops left in the data directory; their records are sent one interval from now. */
    public void start() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> kept;
        try (var files = Files.list(dir)) {
            kept = files.filter(f -> f.getFileName().toString().startsWith(FILE)).toList();
        } catch (IOException e) {
            LOG.errorf("%s is not read (%s): tasks a stop kept there stay PENDING", dir, e.getMessage());
            return;
        }
        for (Path file : kept) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank()).toList();
                lines.forEach(l -> add(codec.decode(l.getBytes(StandardCharsets.UTF_8)), "kept by a stop"));
                Files.deleteIfExists(file);
                LOG.infof("%d tasks whose work record Kafka had not taken at a stop are sent again (from %s)",
                        lines.size(), file);
            } catch (IOException | UncheckedIOException e) {
                LOG.errorf("%s is not read (%s): the tasks in it stay PENDING until submitted again with the same id "
                        + "or cancelled", file, e.getMessage());
            }
        }
    }

    /** Sends nothing more, and keeps what is still owed in the data directory for the next start. */
    public void stop() {
        stopped = true;
        job.stop();
        owed.values().removeIf(o -> movedOn(o.task()));
        if (owed.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE + UUID.randomUUID());
            Path partial = dir.resolve(".partial-" + file.getFileName());
            Files.write(partial, owed.values().stream()
                    .map(o -> new String(codec.encode(o.task()), StandardCharsets.UTF_8)).toList(),
                    StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.warnf("Stopping with %d tasks whose work record is not on Kafka; %s keeps them for the next start: %s",
                    owed.size(), file, owed.keySet());
        } catch (IOException | UncheckedIOException e) {
            LOG.errorf("Stopping with %d tasks whose work record is not on Kafka, which could not be kept (%s); they "
                    + "stay PENDING until submitted again with the same id or cancelled: %s", owed.size(),
                    e.getMessage(), owed.keySet());
        }
    }
}
