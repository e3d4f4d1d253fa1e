package io.queuemgr.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.QueueOwnership;
import io.queuemgr.messaging.Topics;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.PeriodicJob;
import io.queuemgr.task.Task;

/**
 * Says on the control topic, four times per hand-over lease, which tasks run here although their queue has moved to
 * another instance ({@link StillRunning}): that instance leaves them to this one until they end here
 * ({@link ForeignRuns}). Nothing is sent while every run here belongs to a queue this instance has.
 */
@Singleton
class RunNotices {

    private static final Logger LOG = Logger.getLogger(RunNotices.class);
    static final String NAME = "run-notices";
    /** Task ids named in one record: about 200 KB of JSON. */
    static final int PER_RECORD = 5_000;

    private final RunningTasks running;
    private final QueueOwnership ownership;
    private final KafkaClients clients;
    private final Topics topics;
    private final ObjectMapper mapper;
    private final String self;
    private final Clock clock;
    private final PeriodicJob job;

    RunNotices(RunningTasks running, QueueOwnership ownership, KafkaClients clients, Topics topics,
            ObjectMapper mapper, InstanceIdentity identity, QueuemgrConfig config, LoopSupervisor supervisor,
            Clock clock) {
        this.running = running;
        this.ownership = ownership;
        this.clients = clients;
        this.topics = topics;
        this.mapper = mapper;
        this.self = identity.id();
        this.clock = clock;
        this.job = supervisor.schedule(NAME,
                Duration.ofMillis(Math.max(50, config.dispatch().handoverLease().toMillis() / 4)), this::send);
    }

    void start() {
        job.start();
    }

    @PreDestroy
    void stop() {
        job.stop();
    }

    /** The tasks that run here, not being left for another instance, and whose queue this instance does not have. */
    List<UUID> runsOfQueuesElsewhere() {
        List<UUID> ids = new ArrayList<>();
        running.forEach(run -> {
            Task task = run.snapshots().current();
            if (run.state() != RunState.HANDING_OVER && !ownership.ownsQueue(task.queue())) {
                ids.add(task.id());
            }
        });
        return ids;
    }

    void send() {
        List<UUID> ids = runsOfQueuesElsewhere();
        // Records of a few hundred kilobytes at most, whatever the number of runs.
        for (int from = 0; from < ids.size(); from += PER_RECORD) {
            send(ids.subList(from, Math.min(ids.size(), from + PER_RECORD)));
        }
    }

    private void send(List<UUID> ids) {
        byte[] value;
        try {
            value = mapper.writeValueAsBytes(new StillRunning(self, List.copyOf(ids), clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clients.send(topics.taskControl(), self, value).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warnf("Could not say that %d tasks still run here: %s", ids.size(), error.getMessage());
            }
        });
    }
}
