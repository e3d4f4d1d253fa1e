package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/systemd/queuemgr-warm-start, which every launcher sources, on this JDK (25 or newer: an AOT cache): what it
 * adds to the service's command line when there is no cache yet, a good one, and one cut short.
 */
class WarmStartTest {

    private static final String JAVA = ProcessHandle.current().info().command().orElseThrow();
    private static final List<String> SERVICE_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx64m");

    @TempDir
    Path tmp;

    private Path jar;
    private Path base;

    @BeforeEach
    void aJarAndADataDirectory() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs JDK 25");
        jar = Files.writeString(tmp.resolve("quarkus-run.jar"), "a jar");
        Files.createDirectories(tmp.resolve("data"));
        base = tmp.resolve("data/queuemgr");
    }

    @Test
    void withoutACacheTheRunRecordsOneAndWithAGoodOneItStartsFromIt() throws Exception {
        Path cache = recordTarget(warmStart());

        recordWithTheServiceOptions(cache);
        Script second = warmStart();

        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(options(second)).contains("-XX:AOTCache=" + cache)
                .noneMatch(o -> o.startsWith("-XX:AOTCacheOutput"));
        assertThat(second.stderr()).isEmpty();
        assertThat(Path.of(cache + ".ok")).exists();
    }

    @Test
    void aCacheCutShortWhileItWasWrittenIsRecordedAgainInsteadOfEveryStartGoingCold() throws Exception {
        Path cache = recordTarget(warmStart());
        recordWithTheServiceOptions(cache);
        byte[] whole = Files.readAllBytes(cache);
        Files.write(cache, Arrays.copyOf(whole, whole.length / 2));

        Script next = warmStart();

        assertThat(next.exitCode()).as(next.stderr()).isZero();
        assertThat(options(next)).contains("-XX:AOTCacheOutput=" + cache);
        assertThat(next.stderr()).contains("cannot be used", cache.toString());
        assertThat(cache).doesNotExist();
        assertThat(Path.of(cache + ".ok")).doesNotExist();
    }

    @Test
    void aCheckedCacheKeepsItsMarkAndTheMarksOfOtherBuildsGo() throws Exception {
        Path cache = recordTarget(warmStart());
        recordWithTheServiceOptions(cache);
        assertThat(warmStart().exitCode()).isZero();
        Path stale = Files.writeString(tmp.resolve("data/queuemgr-1-2.aot.ok"), "");

        Script again = warmStart();

        assertThat(options(again)).contains("-XX:AOTCache=" + cache);
        assertThat(Path.of(cache + ".ok")).exists();
        assertThat(stale).doesNotExist();
    }

    private Script warmStart() throws Exception {
        String call = "source " + Script.DIR.resolve("queuemgr-warm-start") + " && warm_start_options \"$1\" \"$2\" "
                + "\"$3\" " + String.join(" ", SERVICE_OPTIONS) + " && printf '%s\\n' \"${WARM_START[@]}\"";
        return Script.command(Map.of(), List.of("bash", "-c", call, "warm-start", JAVA, jar.toString(),
                base.toString()));
    }

    private static List<String> options(Script script) {
        return script.stdout().lines().toList();
    }

    /** The cache a first run is told to record. */
    private static Path recordTarget(Script first) {
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        String output = options(first).stream().filter(o -> o.startsWith("-XX:AOTCacheOutput=")).findFirst()
                .orElseThrow(() -> new AssertionError("no cache to record in " + first.stdout()));
        return Path.of(output.substring("-XX:AOTCacheOutput=".length()));
    }

    /** A real cache at that path, recorded by a JVM run with the service's options, as the first run's stop does. */
    private static void recordWithTheServiceOptions(Path cache) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(JAVA));
        command.addAll(SERVICE_OPTIONS);
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=off", "-version"));
        Script recording = Script.command(Map.of(), command);
        assertThat(recording.exitCode()).as(recording.stderr()).isZero();
        assertThat(cache).isNotEmptyFile();
    }
}
