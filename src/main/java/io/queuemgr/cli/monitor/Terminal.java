package io.queuemgr.cli.monitor;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import io.queuemgr.cli.CliException;

/**
 * The controlling terminal in the monitor's mode: keys read one at a time without echo (stty), the alternate
 * screen, no cursor; {@link #restore} puts everything back, also from a shutdown hook on Ctrl-C.
 */
final class Terminal {

    private static final File TTY = new File("/dev/tty");

    private final PrintWriter out;
    private final String saved;
    private boolean restored;

    private Terminal(PrintWriter out, String saved) {
        this.out = out;
        this.saved = saved;
    }

    static Terminal enter(PrintWriter out) {
        if (!TTY.canRead()) {
            throw new CliException("monitor needs a terminal (no /dev/tty here)");
        }
        String saved = stty("-g").strip();
        // Keys arrive at once and unechoed; Ctrl-C still interrupts (isig stays), and the hook restores.
        stty("-icanon", "-echo", "min", "1");
        Terminal terminal = new Terminal(out, saved);
        Runtime.getRuntime().addShutdownHook(new Thread(terminal::restore, "queuemgr-terminal-restore"));
        out.print(MonitorView.ESC + "?1049h" + MonitorView.ESC + "?25l" + MonitorView.ESC + "2J");
        out.flush();
        return terminal;
    }

    /** Rows and columns, from stty size; 24×80 when it cannot tell. */
    int[] size() {
        try {
            String[] parts = stty("size").strip().split("\\s+");
            return new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (RuntimeException e) {
            return new int[]{24, 80};
        }
    }

    synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        out.print(MonitorView.ESC + "?25h" + MonitorView.ESC + "?1049l");
        out.flush();
        try {
            stty(saved);
        } catch (RuntimeException e) {
            out.println("queuemgr: could not restore the terminal; run: stty sane");
            out.flush();
        }
    }

    private static String stty(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectInput(TTY).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new CliException("stty failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new CliException("cannot run stty: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
