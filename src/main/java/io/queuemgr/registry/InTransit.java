package io.queuemgr.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;

/**
 * With split holding, the tasks this instance has just submitted for queues another instance holds. The holder reads
 * a task's first snapshot from the status topic a moment after the submission was acknowledged (up to its reader's
 * fetch wait, 100 ms when the topic is quiet); until then only the instance that made it knows the task. A read by id
 * that no holder and no history answers is answered from here, so that a caller who got a {@code 202} does not read
 * a {@code 404} for it. Each task is kept for {@link #KEEP}, within {@link #MAX_TASKS} tasks and {@link #MAX_BYTES}
 * of snapshots, the oldest leaving first; a task its holder is seen to hold leaves at once.
 * <p>
 * Not a Caffeine cache (as {@code executor.Breakers} uses): once full, it keeps an entry leaving its small window of
 * recent ones only if that entry is used more often than the one it would evict, and these entries are read once at
 * most, so tasks submitted a moment ago could go while older ones stay. Here the oldest always leaves first.
 */
@Singleton
public class InTransit {

    /** Far longer than a holder takes to read a snapshot, unless it is down or still taking the queue over. */
    static final Duration KEEP = Duration.ofSeconds(10);
    static final int MAX_TASKS = 10_000;
    /** Snapshots may be large (params up to 256 KiB by default): the bytes kept are bounded too. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private record Sent(UUID id, byte[] json, long atMs) {
    }

    private final TaskCodec codec;
    private final Clock clock;
    private final ConcurrentHashMap<UUID, Sent> byId = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Sent> oldestFirst = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();

    public InTransit(TaskCodec codec, Clock clock) {
        this.codec = codec;
        this.clock = clock;
    }

    /** A task made here, its first snapshot acknowledged, for a queue another instance holds. */
    void sent(UUID id, byte[] json) {
        Sent sent = new Sent(id, json, clock.millis());
        if (byId.putIfAbsent(id, sent) == null) {
            bytes.addAndGet(json.length);
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

    /** Its holder answered for the task: it is no longer kept here. */
    public void held(UUID id) {
        Sent sent = byId.remove(id);
        if (sent != null) {
            bytes.addAndGet(-sent.json().length);
        }
    }

    /** Tasks kept now. */
    int size() {
        return byId.size();
    }

    /** Bytes of snapshots kept now. */
    long bytes() {
        return bytes.get();
    }

    private void prune(long nowMs) {
        Sent oldest;
        while ((oldest = oldestFirst.peek()) != null && (nowMs - oldest.atMs() >= KEEP.toMillis()
                || byId.size() > MAX_TASKS || bytes.get() > MAX_BYTES || !byId.containsKey(oldest.id()))) {
            if (oldestFirst.remove(oldest) && byId.remove(oldest.id(), oldest)) {
                bytes.addAndGet(-oldest.json().length);
            }
        }
    }
}
