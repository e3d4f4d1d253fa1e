package io.queuemgr.cli.monitor;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** One frame of the monitor as the lines of a terminal of a given size: pure, so that it can be tested. */
public final class MonitorView {

    static final String ESC = "\u001b[";

    private MonitorView() {
    }

    public static List<String> lines(MonitorState.Snapshot s, String server, LocalTime now, int width, int height) {
        List<String> out = new ArrayList<>();
        out.add("queuemgr monitor  " + server + "  " + now.truncatedTo(ChronoUnit.SECONDS) + "  events: " + s.events()
                + "   (q quits)");
        if (s.problem() != null) {
            out.add("! " + s.problem());
        }
        out.add("");
        out.add(String.format("%-24s %-7s %8s %8s %5s %9s %7s", "QUEUE", "STATE", "WAITING", "RUNNING", "MAX",
                "DONE/S", "FAIL%"));
        s.queues().forEach(q -> out.add(String.format("%-24s %-7s %8d %8d %5d %9.2f %7s", cut(q.name(), 24),
                q.paused() ? "paused" : "active", q.waiting(), q.running(), q.maxConcurrent(), q.finishedPerSecond(),
                q.failureRate() == null ? "-" : String.format("%.1f", q.failureRate() * 100))));
        out.add("");
        boolean wide = width >= 110;
        int failureRows = Math.min(s.failures().size(), MonitorState.FAILURES_KEPT);
        int room = Math.max(1, height - out.size() - failureRows - 4);
        out.add("RUNNING (" + s.running().size() + ")");
        s.running().stream().limit(room)
                .forEach(t -> out.add(String.format("%-" + (wide ? 36 : 12) + "s %-14s %-12s %s %3d%% %s",
                        shortId(t.id(), wide), cut(t.type(), 14), cut(t.queue(), 12), bar(t.progress(), 20),
                        t.progress(),
                        t.status().equals("RUNNING") ? t.step() : t.status() + " " + t.step())));
        if (s.running().size() > room) {
            out.add("  … " + (s.running().size() - room) + " more");
        }
        out.add("");
        out.add("RECENT FAILURES");
        s.failures().stream().limit(failureRows).forEach(f -> out.add(String.format("%-" + (wide ? 36 : 12)
                + "s %-14s %-8s %-24s %s", shortId(f.id(), wide), cut(f.type(), 14), f.status(), cut(f.code(), 24),
                f.message())));
        return out.stream().limit(height).map(line -> cut(line, width)).toList();
    }

    /** The frame as what to write: home, each line cleared to its end, and the rest of the screen cleared. */
    public static String frame(List<String> lines) {
        StringBuilder frame = new StringBuilder(ESC + "H");
        for (String line : lines) {
            frame.append(line).append(ESC).append("K\r\n");
        }
        return frame.append(ESC).append("J").toString();
    }

    static String bar(int progress, int width) {
        int filled = Math.max(0, Math.min(width, Math.round(progress * width / 100f)));
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    /** A task id as the monitor shows it: whole when there is room, else its last 12 (random) characters. */
    static String shortId(String id, boolean wide) {
        return wide || id.length() <= 12 ? id : id.substring(id.length() - 12);
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width - 1)) + "…";
    }
}
