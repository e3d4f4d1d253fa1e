package io.queuemgr.registry;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.ConsumerSession;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.Topics;
import io.queuemgr.task.TaskCodec;

/**
 * Materialises the compacted status topic (and the log topic) into this instance's registry: reads every partition
 * from the beginning on start, then follows. Other parts ask it to be caught up before they act on what it holds. A
 * large poll is applied on several threads, by partition (see {@link ParallelApply}).
 */
@ApplicationScoped
public class StatusTopicReader {

    private static final Logger LOG = Logger.getLogger(StatusTopicReader.class);
    private static final int POLL_RECORDS = 12_000;

    private final Topics topics;
    private final List<StatusListener> listeners;
    private final StaleSnapshots stale;
    private final StatusRecords partitions;
    private final ReaderRequests requests = new ReaderRequests();
    private final HeldPartitions held;
    private final MisplacedTasks misplaced;
    private final TaskRegistry registry;
    private final TaskLogStore logs;
    private final ConsumerLoop loop;
    private final ParallelApply parallel;
    /** A large poll being applied on the helper threads (only the reader's thread sets it); null when none is. */
    private CompletableFuture<Void> applying;
    /** The next offsets of the poll being applied on the helpers. */
    private Map<TopicPartition, Long> applyingTo = Map.of();
    /**
     * Per partition, the offset before which every record is applied to the registry: what a checkpoint is saved at,
     * and where a session that failed reads again from. Only the reader's thread changes it.
     */
    private final Map<TopicPartition, Long> applied = new HashMap<>();
    /** Told on the reader's thread, between polls, where every record is applied (a checkpoint may be written). */
    private volatile Consumer<Map<TopicPartition, Long>> betweenPolls = at -> {
    };

    public StatusTopicReader(ConsumerLoops loops, Topics topics, TaskRegistry registry, TaskLogStore logs,
            ObjectMapper mapper, TaskCodec codec, Instance<StatusListener> listeners, StaleSnapshots stale,
            UnreadRecords unread, MisplacedTasks misplaced, HeldPartitions held, QueuemgrConfig config) {
        this.topics = topics;
        this.held = held;
        this.misplaced = misplaced;
        this.registry = registry;
        this.logs = logs;
        registry.holdQueues(held::holdsQueue);
        this.stale = stale;
        this.listeners = listeners.stream().toList();
        this.partitions = new StatusRecords(topics, registry, logs, mapper, codec, this.listeners, stale, unread,
                misplaced);
        this.parallel = new ParallelApply(config.registry().readerThreads());
        // Polls large enough to hold several partitions' fetches, so that the replay is spread over the threads.
        this.loop = loops.loop("registry-reader", new RecordSource(List.of(topics.taskStatus(), topics.taskLogs()),
                null, "queuemgr-registry", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, POLL_RECORDS,
                        // A position no longer on a topic (log lines past their retention) reads on from the first
                        // record still there, as a replay would, not from the end.
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                RecordSource.Start.BEGINNING)).stopWithin(Duration.ofSeconds(5)).handledBy(this::read);
    }

    /**
     * Starts reading, from {@code from} for the partitions it names (a checkpoint's), from the beginning elsewhere;
     * {@code betweenPolls} is told, after each poll applied on this thread, where every record read is applied.
     */
    public void start(Map<TopicPartition, Long> from, Consumer<Map<TopicPartition, Long>> betweenPolls) {
        this.betweenPolls = betweenPolls;
        Set<Integer> first = held.atStart(from, misplaced);
        if (first != null) {
            loop.readOnly(tp -> first.contains(tp.partition()));
            held.holdOnly(first, registry).forEach(this::letGo);
        }
        applied.putAll(from);
        loop.startFrom(from);
        loop.start();
    }

    /**
     * Holds the tasks of these partitions only, from now on: reads the partitions new to it from their beginning and
     * lets go of the tasks of the others. Returns once the change is made; {@link #awaitCaughtUp} then waits for the
     * new partitions to be read.
     */
    public void hold(Set<Integer> partitions, Duration timeout) throws TimeoutException {
        requests.hold(partitions, timeout);
    }

    /**
     * The partitions last asked to {@link #hold}, whether or not the change is made yet (a hold that timed out is made
     * later): a caller that owns these asks for nothing new. Null before the first.
     */
    public Set<Integer> lastHoldAsked() {
        return requests.lastAsked();
    }

    /** Returns once everything on the status topic at the time of the call has been read into the registry. */
    public void awaitCaughtUp(Duration timeout) throws TimeoutException {
        requests.awaitCaughtUp(timeout);
    }

    /**
     * Reads a poll's records into the registry, then answers the catch-ups they complete. A large poll (the replay at
     * start) is applied on the helper threads while this thread fetches the next one; its catch-ups are answered when
     * the next poll comes, from positions that leave out that poll's records, which are not applied yet.
     */
    private void read(ConsumerRecords<String, byte[]> records, ConsumerSession session) {
        if (applying != null) {
            Map<TopicPartition, Long> unapplied = new HashMap<>();
            records.partitions().forEach(tp -> unapplied.put(tp, records.records(tp).get(0).offset()));
            appliedAsync();
            afterPoll(session, tp -> unapplied.containsKey(tp) ? unapplied.get(tp) : session.position(tp));
            // A busy reader may pipeline every poll: this is where it stands with everything read applied.
            between();
        }
        if (requests.holdAsked() || held.letGoDue(System.nanoTime())) {
            // This poll's records were fetched for what was held: applied first, then let go with the rest; the
            // catch-ups are answered for what is held from now on.
            applyHere(records);
            rehold(session);
            settled(session);
            return;
        }
        if (parallel.pipelines(records)) {
            applyingTo = ConsumerSession.nextOffsets(records);
            applying = parallel.applyAsync(records, partitions::apply);
            return;
        }
        applyHere(records);
        settled(session);
    }

    private void applyHere(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            partitions.apply(records.records(tp));
        }
        applied.putAll(ConsumerSession.nextOffsets(records));
    }

    /** After a poll applied on this thread: the catch-ups it completes are answered, a checkpoint may be written. */
    private void settled(ConsumerSession session) {
        afterPoll(session, session::position);
        between();
    }

    /** The last partitions asked for are held from now on; those no longer held are let go. */
    private void rehold(ConsumerSession session) {
        List<ReaderRequests.Hold> asked = requests.takeHolds();
        Set<Integer> wanted = held.toRead(asked.isEmpty() ? null : asked.getLast().partitions(), System.nanoTime());
        Predicate<TopicPartition> reading = tp -> wanted.contains(tp.partition());
        loop.readOnly(reading);
        applied.keySet().removeIf(reading.negate());
        session.reassign(held.partitionsOf(wanted, List.of(topics.taskStatus(), topics.taskLogs())));
        held.holdOnly(wanted, registry).forEach(this::letGo);
        asked.forEach(h -> h.done().complete(null));
    }

    /** A task let go with its queue's partition: its log lines too, and the listeners are told. */
    private void letGo(UUID id) {
        logs.remove(id);
        listeners.forEach(l -> l.removed(id));
    }

    /** Every record read is applied and none is on the helpers; not once the loop is asked to stop. */
    private void between() {
        if (loop.active()) {
            betweenPolls.accept(Collections.unmodifiableMap(applied));
        }
    }

    /**
     * Waits for the poll on the helpers. When it failed, the next session reads again from what is applied (the loop
     * had gone on past that poll), so that none of its records is skipped.
     */
    private void appliedAsync() {
        try {
            applying.join();
            applied.putAll(applyingTo);
        } catch (RuntimeException e) {
            loop.rewindTo(applied);
            throw e;
        } finally {
            applying = null;
            applyingTo = Map.of();
        }
    }

    /** Once every record up to {@code applied} is in the registry. */
    private void afterPoll(ConsumerSession session, ToLongFunction<TopicPartition> applied) {
        listeners.forEach(StatusListener::polled);
        stale.afterPoll(applied, () -> session.endOffsets(topics.taskStatus()));
        requests.settle(() -> session.endOffsets(topics.taskStatus()), applied);
    }

    /**
     * Stops reading; answers where it stood with every record read applied, or empty when the loop did not stop in
     * time (what it read is then not known to be applied).
     */
    public Optional<Map<TopicPartition, Long>> stop() {
        Optional<Map<TopicPartition, Long>> at = Optional.empty();
        // The loop's thread has ended when it answers true: what it left is this thread's to read.
        if (!loop.stop()) {
            LOG.warn("The registry reader did not stop in time: no checkpoint is written at this stop");
        } else {
            try {
                if (applying != null) {
                    appliedAsync();
                }
                at = Optional.of(Map.copyOf(applied));
            } catch (RuntimeException e) {
                LOG.warnf("The registry's last poll was not applied whole (%s): no checkpoint is written", e);
            }
        }
        parallel.close();
        return at;
    }
}
