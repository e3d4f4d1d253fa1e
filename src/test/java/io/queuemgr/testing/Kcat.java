package io.queuemgr.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Drives kcat, a Kafka client written in C, so that Kafka submission is tested from outside the JVM. */
public final class Kcat {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final String binary;

    public Kcat(String bootstrap) {
        this.bootstrap = bootstrap;
        this.binary = find();
    }

    private static String find() {
        for (String name : List.of("kcat", "kafkacat")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new IllegalStateException("kcat is not installed: the Kafka submission tests need it "
                + "(apt-get install kcat; ./dev.sh test installs it)");
    }

    /** Produces one record with the given key (null for none) to one partition, and waits for the broker's ack. */
    public void produce(String topic, int partition, String key, String value) {
        List<String> command = new ArrayList<>(List.of(binary, "-b", bootstrap, "-t", topic, "-P",
                "-p", Integer.toString(partition), "-X", "acks=all"));
        String line = value;
        if (key != null) {
            command.addAll(List.of("-K", "\t"));
            line = key + "\t" + value;
        }
        run(command, line + "\n");
    }

    /** Every record on the topic, as kcat's JSON envelope (key, payload, partition, offset). */
    public List<JsonNode> consumeAll(String topic) {
        String out = run(List.of(binary, "-b", bootstrap, "-t", topic, "-C", "-o", "beginning", "-e", "-J", "-q"),
                null);
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                try {
                    records.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new IllegalStateException("kcat printed something that is not JSON: " + line, e);
                }
            }
        }
        return records;
    }

    private static String run(List<String> command, String stdin) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                p.getOutputStream().close();
            }
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("kcat failed: " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("kcat could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
