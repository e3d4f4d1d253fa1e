package io.queuemgr.executor.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/** The lines of a text file with their numbers, each no longer than the record limit. */
final class TextLines implements Closeable {

    private final Path path;
    private final RecordLengthGuard chars;
    private final BufferedReader lines;
    private long line;

    TextLines(Path path, RecordLengthGuard chars) {
        this.path = path;
        this.chars = chars;
        this.lines = new BufferedReader(chars);
    }

    /** Opens a file after the checks of {@link RowSource#check}. */
    static TextLines open(Path path, long maxBytes, DataLimits limits) throws IOException {
        RowSource.check(path, maxBytes);
        return new TextLines(path, new RecordLengthGuard(
                new StrictUtf8Reader(java.nio.file.Files.newInputStream(path)), limits.maxRecordChars()));
    }

    /** The next line, or null at the end; {@link #line()} is its number. */
    String next() {
        String text;
        try {
            text = lines.readLine();
        } catch (IOException e) {
            throw RowSource.failure(e, path, line + 1);
        }
        chars.recordEnded();
        if (text != null) {
            line++;
        }
        return text;
    }

    long line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
