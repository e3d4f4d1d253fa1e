package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** queuemgr-wait-ready, the unit's ExecStartPost, against a stand-in for the service's /q/health/ready. */
class ReadinessWaitTest {

    private final AtomicInteger asked = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void waitEndsWellOnceReadinessAnswers200() throws Exception {
        serveReadyAfter(3);

        Script wait = Script.run(env("30"), "queuemgr-wait-ready");

        assertThat(wait.exitCode()).as(wait.stderr()).isZero();
        assertThat(asked.get()).isEqualTo(3);
        assertThat(wait.stdout()).contains("ready");
    }

    @Test
    void waitFailsWhenTheServiceIsNotReadyByTheDeadline() throws Exception {
        serveReadyAfter(Integer.MAX_VALUE);

        Script wait = Script.run(env("2"), "queuemgr-wait-ready");

        assertThat(wait.exitCode()).isEqualTo(1);
        assertThat(wait.stderr()).contains("not ready after 2s", "HTTP 503", "journalctl -u queuemgr");
        assertThat(asked.get()).isPositive();
    }

    @Test
    void waitFailsAtOnceWhenTheServicesProcessHasEnded() throws Exception {
        serveReadyAfter(Integer.MAX_VALUE);
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Map<String, String> env = new HashMap<>(env("600"));
        env.put("MAINPID", Long.toString(ended.pid()));
        long start = System.nanoTime();

        Script wait = Script.run(env, "queuemgr-wait-ready");

        assertThat(wait.exitCode()).isEqualTo(1);
        assertThat(wait.stderr()).contains("ended before it was ready");
        assertThat(System.nanoTime() - start).isLessThan(30_000_000_000L);
    }

    /** The variables the unit's env file gives the script, with this readiness deadline in seconds. */
    private Map<String, String> env(String timeout) {
        return Map.of("QUEUEMGR_HTTP_HOST", "0.0.0.0", "QUEUEMGR_HTTP_PORT",
                Integer.toString(server.getAddress().getPort()), "QUEUEMGR_READY_TIMEOUT", timeout);
    }

    /** Answers 503 until the n-th request, which and every later one gets 200, as a starting service does. */
    private void serveReadyAfter(int n) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q/health/ready", exchange -> {
            int status = asked.incrementAndGet() >= n ? 200 : 503;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }
}
