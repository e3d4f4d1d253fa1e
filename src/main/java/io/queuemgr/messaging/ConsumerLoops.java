package io.queuemgr.messaging;

import java.time.Duration;
import java.util.function.Function;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecords;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.supervision.LoopSupervisor;

/** Makes the service's consumer loops: its Kafka clients, run under the loop supervisor. */
@Singleton
public class ConsumerLoops {

    private final KafkaClients clients;
    private final LoopSupervisor supervisor;
    private final QueuemgrConfig.Projections projections;

    public ConsumerLoops(KafkaClients clients, LoopSupervisor supervisor, QueuemgrConfig config) {
        this.clients = clients;
        this.supervisor = supervisor;
        this.projections = config.projections();
    }

    /** A loop of this name (its name for health, metrics and fault injection) over the source. */
    public ConsumerLoopBuilder loop(String name, RecordSource source) {
        return new ConsumerLoopBuilder(name, source, clients, supervisor);
    }

    /**
     * A projector: a loop that writes each poll's records to a store and commits them once written. A projection may
     * lag by a moment, so it asks for large fetches, which keeps it cheap under a flood of records.
     */
    public ConsumerLoop projection(String name, RecordSource source,
            Function<ConsumerRecords<String, byte[]>, Projection.Write> writes) {
        Projection projection = new Projection(writes, projections.writeTimeout());
        return loop(name, source.withLargeFetches()).poll(Duration.ofMillis(200))
                .commitAfterEachPoll(projection.commits()).handledBy(projection);
    }
}
