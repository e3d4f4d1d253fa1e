package io.queuemgr.messaging;

import java.time.Duration;
import java.util.function.Supplier;

import io.queuemgr.supervision.LoopSupervisor;

/** How a {@link ConsumerLoop} reads, commits and stops; {@link #handledBy} makes the loop. */
public final class ConsumerLoopBuilder {

    final String name;
    final RecordSource source;
    final KafkaClients clients;
    final LoopSupervisor supervisor;
    Supplier<Duration> pollTimeout = () -> Duration.ofMillis(100);
    CommitPolicy commits = CommitPolicy.NONE;
    Duration commitEvery;
    Duration stopWithin = Duration.ofSeconds(10);

    ConsumerLoopBuilder(String name, RecordSource source, KafkaClients clients, LoopSupervisor supervisor) {
        this.name = name;
        this.source = source;
        this.clients = clients;
        this.supervisor = supervisor;
    }

    /** The longest a poll waits for records (100 ms unless set). */
    public ConsumerLoopBuilder poll(Duration timeout) {
        return poll(() -> timeout);
    }

    /** The longest the next poll waits for records, asked before each poll. */
    public ConsumerLoopBuilder poll(Supplier<Duration> timeout) {
        this.pollTimeout = timeout;
        return this;
    }

    /** Commits what the policy calls committable this often, without waiting for the broker. */
    public ConsumerLoopBuilder commitEvery(Duration interval, CommitPolicy policy) {
        this.commitEvery = interval;
        this.commits = policy;
        return this;
    }

    /** Commits what the policy calls committable after every poll that brought records, and waits for it. */
    public ConsumerLoopBuilder commitAfterEachPoll(CommitPolicy policy) {
        this.commitEvery = null;
        this.commits = policy;
        return this;
    }

    /** How long {@link ConsumerLoop#stop} waits for the session to finish (10 s unless set). */
    public ConsumerLoopBuilder stopWithin(Duration atMost) {
        this.stopWithin = atMost;
        return this;
    }

    public ConsumerLoop handledBy(RecordHandler handler) {
        return new ConsumerLoop(this, handler);
    }
}
