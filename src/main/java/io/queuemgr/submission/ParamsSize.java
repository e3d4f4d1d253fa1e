package io.queuemgr.submission;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How many bytes a submission's params take in the task snapshot: serialized as the service writes them, which is
 * not the size the submitter sent (an emoji sent as 4 bytes of UTF-8 is written as a 12-byte escape pair).
 */
final class ParamsSize {

    private ParamsSize() {
    }

    static long serialized(ObjectMapper mapper, JsonNode params) {
        Counter counter = new Counter();
        try {
            mapper.writeValue(counter, params);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    /** Counts what is written and keeps none of it. */
    private static final class Counter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
