package io.queuemgr.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the operating system says of a process. */
public final class Processes {

    private Processes() {
    }

    /**
     * Whether the process still runs. A killed process whose parent is gone stays a zombie until init reaps it; it
     * runs nothing, so it counts as stopped.
     */
    public static boolean running(long pid) {
        char state = state(pid);
        return state != 'Z' && state != 'X' && state != '?';
    }

    /** Whether the process exists and is stopped by a signal (SIGSTOP): state T in /proc. */
    public static boolean stopped(long pid) {
        return state(pid) == 'T';
    }

    private static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            return '?';
        }
    }
}
