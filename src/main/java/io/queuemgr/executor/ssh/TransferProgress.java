package io.queuemgr.executor.ssh;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;

/**
 * Counts a transfer's bytes and files and reports progress by bytes, with the current file as the step. Reports
 * only when the whole percent changes, so that a large file does not flood the status topic.
 */
final class TransferProgress {

    private final ExecutionContext context;
    private final long totalBytes;
    private final long start = System.nanoTime();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong files = new AtomicLong();
    private volatile String file = "";
    private int lastPercent = -1;

    TransferProgress(ExecutionContext context, long totalBytes) {
        this.context = context;
        this.totalBytes = totalBytes;
    }

    void startFile(String name) {
        file = name;
        report(true);
    }

    void endFile() {
        files.incrementAndGet();
    }

    void add(long count) {
        bytes.addAndGet(count);
        report(false);
    }

    /** files, bytes, seconds and MB/s (10^6 bytes) so far. */
    ObjectNode result() {
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("files", files.get());
        result.put("bytes", bytes.get());
        result.put("seconds", Math.round(seconds * 1000) / 1000.0);
        result.put("mbPerSecond", seconds <= 0 ? 0 : Math.round(bytes.get() / 1e6 / seconds * 100) / 100.0);
        return result;
    }

    private synchronized void report(boolean newFile) {
        int percent = totalBytes <= 0 ? 0 : (int) Math.min(100, bytes.get() * 100 / totalBytes);
        if (newFile || percent != lastPercent) {
            lastPercent = percent;
            context.progress(percent, file);
        }
    }
}
