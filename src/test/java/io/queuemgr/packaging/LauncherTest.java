package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/queuemgr-server, the unit's ExecStart: which java it runs, with what, and what it refuses. */
class LauncherTest {

    @TempDir
    Path home;

    @Test
    void launcherRunsTheJavaOfTheEnvFileWithItsOptionsOnTheFastJar() throws Exception {
        Path java = fakeJava();
        Files.createDirectories(home.resolve("quarkus-app"));
        Files.writeString(home.resolve("quarkus-app/quarkus-run.jar"), "jar");

        Script run = Script.run(Map.of("QUEUEMGR_HOME", home.toString(), "JAVA", java.toString(), "JAVA_OPTS",
                "-XX:+UseZGC -Xmx2g", "QUEUEMGR_CDS", ""), "queuemgr-server");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().strip())
                .isEqualTo("-XX:+UseZGC -Xmx2g -jar " + home.resolve("quarkus-app/quarkus-run.jar"));
    }

    @Test
    void onAJdkBefore25TheLauncherKeepsAClassDataArchiveInTheDataDirectory() throws Exception {
        Path java = fakeJdk("21.0.5");
        Path data = Files.createDirectories(home.resolve("data"));

        Script run = Script.run(Map.of("QUEUEMGR_HOME", home.toString(), "JAVA", java.toString(), "QUEUEMGR_DATA",
                data.toString()), "queuemgr-server");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("-XX:+UseSerialGC", "-XX:+AutoCreateSharedArchive")
                .containsPattern("-XX:SharedArchiveFile=" + data.resolve("queuemgr-" + jarTime() + "-\\d+\\.jsa "));
    }

    @Test
    void onJdk25TheFirstRunOfABuildRecordsAnAotCacheAndEveryLaterRunStartsFromIt() throws Exception {
        Path java = fakeJdk("25.0.1");
        Path data = Files.createDirectories(home.resolve("data"));
        Map<String, String> env = Map.of("QUEUEMGR_HOME", home.toString(), "JAVA", java.toString(), "QUEUEMGR_DATA",
                data.toString());

        Script first = Script.run(env, "queuemgr-server");
        Matcher recorded = Pattern.compile("-XX:AOTCacheOutput=(\\S+)").matcher(first.stdout());
        assertThat(recorded.find()).as(first.stdout()).isTrue();
        Path cache = Path.of(recorded.group(1));
        assertThat(cache.getParent()).isEqualTo(data);
        assertThat(cache.getFileName().toString()).matches("queuemgr-" + jarTime() + "-\\d+\\.aot");

        // What the JVM writes when that run stops.
        Files.writeString(cache, "cache");
        Script later = Script.run(env, "queuemgr-server");

        assertThat(later.exitCode()).as(later.stderr()).isZero();
        assertThat(later.stdout()).contains("-XX:AOTCache=" + cache + " ").doesNotContain("AOTCacheOutput");
    }

    @Test
    void cachesOfAnEarlierJarOrOtherOptionsAreRemovedAndEachGetsItsOwn() throws Exception {
        Path java = fakeJdk("25.0.1");
        Path data = Files.createDirectories(home.resolve("data"));
        Path earlierArchive = Files.writeString(data.resolve("queuemgr-1700000000.jsa"), "stale");
        Path earlierCache = Files.writeString(data.resolve("queuemgr-1700000000-123.aot"), "stale");

        Script serial = Script.run(Map.of("QUEUEMGR_HOME", home.toString(), "JAVA", java.toString(),
                "QUEUEMGR_DATA", data.toString()), "queuemgr-server");
        Script zgc = Script.run(Map.of("QUEUEMGR_HOME", home.toString(), "JAVA", java.toString(), "QUEUEMGR_DATA",
                data.toString(), "JAVA_OPTS", "-XX:+UseZGC -Xmx2g"), "queuemgr-server");

        assertThat(earlierArchive).doesNotExist();
        assertThat(earlierCache).doesNotExist();
        assertThat(cacheOption(serial)).isNotEqualTo(cacheOption(zgc));
    }

    @Test
    void anEmptyCacheSettingStartsWithoutOne() throws Exception {
        Path java = fakeJdk("25.0.1");

        Script run = Script.run(Map.of("QUEUEMGR_HOME", home.toString(), "JAVA", java.toString(), "QUEUEMGR_CDS",
                ""), "queuemgr-server");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).doesNotContain("AOTCache", "SharedArchive");
    }

    @Test
    void launcherRefusesAJavaThatIsNotThere() throws Exception {
        Files.createDirectories(home.resolve("quarkus-app"));
        Files.writeString(home.resolve("quarkus-app/quarkus-run.jar"), "jar");

        Script run = Script.run(Map.of("QUEUEMGR_HOME", home.toString(), "JAVA", home.resolve("no-java").toString()),
                "queuemgr-server");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("/etc/queuemgr/queuemgr.env");
    }

    /** A JDK of this version (its release file) whose java prints its arguments, and the fast-jar to run. */
    private Path fakeJdk(String version) throws Exception {
        Files.createDirectories(home.resolve("quarkus-app"));
        Files.writeString(home.resolve("quarkus-app/quarkus-run.jar"), "jar");
        Path jdk = Files.createDirectories(home.resolve("jdk/bin"));
        Files.writeString(home.resolve("jdk/release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = jdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private long jarTime() throws Exception {
        return Files.getLastModifiedTime(home.resolve("quarkus-app/quarkus-run.jar")).toMillis() / 1000;
    }

    private static String cacheOption(Script run) {
        Matcher m = Pattern.compile("-XX:AOTCache\\S*").matcher(run.stdout());
        assertThat(m.find()).as(run.stdout()).isTrue();
        return m.group();
    }

    /** A "java" that prints the arguments it was given. */
    private Path fakeJava() throws Exception {
        Path java = home.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }
}
