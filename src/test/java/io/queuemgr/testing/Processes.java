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
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
