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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as its own process against the local
 * stack, the way an operator runs it: for tests that restart or kill instances.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final com.fasterxml.jackson.databind.ObjectMapper STATS = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final Path log;
    private final ServiceJvm jvm;

    private ServiceProcess(Process process, int port, Path log, ServiceJvm jvm) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.jvm = jvm;
    }

    /** Starts an instance using the given topic prefix and waits until it is ready. */
    public static ServiceProcess start(String name, String topicPrefix, Map<String, String> extraConfig)
            throws IOException {
        return start(LocalStack.get(), name, topicPrefix, extraConfig);
    }

    /** The same against a given stack (a private one). */
    public static ServiceProcess start(LocalStack stack, String name, String topicPrefix,
            Map<String, String> extraConfig) throws IOException {
        return start(stack, LocalStack.projectRoot().resolve("target/quarkus-app/quarkus-run.jar"), name, topicPrefix,
                extraConfig);
    }

    /** The same from another copy of the packaged service ({@code quarkus-run.jar} in it), started once. */
    public static ServiceProcess start(LocalStack stack, Path jar, String name, String topicPrefix,
            Map<String, String> extraConfig) throws IOException {
        Path root = LocalStack.projectRoot();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Package the service first (mvn package): " + jar + " is missing");
        }
        int port = FreePorts.below32000();
        Path log = root.resolve("target/it-logs/" + name + "-" + port + ".log");
        Files.createDirectories(log.getParent());
        // The packaged service has a class-data archive; a copy started once records none.
        ServiceJvm jvm = jar.startsWith(root.resolve("target/quarkus-app"))
                ? ServiceJvm.forJar(jar)
                : ServiceJvm.withoutArchive();
        Process process;
        try {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx512m");
            command.addAll(jvm.options());
            stack.serviceConfig().forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-Dquarkus.http.port=" + port);
            command.add("-Dqueuemgr.kafka.topic-prefix=" + topicPrefix);
            command.add("-Dqueuemgr.instance-id=" + name);
            command.add("-Dqueuemgr.security.bootstrap-token=" + AdminToken.TOKEN);
            // One data directory per installation (topic prefix), as instances on one host would share it: a
            // restarted instance finds the registry checkpoint the last one wrote.
            if (!extraConfig.containsKey("queuemgr.data-dir")) {
                command.add("-Dqueuemgr.data-dir=" + root.resolve("target/it-data/" + topicPrefix));
            }
            extraConfig.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-jar");
            command.add(jar.toString());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException | RuntimeException e) {
            jvm.release();
            throw e;
        }
        ServiceProcess service = new ServiceProcess(process, port, log, jvm);
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The service exited during start; see " + log);
                }
                return service.isReady();
            });
        } catch (RuntimeException e) {
            service.kill();
            throw e;
        }
        jvm.ready();
        return service;
    }

    /** How many tasks of these queues this instance counts COMPLETED in their statistics. */
    public long completedIn(List<String> queues) throws IOException {
        long done = 0;
        for (String q : queues) {
            done += STATS.readTree(get("/api/queues/" + q + "/stats").body()).path("byStatus").path("COMPLETED")
                    .asLong();
        }
        return done;
    }

    /**
     * The sum of a metric's samples on {@code /q/metrics} (every series of the name, whatever its tags); fails when the
     * instance exposes none of that name, so that a renamed metric cannot pass a check for zero.
     */
    public long metric(String name) {
        var samples = get("/q/metrics").body().lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).toList();
        if (samples.isEmpty()) {
            throw new AssertionError("The instance exposes no metric " + name);
        }
        return samples.stream().mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Whether the instance answers ready; a refused connection while it starts is simply not ready yet. */
    public boolean isReady() {
        try {
            return get("/q/health/ready").statusCode() == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    /** A GET with these headers too (name, value, name, value...). */
    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).headers(headers).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST with these headers too (name, value, name, value...). */
    public HttpResponse<String> post(String path, String json, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .headers(headers).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).DELETE());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.header("Authorization", AdminToken.bearer()).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("The service did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: the instance dies mid-work, without any chance to clean up. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(true);
    }

    /** SIGTERM: the instance shuts down as a container runtime would ask it to. */
    public void stop() {
        process.destroy();
        waitForExit(false);
    }

    private void waitForExit(boolean forced) {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                forced = true;
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            forced = true;
            process.destroyForcibly();
        } finally {
            if (process.isAlive()) {
                jvm.release();
            } else {
                jvm.exited(forced, process.exitValue());
            }
        }
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive() && jvm.recording()) {
            stop();
        } else if (process.isAlive()) {
            kill();
        } else {
            jvm.exited(false, process.exitValue());
        }
    }

}
