package io.queuemgr.task;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

/** Task snapshots to and from the JSON bytes that travel on Kafka. */
@Singleton
public class TaskCodec {

    private final ObjectReader reader;
    private final ObjectWriter writer;

    public TaskCodec(ObjectMapper mapper) {
        this.reader = mapper.readerFor(Task.class);
        this.writer = mapper.writerFor(Task.class);
    }

    public byte[] encode(Task task) {
        try {
            return writer.writeValueAsBytes(task);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Task decode(byte[] bytes) {
        try {
            return reader.readValue(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a task snapshot: " + e.getMessage(), e);
        }
    }

}
