package io.queuemgr.executor.process;

/** The last characters of a process stream: enough to show what went wrong, bounded whatever the process prints. */
final class OutputTail {

    private final int max;
    private final StringBuilder text = new StringBuilder();
    private String lastLine = "";
    private boolean truncated;

    OutputTail(int max) {
        this.max = max;
    }

    synchronized void add(String line) {
        text.append(line).append('\n');
        if (!line.isBlank()) {
            lastLine = line;
        }
        if (text.length() > max) {
            text.delete(0, text.length() - max);
            truncated = true;
        }
    }

    synchronized String text() {
        return truncated ? "…" + text : text.toString();
    }

    synchronized String lastLine() {
        return lastLine;
    }
}
