package io.queuemgr.executor.data;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Fails a read once more characters than the limit went by since the last record ended: a file with one endless
 * line (or an unclosed CSV quote) would otherwise be held whole in memory by the parser. Parsers read ahead by a
 * buffer, so the limit holds to within a few kilobytes.
 */
final class RecordLengthGuard extends FilterReader {

    /** A record longer than the limit. */
    static final class TooLong extends IOException {
        TooLong(int limit) {
            super("a record is longer than " + limit + " characters");
        }
    }

    private final int limit;
    private long sinceRecord;

    RecordLengthGuard(Reader in, int limit) {
        super(in);
        this.limit = limit;
    }

    /** A record ended: its characters no longer count. */
    void recordEnded() {
        sinceRecord = 0;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        counted(c < 0 ? 0 : 1);
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        counted(Math.max(n, 0));
        return n;
    }

    private void counted(int n) throws TooLong {
        sinceRecord += n;
        if (sinceRecord > limit + 65_536L) {
            throw new TooLong(limit);
        }
    }
}
