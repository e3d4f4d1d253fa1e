package io.queuemgr.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Takes one server of a private {@link LocalStack} down and brings it back with the same data and ports, through
 * {@code stack/outage.sh}: a broker killed with SIGKILL, a PostgreSQL stopped or killed.
 */
public final class StackOutage {

    private final LocalStack stack;

    public StackOutage(LocalStack stack) {
        this.stack = stack;
    }

    /** SIGKILL of the broker; returns once it is gone. */
    public void killKafka() {
        run("kill-kafka");
    }

    /** Starts the broker again on its data and ports; returns once it answers. */
    public void startKafka() {
        run("start-kafka");
    }

    /** {@code pg_ctl stop -m fast}; returns once every PostgreSQL process is gone. */
    public void stopPostgres() {
        run("stop-pg");
    }

    /** SIGKILL of the postmaster; returns once every PostgreSQL process is gone. */
    public void killPostgres() {
        run("stop-pg", "--kill");
    }

    /** Starts PostgreSQL again (after crash recovery, if it was killed); returns once it accepts connections. */
    public void startPostgres() {
        run("start-pg");
    }

    private void run(String... command) {
        List<String> cmd = new ArrayList<>(List.of("bash",
                LocalStack.projectRoot().resolve("stack/outage.sh").toString()));
        cmd.addAll(List.of(command));
        cmd.add("--dir");
        cmd.add(stack.dir().toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish:\n" + out);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
