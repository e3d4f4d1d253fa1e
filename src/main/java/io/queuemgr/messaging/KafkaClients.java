package io.queuemgr.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;

/**
 * Builds the service's Kafka clients from the {@code kafka.*} settings, and owns the one shared producer: Kafka
 * producers are thread-safe and batch best when shared.
 */
@ApplicationScoped
public class KafkaClients {

    /** Where sends asked for on an event loop are made. */
    public static final Executor SENDERS = Infrastructure.getDefaultExecutor();
    /** How the Kafka client names a producer's network thread, followed by its client id. */
    static final String PRODUCER_THREAD_PREFIX = "kafka-producer-network-thread";

    private final Map<String, Object> base;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile KafkaProducer<String, byte[]> callerProducer;
    private final CallerSends callerSends;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.base = new HashMap<>(kafkaConfig);
        // Quarkus hands over every kafka.* property; these are ours to set per client.
        this.base.remove("health-enabled");
        this.callerSends = new CallerSends(this::callerProducer, SENDERS, System::nanoTime, Duration.ofMillis(
                Long.parseLong(String.valueOf(base.getOrDefault(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000)))));
    }

    public KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = newProducer(false);
                }
                p = producer;
            }
        }
        return p;
    }

    /**
     * The producer for records a caller waits on (a REST submission's two records): it does not linger, so that an
     * answer waits for the broker's round trip only (under load its records still batch while earlier requests are in
     * flight), and it never blocks, so that it can send on an event loop (see {@link CallerSends}). Everything else
     * goes through {@link #producer()}, whose linger makes fuller batches.
     */
    private KafkaProducer<String, byte[]> callerProducer() {
        KafkaProducer<String, byte[]> p = callerProducer;
        if (p == null) {
            synchronized (this) {
                if (callerProducer == null) {
                    callerProducer = newProducer(true);
                }
                p = callerProducer;
            }
        }
        return p;
    }

    /**
     * Runs a send at once, or on a worker thread when called on a Vert.x event loop or on a producer's own network
     * thread: the producer's send blocks while its buffer is full or a topic's metadata is missing. An event loop must
     * never wait, and a network thread that waits stalls its producer for {@code max.block.ms}, because that thread is
     * the one that would fetch the metadata or empty the buffer. Continuations of an earlier send's future run on that
     * thread, so a send chained on one (a rejection after a failed submission) lands here.
     */
    public static <T> CompletableFuture<T> offEventLoop(Supplier<CompletableFuture<T>> sending) {
        if (Context.isOnEventLoopThread() || onProducerThread()) {
            return CompletableFuture.supplyAsync(sending, SENDERS).thenCompose(f -> f);
        }
        try {
            return sending.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether the calling thread is a Kafka producer's network (sender) thread. */
    static boolean onProducerThread() {
        return Thread.currentThread().getName().startsWith(PRODUCER_THREAD_PREFIX);
    }

    /**
     * Sends the records a caller waits on, in order, on the calling thread even on an event loop: it never blocks
     * there (see {@link CallerSends}). Completes once Kafka holds them all, on the producer's network thread; fails
     * with {@link BrokerUnavailableException} when the producer could take none of them within {@code wait}, and then
     * none was sent.
     */
    public CompletableFuture<Void> sendWaitedOn(List<ProducerRecord<String, byte[]>> records, Duration wait) {
        return CompletableFuture.allOf(sendEachWaitedOn(records, wait).toArray(CompletableFuture[]::new));
    }

    /** The same, with each record's own outcome, in the order of {@code records}. */
    public List<CompletableFuture<Void>> sendEachWaitedOn(List<ProducerRecord<String, byte[]>> records,
            Duration wait) {
        if (callerProducer != null || !Context.isOnEventLoopThread()) {
            return callerSends.sendEach(records, wait);
        }
        // The first send builds the producer, which resolves the bootstrap servers: not on an event loop.
        try {
            var each = CompletableFuture.supplyAsync(() -> callerSends.sendEach(records, wait), SENDERS);
            return IntStream.range(0, records.size()).mapToObj(i -> each.thenCompose(list -> list.get(i))).toList();
        } catch (RejectedExecutionException e) {
            return records.stream().map(r -> CompletableFuture.<Void>failedFuture(e)).toList();
        }
    }

    /**
     * Sends a record through the shared producer, never from an event loop; completes once Kafka holds it, on the
     * producer's network thread.
     */
    public CompletableFuture<Void> send(String topic, String key, byte[] value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    /** The same for a record made by the caller (a partition of its choosing, headers). */
    public CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        return offEventLoop(() -> sendNow(record));
    }

    /**
     * Sends with the shared producer on the calling thread; completes at the broker's ack, on the producer's network
     * thread, from which nothing may be sent (hop with {@code thenComposeAsync} first).
     */
    public CompletableFuture<Void> sendNow(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer().send(record, (meta, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(null);
                }
            });
        } catch (RuntimeException e) {
            // A closed producer or a record it cannot take at all: the caller learns of it through the future.
            acked.completeExceptionally(e);
        }
        return acked;
    }

    private KafkaProducer<String, byte[]> newProducer(boolean forCallers) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (forCallers) {
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "queuemgr-producer-callers");
            // A send that would wait for metadata or buffer space fails at once instead; CallerSends tries it again.
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        }
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // Records are small JSON documents and batches are small at low rates; compressing each batch cost more
        // CPU than it saved (see docs/architecture.md). Set kafka.compression.type where the network is the limit.
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "queuemgr-producer");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /**
     * A consumer for a loop's source. A group consumer commits by hand, so that offsets move only once the work is
     * done. Kafka's defaults suit the latency path: a fetch answers as soon as one record is there, and an idle one
     * waits half a second on the broker instead of asking again at once (measured: short waits cost an idle broker a
     * third of a core); a source may ask for settings of its own.
     */
    public KafkaConsumer<String, byte[]> consumer(RecordSource source) {
        return source.grouped()
                ? groupConsumer(source.group(), source.clientId(), source.settings())
                : readerConsumer(source.clientId(), source.settings());
    }

    private KafkaConsumer<String, byte[]> groupConsumer(String groupId, String clientId, Map<String, Object> extra) {
        Map<String, Object> props = consumerBase(clientId);
        props.putAll(extra);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        return new KafkaConsumer<>(props);
    }

    /** A consumer without a group, for reading whole topics by assignment (registry, control). */
    private KafkaConsumer<String, byte[]> readerConsumer(String clientId, Map<String, Object> extra) {
        Map<String, Object> props = consumerBase(clientId);
        props.putAll(extra);
        // While following, this instance's own snapshots are already applied, so other instances' changes may
        // arrive a moment late in exchange for fewer, fuller fetches; catching up is measured by position, not
        // by fetches, and is unaffected.
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        props.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 16 * 1024);
        return new KafkaConsumer<>(props);
    }

    public Admin admin() {
        return Admin.create(new HashMap<>(base));
    }

    private Map<String, Object> consumerBase(String clientId) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    @PreDestroy
    void close() {
        for (KafkaProducer<String, byte[]> p : List
                .of(Optional.ofNullable(producer), Optional.ofNullable(callerProducer))
                .stream().flatMap(Optional::stream).toList()) {
            p.close();
        }
    }
}
