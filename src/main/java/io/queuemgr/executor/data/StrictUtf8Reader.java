package io.queuemgr.executor.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 and refuses a malformed byte with the number of the line it is on. InputStreamReader decodes ahead
 * by kilobytes and fails without saying where; here the characters before the bad byte are handed out first.
 */
final class StrictUtf8Reader extends Reader {

    /** Bytes that are not UTF-8, on a line. */
    static final class Malformed extends CharacterCodingException {

        private final long line;

        Malformed(long line) {
            this.line = line;
        }

        long line() {
            return line;
        }

        @Override
        public String getMessage() {
            return "line " + line + " is not valid UTF-8";
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private boolean endOfInput;
    private boolean flushed;
    private long newlines;

    StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (out.position() == offset && !flushed) {
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            if (result.isError() && out.position() == offset) {
                throw new Malformed(newlines + 1);
            }
            if (result.isError() || out.position() > offset) {
                break;
            }
            if (endOfInput) {
                decoder.flush(out);
                flushed = true;
            } else {
                fill();
            }
        }
        int produced = out.position() - offset;
        for (int i = offset; i < offset + produced; i++) {
            if (buffer[i] == '\n') {
                newlines++;
            }
        }
        return produced == 0 && flushed ? -1 : produced;
    }

    private void fill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
