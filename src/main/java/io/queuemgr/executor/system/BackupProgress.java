package io.queuemgr.executor.system;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;

/**
 * How far a backup is, by bytes read. A report may become a published snapshot of the task, so one is sent when the
 * percentage moves or a second has passed, never once per file of a tree of thousands.
 */
final class BackupProgress {

    private static final long REPORT_EVERY_NANOS = 1_000_000_000L;

    private final ExecutionContext context;
    private final Path destination;
    private long total;
    private long bytesIn;
    private long files;
    private BackupPlan.Item current;
    private int lastPercent = -1;
    private long lastReport;

    BackupProgress(ExecutionContext context, Path destination) {
        this.context = context;
        this.destination = destination;
    }

    void start(long totalBytes) {
        total = totalBytes;
        report();
    }

    void entering(BackupPlan.Item item) {
        current = item;
        if (item.kind() == BackupPlan.Kind.FILE) {
            files++;
        }
        maybeReport();
    }

    void wrote(long bytes) {
        bytesIn += bytes;
        maybeReport();
    }

    Path currentPath() {
        return current == null ? destination : current.path();
    }

    /** What was archived so far: the whole result but for what only a complete archive has. */
    ObjectNode result() {
        return JsonNodeFactory.instance.objectNode().put("destination", destination.toString()).put("files", files)
                .put("bytesIn", bytesIn);
    }

    private void maybeReport() {
        int percent = percent();
        if (percent != lastPercent || System.nanoTime() - lastReport > REPORT_EVERY_NANOS) {
            report();
        }
    }

    private void report() {
        lastPercent = percent();
        lastReport = System.nanoTime();
        context.progress(lastPercent, current == null ? "starting the archive" : current.path().toString());
    }

    private int percent() {
        return total == 0 ? 0 : (int) (bytesIn * 100 / total);
    }
}
