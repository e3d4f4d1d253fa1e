package io.queuemgr.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real Kafka broker and PostgreSQL the tests run against, started once per test JVM by {@code stack/stack.sh}
 * on free ports and stopped when the JVM ends; a test that takes a server down starts a private one instead.
 */
public final class LocalStack implements AutoCloseable {

    private static LocalStack instance;

    private final Path dir;
    private final Map<String, String> env;

    private LocalStack(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    public static synchronized LocalStack get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "local-stack-stop"));
        }
        return instance;
    }

    /**
     * A stack of the caller's own, in a directory of its own, for a test that kills or stops its servers (the shared
     * one serves every other test of the JVM). The caller closes it.
     */
    public static LocalStack startPrivate() {
        return start();
    }

    /** Stops a private stack; the shared one stops with the JVM. */
    @Override
    public void close() {
        if (this != instance) {
            stop();
        }
    }

    public Path dir() {
        return dir;
    }

    public String kafkaBootstrap() {
        return env.get("KAFKA_BOOTSTRAP");
    }

    public String pgHost() {
        return env.get("PG_HOST");
    }

    public String pgPort() {
        return env.get("PG_PORT");
    }

    public String pgUser() {
        return env.get("PG_USER");
    }

    public String pgPassword() {
        return env.get("PG_PASSWORD");
    }

    public String pgDb() {
        return env.get("PG_DB");
    }

    /** The properties that point the service at this stack. */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrap());
        config.put("quarkus.datasource.reactive.url",
                "postgresql://" + pgHost() + ":" + pgPort() + "/" + pgDb());
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/" + pgDb());
        config.put("quarkus.datasource.username", pgUser());
        config.put("quarkus.datasource.password", pgPassword());
        return config;
    }

    public static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.exists(here.resolve("stack/stack.sh"))) {
            here = here.getParent();
        }
        if (here == null) {
            throw new IllegalStateException("stack/stack.sh not found above " + Path.of("").toAbsolutePath());
        }
        return here;
    }

    private static LocalStack start() {
        Path root = projectRoot();
        Path dir = root.resolve("target/test-stack/" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("bash", root.resolve("stack/stack.sh").toString(), "start", "--dir",
                    dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("start.log").toFile())
                    .start();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("The local stack did not start:\n"
                        + Files.readString(dir.resolve("start.log")));
            }
            Map<String, String> env = new HashMap<>();
            for (String line : Files.readAllLines(dir.resolve("stack.env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return new LocalStack(dir, env);
        } catch (IOException e) {
            throw new IllegalStateException("The local stack did not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the local stack", e);
        }
    }

    private void stop() {
        try {
            Process p = new ProcessBuilder("bash", projectRoot().resolve("stack/stack.sh").toString(), "stop",
                    "--dir", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stop.log").toFile()).start();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("Stopping the local stack failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
