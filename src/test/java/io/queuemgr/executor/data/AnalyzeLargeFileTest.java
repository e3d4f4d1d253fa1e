package io.queuemgr.executor.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * LARGE FILE (about 300 MB written, some 10 s): data.analyze goes through a file several times larger than its heap. The
 * analysis runs in a child JVM limited to -Xmx64m, which dies of OutOfMemoryError if the executor holds the file,
 * its rows or an unbounded set of distinct values. The file lives in a temporary folder removed afterwards.
 */
class AnalyzeLargeFileTest {

    private static final long TARGET_BYTES = 300L << 20;
    private static final List<String> CITIES = List.of("Oslo", "Rome", "Lyon", "Kyiv", "Lima", "Pune");

    @TempDir
    Path dir;

    @Test
    void aFileFiveTimesTheHeapIsAnalysedInBoundedMemory() throws Exception {
        Path file = dir.resolve("large.csv");
        long rows = generate(file);
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(TARGET_BYTES);
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                AnalyzeInSmallHeap.class.getName(), file.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("the child ended in time").isTrue();
        } finally {
            child.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(child.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).contains("maxHeapBytes=" + (64L << 20));
        JsonNode result = DataFiles.JSON.readTree(lines.stream().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow());
        assertThat(result.path("rows").asLong()).isEqualTo(rows);
        JsonNode id = result.path("columns").path("id");
        assertThat(id.path("distinctExact").asBoolean()).isFalse();
        assertThat(id.path("numeric").path("max").asDouble()).isEqualTo(rows - 1);
        assertThat(result.path("columns").path("city").path("distinct").asInt()).isEqualTo(CITIES.size());
        assertThat(result.path("bytesRead").asLong()).isEqualTo(Files.size(file));
    }

    private static long generate(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        long rows = 0;
        long bytes = 0;
        try (BufferedWriter writer = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                1 << 20)) {
            writer.write("id,city,amount,note\n");
            while (bytes < TARGET_BYTES) {
                String line = rows + "," + CITIES.get(random.nextInt(CITIES.size())) + ","
                        + random.nextInt(100_000) / 100.0 + ",note number " + random.nextInt(1000) + "\n";
                writer.write(line);
                bytes += line.length();
                rows++;
            }
        }
        return rows;
    }
}
