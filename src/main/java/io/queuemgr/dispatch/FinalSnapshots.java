package io.queuemgr.dispatch;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Puts the final snapshot of an attempt on Kafka, retrying until it is there. A retry to come also goes to the
 * retry topic, due at its time; a task that failed for good (FAILED, TIMEOUT) also goes to the dead-letter topic; an
 * outcome too large for a snapshot is replaced by its {@link OversizedOutcome}.
 */
@Singleton
class FinalSnapshots {

    private static final Logger LOG = Logger.getLogger(FinalSnapshots.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final TaskStatusPublisher publisher;
    private final Topics topics;
    private final Clock clock;
    /** Where a publish waits before it is tried again, off the producer's network thread. */
    private final Executor workers = Infrastructure.getDefaultExecutor();

    FinalSnapshots(TaskStatusPublisher publisher, Topics topics, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
        this.topics = topics;
    }

    /** {@code before} is the snapshot the attempt left, from which {@code last} followed. */
    CompletableFuture<Task> publish(Task before, Task last) {
        return publish(before, last, 1);
    }

    private CompletableFuture<Task> publish(Task before, Task last, int attempt) {
        CompletableFuture<Task> sent = switch (last.status()) {
            case PENDING -> publisher.publishWaiting(last);
            case FAILED, TIMEOUT -> publisher.publishAsync(last, topics.tasksDlq(), last.id().toString(),
                    new RecordHeaders());
            default -> publisher.publishAsync(last);
        };
        return sent.exceptionallyCompose(e -> {
            if (before != null && OversizedOutcome.isTooLarge(e)) {
                LOG.warnf("The outcome of task %s is too large for the status topic; it ends %s with a preview",
                        last.id(), ErrorCode.RESULT_TOO_LARGE);
                return publish(null, OversizedOutcome.of(before, last, e, clock.instant()), attempt);
            }
            long delayMs = Math.min(1000L << Math.min(attempt - 1, 5), MAX_BACKOFF_MS);
            LOG.warnf("The outcome of task %s is not on Kafka yet, retrying in %d ms: %s", last.id(), delayMs,
                    e.getMessage());
            return CompletableFuture.supplyAsync(() -> attempt + 1,
                    CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, workers))
                    .thenCompose(next -> publish(before, last, next));
        });
    }
}
