package io.queuemgr.dispatch;

import java.time.Duration;
import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.queuemgr.messaging.QueueOwnership;
import io.queuemgr.registry.HeldPartitions;
import io.queuemgr.registry.StatusTopicReader;
import io.queuemgr.registry.TaskRegistry;

/**
 * Brings the registry up to date with the work partitions the dispatcher was just given, before any of their work is
 * read: a task whose outcome another instance already published must be seen as finished before it could run again.
 * Where each instance holds only its own part of the registry, that part is read first.
 */
final class RegistryCatchUp {

    private static final Logger LOG = Logger.getLogger(RegistryCatchUp.class);

    private final StatusTopicReader reader;
    private final HeldPartitions held;
    private final QueueOwnership ownership;
    private final TaskRegistry registry;
    private final Duration timeout;

    RegistryCatchUp(StatusTopicReader reader, HeldPartitions held, QueueOwnership ownership, TaskRegistry registry,
            Duration timeout) {
        this.reader = reader;
        this.held = held;
        this.ownership = ownership;
        this.registry = registry;
        this.timeout = timeout;
    }

    /** Returns once the registry holds what the newly assigned {@code partitions} need, or the timeout passed. */
    void afterAssignment(Collection<TopicPartition> partitions) {
        long begin = System.nanoTime();
        boolean holding = held.split() && !ownership.partitions().equals(reader.lastHoldAsked());
        if (holding) {
            held.taking(true);
        }
        try {
            if (holding) {
                try {
                    // The tasks of the queues it now dispatches, read before any of their work is.
                    reader.hold(ownership.partitions(), timeout);
                } catch (TimeoutException e) {
                    LOG.warn("The registry did not take its new partitions in time");
                }
            }
            if (!partitions.isEmpty()) {
                try {
                    reader.awaitCaughtUp(timeout);
                } catch (TimeoutException e) {
                    LOG.warn("The registry did not catch up in time; finished tasks may run again");
                }
            }
        } finally {
            // Also after a timeout: answers then name no instance as taking over, and the log says why.
            held.taking(false);
        }
        if (holding) {
            LOG.infof("The registry holds the tasks of work partitions %s: %d tasks, read in %d ms",
                    new TreeSet<>(ownership.partitions()), registry.size(), (System.nanoTime() - begin) / 1_000_000);
        }
    }
}
