package io.queuemgr.executor.data;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;

/** Writes tasks to a file: JSON Lines as the API shows each task, or CSV with one column per summary field. */
abstract class TaskFile implements Closeable {

    /** The CSV columns, in order; tags are joined by ';' and times are ISO-8601 instants. */
    static final String[] COLUMNS = {"id", "queue", "type", "status", "priority", "attempt", "category", "tags",
            "createdAt", "startedAt", "finishedAt", "errorCode", "errorMessage", "submittedBy"};

    protected final OutputStream out;

    private TaskFile(Path file) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    static TaskFile open(Path file, DataFormat format, TaskCodec codec) throws IOException {
        return format == DataFormat.CSV ? new Csv(file) : new JsonLines(file, codec);
    }

    abstract void write(Task task) throws IOException;

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** RFC 4180 with a header row: quotes where a value needs them, CRLF between records. */
    private static final class Csv extends TaskFile {

        private final CSVPrinter printer;

        Csv(Path file) throws IOException {
            super(file);
            printer = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
                    CSVFormat.RFC4180.builder().setHeader(COLUMNS).get());
        }

        @Override
        void write(Task t) throws IOException {
            printer.printRecord(t.id(), t.queue(), t.type(), t.status(), t.priority(), t.attempt(), text(t.category()),
                    String.join(";", t.tags()), time(t.createdAt()), time(t.startedAt()), time(t.finishedAt()),
                    t.error() == null ? "" : t.error().code(), t.error() == null ? "" : t.error().message(),
                    text(t.submittedBy()));
        }

        private static String text(String value) {
            return value == null ? "" : value;
        }

        private static String time(Instant value) {
            return value == null ? "" : value.toString();
        }

        @Override
        public void close() throws IOException {
            printer.close(true);
        }
    }

    /** One task a line, the JSON GET /api/tasks/{id} answers with. */
    private static final class JsonLines extends TaskFile {

        private final TaskCodec codec;

        JsonLines(Path file, TaskCodec codec) throws IOException {
            super(file);
            this.codec = codec;
        }

        @Override
        void write(Task task) throws IOException {
            out.write(codec.encode(task));
            out.write('\n');
        }
    }
}
