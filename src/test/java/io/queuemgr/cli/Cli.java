package io.queuemgr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The CLI run in-process against a service, with its output captured, as a user at a shell would run it. */
record Cli(Map<String, String> env, Path home) {

    /** What one command line printed, and its exit code. */
    record Run(int exitCode, String out, String err) {

        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nout: " + out + "\nerr: " + err;
        }
    }

    static Cli against(String url, String token) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("QUEUEMGR_URL", url);
        if (token != null) {
            env.put("QUEUEMGR_TOKEN", token);
        }
        return new Cli(env, Files.createTempDirectory("cli-home"));
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = QueuemgrCli.run(args, new PrintWriter(out), new PrintWriter(err), env, home);
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs a command that must succeed, and answers what it printed. */
    String ok(String... args) {
        Run run = run(args);
        if (run.exitCode() != 0) {
            throw new AssertionError("queuemgr " + String.join(" ", args) + " failed: " + run);
        }
        return run.out();
    }
}
