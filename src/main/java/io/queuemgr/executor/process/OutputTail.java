package io.queuemgr.executor.process;

/**
 * The last characters of a stream of lines (a process's, a remote command's): enough to show what went wrong,
 * bounded whatever it prints.
 */
public final class OutputTail {

    private final int max;
    private final StringBuilder text = new StringBuilder();
    private String lastLine = "";
    private boolean truncated;

    public OutputTail(int max) {
        this.max = max;
    }

    public synchronized void add(String line) {
        text.append(line).append('\n');
        if (!line.isBlank()) {
            lastLine = line;
        }
        if (text.length() > max) {
            text.delete(0, text.length() - max);
            truncated = true;
        }
    }

    public synchronized String text() {
        return truncated ? "…" + text : text.toString();
    }

    public synchronized String lastLine() {
        return lastLine;
    }
}
