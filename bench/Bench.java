/*
 * Load generator for queuemgr's benchmark (bench/run.sh).
 *
 * Single-file program: needs only the JDK and kafka-clients on the class path, e.g.
 *
 *   java -cp "$(stack/stack.sh kafka-classpath)" bench/Bench.java kafka --bootstrap 127.0.0.1:9092 --tasks 50000
 *
 * Modes
 *   kafka   produce --tasks noop submissions as fast as possible to queuemgr.submit
 *   rest    POST --tasks noop submissions to --url with at most --concurrency requests in flight
 *   steady  produce noop submissions to queuemgr.submit at --rate per second for --seconds
 *
 * Every submission carries its own random UUID. A follower thread reads queuemgr.task-status (all partitions,
 * from the end offsets taken before the first submission) and notes when each task's final snapshot arrives.
 * The mode ends when every accepted submission has a final snapshot, when nothing has finished for
 * --stall-seconds, or after --timeout-seconds.
 *
 * The last line on stdout is "RESULT key=value ..." for run.sh; progress goes to stderr.
 * JSON is built and read by plain string handling: the service writes compact JSON with sorted keys.
 */

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class Bench {

    static final String SUBMIT_TOPIC = "queuemgr.submit";
    static final String STATUS_TOPIC = "queuemgr.task-status";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Options o = new Options(Arrays.copyOfRange(args, 1, args.length));
        Bench bench = new Bench(o);
        switch (args[0]) {
            case "kafka" -> bench.kafkaBurst();
            case "drain" -> bench.kafkaDrain();
            case "rest" -> bench.restBurst();
            case "steady" -> bench.kafkaSteady();
            case "queues" -> createQueues(o);
            case "query" -> query(o);
            case "floor" -> floor(o);
            default -> usage();
        }
        System.exit(0);
    }

    /** Creates --count queues P0..P(N-1) with room enough (maxConcurrent 100,000) not to be the limit measured. */
    static void createQueues(Options o) throws Exception {
        long count = o.num("count", 1);
        String prefix = o.str("queue-prefix", "bench-q");
        URI uri = URI.create(o.str("url", null).replaceAll("/+$", "") + "/api/queues");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore slots = new Semaphore(32);
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            slots.acquire();
            HttpRequest req = authorized(HttpRequest.newBuilder(uri)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + prefix + i
                            + "\",\"maxConcurrent\":100000}"))
                    .build();
            client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 201 && r.statusCode() != 409) {
                    failed.incrementAndGet();
                }
                slots.release();
            });
        }
        slots.acquire(32);
        System.out.printf(Locale.ROOT, "RESULT queues=%d failed=%d seconds=%.1f%n", count, failed.get(),
                (System.nanoTime() - start) / 1e9);
    }

    /** The bearer token of the service under test (QUEUEMGR_TOKEN), as every API call needs one. */
    static HttpRequest.Builder authorized(HttpRequest.Builder request) {
        String token = System.getenv("QUEUEMGR_TOKEN");
        return token == null || token.isBlank() ? request : request.header("Authorization", "Bearer " + token);
    }

    /** Times --repeat GETs of --path (after two unmeasured ones) and reports p50, p99 and the items answered. */
    static void query(Options o) throws Exception {
        URI uri = URI.create(o.str("url", null).replaceAll("/+$", "") + o.str("path", null));
        int repeat = (int) o.num("repeat", 20);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = authorized(HttpRequest.newBuilder(uri)).timeout(Duration.ofSeconds(120)).GET().build();
        long[] took = new long[repeat];
        int items = -1;
        for (int i = -2; i < repeat; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            long t = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
            }
            if (i >= 0) {
                took[i] = t;
            }
            items = r.body().split("\"id\":", -1).length - 1;
        }
        Arrays.sort(took);
        System.out.printf(Locale.ROOT, "RESULT p50_ms=%.1f p99_ms=%.1f max_ms=%.1f items=%d%n",
                took[(repeat - 1) / 2] / 1e6, took[Math.min(repeat - 1, (int) Math.ceil(repeat * 0.99) - 1)] / 1e6,
                took[repeat - 1] / 1e6, items);
    }

    /**
     * Kafka's own floor under one durable submission: a producer set as the service's callers' producer (acks=all,
     * idempotent, no linger) sends --records records (2: on two topics, as a submission writes its work record and
     * its first snapshot) and waits for their acks before the next call; --warmup calls first, not measured.
     */
    static void floor(Options o) throws Exception {
        int calls = (int) o.num("calls", 5000);
        int warmup = (int) o.num("warmup", 2000);
        int records = (int) o.num("records", 2);
        String bootstrap = o.str("bootstrap", "localhost:9092");
        List<String> topics = List.of("bench-floor-work", "bench-floor-status");
        try (var admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var existing = admin.listTopics().names().get();
            var missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 1, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class);
        byte[] value = new byte[400];
        Arrays.fill(value, (byte) 'x');
        long[] took = new long[calls];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            var pending = new ArrayList<Future<?>>(records);
            for (int i = -warmup; i < calls; i++) {
                String key = UUID.randomUUID().toString();
                long t0 = System.nanoTime();
                pending.clear();
                for (int r = 0; r < records; r++) {
                    pending.add(producer.send(new ProducerRecord<>(topics.get(r % topics.size()), key, value)));
                }
                for (var f : pending) {
                    f.get();
                }
                if (i >= 0) {
                    took[i] = System.nanoTime() - t0;
                }
            }
            // How often a call's two records went out in one request: the rest cost the broker a second one.
            producer.metrics().forEach((name, metric) -> {
                if (name.group().equals("producer-metrics") && name.name().equals("records-per-request-avg")) {
                    System.err.println("floor: records per produce request " + metric.metricValue());
                }
            });
        }
        Arrays.sort(took);
        System.out.printf(Locale.ROOT, "RESULT mode=floor calls=%d records=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                calls, records, pct(took, 50) / 1e6, pct(took, 99) / 1e6, took[calls - 1] / 1e6);
    }

    static void usage() {
        System.err.println("""
                usage: Bench kafka  --bootstrap HOST:PORT --tasks N [--linger-ms 5]
                       Bench drain  --bootstrap HOST:PORT --url http://127.0.0.1:PORT --tasks N
                                    [--drain-queue bench-drain] (a backlog in a paused queue, then resumed)
                       Bench rest   --bootstrap HOST:PORT --url http://127.0.0.1:PORT --tasks N [--concurrency 64]
                                    [--sequential CLIENTS [--warmup 2000]] (blocking clients, one POST at a time)
                       Bench steady --bootstrap HOST:PORT --rate 1000 --seconds 30 [--linger-ms 5]
                       Bench queues --url http://127.0.0.1:PORT --count N [--queue-prefix bench-q]
                       Bench query  --url http://127.0.0.1:PORT --path '/api/tasks?tag=x' [--repeat 20]
                       Bench floor  --bootstrap HOST:PORT [--calls 5000] [--warmup 2000] [--records 2]
                common: [--duration-ms 0] [--stall-seconds 60] [--timeout-seconds 300] [--label NAME]
                        [--queues N --queue-prefix P] (spread over queues P0..P(N-1)) [--vary 1] (categories, tags)
                        [--pids service=PID,kafka=PID,pg=PID] (CPU use per process over the measured window)""");
        System.exit(2);
    }

    // ------------------------------------------------------------------ options

    static final class Options {
        final Map<String, String> values = new HashMap<>();

        Options(String[] args) {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument: " + a);
                }
                String key = a.substring(2);
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    values.put(key.substring(0, eq), key.substring(eq + 1));
                } else {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    values.put(key, args[++i]);
                }
            }
        }

        String str(String key, String dflt) {
            String v = values.get(key);
            if (v == null && dflt == null) {
                throw new IllegalArgumentException("--" + key + " is required");
            }
            return v == null ? dflt : v;
        }

        long num(String key, long dflt) {
            String v = values.get(key);
            return v == null ? dflt : Long.parseLong(v);
        }
    }

    // ------------------------------------------------------------------ state

    /** One submission: when it left, when it was accepted, what the status topic said about it. */
    static final class Track {
        final long sentNanos;
        final long sentMicros; // wall clock, to compare with the service's own timestamps
        volatile long ackNanos;
        // written by the follower thread only
        long pendingSeenNanos;
        long finalSeenNanos;
        long finalSeenMicros;
        String finalStatus;
        long createdMicros;
        long startedMicros;
        long finishedMicros;

        Track(long sentNanos, long sentMicros) {
            this.sentNanos = sentNanos;
            this.sentMicros = sentMicros;
        }
    }

    final Options opt;
    final String bootstrap;
    final String label;
    final long durationMs;
    final ConcurrentHashMap<String, Track> tracks = new ConcurrentHashMap<>();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicLong firstSendNanos = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastAckNanos = new AtomicLong();
    final AtomicInteger finals = new AtomicInteger();
    final AtomicInteger pendingsSeen = new AtomicInteger();
    volatile long lastFinalNanos;
    volatile String firstError;
    final CpuMeter cpu;

    final AtomicLong submitted = new AtomicLong();
    /** Spread the submissions over this many queues (queue-prefix + 0..N-1); 0 = the default queue. */
    final long queues;
    final String queuePrefix;
    /** Give the submissions categories and tags, for filtering measurements. */
    final boolean vary;
    /** The one queue every submission names (drain mode); null = the default queue or --queues. */
    String queue;
    /** Where the completion rate's window starts (drain mode: the resume); 0 = the first send. */
    volatile long completeFromNanos;

    Bench(Options opt) {
        this.opt = opt;
        this.queues = opt.num("queues", 0);
        this.queuePrefix = opt.str("queue-prefix", "bench-q");
        this.vary = opt.num("vary", 0) > 0;
        this.bootstrap = opt.str("bootstrap", null);
        this.label = opt.str("label", "");
        this.durationMs = opt.num("duration-ms", 0);
        this.cpu = new CpuMeter(opt.str("pids", ""));
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    String submissionJson(String id) {
        String params = durationMs > 0 ? "{\"durationMs\":" + durationMs + "}" : "{}";
        long i = submitted.getAndIncrement();
        StringBuilder json = new StringBuilder("{\"id\":\"").append(id).append("\",\"type\":\"noop\",\"params\":")
                .append(params);
        if (queues > 0) {
            json.append(",\"queue\":\"").append(queuePrefix).append(i % queues).append('"');
        } else if (queue != null) {
            json.append(",\"queue\":\"").append(queue).append('"');
        }
        if (vary) {
            // 100 categories and 1,000 tags, evenly spread: a filter on one matches 1 % or 0.1 % of the tasks.
            json.append(",\"category\":\"cat-").append(i % 100).append("\",\"tags\":[\"tag-").append(i % 1000)
                    .append("\"]");
        }
        return json.append('}').toString();
    }

    Track track(String id) {
        long nanos = System.nanoTime();
        Track t = new Track(nanos, nowMicros());
        tracks.put(id, t);
        firstSendNanos.accumulateAndGet(nanos, Math::min);
        return t;
    }

    void acked(Track t) {
        long now = System.nanoTime();
        t.ackNanos = now;
        accepted.incrementAndGet();
        lastAckNanos.accumulateAndGet(now, Math::max);
    }

    void refused(String id, String why) {
        tracks.remove(id);
        refused.incrementAndGet();
        if (firstError == null) {
            firstError = why;
        }
    }

    // ------------------------------------------------------------------ status follower

    /** Reads the status topic without a group, from the end offsets it finds at construction. */
    final class StatusFollower implements Runnable {
        private final KafkaConsumer<String, String> consumer;
        private volatile boolean stop;
        private final Thread thread;

        StatusFollower() {
            this(false);
        }

        /**
         * batched: the broker answers a fetch once 64 KiB or 100 ms have gathered, instead of at every record. For
         * the sequential clients, whose measure is the wait for each 202: a follower woken at every record costs this
         * JVM about a core at 800 tasks/s, taken from the service on a two-core machine; completions are then seen up
         * to 100 ms late.
         */
        StatusFollower(boolean batched) {
            Properties p = new Properties();
            if (batched) {
                p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
                p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
            }
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-status-follower");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(p);
            List<TopicPartition> parts = new ArrayList<>();
            List<PartitionInfo> infos = consumer.partitionsFor(STATUS_TOPIC, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + STATUS_TOPIC + " not found; is the service running?");
            }
            for (PartitionInfo pi : infos) {
                parts.add(new TopicPartition(pi.topic(), pi.partition()));
            }
            consumer.assign(parts);
            // Pin the start to the end offsets as they are now, before anything is submitted.
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts, Duration.ofSeconds(30));
            ends.forEach(consumer::seek);
            thread = Thread.ofPlatform().name("bench-status-follower").daemon().unstarted(this);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                        long seen = System.nanoTime();
                        String value = r.value();
                        if (value == null) {
                            continue;
                        }
                        String id = r.key() != null ? r.key() : field(value, "id");
                        Track t = id == null ? null : tracks.get(id);
                        if (t == null || t.finalSeenNanos != 0) {
                            continue;
                        }
                        String status = field(value, "status");
                        if (status == null) {
                            continue;
                        }
                        switch (status) {
                            case "PENDING" -> {
                                if (t.pendingSeenNanos == 0) {
                                    t.pendingSeenNanos = seen;
                                    pendingsSeen.incrementAndGet();
                                }
                            }
                            case "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT" -> {
                                t.finalSeenNanos = seen;
                                t.finalSeenMicros = nowMicros();
                                t.finalStatus = status;
                                t.createdMicros = instant(value, "createdAt");
                                t.startedMicros = instant(value, "startedAt");
                                t.finishedMicros = instant(value, "finishedAt");
                                lastFinalNanos = seen;
                                finals.incrementAndGet();
                            }
                            default -> {
                            }
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (!stop) {
                    System.err.println("bench: status follower failed: " + e);
                    firstError = "status follower: " + e;
                }
            } finally {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
            }
        }

        void close() throws InterruptedException {
            stop = true;
            thread.join(5_000);
        }
    }

    static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int i = json.indexOf(key);
        if (i < 0) {
            return null;
        }
        i += key.length();
        int j = json.indexOf('"', i);
        return j < 0 ? null : json.substring(i, j);
    }

    static long instant(String json, String name) {
        String v = field(json, name);
        if (v == null) {
            return 0;
        }
        try {
            return micros(Instant.parse(v));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ producers

    KafkaProducer<String, String> producer(long lingerMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-submitter");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaProducer<String, String> producer = new KafkaProducer<>(p);
        producer.partitionsFor(SUBMIT_TOPIC); // metadata before the clock starts
        return producer;
    }

    void send(KafkaProducer<String, String> producer) {
        String id = UUID.randomUUID().toString();
        String json = submissionJson(id);
        Track t = track(id);
        producer.send(new ProducerRecord<>(SUBMIT_TOPIC, null, json), (meta, error) -> {
            if (error != null) {
                refused(id, "produce: " + error);
            } else {
                acked(t);
            }
        });
    }

    // ------------------------------------------------------------------ modes

    void kafkaBurst() throws Exception {
        int n = (int) opt.num("tasks", 50_000);
        StatusFollower follower = new StatusFollower();
        try (KafkaProducer<String, String> producer = producer(opt.num("linger-ms", 5))) {
            follower.start();
            cpu.begin();
            log("kafka: producing %d submissions as fast as possible", n);
            for (int i = 0; i < n; i++) {
                send(producer);
            }
            producer.flush();
            log("kafka: all %d acked (%d refused) after %.2f s", accepted.get(), refused.get(),
                    (lastAckNanos.get() - firstSendNanos.get()) / 1e9);
            awaitFinals(n);
        }
        follower.close();
        report("kafka", n, Map.of());
    }

    /**
     * A backlog drained: --tasks submissions go over Kafka into a paused queue (made paused, or paused, first) and
     * wait there until every PENDING snapshot is seen; then the queue is resumed and the window of the completion
     * rate starts. The rate is that of a service working off tasks it already holds, with no load generator
     * producing beside it: the measure of the drain target (BullMQ's W4 drains a backlog the same way).
     */
    void kafkaDrain() throws Exception {
        int n = (int) opt.num("tasks", 50_000);
        String base = opt.str("url", null).replaceAll("/+$", "");
        queue = opt.str("drain-queue", "bench-drain");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> made = client.send(authorized(HttpRequest.newBuilder(URI.create(base + "/api/queues")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + queue
                        + "\",\"maxConcurrent\":100000,\"paused\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (made.statusCode() == 409) {
            queueAction(client, base, "pause");
        } else if (made.statusCode() != 201) {
            throw new IllegalStateException("creating queue " + queue + " answered " + made.statusCode() + ": "
                    + made.body());
        }
        // Batched: a follower woken at every record costs this JVM and the broker CPU the drain would otherwise get;
        // completions are then seen up to 100 ms late, which can only lower the rate measured.
        StatusFollower follower = new StatusFollower(true);
        try (KafkaProducer<String, String> producer = producer(opt.num("linger-ms", 5))) {
            follower.start();
            log("drain: producing %d submissions into the paused queue %s", n, queue);
            for (int i = 0; i < n; i++) {
                send(producer);
            }
            producer.flush();
        }
        if (!awaitCount(pendingsSeen::get, accepted::get, "PENDING seen")) {
            throw new IllegalStateException("only " + pendingsSeen.get() + " of " + accepted.get() + " PENDING seen");
        }
        double intakeSpan = (System.nanoTime() - firstSendNanos.get()) / 1e9;
        log("drain: %d PENDING after %.2f s; resuming %s", pendingsSeen.get(), intakeSpan, queue);
        cpu.begin();
        completeFromNanos = System.nanoTime();
        queueAction(client, base, "resume");
        awaitFinals(n);
        follower.close();
        report("drain", n, Map.of("backlog_s", String.format(Locale.ROOT, "%.3f", intakeSpan)));
    }

    void queueAction(HttpClient client, String base, String action) throws Exception {
        HttpResponse<String> r = client.send(authorized(HttpRequest.newBuilder(URI.create(base + "/api/queues/"
                + queue + "/" + action))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(action + " of queue " + queue + " answered " + r.statusCode() + ": "
                    + r.body());
        }
    }

    void restBurst() throws Exception {
        if (opt.num("sequential", 0) > 0) {
            restSequential();
            return;
        }
        int n = (int) opt.num("tasks", 50_000);
        int concurrency = (int) opt.num("concurrency", 64);
        URI uri = URI.create(opt.str("url", null).replaceAll("/+$", "") + "/api/tasks");
        StatusFollower follower = new StatusFollower();
        ExecutorService pool = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(pool).build();
        Semaphore slots = new Semaphore(concurrency);
        List<Long> responseNanos = java.util.Collections.synchronizedList(new ArrayList<>(n));
        follower.start();
        cpu.begin();
        log("rest: POSTing %d submissions, %d at a time, to %s", n, concurrency, uri);
        for (int i = 0; i < n; i++) {
            slots.acquire();
            String id = UUID.randomUUID().toString();
            HttpRequest req = authorized(HttpRequest.newBuilder(uri)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(submissionJson(id))).build();
            Track t = track(id);
            client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, error) -> {
                try {
                    if (error != null) {
                        refused(id, "http: " + error);
                    } else if (resp.statusCode() != 202) {
                        refused(id, "http " + resp.statusCode() + ": " + abbreviate(resp.body()));
                    } else {
                        acked(t);
                        responseNanos.add(t.ackNanos - t.sentNanos);
                    }
                } finally {
                    slots.release();
                }
            });
        }
        slots.acquire(concurrency);
        log("rest: all answered: %d accepted, %d refused after %.2f s", accepted.get(), refused.get(),
                (lastAckNanos.get() - firstSendNanos.get()) / 1e9);
        awaitFinals(n);
        follower.close();
        reportRest(n, concurrency, responseNanos);
        pool.shutdownNow();
    }

    /**
     * --sequential N: N clients, each a thread that sends one POST and waits for its 202 before the next (a blocking
     * send, as a script or a synchronous SDK does). Each client first sends --warmup POSTs that are not measured, so
     * that the figures are the service's and not the JIT warm-up of this fresh client JVM.
     */
    void restSequential() throws Exception {
        int n = (int) opt.num("tasks", 5_000);
        int clients = (int) opt.num("sequential", 1);
        int warmup = (int) opt.num("warmup", 2_000);
        URI uri = URI.create(opt.str("url", null).replaceAll("/+$", "") + "/api/tasks");
        try (KeepAliveClient warming = new KeepAliveClient(uri)) {
            for (int i = 0; i < warmup; i++) {
                int status = warming.post("{\"type\":\"noop\",\"params\":{}}");
                if (status != 202) {
                    throw new IllegalStateException("warm-up POST answered " + status + ": " + warming.body());
                }
            }
        }
        StatusFollower follower = new StatusFollower(true);
        List<Long> responseNanos = java.util.Collections.synchronizedList(new ArrayList<>(n));
        AtomicInteger next = new AtomicInteger();
        follower.start();
        cpu.begin();
        log("rest: %d client(s) POSTing %d submissions one at a time to %s, after %d unmeasured", clients, n, uri,
                warmup);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().name("bench-client-" + c).start(() -> {
                try (KeepAliveClient client = new KeepAliveClient(uri)) {
                    while (next.getAndIncrement() < n) {
                        String id = UUID.randomUUID().toString();
                        String json = submissionJson(id);
                        Track t = track(id);
                        int status = client.post(json);
                        if (status != 202) {
                            refused(id, "http " + status + ": " + abbreviate(client.body()));
                        } else {
                            acked(t);
                            responseNanos.add(t.ackNanos - t.sentNanos);
                        }
                    }
                } catch (IOException e) {
                    refused("client", "http: " + e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        awaitFinals(n);
        follower.close();
        reportRest(n, clients, responseNanos);
    }

    /** The REST result line: the usual figures, and the clients' wait for each answer. */
    void reportRest(int n, int concurrency, List<Long> responseNanos) {
        long[] rt = responseNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("concurrency", Integer.toString(concurrency));
        extra.put("http_p50_ms", ms(pct(rt, 50)));
        extra.put("http_p99_ms", ms(pct(rt, 99)));
        extra.put("http_max_ms", ms(rt.length == 0 ? -1 : rt[rt.length - 1]));
        report("rest", n, extra);
    }

    /**
     * One keep-alive HTTP/1.1 connection that sends a POST and reads its answer on the calling thread, as curl or a
     * synchronous SDK would: no selector thread or executor between the call and the socket. The JDK's HttpClient
     * hands every exchange to its selector and worker threads; in a sequential run it took about as much CPU as
     * the service, on the same two cores.
     */
    static final class KeepAliveClient implements AutoCloseable {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.DataInputStream in;
        private final byte[] head;
        private byte[] body = new byte[0];

        KeepAliveClient(URI uri) throws IOException {
            socket = new java.net.Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
            in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 8192));
            String token = System.getenv("QUEUEMGR_TOKEN");
            head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: application/json\r\n"
                    + (token == null || token.isBlank() ? "" : "Authorization: Bearer " + token + "\r\n"))
                    .getBytes(StandardCharsets.US_ASCII);
        }

        /** Sends the POST and answers its status; the answer's body stays readable by {@link #body}. */
        int post(String json) throws IOException {
            byte[] payload = json.getBytes(StandardCharsets.UTF_8);
            out.write(head);
            out.write(("Content-Length: " + payload.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            String status = line();
            int length = 0;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().strip(), 16); size > 0;
                        size = Integer.parseInt(line().strip(), 16)) {
                    byte[] chunk = new byte[size];
                    in.readFully(chunk);
                    all.write(chunk);
                    line();
                }
                line();
                body = all.toByteArray();
            } else {
                body = new byte[length];
                in.readFully(body);
            }
            return Integer.parseInt(status.split(" ", 3)[1]);
        }

        String body() {
            return new String(body, StandardCharsets.UTF_8);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new java.io.EOFException("the service closed the connection");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    void kafkaSteady() throws Exception {
        int rate = (int) opt.num("rate", 1000);
        int seconds = (int) opt.num("seconds", 30);
        int n = rate * seconds;
        long interval = 1_000_000_000L / rate;
        long maxLag = 0;
        StatusFollower follower = new StatusFollower();
        // The Java client's default linger (5 ms since Kafka 4.0), as a client producing one task at a time would
        // run it; latency is measured from send(), so the linger is inside the figures.
        try (KafkaProducer<String, String> producer = producer(opt.num("linger-ms", 5))) {
            follower.start();
            cpu.begin();
            log("steady: %d submissions/s for %d s (%d in all)", rate, seconds, n);
            long start = System.nanoTime() + 100_000_000L;
            for (int i = 0; i < n; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                maxLag = Math.max(maxLag, System.nanoTime() - due);
                send(producer);
                if (i > 0 && i % (rate * 5) == 0) {
                    log("steady: %d sent, %d final", i, finals.get());
                }
            }
            long sendSpan = System.nanoTime() - start;
            producer.flush();
            log("steady: sent %d in %.2f s (%.0f/s), send lag max %.2f ms", n, sendSpan / 1e9, n / (sendSpan / 1e9),
                    maxLag / 1e6);
            awaitFinals(n);
            follower.close();
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("target_rate", Integer.toString(rate));
            extra.put("achieved_send_rate", String.format(Locale.ROOT, "%.0f", n / (sendSpan / 1e9)));
            extra.put("send_lag_max_ms", ms(maxLag));
            report("steady", n, extra);
        }
    }

    /** Waits until every accepted submission is final, nothing finishes for a while, or the time is up. */
    void awaitFinals(int n) throws InterruptedException {
        awaitCount(finals::get, () -> n - refused.get(), "final");
        cpu.end();
    }

    /**
     * Polls {@code count} until it reaches {@code target}, stops growing for --stall-seconds, or --timeout-seconds
     * pass; logs progress every 5 s. Answers whether the target was reached.
     */
    boolean awaitCount(IntSupplier count, IntSupplier target, String what) throws InterruptedException {
        long stall = opt.num("stall-seconds", 60) * 1_000_000_000L;
        long deadline = System.nanoTime() + opt.num("timeout-seconds", 300) * 1_000_000_000L;
        long lastProgress = System.nanoTime();
        int lastCount = -1;
        long lastLog = System.nanoTime();
        while (true) {
            int done = count.getAsInt();
            int expected = target.getAsInt();
            if (done >= expected) {
                return true;
            }
            long now = System.nanoTime();
            if (done != lastCount) {
                lastCount = done;
                lastProgress = now;
            }
            if (now - lastProgress > stall) {
                log("giving up: none more %s for %d s (%d of %d)", what, stall / 1_000_000_000L, done, expected);
                return false;
            }
            if (now > deadline) {
                log("giving up: timeout (%d of %d %s)", done, expected, what);
                return false;
            }
            if (now - lastLog > 5_000_000_000L) {
                log("%s: %d accepted, %d PENDING seen, %d final; waiting for %d %s", label.isEmpty() ? "waiting"
                        : label, accepted.get(), pendingsSeen.get(), finals.get(), expected, what);
                lastLog = now;
            }
            Thread.sleep(20);
        }
    }

    // ------------------------------------------------------------------ report

    void report(String mode, int n, Map<String, String> extra) {
        List<Long> e2e = new ArrayList<>();
        List<Long> pending = new ArrayList<>();
        List<Long> intake = new ArrayList<>();
        List<Long> queued = new ArrayList<>();
        List<Long> run = new ArrayList<>();
        List<Long> observe = new ArrayList<>();
        Map<String, Integer> byStatus = new HashMap<>();
        for (Track t : tracks.values()) {
            if (t.pendingSeenNanos != 0) {
                pending.add(t.pendingSeenNanos - t.sentNanos);
            }
            if (t.finalSeenNanos == 0) {
                continue;
            }
            byStatus.merge(t.finalStatus, 1, Integer::sum);
            if (!"COMPLETED".equals(t.finalStatus)) {
                continue;
            }
            e2e.add(t.finalSeenNanos - t.sentNanos);
            if (t.createdMicros != 0 && t.startedMicros != 0 && t.finishedMicros != 0) {
                intake.add((t.createdMicros - t.sentMicros) * 1000);
                queued.add((t.startedMicros - t.createdMicros) * 1000);
                run.add((t.finishedMicros - t.startedMicros) * 1000);
                observe.add((t.finalSeenMicros - t.finishedMicros) * 1000);
            }
        }
        long[] lat = sorted(e2e);
        int completed = byStatus.getOrDefault("COMPLETED", 0);
        int otherFinal = finals.get() - completed;
        long first = firstSendNanos.get();
        double submitSpan = (lastAckNanos.get() - first) / 1e9;
        double completeSpan = (lastFinalNanos - (completeFromNanos != 0 ? completeFromNanos : first)) / 1e9;

        Map<String, String> r = new LinkedHashMap<>();
        r.put("mode", mode);
        r.put("n", Integer.toString(n));
        r.put("accepted", Integer.toString(accepted.get()));
        r.put("refused", Integer.toString(refused.get()));
        r.put("completed", Integer.toString(completed));
        r.put("other_final", Integer.toString(otherFinal));
        r.put("missing", Integer.toString(n - refused.get() - finals.get()));
        r.put("submit_s", String.format(Locale.ROOT, "%.3f", submitSpan));
        r.put("submit_rate", rate(accepted.get(), submitSpan));
        r.put("complete_s", String.format(Locale.ROOT, "%.3f", completeSpan));
        r.put("complete_rate", rate(completed, completeSpan));
        r.put("p50_ms", ms(pct(lat, 50)));
        r.put("p90_ms", ms(pct(lat, 90)));
        r.put("p99_ms", ms(pct(lat, 99)));
        r.put("max_ms", ms(lat.length == 0 ? -1 : lat[lat.length - 1]));
        long[] pend = sorted(pending);
        r.put("pending_p50_ms", ms(pct(pend, 50)));
        r.put("pending_p99_ms", ms(pct(pend, 99)));
        // Where the time goes, from the service's own timestamps (same machine, same clock).
        for (var part : List.of(Map.entry("intake", intake), Map.entry("queue", queued), Map.entry("run", run),
                Map.entry("observe", observe))) {
            long[] s = sorted(part.getValue());
            r.put(part.getKey() + "_p50_ms", ms(pct(s, 50)));
            r.put(part.getKey() + "_p99_ms", ms(pct(s, 99)));
        }
        r.putAll(extra);
        r.putAll(cpu.result());
        if (firstError != null) {
            r.put("first_error", firstError.replaceAll("\\s+", "_"));
        }
        StringBuilder line = new StringBuilder("RESULT");
        r.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        System.out.flush();
    }

    static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** Nearest-rank percentile; -1 when there are no values. */
    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String ms(long nanos) {
        return nanos == -1 ? "na" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    static String rate(int count, double seconds) {
        return seconds <= 0 || count == 0 ? "0" : String.format(Locale.ROOT, "%.0f", count / seconds);
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
    }

    static void log(String fmt, Object... args) {
        System.err.printf(Locale.ROOT, "bench: " + fmt + "%n", args);
    }

    // ------------------------------------------------------------------ CPU accounting

    /**
     * CPU time used by named processes (and, for "pg", the children of the postmaster), by this JVM and by the whole
     * machine between begin() and end(), as cores in use on average. "other" is the machine minus all of those.
     */
    static final class CpuMeter {
        private final Map<String, Long> pids = new LinkedHashMap<>();
        private Map<String, Long> startTicks;
        private Map<String, Long> endTicks;
        private long startNanos;
        private long endNanos;
        private static final double HZ = 100.0; // USER_HZ on Linux

        CpuMeter(String spec) {
            for (String part : spec.split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    pids.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
                }
            }
        }

        void begin() {
            startTicks = sample();
            startNanos = System.nanoTime();
        }

        void end() {
            if (startTicks != null && endTicks == null) {
                endTicks = sample();
                endNanos = System.nanoTime();
            }
        }

        Map<String, String> result() {
            Map<String, String> r = new LinkedHashMap<>();
            if (startTicks == null || endTicks == null) {
                return r;
            }
            double secs = (endNanos - startNanos) / 1e9;
            double known = 0;
            for (String k : startTicks.keySet()) {
                if (k.equals("machine")) {
                    continue;
                }
                double cores = (endTicks.getOrDefault(k, 0L) - startTicks.get(k)) / HZ / secs;
                if (!k.equals("service_jit")) {
                    known += cores; // the JIT compiler threads are part of the service's figure
                }
                r.put("cpu_" + k, String.format(Locale.ROOT, "%.2f", cores));
            }
            double machine = (endTicks.get("machine") - startTicks.get("machine")) / HZ / secs;
            r.put("cpu_machine", String.format(Locale.ROOT, "%.2f", machine));
            r.put("cpu_other", String.format(Locale.ROOT, "%.2f", Math.max(0, machine - known)));
            return r;
        }

        private Map<String, Long> sample() {
            Map<String, Long> s = new LinkedHashMap<>();
            pids.forEach((name, pid) -> s.put(name, name.equals("pg") ? treeTicks(pid) : ticks(pid)));
            Long service = pids.get("service");
            if (service != null) {
                s.put("service_jit", compilerTicks(service));
            }
            s.put("bench", ticks(ProcessHandle.current().pid()));
            s.put("machine", machineBusyTicks());
            return s;
        }

        /** utime + stime of one process. */
        static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /**
         * utime + stime of the JVM's JIT compiler threads: while they are busy the service is still warming up, and
         * its figures are not yet those of a long-running instance.
         */
        static long compilerTicks(long pid) {
            long sum = 0;
            try (var threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path t : (Iterable<Path>) threads::iterator) {
                    try {
                        if (!Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                            continue;
                        }
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    } catch (IOException | RuntimeException e) {
                        // thread gone meanwhile
                    }
                }
            } catch (IOException e) {
                // no /proc
            }
            return sum;
        }

        /** The process and its direct children (PostgreSQL's backends and workers). */
        static long treeTicks(long pid) {
            long sum = ticks(pid);
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) dirs::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(p.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        if (Long.parseLong(f[1]) == pid) {
                            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException | RuntimeException e) {
                        // gone meanwhile
                    }
                }
            } catch (IOException e) {
                // no /proc
            }
            return sum;
        }

        /** All non-idle CPU time of the machine, from the first line of /proc/stat. */
        static long machineBusyTicks() {
            try {
                String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
                String[] f = line.trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    if (i == 4 || i == 5) {
                        continue; // idle, iowait
                    }
                    busy += Long.parseLong(f[i]);
                }
                return busy;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
