package io.queuemgr.messaging;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;

/**
 * The body of a projector: each poll's records become one write to a store, tried again (after a pause that doubles,
 * up to 30 s) until it succeeds, while the consumer keeps its group membership; only then are their offsets
 * committable. A store that is down makes the projection lag; it never loses a record.
 */
public final class Projection implements RecordHandler {

    private static final Logger LOG = Logger.getLogger(Projection.class);
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    /**
     * What one poll's records come to.
     *
     * @param what what is written, for the log ("12 finished tasks")
     * @param write makes the write; asked again for each try
     */
    public record Write(String what, Supplier<Uni<Void>> write) {
    }

    private final Function<ConsumerRecords<String, byte[]>, Write> writes;
    private final Duration writeTimeout;
    private final BatchCommits commits = new BatchCommits();

    /** {@code writeTimeout}: how long one try of a write may take before it is given up and tried again. */
    public Projection(Function<ConsumerRecords<String, byte[]>, Write> writes, Duration writeTimeout) {
        this.writes = writes;
        this.writeTimeout = writeTimeout;
    }

    /** What the loop may commit: the polls written. */
    public CommitPolicy commits() {
        return commits;
    }

    @Override
    public void handle(ConsumerRecords<String, byte[]> records, ConsumerSession session) {
        if (records.isEmpty()) {
            return;
        }
        Write write = writes.apply(records);
        long backoffMs = FIRST_BACKOFF_MS;
        while (session.active()) {
            try {
                write.write().get().await().atMost(writeTimeout);
                commits.durable(records);
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Writing %s failed, trying again in %d ms: %s", write.what(), backoffMs, reason(e));
                session.idle(Duration.ofMillis(backoffMs));
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            }
        }
        // Stopped before the write succeeded: these records are read again from the committed offsets.
    }

    /** One line for the log: a write made of several that failed together names each cause. */
    static String reason(Throwable e) {
        if (e instanceof CompositeException all) {
            return all.getCauses().stream().map(String::valueOf).distinct().collect(Collectors.joining("; "));
        }
        return e.getMessage();
    }
}
