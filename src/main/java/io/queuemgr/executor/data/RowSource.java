package io.queuemgr.executor.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVException;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.queuemgr.task.TaskFailure;

/**
 * The rows of a data file, one at a time, in bounded memory. The file is decoded as strict UTF-8; every failure to
 * read it ends as a data code with the file and the line in its context.
 */
abstract class RowSource implements Closeable {

    protected final Path path;
    private final CountingInputStream bytes;
    protected final RecordLengthGuard chars;
    private final long size;

    protected RowSource(Path path, CountingInputStream bytes, DataLimits limits) {
        this.path = path;
        this.bytes = bytes;
        this.chars = new RecordLengthGuard(new StrictUtf8Reader(bytes), limits.maxRecordChars());
        this.size = sizeOf(path);
    }

    /** Opens the file in its format after checking that it exists and is not larger than {@code maxBytes}. */
    static RowSource open(Path path, DataFormat format, long maxBytes, DataLimits limits) {
        check(path, maxBytes);
        try {
            CountingInputStream in = new CountingInputStream(Files.newInputStream(path));
            return format == DataFormat.CSV ? new CsvRows(path, in, limits) : new JsonLineRows(path, in, limits);
        } catch (NoSuchFileException e) {
            throw DataErrors.DATA_FILE_NOT_FOUND.failure("The file " + path + " does not exist",
                    Map.of("path", path.toString()));
        } catch (IOException e) {
            throw failure(e, path, 1);
        }
    }

    /** Fails unless the file exists and has at most {@code maxBytes} bytes. */
    static void check(Path path, long maxBytes) {
        if (!Files.isRegularFile(path)) {
            throw DataErrors.DATA_FILE_NOT_FOUND.failure("The file " + path + " does not exist",
                    Map.of("path", path.toString()));
        }
        long size = sizeOf(path);
        if (size > maxBytes) {
            throw DataErrors.DATA_SIZE_TOO_LARGE.failure(
                    "The file " + path + " has " + size + " bytes, more than the " + maxBytes + " allowed",
                    Map.of("path", path.toString(), "bytes", Long.toString(size), "maxBytes",
                            Long.toString(maxBytes)));
        }
    }

    /** The next row, or null after the last. */
    abstract Row next();

    /** The columns the file declares (a CSV header); empty when each row names its own. */
    abstract List<String> columns();

    long bytesRead() {
        return bytes.count();
    }

    long size() {
        return size;
    }

    /** The failure to read a record starting on the line, as the data code it is. */
    static TaskFailure failure(Throwable e, Path path, long line) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StrictUtf8Reader.Malformed malformed) {
                line = malformed.line();
                cause = malformed;
            }
        }
        Map<String, String> context = Map.of("path", path.toString(), "line", Long.toString(line));
        String where = path.getFileName() + " line " + line;
        if (cause instanceof CharacterCodingException) {
            return DataErrors.DATA_ENCODING_ERROR.failure(where + " is not valid UTF-8", context);
        }
        boolean unparsable = cause instanceof RecordLengthGuard.TooLong || cause instanceof CSVException
                || cause instanceof JsonProcessingException;
        if (cause instanceof IOException && !unparsable) {
            return DataErrors.DATA_FILE_CORRUPTED.failure("Could not read " + where + ": " + cause.getMessage(),
                    context);
        }
        return DataErrors.DATA_PARSING_FAILED.failure("Cannot parse " + where + ": " + cause.getMessage(), context);
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }
}
