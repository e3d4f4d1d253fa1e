package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** queuemgr-health-check, the timer's liveness watchdog, against a stand-in /q/health/live and systemctl. */
class HealthCheckTest {

    @TempDir
    Path tmp;

    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger asked = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void restartsTheServiceOnlyAfterThreeFailedChecksInARow() throws Exception {
        Path calls = fakeSystemctl(0);
        serveLive();
        status.set(503);

        check();
        check();
        assertThat(Files.readString(calls)).doesNotContain("restart");
        Script third = check();

        assertThat(third.stderr()).contains("HTTP 503, 3 times in a row; restarting queuemgr.service");
        assertThat(Files.readAllLines(calls)).containsOnlyOnce("restart queuemgr.service");
    }

    @Test
    void aHealthyAnswerStartsTheCountAgain() throws Exception {
        Path calls = fakeSystemctl(0);
        serveLive();
        status.set(503);
        check();
        check();
        status.set(200);
        check();
        status.set(503);

        check();
        check();

        assertThat(Files.readString(calls)).doesNotContain("restart");
    }

    @Test
    void aServiceThatIsNotActiveIsNotAskedNorRestarted() throws Exception {
        Path calls = fakeSystemctl(3);
        serveLive();
        status.set(503);

        for (int i = 0; i < 4; i++) {
            assertThat(check().exitCode()).isZero();
        }

        assertThat(Files.readString(calls)).doesNotContain("restart");
        assertThat(asked.get()).isZero();
    }

    private Script check() throws IOException, InterruptedException {
        return Script.run(Map.of("QUEUEMGR_SYSTEMCTL", tmp.resolve("systemctl").toString(), "QUEUEMGR_HEALTH_STATE",
                tmp.toString(), "QUEUEMGR_HTTP_PORT", Integer.toString(server.getAddress().getPort()),
                "QUEUEMGR_HEALTH_FAILURES", "3"), "queuemgr-health-check");
    }

    /** A systemctl that records its arguments and answers is-active with this exit code (0 active, 3 not). */
    private Path fakeSystemctl(int isActive) throws IOException {
        Path calls = Files.writeString(tmp.resolve("calls"), "");
        Path systemctl = tmp.resolve("systemctl");
        Files.writeString(systemctl,
                "#!/bin/sh\nif [ \"$1\" = is-active ]; then exit " + isActive + "; fi\necho \"$@\" >> "
                        + calls + "\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        return calls;
    }

    private void serveLive() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q/health/live", exchange -> {
            asked.incrementAndGet();
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }
}
