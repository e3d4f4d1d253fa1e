package io.queuemgr.registry;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.zip.Deflater;

import jakarta.inject.Singleton;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;

/**
 * The in-memory view of the status topic that answers "where is task X". A snapshot replaces the held one only when
 * its version is higher, so replays, duplicates and out-of-order arrivals all converge on the newest state.
 * <p>
 * Tasks are held as columns (see {@link TaskTable}) with bitmap indexes per field ({@link FieldIndexes}) and an id
 * order for paging ({@link NewestFirst}); a finished task's snapshot is kept packed ({@link PackedJson}). Reads share
 * a lock, changes take it alone; snapshots are parsed and packed outside it.
 */
@Singleton
public class TaskRegistry {

    private final TaskCodec codec;
    private final PackedJson packer;
    final RegistryLock lock = new RegistryLock();
    private final IncomingRecords incoming = new IncomingRecords(this);
    private final RegistryCopies copies = new RegistryCopies(this);
    /** Replaced by {@link RegistryCopies} under the write lock; counts and size read without it. */
    private volatile TaskStore store = new TaskStore();
    /** Whether a queue's tasks are held here ({@link HeldPartitions}): this instance's own snapshots of others' are not. */
    private volatile Predicate<String> held = queue -> true;

    public TaskRegistry(TaskCodec codec) {
        this.codec = codec;
        this.packer = new PackedJson(SnapshotDictionary.of(codec), Deflater.BEST_SPEED);
    }

    /** Takes a snapshot, given with its JSON, if it is newer than the one held; answers whether it did. */
    public boolean apply(Task snapshot, byte[] json) {
        if (versionOf(snapshot.id()) >= snapshot.version()) {
            return false;
        }
        byte[] stored = stored(snapshot.id(), snapshot.status(), json);
        return lock.write(() -> held.test(snapshot.queue())
                && store.put(snapshot.id(), RegistryEntry.of(snapshot), stored));
    }

    /**
     * Takes snapshot records read from one partition of the status topic, in their order, each if it is newer than
     * the one held: a later snapshot of a task held is kept without parsing its JSON when its headers give its version
     * and status; the lock is taken once to look them up and once to change, for all of them ({@link IncomingRecords}).
     */
    public List<IncomingRecords.Outcome> applyRecords(List<IncomingRecords.Incoming> records) {
        return incoming.apply(records);
    }

    byte[] stored(UUID id, TaskStatus status, byte[] json) {
        return status.isFinal() ? packer.pack(json, id) : json;
    }

    /** Under a lock: the tasks held (changed only under the write lock). */
    TaskStore storeLocked() {
        return store;
    }

    /** Under the write lock: the store is replaced whole (see {@link RegistryCopies}). */
    void replaceLocked(TaskStore replacement) {
        store = replacement;
    }

    /** The registry as checkpoints copy it. */
    RegistryCopies copies() {
        return copies;
    }

    /** Under a lock: the version held for the task, or -1. */
    long versionLocked(UUID id) {
        int s = store.slot(id);
        return s < 0 ? -1 : store.table.version(s);
    }

    Task parse(byte[] json) {
        return codec.decode(json);
    }

    /**
     * For the replay at start: tasks are held but not filed for filtered listings until {@link #fileAll()}, which
     * files them at once (listings and statistics meanwhile find none of them).
     */
    public void holdFiling() {
        lock.change(() -> store.holdFiling());
    }

    /** Files every task held for filtered listings and statistics; each change is filed as it comes from now on. */
    public void fileAll() {
        lock.change(() -> store.fileAll());
    }

    /** How finished snapshots are held: a checkpoint of them is only taken back by a registry that holds them alike. */
    String packedForm() {
        return packer.form();
    }

    /** From now on, takes snapshots only of the tasks of the queues held (see {@link HeldPartitions}). */
    void holdQueues(Predicate<String> queues) {
        held = queues;
    }

    /** Under the write lock. */
    boolean holdsQueue(String queue) {
        return held.test(queue);
    }

    /**
     * A tombstone read from the status topic: the task has left the registry. {@code last}: false for a task's second
     * tombstone ({@link io.queuemgr.messaging.SnapshotHeaders#cleanup}), which leaves this instance's own deletion ahead.
     */
    public void remove(UUID id, boolean last) {
        lock.change(() -> store.remove(id, last));
    }

    /**
     * This instance's tombstone, acked by the broker: the task leaves at once (a GET right after the DELETE answers
     * 404), and an older snapshot the reader reads before the tombstone does not bring it back.
     */
    public void removeAhead(UUID id) {
        lock.change(() -> store.removeAhead(id));
    }

    /** The entry held for the task, or null: its queue, type and tags never change, whichever version it is. */
    RegistryEntry entry(UUID id) {
        return lock.read(() -> {
            int s = store.slot(id);
            return s < 0 ? null : store.table.entry(s);
        });
    }

    /** The version held for the task, or -1 when the task is unknown. */
    public long versionOf(UUID id) {
        return lock.read(() -> versionLocked(id));
    }

    public Optional<Task> get(UUID id) {
        return Optional.ofNullable(lock.read(() -> held(store.slot(id)))).map(this::decode);
    }

    public boolean contains(UUID id) {
        return versionOf(id) >= 0;
    }

    public Optional<Task> byIdempotencyKey(String key) {
        return Optional.ofNullable(lock.read(() -> held(store.slot(key)))).map(this::decode);
    }

    /** Newest first; {@code after} is the last id of the previous page. Only the page's tasks are parsed. */
    public List<Task> list(TaskFilter filter, UUID after, int limit) {
        settleOrder();
        List<TaskTable.Held> found = lock.read(
                () -> Arrays.stream(store.page(filter, after, limit)).mapToObj(store.table::held).toList());
        return found.stream().map(this::decode).toList();
    }

    /** New tasks enter the id order before a listing reads it; most listings find nothing new. */
    private void settleOrder() {
        if (!lock.read(() -> store.ordered())) {
            lock.change(() -> {
                if (!store.ordered()) {
                    store.order();
                }
            });
        }
    }

    /** How many tasks of the queue are in the status now; kept as snapshots arrive, so reading it costs nothing. */
    public long count(String queue, TaskStatus status) {
        return store.counts.count(queue, status);
    }

    /** How many tasks of the queue run now, in any executing status. */
    public long executing(String queue) {
        return store.counts.executing(queue);
    }

    /** Figures over the tasks of one queue (or all, for null) held now, as of {@code nowMs}. */
    public TaskStats stats(String queue, long nowMs) {
        return lock.read(() -> store.stats(queue, nowMs, lock::letChangesIn));
    }

    /** Figures over the tasks of every queue that passes {@code queues}. */
    public TaskStats statsOf(Predicate<String> queues, long nowMs) {
        return lock.read(() -> store.statsOf(queues, nowMs, lock::letChangesIn));
    }

    /** Whether any task of the queue is not finished yet. */
    public boolean hasActive(String queue) {
        return store.counts.hasActive(queue);
    }

    public int size() {
        return store.size();
    }

    /** A finished task due to leave the registry, with its queue, creation and finish times (ms since the epoch). */
    public record Expired(UUID id, String queue, long createdMs, long finishedMs) {
    }

    /**
     * Finished tasks due to leave the registry: COMPLETED and CANCELLED ones that finished before {@code doneBefore},
     * dead letters (FAILED, TIMEOUT) that finished before {@code deadBefore}, and beyond those the oldest finished
     * tasks past {@code maxFinished}, oldest first.
     */
    public List<Expired> expired(long doneBeforeMs, long deadBeforeMs, int maxFinished) {
        return lock.read(() -> store.expired(doneBeforeMs, deadBeforeMs, maxFinished, lock::letChangesIn));
    }

    /** The slot's task id and stored snapshot; null for -1, no slot. */
    private TaskTable.Held held(int slot) {
        return slot < 0 ? null : store.table.held(slot);
    }

    private Task decode(TaskTable.Held held) {
        return codec.decode(packer.unpack(held.stored(), held.id()));
    }
}
