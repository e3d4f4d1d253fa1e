package io.queuemgr.executor.data;

import static io.queuemgr.executor.data.DataFiles.failure;
import static io.queuemgr.executor.data.DataFiles.filter;
import static io.queuemgr.executor.data.DataFiles.succeeded;
import static io.queuemgr.executor.data.DataFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.task.TaskError;
import io.queuemgr.testing.FakeContext;

class ProcessExecutorTest {

    private static final String PEOPLE = "name,age,city\nann,30,Oslo\nbob,40,\"Rome, IT\"\ncid,,Oslo\ndan,50,Lyon\n";

    @TempDir
    Path dir;

    private ProcessExecutor processor(DataLimits limits) {
        return new ProcessExecutor(DataFiles.guardOver(dir), () -> limits);
    }

    private ProcessParams params(Path in, Path out, List<RowFilter> filters, List<String> columns, Long limit) {
        return new ProcessParams(in.toString(), out.toString(), null, null, filters, columns, limit, null, null);
    }

    private JsonNode process(ProcessParams params) {
        return succeeded(processor(DataLimits.defaults()), params);
    }

    @Test
    void csvRowsPassingTheFiltersAreWrittenWithTheColumnsKeptInTheirOrder() throws IOException {
        Path in = write(dir, "people.csv", PEOPLE);
        Path out = dir.resolve("out.csv");
        JsonNode result = process(params(in, out, List.of(filter("age", "ge", 35)), List.of("city", "name"), null));
        assertThat(Files.readString(out)).isEqualTo("city,name\r\n\"Rome, IT\",bob\r\nLyon,dan\r\n");
        assertThat(result.path("rowsIn").asLong()).isEqualTo(4);
        assertThat(result.path("rowsOut").asLong()).isEqualTo(2);
        assertThat(result.path("bytesRead").asLong()).isEqualTo(Files.size(in));
        assertThat(result.path("bytesWritten").asLong()).isEqualTo(Files.size(out));
    }

    @Test
    void csvBecomesJsonLinesAndEveryOperatorSelectsAsDocumented() throws IOException {
        Path in = write(dir, "people.csv", PEOPLE);
        assertThat(names(in, filter("city", "eq", "Oslo"))).containsExactly("ann", "cid");
        assertThat(names(in, filter("city", "ne", "Oslo"))).containsExactly("bob", "dan");
        assertThat(names(in, filter("age", "lt", 40))).containsExactly("ann");
        assertThat(names(in, filter("age", "le", "40"))).containsExactly("ann", "bob");
        assertThat(names(in, filter("age", "gt", 40))).containsExactly("dan");
        assertThat(names(in, filter("city", "contains", ", "))).containsExactly("bob");
        assertThat(names(in, filter("name", "matches", "^[ab]"))).containsExactly("ann", "bob");
        assertThat(names(in, filter("age", "empty", null))).containsExactly("cid");
        assertThat(names(in, filter("age", "notEmpty", null))).containsExactly("ann", "bob", "dan");
    }

    private List<String> names(Path in, RowFilter filter) throws IOException {
        Path out = dir.resolve("names.jsonl");
        process(new ProcessParams(in.toString(), out.toString(), null, null, List.of(filter), List.of("name"),
                null, null, true));
        return Files.readAllLines(out).stream().map(line -> line.replaceAll("\\{\"name\":\"(.*)\"}", "$1"))
                .toList();
    }

    @Test
    void jsonLinesKeepTheirValueTypesAndTheLimitStopsEarly() throws IOException {
        Path in = write(dir, "events.jsonl", "{\"n\":1,\"tags\":[\"x\"]}\n{\"n\":2}\n{\"n\":3}\n");
        Path out = dir.resolve("first.jsonl");
        JsonNode result = process(params(in, out, List.of(filter("n", "ge", 1)), null, 2L));
        assertThat(Files.readString(out)).isEqualTo("{\"n\":1,\"tags\":[\"x\"]}\n{\"n\":2}\n");
        assertThat(result.path("rowsOut").asLong()).isEqualTo(2);
    }

    @Test
    void aBrokenCsvRecordFailsAsParsingFailedWithItsLineAndLeavesNoOutput() throws IOException {
        Path in = write(dir, "broken.csv", "a,b\n1,2\n3,\"x\"y\n5,6\n");
        Path out = dir.resolve("out.csv");
        TaskError error = failure(processor(DataLimits.defaults()), params(in, out, null, null, null));
        assertThat(error.code()).isEqualTo("DATA_PARSING_FAILED");
        assertThat(error.context()).containsEntry("line", "3");
        assertThat(dir.toFile().list()).containsExactly("broken.csv");
    }

    @Test
    void aRowWithTooFewValuesOrABadJsonLineFailsWithItsLine() throws IOException {
        Path csv = write(dir, "short.csv", "a,b\n1,2\n3\n");
        assertThat(failure(processor(DataLimits.defaults()), params(csv, dir.resolve("o.csv"), null, null, null))
                .context()).containsEntry("line", "3");
        Path jsonl = write(dir, "bad.jsonl", "{\"a\":1}\n{\"a\":\n");
        TaskError error = failure(processor(DataLimits.defaults()),
                params(jsonl, dir.resolve("o.jsonl"), null, null, null));
        assertThat(error.code()).isEqualTo("DATA_PARSING_FAILED");
        assertThat(error.context()).containsEntry("line", "2");
    }

    @Test
    void anInputLargerThanMaxInputBytesFailsAsSizeTooLarge() throws IOException {
        Path in = write(dir, "people.csv", PEOPLE);
        TaskError error = failure(processor(DataLimits.defaults()), new ProcessParams(in.toString(),
                dir.resolve("o.csv").toString(), null, null, null, null, null, 10L, null));
        assertThat(error.code()).isEqualTo("DATA_SIZE_TOO_LARGE");
        assertThat(error.context()).containsEntry("maxBytes", "10");
    }

    @Test
    void anEndlessLineFailsAsParsingFailedInsteadOfFillingMemory() throws IOException {
        Path in = write(dir, "long.jsonl", "{\"a\":\"" + "x".repeat(200_000) + "\"}\n");
        TaskError error = failure(processor(new DataLimits(1 << 30, 1000, 10, 10, 10)),
                params(in, dir.resolve("o.jsonl"), null, null, null));
        assertThat(error.code()).isEqualTo("DATA_PARSING_FAILED");
    }

    @Test
    void anExistingOutputIsKeptUnlessOverwriteIsTrue() throws IOException {
        Path in = write(dir, "people.csv", PEOPLE);
        Path out = write(dir, "out.csv", "precious");
        assertThat(failure(processor(DataLimits.defaults()), params(in, out, null, null, null)).code())
                .isEqualTo("DATA_OUTPUT_EXISTS");
        assertThat(Files.readString(out)).isEqualTo("precious");
    }

    @Test
    void aColumnTheCsvHeaderDoesNotHaveIsRefused() throws IOException {
        Path in = write(dir, "people.csv", PEOPLE);
        TaskError error = failure(processor(DataLimits.defaults()),
                params(in, dir.resolve("o.csv"), List.of(filter("agee", "gt", 1)), null, null));
        assertThat(error.code()).isEqualTo("DATA_FORMAT_INVALID");
        assertThat(error.message()).contains("agee", "name, age, city");
    }

    @Test
    void progressFollowsTheBytesRead() throws IOException {
        StringBuilder csv = new StringBuilder("n\n");
        for (int i = 0; i < 5000; i++) {
            csv.append(i).append('\n');
        }
        Path in = write(dir, "n.csv", csv.toString());
        FakeContext context = FakeContext.forType("data.process");
        context.run(processor(DataLimits.defaults()), params(in, dir.resolve("o.csv"), null, null, null));
        assertThat(context.percents()).isSorted().contains(100);
        assertThat(context.percents().size()).isGreaterThan(2);
    }
}
