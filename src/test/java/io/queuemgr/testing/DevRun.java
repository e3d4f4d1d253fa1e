package io.queuemgr.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./dev.sh run --no-build} as a developer starts it, on a data directory and HTTP port of the test's own,
 * with its output in a log file; the pids it keeps are read from that directory as a user would.
 */
public final class DevRun implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path data;
    private final int httpPort;
    private final Path log;

    private DevRun(Process process, Path data, int httpPort, Path log) {
        this.process = process;
        this.data = data;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts the run command with QUEUEMGR_DATA, QUEUEMGR_HTTP_PORT and the given variables. */
    public static DevRun start(Path data, int httpPort, Map<String, String> env, String name) throws IOException {
        Path root = LocalStack.projectRoot();
        Path log = root.resolve("target/it-logs/dev-run-" + name + "-" + httpPort + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(root.resolve("dev.sh").toString(), "run", "--no-build")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUEUEMGR_DATA", data.toString());
        builder.environment().put("QUEUEMGR_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().putAll(env);
        return new DevRun(builder.start(), data, httpPort, log);
    }

    /** Runs {@code ./dev.sh reset} on the data directory and answers what it printed. */
    public static String reset(Path data) throws IOException, InterruptedException {
        Path root = LocalStack.projectRoot();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("dev.sh").toString(), "reset")
                .directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("QUEUEMGR_DATA", data.toString());
        Process reset = builder.start();
        String out = new String(reset.getInputStream().readAllBytes());
        if (!reset.waitFor(120, TimeUnit.SECONDS) || reset.exitValue() != 0) {
            throw new IllegalStateException("./dev.sh reset failed:\n" + out);
        }
        return out;
    }

    /**
     * Waits until this run's own service answers ready: service.env names this run and its service, so that a
     * service an earlier run left behind on the same port does not count.
     */
    public DevRun awaitReady() {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("./dev.sh run exited during start; see " + log);
            }
            Map<String, String> service = serviceEnv();
            return Long.toString(pid()).equals(service.get("RUN_PID")) && service.containsKey("SERVICE_PID")
                    && ready();
        });
        return this;
    }

    private boolean ready() {
        try {
            return get("/q/health/ready").statusCode() == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Sends a signal (INT, TERM, KILL) to the run command only, not to what it started. */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start().waitFor();
    }

    /** Waits for the run command to exit and answers its exit status. */
    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("./dev.sh run did not exit within " + within + "; see " + log);
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public long servicePid() {
        return Long.parseLong(serviceEnv().get("SERVICE_PID"));
    }

    public Map<String, String> serviceEnv() {
        return readEnv(data.resolve("service.env"));
    }

    public Map<String, String> stackEnv() {
        return readEnv(data.resolve("stack.env"));
    }

    /** The admin token the service made on its first start on this data directory, as a user reads it. */
    public String adminToken() {
        try {
            return Files.readString(data.resolve("admin-token")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("No admin token in " + data + ": " + e.getMessage(), e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + adminToken()).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken()).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("The service did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** KEY=value lines; a file that is not there reads as empty. */
    public static Map<String, String> readEnv(Path file) {
        Map<String, String> env = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // not written yet, or removed by a run that stopped
        }
        return env;
    }

    public Path log() {
        return log;
    }

    /** Stops the run as SIGTERM would, and kills it if it does not go. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
