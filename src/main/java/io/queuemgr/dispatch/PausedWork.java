package io.queuemgr.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.Task;

/**
 * A work record of a paused task is set aside: the resume sends a new one. A task paused while it ran elsewhere
 * whose work came here lost its process with that instance (or the instance lost its queue): it is released, and
 * a {@code release} command drops the stopped process in case the old instance still holds it.
 */
@Singleton
class PausedWork {

    private static final Logger LOG = Logger.getLogger(PausedWork.class);

    private final TaskStatusPublisher publisher;
    private final KafkaClients clients;
    private final Topics topics;
    private final ObjectMapper mapper;
    private final RunningTasks running;
    private final Clock clock;

    PausedWork(TaskStatusPublisher publisher, KafkaClients clients, Topics topics, ObjectMapper mapper,
            RunningTasks running, Clock clock) {
        this.clock = clock;
        this.publisher = publisher;
        this.clients = clients;
        this.topics = topics;
        this.mapper = mapper;
        this.running = running;
    }

    /** Sets the work record of a paused task aside; completes once what that takes is on Kafka. */
    CompletableFuture<Void> setAside(Task paused) {
        if (!paused.holdsProcess() || running.runs(paused.id())) {
            LOG.debugf("Task %s is paused; it waits for a resume", paused.id());
            return CompletableFuture.completedFuture(null);
        }
        LOG.infof("Task %s was paused on %s, whose run of it is gone; it stays PAUSED and a resume starts it afresh",
                paused.id(), paused.workerId());
        byte[] release;
        try {
            release = mapper.writeValueAsBytes(new ControlCommand.Release(paused, clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return clients.send(topics.taskControl(), paused.id().toString(), release)
                .thenCompose(ok -> publisher.publishAsync(paused.released(clock.instant())))
                .thenApply(t -> null);
    }
}
