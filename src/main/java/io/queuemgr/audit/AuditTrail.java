package io.queuemgr.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;
import io.smallrye.mutiny.Uni;

/**
 * Records who changed what. An event goes to the audit topic (keyed by its principal, so one caller's events stay in
 * order and a burst of one caller's submissions fills few, large batches) through the service's shared producer, and reaches PostgreSQL through the {@link AuditProjector}: recording
 * costs a Kafka send, batched with the producer's other records, never a database round trip.
 * <p>
 * A returned {@code Uni} completes once the broker has acknowledged the event(s), on a worker thread, so a caller can
 * chain the audit before answering and send again from there.
 */
@Singleton
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    /** Where sends asked for on an event loop are made, and where acknowledgements are handed on. */
    private static final Executor WORKERS = KafkaClients.SENDERS;

    private final KafkaClients clients;
    private final Topics topics;
    private final AuditCodec codec;
    private final Clock clock;

    public AuditTrail(KafkaClients clients, Topics topics, AuditCodec codec, Clock clock) {
        this.clients = clients;
        this.topics = topics;
        this.codec = codec;
        this.clock = clock;
    }

    /** Records one mutation happening now; see {@link AuditActions} and {@link AuditDetails}. */
    public Uni<Void> record(String principal, String action, String target, Map<String, String> details) {
        return record(AuditEvent.of(clock.instant(), principal, action, target, details));
    }

    /** Records an event made beforehand; recording the same event again adds no row. */
    public Uni<Void> record(AuditEvent event) {
        return recordAll(List.of(event));
    }

    /**
     * Runs a mutation and records what became of it: {@code outcome=accepted} plus {@code details} of its result once
     * it succeeded, {@code outcome=refused} with the failure's message once it failed. The caller gets the mutation's
     * own result or failure, after the event is acknowledged. A failed recording of an acceptance fails the call (the
     * trail must not miss a change); that of a refusal is logged and the refusal stands, since nothing changed.
     */
    public <T> Uni<T> recordOutcome(String principal, String action, String target, Uni<T> mutation,
            Function<T, Map<String, String>> details) {
        // The refusal handler comes first so that it sees only the mutation's failures, never a failed recording.
        return mutation
                .onFailure().call(failure -> record(principal, action, target,
                        AuditDetails.refused(String.valueOf(failure.getMessage())))
                        .onFailure().invoke(e -> LOG.warnf("The refusal of %s on %s by %s was not recorded: %s",
                                action, target, principal, e.getMessage()))
                        .onFailure().recoverWithNull())
                .call(result -> record(principal, action, target,
                        AuditDetails.withOutcome(AuditDetails.ACCEPTED, details.apply(result))));
    }

    /**
     * Records many events with one hop off the event loop and one completion: for a batch of submissions, where a
     * {@code Uni} per event would cost more than the sends themselves.
     */
    public Uni<Void> recordAll(Collection<AuditEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> sendAllAsync(events)).emitOn(WORKERS);
    }

    /**
     * The same for code that works with futures (the Kafka intake): completes once Kafka holds every event, on the
     * producer's network thread, from which nothing may be sent.
     */
    public CompletableFuture<Void> sendAllAsync(Collection<AuditEvent> events) {
        return KafkaClients.offEventLoop(() -> sendAll(events));
    }

    private CompletableFuture<Void> sendAll(Collection<AuditEvent> events) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
        for (AuditEvent event : events) {
            acks.add(send(event));
        }
        return acks.size() == 1 ? acks.get(0) : CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> send(AuditEvent event) {
        return clients.sendNow(new ProducerRecord<>(topics.audit(), event.principal(), codec.encode(event)));
    }
}
