package io.queuemgr.submission;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.FieldErrors;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;

/**
 * Puts refused Kafka submissions on the rejection topic with the reason and as much of the record as fits: the
 * payload and key are cut short and the field errors bounded, so that no submission, however large, makes a
 * rejection Kafka would refuse (which would hold up the intake, reading the same records again and again).
 */
@Singleton
class SubmissionRejections {

    static final int MAX_PAYLOAD_CHARS = 32 * 1024;
    static final int MAX_KEY_CHARS = 16 * 1024;

    private final KafkaClients clients;
    private final Topics topics;
    private final ObjectMapper mapper;
    private final Clock clock;

    SubmissionRejections(KafkaClients clients, Topics topics, ObjectMapper mapper, Clock clock) {
        this.clock = clock;
        this.clients = clients;
        this.topics = topics;
        this.mapper = mapper;
    }

    /** Completes once Kafka holds the rejection, on the producer's network thread. */
    CompletableFuture<Void> reject(ConsumerRecord<String, byte[]> record, String reason, List<FieldError> errors) {
        String key = FieldErrors.cut(record.key(), MAX_KEY_CHARS);
        RejectedSubmission full = new RejectedSubmission(reason, FieldErrors.bounded(errors), payload(record.value()),
                record.topic(), record.partition(), record.offset(), clock.instant());
        return send(key, full).exceptionallyCompose(e -> e instanceof RecordTooLargeException
                || e.getCause() instanceof RecordTooLargeException
                        ? send(key, new RejectedSubmission(reason, List.of(), null, record.topic(),
                                record.partition(), record.offset(), clock.instant()))
                        : CompletableFuture.failedFuture(e));
    }

    private CompletableFuture<Void> send(String key, RejectedSubmission rejection) {
        try {
            return clients.send(topics.submitRejected(), key, mapper.writeValueAsBytes(rejection));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The record's value as text, the start of it when it is long. */
    static String payload(byte[] value) {
        if (value == null) {
            return null;
        }
        // Four bytes of UTF-8 at most per character: decode no more than can be kept.
        int decode = Math.min(value.length, MAX_PAYLOAD_CHARS * 4);
        String text = new String(value, 0, decode, StandardCharsets.UTF_8);
        if (decode == value.length && text.length() <= MAX_PAYLOAD_CHARS) {
            return text;
        }
        return FieldErrors.cut(text, MAX_PAYLOAD_CHARS) + "[cut; " + value.length + " bytes in all]";
    }
}
