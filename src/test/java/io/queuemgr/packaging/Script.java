package io.queuemgr.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of packaging/systemd's scripts (or any command) as a child process and keeps what it said. */
record Script(int exitCode, String stdout, String stderr) {

    static final Path DIR = Path.of("packaging/systemd").toAbsolutePath();

    /** Runs {@code packaging/systemd/<name>} with these arguments. */
    static Script run(String name, String... args) throws IOException, InterruptedException {
        return run(Map.of(), name, args);
    }

    static Script run(Map<String, String> env, String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DIR.resolve(name).toString()));
        command.addAll(List.of(args));
        return command(env, command);
    }

    /**
     * Runs a command to its end (at most a minute). Output goes to files, not pipes, so that a chatty command never
     * blocks on a full pipe while this waits for it.
     */
    static Script command(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("script", ".out");
        Path err = Files.createTempFile("script", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(command + " did not end within a minute; it said: " + Files.readString(err));
            }
            return new Script(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
