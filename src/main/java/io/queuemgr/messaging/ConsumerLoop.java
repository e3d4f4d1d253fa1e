package io.queuemgr.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.queuemgr.supervision.SupervisedLoop;

/**
 * The skeleton of every Kafka consumer loop of the service, as a {@link SupervisedLoop}. Each session makes a
 * consumer for its {@link RecordSource}, subscribes with rebalance hooks (a group) or assigns every partition (going
 * on from where the last session read), polls and hands each poll to its {@link RecordHandler}, commits what its
 * {@link CommitPolicy} calls committable, and closes the consumer on the way out. A session that ends on an error is
 * restarted from what was committed, so nothing is lost and nothing skipped.
 */
public final class ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    private static final Duration FINAL_COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final RecordSource source;
    private final RecordHandler handler;
    private final CommitPolicy commits;
    /** How often committable offsets are committed without waiting; null: after each poll's records, waiting. */
    private final Duration commitEvery;
    private final Supplier<Duration> pollTimeout;
    private final Duration stopWithin;
    private final KafkaClients clients;
    private final SupervisedLoop loop;
    /** Where a reader by assignment got to, so that a restarted session neither skips nor repeats a record. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile ConsumerSession current;
    /** For a reader by assignment: the partitions of its topics it reads. */
    private volatile Predicate<TopicPartition> reading = tp -> true;
    /** Whether {@link #readOnly} restricted it: it may then read no partition for a while. */
    private volatile boolean restricted;

    ConsumerLoop(ConsumerLoopBuilder b, RecordHandler handler) {
        this.name = b.name;
        this.source = b.source;
        this.handler = handler;
        this.commits = b.commits;
        this.commitEvery = b.commitEvery;
        this.pollTimeout = b.pollTimeout;
        this.stopWithin = b.stopWithin;
        this.clients = b.clients;
        this.loop = b.supervisor.loop(b.name, this::session);
    }

    public void start() {
        loop.start();
    }

    /** Whether the loop should go on; false once it is asked to stop. */
    public boolean active() {
        return loop.active();
    }

    /**
     * Stops the loop: wakes its consumer and waits for the session to finish, up to the loop's time to stop; answers
     * whether it finished.
     */
    public boolean stop() {
        return loop.stop(() -> {
            ConsumerSession s = current;
            if (s != null) {
                s.wakeup();
            }
        }, stopWithin);
    }

    /**
     * For a reader by assignment, before it starts: where to read each of these partitions from instead of the start
     * point (what a checkpoint of its state was taken at).
     */
    public void startFrom(Map<TopicPartition, Long> offsets) {
        positions.putAll(offsets);
    }

    /**
     * For a reader by assignment whose handler failed: the next session reads from these offsets, and from the start
     * point for partitions not named, instead of from where the loop had got to.
     */
    public void rewindTo(Map<TopicPartition, Long> offsets) {
        positions.clear();
        positions.putAll(offsets);
    }

    /**
     * For a reader by assignment: from its next session on, reads only the partitions that pass (a session under way
     * is changed by its handler, {@link ConsumerSession#reassign}), and forgets where it got to in the others.
     */
    public void readOnly(Predicate<TopicPartition> partitions) {
        reading = partitions;
        restricted = true;
        positions.keySet().removeIf(partitions.negate());
    }

    private void session(SupervisedLoop loop) {
        commits.reset();
        KafkaConsumer<String, byte[]> consumer = clients.consumer(source);
        ConsumerSession session = new ConsumerSession(name, consumer, loop, commits);
        current = session;
        boolean stopped = false;
        try {
            handler.starting(session);
            if (source.grouped()) {
                consumer.subscribe(source.topics(), new Rebalance(session));
            } else {
                assignAll(consumer);
            }
            long lastCommit = System.nanoTime();
            while (loop.active()) {
                ConsumerRecords<String, byte[]> records = poll(consumer);
                loop.checkpoint();
                handler.handle(records, session);
                if (!source.grouped()) {
                    Predicate<TopicPartition> read = reading;
                    ConsumerSession.nextOffsets(records).forEach((tp, next) -> {
                        if (read.test(tp)) {
                            positions.put(tp, next);
                        }
                    });
                }
                if (commitEvery == null) {
                    if (!records.isEmpty()) {
                        session.commitSync(commits.committable(), null);
                    }
                } else if (System.nanoTime() - lastCommit >= commitEvery.toNanos()) {
                    session.commitAsync();
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
            finish(consumer, session, stopped);
        }
    }

    /**
     * A reader by assignment that reads no partition now (its instance holds none) waits instead, and hands its handler
     * an empty poll, which may give it partitions again.
     */
    private ConsumerRecords<String, byte[]> poll(KafkaConsumer<String, byte[]> consumer) {
        if (!restricted || !consumer.assignment().isEmpty()) {
            return consumer.poll(pollTimeout.get());
        }
        try {
            Thread.sleep(pollTimeout.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
        return ConsumerRecords.empty();
    }

    /** Assigns every partition of the source's topics, from where the last session read or from the start point. */
    private void assignAll(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : source.topics()) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        partitions.removeIf(reading.negate());
        consumer.assign(partitions);
        if (source.start() == RecordSource.Start.BEGINNING) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        positions.forEach((tp, next) -> {
            if (partitions.contains(tp)) {
                consumer.seek(tp, next);
            }
        });
        if (source.start() == RecordSource.Start.END) {
            // The end is looked up lazily: pinned now, a session that fails before reading skips nothing.
            partitions.forEach(tp -> positions.put(tp, consumer.position(tp)));
        }
    }

    private void finish(KafkaConsumer<String, byte[]> consumer, ConsumerSession session, boolean stopped) {
        try {
            if (stopped) {
                handler.stopping(session);
            }
            session.commitSync(commits.committable(), FINAL_COMMIT_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf("The final commit of the %s loop failed: %s", name, e.getMessage());
        } finally {
            try {
                consumer.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.debugf("Closing the consumer of the %s loop: %s", name, e.getMessage());
            }
            handler.ended(stopped);
        }
    }

    /** Hands rebalances to the handler, and commits before partitions leave. */
    private final class Rebalance implements ConsumerRebalanceListener {

        private final ConsumerSession session;

        Rebalance(ConsumerSession session) {
            this.session = session;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            handler.revoking(revoked, session);
            try {
                session.commitSync(commits.committable(revoked), null);
            } catch (RuntimeException e) {
                LOG.warnf("The %s loop's commit on revocation failed: %s", name, e.getMessage());
            }
            commits.forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            handler.lost(lost, session);
            commits.forget(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            handler.assigned(assigned, session);
        }
    }
}
