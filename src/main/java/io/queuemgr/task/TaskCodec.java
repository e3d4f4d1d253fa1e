package io.queuemgr.task;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Task snapshots to and from the JSON bytes that travel on Kafka. */
@ApplicationScoped
public class TaskCodec {

    private final ObjectMapper mapper;

    public TaskCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public byte[] encode(Task task) {
        try {
            return mapper.writeValueAsBytes(task);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Task decode(byte[] bytes) {
        try {
            return mapper.readValue(bytes, Task.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a task snapshot: " + e.getMessage(), e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
