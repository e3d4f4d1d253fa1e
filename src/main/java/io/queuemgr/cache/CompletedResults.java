package io.queuemgr.cache;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.common.header.Headers;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.TaskType;
import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.SnapshotSeal;
import io.queuemgr.registry.CheckpointPart;
import io.queuemgr.registry.SnapshotStamp;
import io.queuemgr.registry.StatusChange;
import io.queuemgr.registry.StatusListener;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;

/**
 * Every instance's index of the newest completed task per {@link ResultFingerprint}, kept from the status topic as the
 * registry reads it: rebuilt by the replay at start, so it survives restarts and holds cluster-wide. Only tasks
 * submitted with {@code cacheFor} are sources; a task that took its result from another is no source itself, so a
 * result is never older than its source says. The writer of a completed snapshot names its fingerprint in a header, so
 * that no reader, and no replay, parses it again.
 */
@Singleton
public class CompletedResults implements StatusListener, SnapshotStamp, CheckpointPart {

    /** A task that completed with its own result. */
    public record Source(UUID id, Instant completedAt) {
    }

    private final TaskCodec codec;
    private final ResultFingerprint fingerprint;
    private final Map<String, Source> newest = new ConcurrentHashMap<>();
    /** The fingerprint of each task that is a source now, so that its tombstone can take it out. */
    private final Map<UUID, String> sourceKeys = new ConcurrentHashMap<>();

    @Inject
    public CompletedResults(TaskCodec codec, ObjectMapper mapper, ExecutorRegistry executors) {
        this(codec, new ResultFingerprint(mapper,
                written -> executors.type(written).map(TaskType::name).orElse(written)));
    }

    CompletedResults(TaskCodec codec, ResultFingerprint fingerprint) {
        this.codec = codec;
        this.fingerprint = fingerprint;
    }

    /** The fingerprint of the task's work. */
    public String fingerprintOf(Task task) {
        return fingerprint.of(task.type(), task.queue(), task.params());
    }

    /** The newest task that completed the same work with its own result, if one is held. */
    public Optional<Source> newestFor(String key) {
        return Optional.ofNullable(newest.get(key));
    }

    /** Names the work of a completed snapshot, or marks it as no source (it took a copy). */
    @Override
    public void stamp(Task snapshot, Headers headers) {
        if (snapshot.status() == TaskStatus.COMPLETED) {
            boolean source = isSource(snapshot);
            SnapshotHeaders.addFingerprint(headers, source ? fingerprintOf(snapshot) : "");
        }
    }

    @Override
    public void read(int partition, long offset, SnapshotSeal stamp, Supplier<StatusChange> change) {
        TaskStatus status = stamp.status();
        if (status != null && status != TaskStatus.COMPLETED) {
            return;
        }
        String key = stamp.fingerprint();
        long finishedMs = stamp.finishedMs();
        if (key == null || finishedMs < 0) {
            // Written before snapshots were stamped: the snapshot is parsed for its work.
            read(partition, offset, change);
            return;
        }
        StatusChange c = key.isEmpty() ? null : change.get();
        if (c != null) {
            index(key, new Source(c.id(), Instant.ofEpochMilli(finishedMs)));
        }
    }

    @Override
    public void read(int partition, long offset, Supplier<StatusChange> change) {
        StatusChange c = change.get();
        if (c == null || c.status() != TaskStatus.COMPLETED) {
            return;
        }
        Task done = codec.decode(c.json());
        if (!isSource(done)) {
            return;
        }
        index(fingerprintOf(done), new Source(done.id(), done.finishedAt()));
    }

    /**
     * A task offers its result for reuse when it asked for caching itself ({@code cacheFor}) and ran for it (not a
     * copy). Indexing every completed task cost about 250 bytes of heap per finished task in the registry (bench/run.sh
     * with 1,000,000 tasks of distinct params), for work nobody asked to reuse.
     */
    private static boolean isSource(Task done) {
        return done.cacheFor() != null && done.cachedFrom() == null && done.finishedAt() != null;
    }

    /** Only the reader's thread changes the index; lookups read {@code newest} meanwhile. */
    private synchronized void index(String key, Source next) {
        Source held = newest.get(key);
        if (held != null && !next.completedAt().isAfter(held.completedAt())) {
            return;
        }
        newest.put(key, next);
        sourceKeys.put(next.id(), key);
        if (held != null) {
            sourceKeys.remove(held.id());
        }
    }

    @Override
    public synchronized void removed(UUID id) {
        // An older source of the same work is not remembered: the next identical task runs and becomes the source.
        String key = sourceKeys.remove(id);
        if (key != null) {
            newest.computeIfPresent(key, (k, held) -> held.id().equals(id) ? null : held);
        }
    }

    @Override
    public String checkpointName() {
        return "completed-results";
    }

    @Override
    public synchronized void save(DataOutput out) throws IOException {
        out.writeInt(newest.size());
        for (Map.Entry<String, Source> e : newest.entrySet()) {
            CheckpointPart.writeText(out, e.getKey());
            CheckpointPart.writeId(out, e.getValue().id());
            out.writeLong(e.getValue().completedAt().getEpochSecond());
            out.writeInt(e.getValue().completedAt().getNano());
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        for (int n = in.readInt(); n > 0; n--) {
            String key = CheckpointPart.readText(in);
            UUID id = CheckpointPart.readId(in);
            index(key, new Source(id, Instant.ofEpochSecond(in.readLong(), in.readInt())));
        }
    }

    @Override
    public synchronized void forget() {
        newest.clear();
        sourceKeys.clear();
    }

    /** How many distinct pieces of work have a source held. */
    public int size() {
        return newest.size();
    }
}
