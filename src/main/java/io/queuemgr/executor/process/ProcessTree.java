package io.queuemgr.executor.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Signals to a task's process and everything it started: kill, stop (pause) and continue (resume). */
final class ProcessTree {

    private ProcessTree() {
    }

    /** Children first, so that none is re-parented and survives its parent. */
    static void kill(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    /**
     * Sends a signal to the process and all its descendants through the shell's {@code kill}: the root first, so that
     * a stopped parent starts no more children, then what descends from it, until no new process turns up.
     */
    static Set<Long> signal(ProcessHandle root, String signal) {
        Set<Long> signalled = new HashSet<>();
        List<Long> next = List.of(root.pid());
        for (int pass = 0; pass < 5 && !next.isEmpty(); pass++) {
            signalled.addAll(next);
            send(signal, next);
            next = root.descendants().map(ProcessHandle::pid).filter(pid -> !signalled.contains(pid)).toList();
        }
        return signalled;
    }

    /**
     * Continues a stopped tree the other way round: every process that was stopped (it may have left the tree since,
     * re-parented when its parent ended) and every descendant, then the root. A stopped process that is left
     * behind would keep the task's output open, and the task would never end.
     */
    static void resume(ProcessHandle root, Set<Long> stopped) {
        Set<Long> others = new LinkedHashSet<>(stopped);
        root.descendants().forEach(p -> others.add(p.pid()));
        others.remove(root.pid());
        if (!others.isEmpty()) {
            send("CONT", new ArrayList<>(others));
        }
        send("CONT", List.of(root.pid()));
        stopped.clear();
    }

    private static void send(String signal, List<Long> pids) {
        List<String> line = new ArrayList<>(List.of("/bin/sh", "-c", "kill -s " + signal + " \"$@\" 2>/dev/null",
                "kill"));
        pids.forEach(pid -> line.add(Long.toString(pid)));
        try {
            // A process that ended meanwhile makes kill answer 1; nothing to do about it.
            new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not send SIG" + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
