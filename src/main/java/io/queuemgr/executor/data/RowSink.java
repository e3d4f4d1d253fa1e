package io.queuemgr.executor.data;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes rows to a file as CSV (a header first) or JSON Lines, keeping the columns named; with none named, CSV keeps
 * those of the first row and JSON Lines every key of each row.
 */
abstract class RowSink implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    protected final Writer out;
    protected List<String> columns;

    private RowSink(Path file, List<String> columns) throws IOException {
        this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
        this.columns = columns;
    }

    static RowSink open(Path file, DataFormat format, List<String> columns) throws IOException {
        return format == DataFormat.CSV ? new Csv(file, columns) : new JsonLines(file, columns);
    }

    abstract void write(Row row) throws IOException;

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** CSV as RFC 4180 writes it: quotes where a value needs them, CRLF between records. */
    private static final class Csv extends RowSink {

        private CSVPrinter printer;

        Csv(Path file, List<String> columns) throws IOException {
            super(file, columns);
            if (columns != null) {
                start();
            }
        }

        private void start() throws IOException {
            printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(columns.toArray(String[]::new))
                    .get());
        }

        @Override
        void write(Row row) throws IOException {
            if (printer == null) {
                columns = List.copyOf(row.values().keySet());
                start();
            }
            List<String> values = new ArrayList<>(columns.size());
            for (String column : columns) {
                String text = row.text(column);
                values.add(text == null ? "" : text);
            }
            printer.printRecord(values);
        }

        @Override
        public void close() throws IOException {
            if (printer == null && columns == null) {
                columns = List.of();
            }
            if (printer == null) {
                start();
            }
            printer.close(true);
        }
    }

    /** One JSON object a line, values keeping their JSON types. */
    private static final class JsonLines extends RowSink {

        JsonLines(Path file, List<String> columns) throws IOException {
            super(file, columns);
        }

        @Override
        void write(Row row) throws IOException {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            if (columns == null) {
                row.values().forEach(object::set);
            } else {
                for (String column : columns) {
                    JsonNode value = row.values().get(column);
                    object.set(column, value == null ? JsonNodeFactory.instance.nullNode() : value);
                }
            }
            out.write(JSON.writeValueAsString(object));
            out.write('\n');
        }
    }
}
