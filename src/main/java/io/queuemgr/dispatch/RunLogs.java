package io.queuemgr.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.queuemgr.messaging.TaskLogBatch;
import io.queuemgr.secret.Redactor;

/** The log lines of one run: secrets hidden, long lines cut, and sent to the log topic in batches. */
final class RunLogs {

    private static final int BATCH_LINES = 200;
    /** A batch of log lines is sent once it holds this many characters, well below Kafka's record limit. */
    private static final int BATCH_CHARS = 256 * 1024;

    private final UUID taskId;
    private final int attempt;
    private final int maxLineChars;
    private final Redactor redactor;
    private final Function<TaskLogBatch, CompletableFuture<Void>> send;
    private final List<String> pending = new ArrayList<>();
    private int pendingChars;

    RunLogs(UUID taskId, int attempt, int maxLineChars, Redactor redactor,
            Function<TaskLogBatch, CompletableFuture<Void>> send) {
        this.taskId = taskId;
        this.attempt = attempt;
        this.maxLineChars = maxLineChars;
        this.redactor = redactor;
        this.send = send;
    }

    /** Keeps a line; answers the batch it completed, sent, or null while the batch is not full. */
    CompletableFuture<Void> add(String line) {
        // Redacted before it is cut, so that a cut cannot leave half a secret readable.
        String redacted = redactor.redact(line);
        String kept = redacted.length() <= maxLineChars
                ? redacted
                : redacted.substring(0, maxLineChars) + " [" + (redacted.length() - maxLineChars)
                        + " more characters cut]";
        List<String> full = null;
        synchronized (this) {
            pending.add(kept);
            pendingChars += kept.length();
            if (pending.size() >= BATCH_LINES || pendingChars >= BATCH_CHARS) {
                full = drain();
            }
        }
        return full == null ? null : send.apply(new TaskLogBatch(taskId, attempt, full));
    }

    synchronized boolean hasUnsent() {
        return !pending.isEmpty();
    }

    /** Sends the lines not yet sent. */
    CompletableFuture<Void> flush() {
        List<String> lines;
        synchronized (this) {
            lines = drain();
        }
        return lines.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : send.apply(new TaskLogBatch(taskId, attempt, lines));
    }

    private List<String> drain() {
        List<String> lines = new ArrayList<>(pending);
        pending.clear();
        pendingChars = 0;
        return lines;
    }
}
