package io.queuemgr.executor.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskError;
import io.queuemgr.task.TaskFailure;
import io.smallrye.mutiny.Uni;

/**
 * Runs a child process for the command and script executors: output is streamed into the task log as it comes,
 * the tail of each stream is kept for the result, a stop kills the whole process tree, and a pause stops it
 * (SIGSTOP) until it is resumed (SIGCONT). The child gets a session of its own, so that a Ctrl-C in the
 * service's terminal does not reach it. All waiting happens on virtual threads.
 */
@ApplicationScoped
public class ProcessRunner {

    static final int OUTPUT_TAIL_CHARS = 64 * 1024;

    /**
     * util-linux's {@code setsid}, where installed. A child of the JVM is not a process group leader, so setsid
     * starts a new session and execs the command without forking: the pid stays the command's own.
     */
    private static final Optional<Path> SETSID = onPath("setsid", System.getenv("PATH"), null)
            .filter(Files::isExecutable);

    private final ChildEnvironment environment;
    private final PathGuard paths;

    public ProcessRunner(CommandConfig config, PathGuard paths) {
        this.environment = new ChildEnvironment(System.getenv(), config.envPassthrough().orElse(List.of()));
        this.paths = paths;
    }

    /**
     * Runs the command line with the task's {@code env} parameter (strings and secret references, resolved here, off
     * the caller's thread, before anything starts).
     */
    public Uni<TaskOutcome> run(List<String> commandLine, Map<String, JsonNode> env, String workingDir,
            ExecutionContext context) {
        return context.blocking(() -> runBlocking(commandLine, env, workingDir, context));
    }

    private TaskOutcome runBlocking(List<String> commandLine, Map<String, JsonNode> envParam, String workingDir,
            ExecutionContext context) {
        Map<String, String> env = context.secrets().resolveAll("params.env", envParam);
        env.forEach((name, value) -> {
            if (value.indexOf('\0') >= 0) {
                // Only a secret can bring a NUL this far (a literal one is refused at submission); its value stays out.
                throw ErrorCode.SECRET_UNUSABLE.failure("The value of " + name
                        + " holds a NUL character, which an environment value cannot",
                        Map.of("field", "params.env." + name));
            }
        });
        ProcessBuilder builder = new ProcessBuilder(commandLine);
        if (workingDir != null) {
            paths.checkWhenRunning("params.workingDir", workingDir);
            File dir = new File(workingDir);
            if (!dir.isDirectory()) {
                throw ProcessErrors.WORKING_DIRECTORY_NOT_FOUND.failure(
                        "Working directory " + workingDir + " does not exist");
            }
            builder.directory(dir);
        }
        builder.environment().clear();
        builder.environment().putAll(environment.with(env));
        SETSID.ifPresent(setsid -> builder.command(inOwnSession(setsid, commandLine, builder)));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw startFailure(commandLine.get(0), e);
        }
        context.onCancel(() -> ProcessTree.kill(process.toHandle()));
        Set<Long> stopped = ConcurrentHashMap.newKeySet();
        context.onPause(() -> stopped.addAll(ProcessTree.signal(process.toHandle(), "STOP")),
                () -> ProcessTree.resume(process.toHandle(), stopped));
        OutputTail stdout = new OutputTail(OUTPUT_TAIL_CHARS);
        OutputTail stderr = new OutputTail(OUTPUT_TAIL_CHARS);
        Thread out = Thread.startVirtualThread(() -> pump(process.getInputStream(), stdout, "", context));
        Thread err = Thread.startVirtualThread(() -> pump(process.getErrorStream(), stderr, "[stderr] ", context));
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            // The task was cancelled: the tree is killed, and what it wrote until then is kept.
            ProcessTree.kill(process.toHandle());
            exit = awaitKilled(process);
        }
        try {
            out.join();
            err.join();
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("exitCode", exit);
            result.put("stdout", stdout.text());
            result.put("stderr", stderr.text());
            if (context.isCancelled()) {
                return new TaskOutcome.Stopped(result);
            }
            if (exit != 0) {
                return new TaskOutcome.Failed(ExitCodes.meaning(exit, stderr.lastLine()), result);
            }
            return new TaskOutcome.Succeeded(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TaskOutcome.Stopped(null);
        }
    }

    /**
     * The exit code of a killed process. The interrupt that asked for the kill has done its work and is cleared, so
     * that the output read until then can be collected.
     */
    private static int awaitKilled(Process process) {
        Thread.interrupted();
        return process.onExit().join().exitValue();
    }

    /**
     * The command line run through setsid. setsid would report a program it cannot start as exit 127 or 126, so
     * the program is looked for first, as exec would, to fail the way a direct start does.
     */
    private static List<String> inOwnSession(Path setsid, List<String> commandLine, ProcessBuilder builder) {
        String program = commandLine.get(0);
        Path found = onPath(program, builder.environment().get("PATH"), builder.directory())
                .orElseThrow(() -> new TaskFailure(notFound(program)));
        if (!Files.isExecutable(found)) {
            throw new TaskFailure(notExecutable(program));
        }
        List<String> line = new ArrayList<>(List.of(setsid.toString(), "--"));
        line.addAll(commandLine);
        return line;
    }

    /**
     * Finds a program the way {@code execvp} does: a name with a slash as it is (from the working directory), any
     * other on the search path. A program that is there but not executable is answered too, for exec to refuse.
     */
    static Optional<Path> onPath(String program, String searchPath, File workingDir) {
        Path cwd = workingDir == null ? Path.of("") : workingDir.toPath();
        if (program.isEmpty()) {
            return Optional.empty();
        }
        if (program.contains("/")) {
            return Optional.of(cwd.resolve(program)).filter(Files::exists);
        }
        List<Path> found = new ArrayList<>();
        for (String dir : (searchPath == null ? "/bin:/usr/bin" : searchPath).split(":", -1)) {
            Path candidate = cwd.resolve(dir).resolve(program);
            if (Files.isRegularFile(candidate)) {
                found.add(candidate);
            }
        }
        return found.stream().filter(Files::isExecutable).findFirst().or(() -> found.stream().findFirst());
    }

    private static RuntimeException startFailure(String program, IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("error=13")) {
            return new TaskFailure(notExecutable(program));
        }
        if (message.contains("error=2")) {
            return new TaskFailure(notFound(program));
        }
        // Classified by the error catalogue.
        return new UncheckedIOException(e);
    }

    private static TaskError notExecutable(String program) {
        return ProcessErrors.COMMAND_PERMISSION_DENIED.toError(program + " is not executable");
    }

    private static TaskError notFound(String program) {
        return ProcessErrors.COMMAND_NOT_FOUND.toError(program + " was not found");
    }

    private static void pump(InputStream stream, OutputTail tail, String prefix, ExecutionContext context) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                // Whole lines are redacted, before the tail's cut could leave part of a secret at its start.
                String shown = context.secrets().redactor().redact(line);
                tail.add(shown);
                context.log(prefix + shown);
            }
        } catch (IOException e) {
            // The stream closes when the process is killed; what was read is kept.
        }
    }
}
