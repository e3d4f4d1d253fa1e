package io.queuemgr.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.inject.Singleton;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;

/**
 * With split holding, the tasks this instance has just submitted for queues another instance holds. The holder reads
 * a task's first snapshot from the status topic a moment after the submission was acknowledged (up to its reader's
 * fetch wait, 100 ms when the topic is quiet); until then only the instance that made it knows the task. It answers a
 * read by id from here when no holder has the task yet, so that a caller who got a {@code 202} never reads a
 * {@code 404} for it. Each task is kept for {@link #KEEP}, and at most {@link #MAX_TASKS} of them.
 */
@Singleton
public class InTransit {

    /** Far longer than a holder takes to read a snapshot, unless it is down or still taking the queue over. */
    static final Duration KEEP = Duration.ofSeconds(10);
    /** About 5 MB of first snapshots at most; at higher rates the oldest leave before their time. */
    static final int MAX_TASKS = 10_000;

    private record Sent(UUID id, byte[] json, long atMs) {
    }

    private final TaskCodec codec;
    private final Clock clock;
    private final ConcurrentHashMap<UUID, Sent> byId = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Sent> oldestFirst = new ConcurrentLinkedQueue<>();

    public InTransit(TaskCodec codec, Clock clock) {
        this.codec = codec;
        this.clock = clock;
    }

    /** A task made here, its first snapshot acknowledged, for a queue another instance holds. */
    void sent(UUID id, byte[] json) {
        Sent sent = new Sent(id, json, clock.millis());
        if (byId.putIfAbsent(id, sent) == null) {
            oldestFirst.add(sent);
        }
        prune(sent.atMs());
    }

    /** The task's first snapshot, if this instance made it a moment ago for a queue another instance holds. */
    public Optional<Task> get(UUID id) {
        prune(clock.millis());
        Sent sent = byId.get(id);
        return sent == null ? Optional.empty() : Optional.of(codec.decode(sent.json()));
    }

    public boolean contains(UUID id) {
        prune(clock.millis());
        return byId.containsKey(id);
    }

    /** Tasks kept now. */
    int size() {
        return byId.size();
    }

    private void prune(long nowMs) {
        Sent oldest;
        while ((oldest = oldestFirst.peek()) != null
                && (nowMs - oldest.atMs() >= KEEP.toMillis() || byId.size() > MAX_TASKS)) {
            if (oldestFirst.remove(oldest)) {
                byId.remove(oldest.id(), oldest);
            }
        }
    }
}
