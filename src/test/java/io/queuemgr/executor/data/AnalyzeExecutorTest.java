package io.queuemgr.executor.data;

import static io.queuemgr.executor.data.DataFiles.failure;
import static io.queuemgr.executor.data.DataFiles.filter;
import static io.queuemgr.executor.data.DataFiles.succeeded;
import static io.queuemgr.executor.data.DataFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.task.TaskError;

class AnalyzeExecutorTest {

    @TempDir
    Path dir;

    private AnalyzeExecutor analyzer(DataLimits limits) {
        return new AnalyzeExecutor(DataFiles.guardOver(dir), () -> limits);
    }

    private JsonNode analyse(Path file, List<RowFilter> filters) {
        return succeeded(analyzer(DataLimits.defaults()), new AnalyzeParams(file.toString(), null, filters, null));
    }

    @Test
    void eachCsvColumnGetsCountsLengthsTopValuesAndNumericStatistics() throws IOException {
        Path file = write(dir, "people.csv", "name,age,city\nann,30,Oslo\nbob,40,\"Rome, IT\"\ncid,,Oslo\n"
                + "dan,50,Oslo\n");
        JsonNode result = analyse(file, null);
        assertThat(result.path("rows").asLong()).isEqualTo(4);
        JsonNode age = result.path("columns").path("age");
        assertThat(age.path("count").asLong()).isEqualTo(3);
        assertThat(age.path("empty").asLong()).isEqualTo(1);
        assertThat(age.path("numeric").path("min").asDouble()).isEqualTo(30);
        assertThat(age.path("numeric").path("max").asDouble()).isEqualTo(50);
        assertThat(age.path("numeric").path("mean").asDouble()).isEqualTo(40);
        assertThat(age.path("numeric").path("stddev").asDouble()).isCloseTo(10, within(1e-9));
        JsonNode city = result.path("columns").path("city");
        assertThat(city.path("distinct").asInt()).isEqualTo(2);
        assertThat(city.path("distinctExact").asBoolean()).isTrue();
        assertThat(city.path("topValues").path("Oslo").asLong()).isEqualTo(3);
        assertThat(city.path("minLength").asInt()).isEqualTo(4);
        assertThat(city.path("maxLength").asInt()).isEqualTo(8);
        assertThat(city.has("numeric")).isFalse();
        assertThat(result.path("columns").fieldNames()).toIterable().containsExactly("name", "age", "city");
    }

    @Test
    void jsonLinesColumnsAppearAsTheRowsNameThemAndAMissingKeyCountsAsEmpty() throws IOException {
        Path file = write(dir, "events.jsonl", "{\"kind\":\"a\",\"ms\":5}\n\n{\"kind\":\"b\"}\n"
                + "{\"kind\":\"a\",\"ms\":7,\"extra\":null}\n");
        JsonNode result = analyse(file, null);
        assertThat(result.path("format").asText()).isEqualTo("jsonl");
        assertThat(result.path("rows").asLong()).isEqualTo(3);
        assertThat(result.path("columns").path("ms").path("empty").asLong()).isEqualTo(1);
        assertThat(result.path("columns").path("ms").path("numeric").path("mean").asDouble()).isEqualTo(6);
        assertThat(result.path("columns").path("extra").path("empty").asLong()).isEqualTo(3);
    }

    @Test
    void filtersChooseTheRowsBeforeTheyAreAnalysed() throws IOException {
        Path file = write(dir, "people.csv", "name,age\nann,30\nbob,40\ncid,50\n");
        JsonNode result = analyse(file, List.of(filter("age", "ge", 40), filter("name", "ne", "cid")));
        assertThat(result.path("rowsRead").asLong()).isEqualTo(3);
        assertThat(result.path("rows").asLong()).isEqualTo(1);
        assertThat(result.path("columns").path("name").path("topValues").path("bob").asLong()).isEqualTo(1);
    }

    @Test
    void pastTheDistinctLimitTheCountSaysItIsOnlyALowerBound() throws IOException {
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 0; i < 50; i++) {
            csv.append(i).append('\n');
        }
        Path file = write(dir, "ids.csv", csv.toString());
        JsonNode id = succeeded(analyzer(new DataLimits(1 << 20, 1 << 20, 10, 20, 10)),
                new AnalyzeParams(file.toString(), null, null, null)).path("columns").path("id");
        assertThat(id.path("distinctExact").asBoolean()).isFalse();
        assertThat(id.path("distinct").asInt()).isEqualTo(21);
        assertThat(id.path("numeric").path("count").asLong()).isEqualTo(50);
    }

    @Test
    void aMissingFileFailsAsFileNotFound() {
        TaskError error = failure(analyzer(DataLimits.defaults()),
                new AnalyzeParams(dir.resolve("nope.csv").toString(), null, null, null));
        assertThat(error.code()).isEqualTo("DATA_FILE_NOT_FOUND");
    }

    @Test
    void invalidUtf8FailsAsAnEncodingErrorWithItsLine() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "name\nann\nJos\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        TaskError error = failure(analyzer(DataLimits.defaults()), new AnalyzeParams(file.toString(), null, null,
                null));
        assertThat(error.code()).isEqualTo("DATA_ENCODING_ERROR");
        assertThat(error.context()).containsEntry("line", "3");
    }

    @Test
    void aFileWhoseNameDoesNotTellItsFormatNeedsTheFormatParam() throws IOException {
        Path file = write(dir, "data.txt", "a\n1\n");
        assertThat(failure(analyzer(DataLimits.defaults()), new AnalyzeParams(file.toString(), null, null, null))
                .code()).isEqualTo("DATA_FORMAT_INVALID");
        assertThat(succeeded(analyzer(DataLimits.defaults()), new AnalyzeParams(file.toString(), "csv", null,
                null)).path("rows").asLong()).isEqualTo(1);
    }

    @Test
    void tooManyJsonKeysFailAsSizeTooLargeRatherThanGrowingWithoutBound() throws IOException {
        Path file = write(dir, "wide.jsonl", "{\"a\":1,\"b\":2,\"c\":3}\n");
        TaskError error = failure(analyzer(new DataLimits(1 << 20, 1 << 20, 2, 10, 10)),
                new AnalyzeParams(file.toString(), null, null, null));
        assertThat(error.code()).isEqualTo("DATA_SIZE_TOO_LARGE");
    }
}
