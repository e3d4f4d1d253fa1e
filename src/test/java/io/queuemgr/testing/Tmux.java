package io.queuemgr.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A real terminal: a tmux session on a private server socket, running bash with a known prompt, for tests that
 * drive a program as a person at a keyboard would (send keys, read the screen).
 */
public final class Tmux implements AutoCloseable {

    public static final String PROMPT = "qm-test$ ";

    private final String socket = "qm-test-" + UUID.randomUUID().toString().substring(0, 8);

    private Tmux() {
    }

    /** A session of the given size whose shell starts in the project's folder. */
    public static Tmux start(int columns, int rows) {
        Tmux tmux = new Tmux();
        tmux.tmux("new-session", "-d", "-s", "main", "-x", String.valueOf(columns), "-y", String.valueOf(rows),
                "-c", LocalStack.projectRoot().toString(), "env", "PS1=" + PROMPT, "TERM=xterm-256color", "bash",
                "--norc", "--noprofile");
        return tmux;
    }

    /** Types a line and presses Enter. */
    public void type(String line) {
        tmux("send-keys", "-t", "main", "-l", line);
        tmux("send-keys", "-t", "main", "Enter");
    }

    /** Presses one key (tmux's key names: q, C-c, Enter). */
    public void press(String key) {
        tmux("send-keys", "-t", "main", key);
    }

    /** What the screen shows now. */
    public String screen() {
        return tmux("capture-pane", "-p", "-t", "main");
    }

    /** Waits until the screen shows what the condition wants, and answers that screen. */
    public String awaitScreen(Duration within, Predicate<String> condition) {
        String[] last = {""};
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = screen();
            return condition.test(last[0]);
        });
        return last[0];
    }

    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (IllegalStateException e) {
            // already gone
        }
    }

    private String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("tmux is needed for this test (apt-get install tmux)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
