import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Fills the status topic of a stack with finished noop tasks as the service writes them (a PENDING v1 and a COMPLETED
 * v3 snapshot per task, the same JSON and headers), so that a restart against a large registry can be timed in
 * seconds rather than after a burst of many minutes. {@code --old-headers} writes the headers of releases before
 * the seal ({@code qm-stamp}): version and status only, so that a reader parses every final snapshot. The tasks are
 * spread over {@code --queues} queues (100), each task's records on its queue's partition as the service puts them;
 * {@code --by-id} puts them where Kafka's partitioner puts the task id instead, as releases before that did.
 * <p>
 * {@code java -cp "$(stack/stack.sh kafka-classpath)" bench/StatusFill.java --bootstrap HOST:PORT --tasks 1000000}
 * (the service creates the topics at its first start: start it once before, or give {@code --topic-prefix} the
 * prefix of an instance started once with {@code -Dqueuemgr.kafka.topic-prefix}).
 */
public class StatusFill {

    public static void main(String[] args) throws Exception {
        String bootstrap = "localhost:9092";
        int tasks = 1_000_000;
        boolean oldHeaders = false;
        boolean byId = false;
        int queues = 100;
        String topic = "queuemgr.task-status";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--tasks" -> tasks = Integer.parseInt(args[++i]);
                case "--old-headers" -> oldHeaders = true;
                case "--by-id" -> byId = true;
                case "--queues" -> queues = Integer.parseInt(args[++i]);
                case "--topic-prefix" -> topic = args[++i] + ".task-status";
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        AtomicLong failed = new AtomicLong();
        long begin = System.nanoTime();
        long t0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            int partitions = producer.partitionsFor(topic).size();
            for (int n = 0; n < tasks; n++) {
                long created = t0 + n;
                UUID id = uuid7(created, n);
                String queue = "bq100-" + (n % queues);
                String category = "cat-" + (n % 100);
                String tag = "tag-" + (n % 1000);
                String createdAt = Instant.ofEpochMilli(created).plusNanos(105351L).toString();
                String startedAt = Instant.ofEpochMilli(created + 170).plusNanos(246292L).toString();
                String finishedAt = Instant.ofEpochMilli(created + 171).plusNanos(663845L).toString();
                String pending = "{\"attempt\":0,\"category\":\"" + category + "\",\"createdAt\":\"" + createdAt
                        + "\",\"id\":\"" + id + "\",\"maxRetries\":3,\"params\":{},\"priority\":5,\"progress\":0,"
                        + "\"queue\":\"" + queue + "\",\"status\":\"PENDING\",\"submittedBy\":\"admin\",\"tags\":[\""
                        + tag + "\"],\"type\":\"noop\",\"updatedAt\":\"" + createdAt + "\",\"version\":1}";
                String completed = "{\"attempt\":1,\"category\":\"" + category + "\",\"createdAt\":\"" + createdAt
                        + "\",\"finishedAt\":\"" + finishedAt + "\",\"id\":\"" + id + "\",\"maxRetries\":3,"
                        + "\"params\":{},\"priority\":5,\"progress\":100,\"queue\":\"" + queue
                        + "\",\"result\":{},\"startedAt\":\"" + startedAt + "\",\"status\":\"COMPLETED\","
                        + "\"submittedBy\":\"admin\",\"tags\":[\"" + tag + "\"],\"type\":\"noop\",\"updatedAt\":\""
                        + finishedAt + "\",\"version\":3,\"workerId\":\"vm-bench\"}";
                RecordHeaders first = new RecordHeaders();
                first.add("qm-writer", bytes("vm-bench"));
                first.add("qm-version", bytes("1"));
                first.add("qm-status", bytes("PENDING"));
                first.add("qm-queue", bytes(queue));
                first.add("qm-type", bytes("noop"));
                first.add("qm-submitted-by", bytes("admin"));
                RecordHeaders last = new RecordHeaders();
                last.add("qm-writer", bytes("vm-bench"));
                if (oldHeaders) {
                    last.add("qm-version", bytes("3"));
                    last.add("qm-status", bytes("COMPLETED"));
                } else {
                    // The seal, last, as the service writes it; the empty fingerprint marks a task that did not ask
                    // for caching (cacheFor): no source of results.
                    first.add("qm-stamp", bytes("1;PENDING;;"));
                    last.add("qm-stamp", bytes("3;COMPLETED;" + (created + 170) + ";" + (created + 171) + ";"));
                }
                String key = id.toString();
                Integer partition = byId ? null
                        : Utils.toPositive(Utils.murmur2(queue.getBytes(StandardCharsets.UTF_8))) % partitions;
                producer.send(new ProducerRecord<>(topic, partition, key, bytes(pending), first),
                        (m, e) -> count(e, failed));
                producer.send(new ProducerRecord<>(topic, partition, key, bytes(completed), last),
                        (m, e) -> count(e, failed));
            }
            producer.flush();
        }
        System.out.printf("RESULT tasks=%d records=%d failed=%d seconds=%.1f%n", tasks, 2L * tasks, failed.get(),
                (System.nanoTime() - begin) / 1e9);
    }

    private static void count(Exception e, AtomicLong failed) {
        if (e != null) {
            failed.incrementAndGet();
        }
    }

    /** A version 7 UUID: time first, so that the registry's newest-first order is the order of creation. */
    private static UUID uuid7(long millis, long n) {
        long msb = (millis << 16) | 0x7000L | (n & 0x0fffL);
        long lsb = 0x8000000000000000L | (n * 0x9E3779B97F4A7C15L >>> 2);
        return new UUID(msb, lsb);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
