package io.queuemgr.executor.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.process.OutputTail;

/**
 * One stream of a remote command as MINA hands it over, in chunks: each whole line goes to the task log as soon as
 * it arrives (secrets hidden), and the last characters are kept for the result.
 */
final class OutputLines extends OutputStream {

    static final int TAIL_CHARS = 64 * 1024;

    private final ExecutionContext context;
    private final String prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final OutputTail tail = new OutputTail(TAIL_CHARS);

    OutputLines(ExecutionContext context, String prefix) {
        this.context = context;
        this.prefix = prefix;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            endLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    /** Logs a last line that had no newline. */
    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            endLine();
        }
    }

    String tail() {
        return tail.text();
    }

    String lastLine() {
        return tail.lastLine();
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            // A terminal (pty) ends lines with CR LF.
            text = text.substring(0, text.length() - 1);
        }
        String shown = context.secrets().redactor().redact(text);
        context.log(prefix + shown);
        tail.add(shown);
    }
}
