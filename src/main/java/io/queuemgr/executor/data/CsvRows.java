package io.queuemgr.executor.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** The rows of a CSV file whose first record names the columns (RFC 4180: quotes, commas, line breaks in quotes). */
final class CsvRows extends RowSource {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(false).get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> columns;
    private long nextLine = 2;

    CsvRows(Path path, CountingInputStream in, DataLimits limits) throws IOException {
        super(path, in, limits);
        try {
            this.parser = CSVParser.builder().setReader(chars).setFormat(FORMAT).get();
        } catch (IllegalArgumentException | IOException | java.io.UncheckedIOException e) {
            chars.close();
            throw failure(e, path, 1);
        }
        this.columns = List.copyOf(parser.getHeaderNames());
        if (columns.size() > limits.maxColumns()) {
            parser.close();
            throw DataErrors.DATA_SIZE_TOO_LARGE.failure(path.getFileName() + " has " + columns.size()
                    + " columns, more than the " + limits.maxColumns() + " allowed",
                    Map.of("path", path.toString(), "columns", Integer.toString(columns.size())));
        }
        this.records = parser.iterator();
    }

    @Override
    Row next() {
        CSVRecord record;
        try {
            if (!records.hasNext()) {
                return null;
            }
            record = records.next();
        } catch (RuntimeException e) {
            throw failure(e, path, nextLine);
        }
        chars.recordEnded();
        long line = nextLine;
        nextLine = parser.getCurrentLineNumber() + 1;
        if (record.size() != columns.size()) {
            throw DataErrors.DATA_PARSING_FAILED.failure(path.getFileName() + " line " + line + " has "
                    + record.size() + " values where the header names " + columns.size() + " columns",
                    Map.of("path", path.toString(), "line", Long.toString(line)));
        }
        Map<String, JsonNode> values = new LinkedHashMap<>(columns.size() * 2);
        for (int i = 0; i < columns.size(); i++) {
            values.put(columns.get(i), TextNode.valueOf(record.get(i)));
        }
        return new Row(line, values);
    }

    @Override
    List<String> columns() {
        return columns;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
