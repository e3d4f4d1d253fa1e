package io.queuemgr.audit;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

/** Audit events to and from the JSON bytes on the audit topic. */
@Singleton
public class AuditCodec {

    private final ObjectReader reader;
    private final ObjectWriter writer;

    public AuditCodec(ObjectMapper mapper) {
        this.reader = mapper.readerFor(AuditEvent.class);
        this.writer = mapper.writerFor(AuditEvent.class);
    }

    public byte[] encode(AuditEvent event) {
        try {
            return writer.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event, or an exception naming what is wrong: anyone with access to the topic may have written it. */
    public AuditEvent decode(byte[] bytes) {
        try {
            return reader.readValue(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Not an audit event: " + e.getMessage(), e);
        }
    }
}
