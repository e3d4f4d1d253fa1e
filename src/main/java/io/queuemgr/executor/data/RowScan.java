package io.queuemgr.executor.data;

import java.util.function.Predicate;

import io.queuemgr.executor.ExecutionContext;

/** Reads a file's rows through the filters into a consumer, reporting progress by bytes and stopping on a cancel. */
final class RowScan {

    /** What a scan went through: rows read, rows that passed the filters, and whether a cancel stopped it. */
    record Counts(long rowsIn, long rowsMatched, long bytesRead, boolean stopped) {
    }

    /** Takes the rows that passed; answers false when it wants no more (a limit was reached). */
    interface Consumer {
        boolean accept(Row row);
    }

    private RowScan() {
    }

    static Counts run(RowSource source, Predicate<Row> filter, ExecutionContext context, String step,
            Consumer consumer) {
        long rowsIn = 0;
        long matched = 0;
        int reported = -1;
        Row row;
        while ((row = source.next()) != null) {
            if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
                return new Counts(rowsIn, matched, source.bytesRead(), true);
            }
            rowsIn++;
            int percent = source.size() == 0 ? 0 : (int) Math.min(99, source.bytesRead() * 100 / source.size());
            if (percent != reported) {
                reported = percent;
                context.progress(percent, step);
            }
            if (filter.test(row)) {
                matched++;
                if (!consumer.accept(row)) {
                    break;
                }
            }
        }
        context.progress(100, step);
        return new Counts(rowsIn, matched, source.bytesRead(), false);
    }
}
