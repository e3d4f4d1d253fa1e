package io.queuemgr.boot;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.queuemgr.audit.AuditProjector;
import io.queuemgr.audit.AuditRetention;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.dispatch.ControlListener;
import io.queuemgr.dispatch.RetryScheduler;
import io.queuemgr.dispatch.TaskDispatcher;
import io.queuemgr.events.EveryStatusPartition;
import io.queuemgr.history.TaskHistoryProjector;
import io.queuemgr.messaging.TopicSetup;
import io.queuemgr.peer.PeerAddresses;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.queue.QueueMetrics;
import io.queuemgr.registry.HeldPartitions;
import io.queuemgr.registry.MisplacedTasks;
import io.queuemgr.registry.RegistryCheckpoint;
import io.queuemgr.registry.RegistryRetention;
import io.queuemgr.registry.StatusTopicReader;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.schedule.ScheduleFirer;
import io.queuemgr.submission.KafkaSubmissionIntake;
import io.queuemgr.submission.StrandedWork;
import io.queuemgr.worker.TaskOffers;

/**
 * Starts the service's Kafka loops in the order they depend on each other: topics, then the registry (rebuilt from
 * the status topic before anything acts on it), then intake, dispatch, history and the audit trail. Stops them the
 * other way round.
 */
@ApplicationScoped
public class ServiceLifecycle {

    private static final Logger LOG = Logger.getLogger(ServiceLifecycle.class);

    private final TopicSetup topics;
    private final StatusTopicReader reader;
    private final TaskRegistry registry;
    private final KafkaSubmissionIntake intake;
    private final TaskDispatcher dispatcher;
    private final TaskHistoryProjector projector;
    private final QueueCatalog queues;
    private final RetryScheduler retries;
    private final ControlListener control;
    private final QueueMetrics queueMetrics;
    private final QueuemgrConfig config;
    private final TaskOffers offers;
    private final RegistryRetention retention;
    private final AuditProjector auditProjector;
    private final AuditRetention auditRetention;
    private final ScheduleFirer schedules;
    private final RegistryCheckpoint checkpoint;
    private final HeldPartitions held;
    private final MisplacedTasks misplaced;
    private final PeerAddresses addresses;
    private final EveryStatusPartition events;
    private final StrandedWork stranded;
    private volatile boolean ready;

    public ServiceLifecycle(TopicSetup topics, StatusTopicReader reader, TaskRegistry registry,
            KafkaSubmissionIntake intake, TaskDispatcher dispatcher, TaskHistoryProjector projector,
            QueueCatalog queues, RetryScheduler retries, ControlListener control, QueueMetrics queueMetrics,
            QueuemgrConfig config, TaskOffers offers, RegistryRetention retention, AuditProjector auditProjector,
            AuditRetention auditRetention, ScheduleFirer schedules, RegistryCheckpoint checkpoint, HeldPartitions held,
            MisplacedTasks misplaced, PeerAddresses addresses, EveryStatusPartition events, StrandedWork stranded) {
        this.stranded = stranded;
        this.addresses = addresses;
        this.events = events;
        this.held = held;
        this.misplaced = misplaced;
        this.schedules = schedules;
        this.checkpoint = checkpoint;
        this.auditProjector = auditProjector;
        this.auditRetention = auditRetention;
        this.retention = retention;
        this.offers = offers;
        this.queueMetrics = queueMetrics;
        this.control = control;
        this.queues = queues;
        this.retries = retries;
        this.topics = topics;
        this.reader = reader;
        this.registry = registry;
        this.intake = intake;
        this.dispatcher = dispatcher;
        this.projector = projector;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws TimeoutException {
        long begin = System.nanoTime();
        topics.ensureTopics();
        queues.start().await().atMost(config.queues().loadTimeout());
        // Before this instance joins the dispatch group: its peers find its address once it holds tasks.
        addresses.start().await().atMost(config.queues().loadTimeout());
        registry.holdFiling();
        Optional<Map<TopicPartition, Long>> from = checkpoint.restore();
        reader.start(from.orElse(Map.of()), checkpoint::saveIfDue);
        reader.awaitCaughtUp(config.registry().rebuildTimeout());
        registry.fileAll();
        if (!held.decide(misplaced) && held.only() != null) {
            // Started with the partitions of its checkpoint and refused: every task, after all.
            reader.hold(held.every(), config.registry().rebuildTimeout());
            reader.awaitCaughtUp(config.registry().rebuildTimeout());
        }
        checkpoint.running();
        LOG.infof("Registry rebuilt from the status topic%s: %d tasks in %d ms",
                from.isPresent() ? " and its checkpoint" : "", registry.size(),
                (System.nanoTime() - begin) / 1_000_000);
        // After the registry is rebuilt: a task kept by the last stop that moved on meanwhile is not sent again.
        stranded.start();
        intake.start();
        // Every instance reads the control topic: an API-only one for the owners' replies to its requests.
        control.start();
        // With split holding, task events come from every status partition, not from the registry's share.
        events.start();
        // After the registry is rebuilt: whether a firing's previous task is final is read there.
        schedules.start();
        if (config.dispatch().enabled()) {
            offers.start();
            dispatcher.start();
            retries.start();
            retention.start();
        }
        projector.start();
        auditProjector.start();
        auditRetention.start();
        queueMetrics.start();
        ready = true;
    }

    void onStop(@Observes ShutdownEvent event) {
        ready = false;
        schedules.stop();
        intake.stop();
        stranded.stop();
        retention.stop();
        dispatcher.stop();
        // Out of the dispatch group now: no peer asks this instance any more.
        try {
            addresses.stop().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            // Late or failed: the rest of the stop (the checkpoint above all) goes on.
            LOG.warnf("This instance's address stays advertised: %s", e.getMessage());
        }
        retries.stop();
        control.stop();
        events.stop();
        offers.stop();
        projector.stop();
        auditRetention.stop();
        auditProjector.stop();
        // A snapshot acked after this is already on the topic past the saved positions: the next start reads it.
        reader.stop().ifPresent(checkpoint::save);
        queues.stop();
    }

    public boolean isReady() {
        return ready;
    }
}
