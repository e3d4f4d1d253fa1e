/*
 * Load and crash driver for queuemgr's durability tests (bench/durability.sh): does every accepted task reach a
 * final state, exactly once unless it was in flight when something died?
 *
 * Single-file program: needs only the JDK and kafka-clients on the class path, e.g.
 *
 *   java -cp "$(stack/stack.sh kafka-classpath)" bench/Durability.java broker-kill --stack-dir DIR \
 *        --jar target/quarkus-app/quarkus-run.jar --work /tmp/d --tasks 2000 --rate 50
 *
 * Scenarios (first argument)
 *   mixed          no failure: concurrent REST clients, one sequential REST client and a Kafka producer at once
 *   instance-kill  SIGKILL one of the instances --kills times (alternating), restarting it each time
 *   broker-kill    SIGKILL the Kafka broker, keep it down --outage-seconds, start it again on the same data
 *   pg-restart     stop PostgreSQL (pg_ctl stop -m fast) for --outage-seconds, then start it again
 *   pg-kill        the same with SIGKILL of the postmaster
 *
 * The driver starts --instances service instances from --jar against the stack in --stack-dir (its stack.env), with
 * --queues queues of --max-concurrent each (one per work partition, so every instance dispatches some). Every task is
 * a webhook to an HTTP receiver in this process, which counts the calls per task and holds each call
 * --hook-delay-ms. Submissions carry their own task id, so a client that got an error retries with the same id,
 * through the next instance, until --submit-deadline-seconds; a task counts as accepted when an instance answered
 * 202 (or 200: it already held the task) or the producer got an ack. A follower reads the status topic.
 *
 * A task ran twice when the receiver got more than one call for it. It was in flight at a disruption when its first
 * call reached the receiver by --slack-ms after the disruption ended (the killed process gone, the server back) and
 * did not end more than --slack-ms before it began: only such tasks may run twice.
 *
 * Output: progress on stderr; a markdown section of details in --report; last line on stdout "RESULT key=value ...".
 * Exit status 0 when nothing was lost, stuck, refused, given up or run twice without an excuse, and every final
 * snapshot stayed its task's last record on the status topic; 3 otherwise; 1 when the run itself failed.
 */

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import com.sun.net.httpserver.HttpServer;

public class Durability {

    /** The admin token every instance this run starts is preset with, and every API call sends. */
    static final String TOKEN = "qm_durability-" + java.util.UUID.randomUUID();

    static final String SUBMIT_TOPIC = "queuemgr.submit";
    static final String STATUS_TOPIC = "queuemgr.task-status";
    static final int PARTITIONS = 12;
    static final List<String> FINAL = List.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT");

    enum Scenario {
        MIXED("mixed"), INSTANCE_KILL("instance-kill"), BROKER_KILL("broker-kill"), PG_RESTART("pg-restart"),
        PG_KILL("pg-kill");

        final String name;

        Scenario(String name) {
            this.name = name;
        }

        static Scenario of(String name) {
            for (Scenario s : values()) {
                if (s.name.equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown scenario: " + name);
        }
    }

    /** Where a task is submitted: REST clients with several requests in flight, one sequential, Kafka. */
    enum Source {
        REST("REST, concurrent clients"), SEQUENTIAL("REST, one sequential client"), KAFKA("Kafka producer");

        final String label;

        Source(String label) {
            this.label = label;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            usage();
        }
        Durability d;
        try {
            d = new Durability(Scenario.of(args[0]), new Options(Arrays.copyOfRange(args, 1, args.length)));
        } catch (IllegalArgumentException e) {
            System.err.println("durability: " + e.getMessage());
            usage();
            return;
        }
        // Killed or interrupted: no instance of this run outlives the driver.
        Runtime.getRuntime().addShutdownHook(new Thread(d::destroyInstances, "durability-cleanup"));
        int rc;
        try {
            rc = d.run();
        } catch (Exception e) {
            log("the run failed: %s", e);
            e.printStackTrace();
            rc = 1;
        } finally {
            d.shutdown();
        }
        System.exit(rc);
    }

    static void usage() {
        System.err.println("""
                usage: Durability mixed|instance-kill|broker-kill|pg-restart|pg-kill --stack-dir DIR --jar JAR --work DIR
                       [--tasks N] [--instances N] [--rate TASKS_PER_S (0: as fast as the clients go)]
                       [--rest-clients N] [--rest-inflight N] [--seq-share F] [--kafka-share F]
                       [--queues N] [--max-concurrent N] [--hook-delay-ms N]
                       [--kills N] [--disrupt-at F] [--outage-seconds S] [--kill-gap-seconds S]
                       [--submit-deadline-seconds S] [--request-timeout-seconds S] [--stall-seconds S]
                       [--timeout-seconds S] [--slack-ms N] [--service-java-opts "..."] [--outage-script PATH]
                       [--report FILE]""");
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
                } else if (i + 1 < args.length) {
                    values.put(key, args[++i]);
                } else {
                    throw new IllegalArgumentException(a + " needs a value");
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

        double dec(String key, double dflt) {
            String v = values.get(key);
            return v == null ? dflt : Double.parseDouble(v);
        }
    }

    // ------------------------------------------------------------------ state

    final Scenario scenario;
    final Options opt;
    final Map<String, String> stack;
    final Path work;
    final Path stackDir;
    final int n;
    final String category;
    final long slackMs;
    final long submitDeadlineMs;
    final Duration requestTimeout;

    /** Task i: its id, where it is submitted, its queue (i % queues). */
    final UUID[] ids;
    final Source[] sourceOf;
    final Map<String, Integer> indexOf = new HashMap<>();
    final List<String> queues = new ArrayList<>();
    final int[] countOf = new int[Source.values().length];

    // submission, written by the clients
    final AtomicLongArray acceptedAt;
    final AtomicIntegerArray acceptedAnswer; // 202, 200 (already held), 1 = Kafka ack
    final AtomicInteger[] accepted = counters();
    final AtomicInteger[] acceptedExisting = counters();
    final AtomicInteger[] retried = counters();
    final AtomicInteger[] gaveUp = counters();
    final AtomicInteger[] refused = counters();
    final AtomicLong[] lastAcceptMs = new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    final Map<String, AtomicInteger> submitErrors = new ConcurrentHashMap<>();
    final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger resolved = new AtomicInteger();

    // the receiver, written by its handlers
    final AtomicIntegerArray calls;
    final AtomicLongArray firstCallStart;
    final AtomicLongArray firstCallEnd;
    final AtomicInteger callsTotal = new AtomicInteger();

    // the status topic, written by the follower thread only
    final String[] status;
    final int[] version;
    final int[] attempt;
    final String[] worker;
    final long[] finalSeenAt;
    final String[] trail;
    final AtomicInteger finals = new AtomicInteger();
    volatile long lastFinalAt;
    /** Tasks for which a non-final snapshot older than their final one arrived after it. */
    final java.util.Set<Integer> staleAfterFinal = ConcurrentHashMap.newKeySet();
    /** Tasks whose final snapshot came again after an older one that arrived after it. */
    final java.util.Set<Integer> staleRepaired = ConcurrentHashMap.newKeySet();

    /** What happened to the stack and the instances, in order. */
    record Event(String what, long startMs, long endMs, boolean disruption) {
    }

    final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    final List<Instance> instances = new ArrayList<>();
    final ScheduledExecutorService retries = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("durability-retry").daemon().factory());
    HttpServer receiver;
    ExecutorService receiverThreads;
    Follower follower;
    KafkaProducer<String, String> producer;
    volatile long t0;
    volatile boolean submitting = true;
    volatile boolean disruptionsDone;
    volatile String disruptionError;

    static AtomicInteger[] counters() {
        AtomicInteger[] a = new AtomicInteger[Source.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new AtomicInteger();
        }
        return a;
    }

    Durability(Scenario scenario, Options opt) throws IOException {
        this.scenario = scenario;
        this.opt = opt;
        this.stackDir = Path.of(opt.str("stack-dir", null));
        this.work = Path.of(opt.str("work", null));
        Files.createDirectories(work);
        this.stack = readEnv(stackDir.resolve("stack.env"));
        this.n = (int) opt.num("tasks", 2000);
        this.slackMs = opt.num("slack-ms", 1000);
        this.submitDeadlineMs = opt.num("submit-deadline-seconds", 600) * 1000;
        this.requestTimeout = Duration.ofSeconds(opt.num("request-timeout-seconds", 30));
        String run = UUID.randomUUID().toString().substring(0, 6);
        this.category = "dur-" + scenario.name + "-" + run;
        ids = new UUID[n];
        sourceOf = new Source[n];
        acceptedAt = new AtomicLongArray(n);
        acceptedAnswer = new AtomicIntegerArray(n);
        calls = new AtomicIntegerArray(n);
        firstCallStart = new AtomicLongArray(n);
        firstCallEnd = new AtomicLongArray(n);
        status = new String[n];
        version = new int[n];
        attempt = new int[n];
        worker = new String[n];
        finalSeenAt = new long[n];
        trail = new String[n];
        int seq = (int) Math.round(n * opt.dec("seq-share", 0));
        int kafka = (int) Math.round(n * opt.dec("kafka-share", 0));
        if (seq + kafka > n) {
            throw new IllegalArgumentException("--seq-share and --kafka-share add up to more than all tasks");
        }
        // Sources take turns over the index range, so that each spreads over every queue and over the whole run.
        int[] want = {n - seq - kafka, seq, kafka};
        for (int i = 0; i < n; i++) {
            ids[i] = UUID.randomUUID();
            indexOf.put(ids[i].toString(), i);
            Source pick = Source.REST;
            double best = Double.MAX_VALUE;
            for (Source s : Source.values()) {
                if (countOf[s.ordinal()] < want[s.ordinal()]) {
                    double share = (countOf[s.ordinal()] + 1.0) / want[s.ordinal()];
                    if (share < best) {
                        best = share;
                        pick = s;
                    }
                }
            }
            sourceOf[i] = pick;
            countOf[pick.ordinal()]++;
        }
        // One queue on each work partition (the service keys work by queue name), so that every instance owns some.
        int wanted = (int) opt.num("queues", PARTITIONS);
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int q = 0; byPartition.size() < Math.min(wanted, PARTITIONS); q++) {
            String name = "dur-" + run + "-q" + q;
            byPartition.putIfAbsent(
                    Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % PARTITIONS, name);
        }
        queues.addAll(byPartition.values());
        for (int q = queues.size(); q < wanted; q++) {
            queues.add("dur-" + run + "-q" + (PARTITIONS + q));
        }
    }

    static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    static long now() {
        return System.currentTimeMillis();
    }

    static void log(String fmt, Object... args) {
        System.err.printf(Locale.ROOT, "durability: " + fmt + "%n", args);
    }

    String rel(long ms) {
        return String.format(Locale.ROOT, "%.1f s", (ms - t0) / 1000.0);
    }

    // ------------------------------------------------------------------ the run

    int run() throws Exception {
        startReceiver();
        int count = (int) opt.num("instances", 1);
        for (int i = 0; i < count; i++) {
            instances.add(new Instance(String.valueOf((char) ('a' + i))));
        }
        log("%s: starting %d instance(s)", scenario.name, count);
        for (Instance in : instances) {
            in.launch();
        }
        for (Instance in : instances) {
            in.awaitReady();
            log("  instance %s (pid %d) ready on port %d after %.1f s", in.name, in.pid, in.port,
                    (in.readyAt - in.launchedAt) / 1000.0);
        }
        createQueues();
        follower = new Follower();
        producer = producer();
        follower.start();

        log("%s: %d webhook tasks (%d REST concurrent, %d REST sequential, %d Kafka), rate %s", scenario.name, n,
                countOf[0], countOf[1], countOf[2], opt.num("rate", 0) == 0 ? "as fast as they go"
                        : opt.num("rate", 0) + "/s");
        t0 = now();
        List<Thread> sources = startSources();
        Thread disruptor = Thread.ofPlatform().name("durability-disruptor").start(this::disrupt);
        Thread progress = Thread.ofPlatform().daemon().name("durability-progress").start(this::progress);
        for (Thread t : sources) {
            t.join();
        }
        submitting = false;
        long submitEnd = now();
        log("%s: submissions done after %.1f s: %d accepted, %d gave up, %d refused", scenario.name,
                (submitEnd - t0) / 1000.0, sum(accepted), sum(gaveUp), sum(refused));
        awaitFinals(disruptor);
        disruptor.interrupt();
        disruptor.join(TimeUnit.MINUTES.toMillis(3));
        progress.interrupt();
        long end = lastFinalAt == 0 ? now() : lastFinalAt;

        Reconciled r = reconcile();
        int history = historyCount();
        follower.close();
        return report(r, history, submitEnd, end);
    }

    void progress() {
        try {
            while (true) {
                Thread.sleep(5000);
                log("%s: %5.1f s: accepted %d/%d (%d retries), calls %d, final %d", scenario.name,
                        (now() - t0) / 1000.0, sum(accepted), n, sum(retried), callsTotal.get(), finals.get());
            }
        } catch (InterruptedException e) {
            // the run is over
        }
    }

    static int sum(AtomicInteger[] a) {
        int s = 0;
        for (AtomicInteger x : a) {
            s += x.get();
        }
        return s;
    }

    /** Waits until every accepted task is final, nothing finishes for a while after the last disruption, or time is up. */
    void awaitFinals(Thread disruptor) throws InterruptedException {
        long stall = opt.num("stall-seconds", 120) * 1000;
        long deadline = now() + opt.num("timeout-seconds", 900) * 1000;
        int last = -1;
        long lastProgress = now();
        while (true) {
            int done = finals.get();
            int expected = sum(accepted);
            if (done >= expected && !disruptor.isAlive()) {
                return;
            }
            long t = now();
            if (done != last || disruptor.isAlive()) {
                last = done;
                lastProgress = t;
            }
            if (t - lastProgress > stall) {
                log("giving up the wait: no task became final for %d s (%d of %d)", stall / 1000, done, expected);
                return;
            }
            if (t > deadline) {
                log("giving up the wait: timeout (%d of %d final)", done, expected);
                return;
            }
            Thread.sleep(200);
        }
    }

    // ------------------------------------------------------------------ receiver

    void startReceiver() throws IOException {
        long delay = opt.num("hook-delay-ms", 20);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiverThreads = Executors.newVirtualThreadPerTaskExecutor();
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/", exchange -> {
            long start = now();
            int i = -1;
            try {
                i = number(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), "n");
            } catch (RuntimeException e) {
                // not ours
            }
            boolean first = false;
            if (i >= 0 && i < n) {
                first = calls.incrementAndGet(i) == 1;
                if (first) {
                    firstCallStart.set(i, start);
                }
                callsTotal.incrementAndGet();
            }
            if (delay > 0) {
                try {
                    Thread.sleep(delay); // the remote side's work: keeps calls in flight
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(i >= 0 ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
            if (first) {
                firstCallEnd.set(i, now());
            }
        });
        receiver.start();
    }

    String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    String submissionJson(int i) {
        return "{\"id\":\"" + ids[i] + "\",\"type\":\"webhook\",\"queue\":\"" + queues.get(i % queues.size())
                + "\",\"category\":\"" + category + "\",\"maxRetries\":3,\"params\":{\"url\":\"" + hookUrl()
                + "\",\"body\":{\"n\":" + i + "}}}";
    }

    // ------------------------------------------------------------------ instances

    /** One service instance: a process of the packaged jar, restarted under the same name and port. */
    final class Instance {
        final String name;
        final int port;
        final Path log;
        int incarnation;
        Process process;
        long pid;
        long launchedAt;
        long readyAt;
        volatile boolean up;

        Instance(String name) throws IOException {
            this.name = name;
            this.port = freePort();
            this.log = work.resolve("service-" + name + ".log");
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        void launch() throws IOException {
            incarnation++;
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            for (String o : opt.str("service-java-opts", "-Xmx1g -XX:+UseZGC").trim().split("\\s+")) {
                if (!o.isEmpty()) {
                    cmd.add(o);
                }
            }
            String pg = stack.get("PG_HOST") + ":" + stack.get("PG_PORT") + "/" + stack.get("PG_DB");
            cmd.add("-Dkafka.bootstrap.servers=" + stack.get("KAFKA_BOOTSTRAP"));
            cmd.add("-Dquarkus.datasource.reactive.url=postgresql://" + pg);
            cmd.add("-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + pg);
            cmd.add("-Dquarkus.datasource.username=" + stack.get("PG_USER"));
            cmd.add("-Dquarkus.datasource.password=" + stack.get("PG_PASSWORD"));
            cmd.add("-Dquarkus.http.port=" + port);
            cmd.add("-Dqueuemgr.instance-id=" + name + incarnation);
            cmd.add("-Dqueuemgr.security.bootstrap-token=" + TOKEN);
            // Marks the process as this run's, for the cleanup of bench/durability.sh.
            cmd.add("-Ddurability.work=" + work);
            // Each instance keeps its registry checkpoint in the work directory, not in the checkout.
            cmd.add("-Dqueuemgr.data-dir=" + work.resolve("data-" + name));
            cmd.add("-jar");
            cmd.add(opt.str("jar", null));
            Files.writeString(log, "---- " + Instant.now() + " launch " + name + incarnation + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            launchedAt = now();
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            pid = process.pid();
            Files.writeString(work.resolve("pids"), pid + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        void awaitReady() throws InterruptedException {
            long deadline = now() + 240_000;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("instance " + name + " exited while starting; see " + log);
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        readyAt = now();
                        up = true;
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (now() > deadline) {
                    throw new IllegalStateException("instance " + name + " was not ready within 240 s; see " + log);
                }
                Thread.sleep(250);
            }
        }

        /** SIGKILL; returns when the process is gone. */
        void kill() throws InterruptedException {
            up = false;
            process.destroyForcibly();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("instance " + name + " survived SIGKILL");
            }
        }

        void stop() {
            up = false;
            if (process != null && process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(40, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    final HttpClient admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> http(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TOKEN);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return admin.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    void createQueues() throws Exception {
        int max = (int) opt.num("max-concurrent", 16);
        Instance first = instances.get(0);
        for (String q : queues) {
            HttpResponse<String> r = http("POST", first.url() + "/api/queues",
                    "{\"name\":\"" + q + "\",\"maxConcurrent\":" + max + ",\"maxRetries\":3}");
            if (r.statusCode() != 201) {
                throw new IllegalStateException("creating queue " + q + " answered " + r.statusCode() + ": "
                        + r.body());
            }
        }
        // Every instance must know the queues before it accepts submissions to them (NOTIFY, within a second).
        long deadline = now() + 30_000;
        for (Instance in : instances) {
            for (String q : queues) {
                while (http("GET", in.url() + "/api/queues/" + q, null).statusCode() != 200) {
                    if (now() > deadline) {
                        throw new IllegalStateException("instance " + in.name + " does not know queue " + q);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    // ------------------------------------------------------------------ submission

    List<Thread> startSources() {
        List<Thread> threads = new ArrayList<>();
        int clients = (int) opt.num("rest-clients", 4);
        int inflight = (int) opt.num("rest-inflight", 8);
        int[] restIdx = indexes(Source.REST);
        AtomicInteger restNext = new AtomicInteger();
        for (int c = 0; c < clients && restIdx.length > 0; c++) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            for (int w = 0; w < inflight; w++) {
                threads.add(Thread.ofVirtual().name("rest-" + c + "-" + w).start(() -> {
                    for (int k; (k = restNext.getAndIncrement()) < restIdx.length;) {
                        pace(Source.REST, k);
                        submitRest(client, restIdx[k], Source.REST);
                    }
                }));
            }
        }
        int[] seqIdx = indexes(Source.SEQUENTIAL);
        if (seqIdx.length > 0) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            threads.add(Thread.ofPlatform().name("rest-sequential").start(() -> {
                for (int k = 0; k < seqIdx.length; k++) {
                    pace(Source.SEQUENTIAL, k);
                    submitRest(client, seqIdx[k], Source.SEQUENTIAL);
                }
            }));
        }
        int[] kafkaIdx = indexes(Source.KAFKA);
        if (kafkaIdx.length > 0) {
            threads.add(Thread.ofPlatform().name("kafka-producer").start(() -> produceAll(kafkaIdx)));
        }
        return threads;
    }

    int[] indexes(Source s) {
        return java.util.stream.IntStream.range(0, n).filter(i -> sourceOf[i] == s).toArray();
    }

    /**
     * Holds the k-th submission of a source until its time: with --rate, every source spreads its share over the same
     * window; without, the Kafka producer keeps pace with the concurrent REST clients, so that the three overlap.
     */
    void pace(Source s, int k) {
        long rate = opt.num("rate", 0);
        int count = countOf[s.ordinal()];
        if (rate > 0) {
            long windowNanos = (long) (n * 1e9 / rate);
            long due = t0 * 1_000_000L + (long) ((double) k / count * windowNanos);
            long wait;
            while ((wait = due - System.currentTimeMillis() * 1_000_000L) > 0) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
            }
        } else if (s == Source.KAFKA && countOf[Source.REST.ordinal()] > 0) {
            int rest = countOf[Source.REST.ordinal()];
            while ((double) (accepted[0].get() + gaveUp[0].get() + refused[0].get()) / rest
                    < (double) (k - 500) / count) {
                LockSupport.parkNanos(5_000_000L);
            }
        }
    }

    void submitRest(HttpClient client, int i, Source src) {
        String body = submissionJson(i);
        long deadline = now() + submitDeadlineMs;
        long backoff = 100;
        String lastError = null;
        for (int tries = 0;; tries++) {
            Instance target = instances.get((i + tries) % instances.size());
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(target.url() + "/api/tasks"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .timeout(requestTimeout).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                int sc = r.statusCode();
                if (sc == 202 || sc == 200) {
                    accept(i, src, sc);
                    return;
                }
                if (sc < 500 && sc != 408 && sc != 429) {
                    refuse(i, src, "HTTP " + sc + " from " + target.name + ": " + abbreviate(r.body()));
                    return;
                }
                lastError = "HTTP " + sc;
            } catch (IOException e) {
                lastError = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            submitErrors.computeIfAbsent(src.name() + ": " + lastError, k -> new AtomicInteger()).incrementAndGet();
            if (now() > deadline) {
                giveUp(i, src);
                return;
            }
            retried[src.ordinal()].incrementAndGet();
            try {
                Thread.sleep(backoff); // a client's back-off before it tries again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = Math.min(backoff * 2, 2000);
        }
    }

    void accept(int i, Source src, int answer) {
        if (acceptedAt.compareAndSet(i, 0, now())) {
            acceptedAnswer.set(i, answer);
            accepted[src.ordinal()].incrementAndGet();
            if (answer == 200) {
                acceptedExisting[src.ordinal()].incrementAndGet();
            }
            lastAcceptMs[src.ordinal()].accumulateAndGet(now(), Math::max);
            resolved.incrementAndGet();
        }
    }

    void refuse(int i, Source src, String why) {
        refused[src.ordinal()].incrementAndGet();
        if (refusals.size() < 20) {
            refusals.add(ids[i] + ": " + why);
        }
        resolved.incrementAndGet();
    }

    void giveUp(int i, Source src) {
        gaveUp[src.ordinal()].incrementAndGet();
        resolved.incrementAndGet();
    }

    KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.get("KAFKA_BOOTSTRAP"));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "durability-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaProducer<String, String> producer = new KafkaProducer<>(p);
        producer.partitionsFor(SUBMIT_TOPIC);
        return producer;
    }

    void produceAll(int[] idx) {
        CountDownLatch done = new CountDownLatch(idx.length);
        for (int k = 0; k < idx.length; k++) {
            pace(Source.KAFKA, k);
            produce(idx[k], now() + submitDeadlineMs, 100, done);
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends one submission; a failed send is sent again (same id) after a back-off, from the retry scheduler. */
    void produce(int i, long deadline, long backoff, CountDownLatch done) {
        try {
            producer.send(new ProducerRecord<>(SUBMIT_TOPIC, null, submissionJson(i)), (meta, error) -> {
                if (error == null) {
                    accept(i, Source.KAFKA, 1);
                    done.countDown();
                    return;
                }
                submitErrors.computeIfAbsent("KAFKA: " + error.getClass().getSimpleName(), k -> new AtomicInteger())
                        .incrementAndGet();
                if (now() > deadline) {
                    giveUp(i, Source.KAFKA);
                    done.countDown();
                    return;
                }
                retried[Source.KAFKA.ordinal()].incrementAndGet();
                // Never send from the producer's own network thread.
                retries.schedule(() -> produce(i, deadline, Math.min(backoff * 2, 2000), done), backoff,
                        TimeUnit.MILLISECONDS);
            });
        } catch (RuntimeException e) {
            submitErrors.computeIfAbsent("KAFKA: " + e.getClass().getSimpleName(), k -> new AtomicInteger())
                    .incrementAndGet();
            if (now() > deadline) {
                giveUp(i, Source.KAFKA);
                done.countDown();
                return;
            }
            retried[Source.KAFKA.ordinal()].incrementAndGet();
            retries.schedule(() -> produce(i, deadline, Math.min(backoff * 2, 2000), done), backoff,
                    TimeUnit.MILLISECONDS);
        }
    }

    // ------------------------------------------------------------------ disruptions

    void disrupt() {
        try {
            switch (scenario) {
                case MIXED -> {
                }
                case INSTANCE_KILL -> killInstances();
                case BROKER_KILL -> outage("kill-kafka", "start-kafka", "SIGKILL of the Kafka broker");
                case PG_RESTART -> outage("stop-pg", "start-pg", "PostgreSQL stopped (pg_ctl stop -m fast)");
                case PG_KILL -> outage("stop-pg --kill", "start-pg", "SIGKILL of the PostgreSQL postmaster");
            }
        } catch (InterruptedException e) {
            log("disruptions cut short: the run ended first");
            disruptionError = "cut short: the run ended first";
        } catch (Exception e) {
            log("disruption failed: %s", e);
            disruptionError = e.toString();
        } finally {
            disruptionsDone = true;
        }
    }

    /** Waits until the given share of the tasks is accepted (or submission is over). */
    void awaitAccepted(double share) throws InterruptedException {
        while (submitting && resolved.get() < share * n) {
            Thread.sleep(50);
        }
    }

    void killInstances() throws Exception {
        int kills = (int) opt.num("kills", 5);
        long gap = opt.num("kill-gap-seconds", 5) * 1000;
        double firstAt = opt.dec("disrupt-at", 0.1);
        long lastReady = now();
        for (int k = 0; k < kills; k++) {
            awaitAccepted(firstAt + (1 - firstAt) * k / kills);
            while (now() < lastReady + gap) {
                Thread.sleep(50);
            }
            Instance victim = instances.get(k % instances.size());
            long pid = victim.pid;
            int running = callsTotal.get();
            long signalAt = now();
            victim.kill();
            long goneAt = now();
            events.add(new Event(String.format(Locale.ROOT, "SIGKILL of instance %s%d (pid %d), %d calls received so "
                    + "far", victim.name, victim.incarnation, pid, running), signalAt, goneAt, true));
            log("killed instance %s (pid %d) at %s", victim.name, pid, rel(signalAt));
            victim.launch();
            victim.awaitReady();
            lastReady = now();
            events.add(new Event(String.format(Locale.ROOT, "instance %s%d started again (pid %d), ready after %.1f s",
                    victim.name, victim.incarnation, victim.pid, (victim.readyAt - victim.launchedAt) / 1000.0),
                    victim.launchedAt, victim.readyAt, false));
            log("instance %s ready again (pid %d) at %s", victim.name, victim.pid, rel(lastReady));
        }
    }

    void outage(String down, String up, String what) throws Exception {
        awaitAccepted(opt.dec("disrupt-at", 0.33));
        long downAt = now();
        String pid = outageScript(down);
        long downDone = now();
        log("%s (pid %s) at %s", what, pid, rel(downAt));
        Thread.sleep(opt.num("outage-seconds", 20) * 1000); // the outage itself: how long the server stays away
        long upAt = now();
        String newPid = outageScript(up);
        long readyAt = now();
        log("back (pid %s) at %s, %.1f s after it went down", newPid, rel(readyAt), (readyAt - downAt) / 1000.0);
        events.add(new Event(what + " (pid " + pid + ")" + (downDone - downAt > 1000
                ? String.format(Locale.ROOT, ", down after %.1f s", (downDone - downAt) / 1000.0)
                : ""), downAt, downDone, false));
        events.add(new Event(String.format(Locale.ROOT, "started again (pid %s), answering after %.1f s", newPid,
                (readyAt - upAt) / 1000.0), upAt, readyAt, false));
        // The whole time the server was away is one disruption.
        events.add(new Event("outage", downAt, readyAt, true));
    }

    String outageScript(String command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add(opt.str("outage-script", "stack/outage.sh"));
        cmd.addAll(Arrays.asList(command.split(" ")));
        cmd.add("--dir");
        cmd.add(stackDir.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(
                work.resolve("outage.log").toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("outage.sh " + command + " failed; see " + work.resolve("outage.log"));
        }
        return out;
    }

    /**
     * Whether task i's first call overlapped a disruption: it reached the receiver by slack after the disruption ended,
     * and did not end more than slack before it began.
     */
    boolean inFlightAtDisruption(int i) {
        long start = firstCallStart.get(i);
        long end = firstCallEnd.get(i);
        synchronized (events) {
            for (Event e : events) {
                if (e.disruption() && start <= e.endMs() + slackMs && (end == 0 || end > e.startMs() - slackMs)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ status follower

    /** Reads the status topic by assignment, from the end offsets it finds before anything is submitted. */
    final class Follower implements Runnable {
        final KafkaConsumer<String, String> consumer;
        final Thread thread;
        volatile boolean stop;

        Follower() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.get("KAFKA_BOOTSTRAP"));
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "durability-follower");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(p);
            List<TopicPartition> parts = new ArrayList<>();
            List<PartitionInfo> infos = consumer.partitionsFor(STATUS_TOPIC, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + STATUS_TOPIC + " not found");
            }
            for (PartitionInfo pi : infos) {
                parts.add(new TopicPartition(pi.topic(), pi.partition()));
            }
            consumer.assign(parts);
            consumer.endOffsets(parts, Duration.ofSeconds(30)).forEach(consumer::seek);
            thread = Thread.ofPlatform().name("durability-follower").daemon().unstarted(this);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            while (!stop) {
                try {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.value() != null) {
                            take(r.key(), r.value());
                        }
                    }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    if (!stop) {
                        log("status follower: %s (going on)", e);
                    }
                }
            }
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
        }

        void take(String key, String json) {
            Integer boxed = key == null ? null : indexOf.get(key);
            if (boxed == null) {
                return;
            }
            int i = boxed;
            int v = number(json, "version");
            String st = field(json, "status");
            if (v <= version[i]) {
                // An older or repeated snapshot. After the final one it is the task's last record on the compacted
                // topic: once compaction drops the final snapshot, a registry rebuilt from the topic sees this one.
                // The service publishes the final snapshot again after it (registry/StaleSnapshots), which repairs it.
                if (st != null && !FINAL.contains(st) && status[i] != null && FINAL.contains(status[i])) {
                    staleAfterFinal.add(i);
                } else if (v == version[i] && st != null && FINAL.contains(st) && staleAfterFinal.remove(i)) {
                    staleRepaired.add(i);
                }
                return;
            }
            if (st == null) {
                return;
            }
            boolean wasFinal = status[i] != null && FINAL.contains(status[i]);
            version[i] = v;
            status[i] = st;
            attempt[i] = number(json, "attempt");
            worker[i] = field(json, "workerId");
            long t = now();
            String step = String.format(Locale.ROOT, "%s v%d a%d %s @%s", st, v, attempt[i],
                    worker[i] == null ? "-" : worker[i], rel(t));
            trail[i] = trail[i] == null ? step : trail[i] + "; " + step;
            if (FINAL.contains(st) && !wasFinal) {
                finalSeenAt[i] = t;
                lastFinalAt = t;
                finals.incrementAndGet();
            }
        }

        void close() throws InterruptedException {
            stop = true;
            consumer.wakeup();
            thread.join(10_000);
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

    static int number(String json, String name) {
        String key = "\"" + name + "\":";
        int i = json.indexOf(key);
        if (i < 0) {
            return -1;
        }
        i += key.length();
        int j = i;
        while (j < json.length() && (Character.isDigit(json.charAt(j)) || json.charAt(j) == '-')) {
            j++;
        }
        return j == i ? -1 : Integer.parseInt(json.substring(i, j));
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }

    // ------------------------------------------------------------------ after the run

    /** What the service itself says of the accepted tasks the follower never saw final. */
    record Reconciled(List<Integer> stuck, List<Integer> unknown, List<Integer> lateFinal, Map<Integer, String> answers) {
    }

    Reconciled reconcile() throws InterruptedException {
        List<Integer> stuck = new ArrayList<>();
        List<Integer> unknown = new ArrayList<>();
        List<Integer> lateFinal = new ArrayList<>();
        Map<Integer, String> answers = new HashMap<>();
        Instance live = instances.stream().filter(in -> in.up).findFirst().orElse(null);
        for (int i = 0; i < n; i++) {
            if (acceptedAt.get(i) == 0 || (status[i] != null && FINAL.contains(status[i]))) {
                continue;
            }
            String st = null;
            String body = null;
            if (live != null) {
                try {
                    HttpResponse<String> r = http("GET", live.url() + "/api/tasks/" + ids[i], null);
                    body = r.body();
                    st = r.statusCode() == 200 ? field(body, "status") : "HTTP " + r.statusCode();
                } catch (IOException e) {
                    st = "no answer: " + e.getMessage();
                }
            }
            answers.put(i, st + (body == null ? "" : " " + abbreviate(body)));
            if (st != null && FINAL.contains(st)) {
                lateFinal.add(i);
            } else if (st != null && st.startsWith("HTTP 404")) {
                unknown.add(i);
            } else {
                stuck.add(i);
            }
        }
        return new Reconciled(stuck, unknown, lateFinal, answers);
    }

    /**
     * How many of this run's tasks PostgreSQL history holds, counted page by page until it holds every final one or
     * --history-wait-seconds have passed: the projector may still be writing, and a page walk over 200,000 rows takes
     * more than a minute here, so a walk that began early misses rows written behind it.
     */
    int historyCount() throws InterruptedException {
        Instance live = instances.stream().filter(in -> in.up).findFirst().orElse(null);
        if (live == null) {
            return -1;
        }
        long deadline = now() + opt.num("history-wait-seconds", 300) * 1000;
        int count = -1;
        while (true) {
            long walk = now();
            try {
                count = 0;
                String cursor = null;
                do {
                    HttpResponse<String> r = http("GET", live.url() + "/api/tasks/history?category=" + category
                            + "&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor), null);
                    if (r.statusCode() != 200) {
                        count = -1;
                        break;
                    }
                    count += r.body().split("\"category\":", -1).length - 1;
                    cursor = field(r.body(), "nextCursor");
                } while (cursor != null);
            } catch (IOException e) {
                count = -1;
            }
            log("history holds %d of %d final tasks (counted in %.1f s)", count, finals.get(),
                    (now() - walk) / 1000.0);
            if (count >= finals.get() || now() > deadline) {
                return count;
            }
            Thread.sleep(2000);
        }
    }

    int report(Reconciled r, int history, long submitEnd, long end) throws IOException {
        int acc = sum(accepted);
        int completed = 0;
        int failed = 0;
        int otherFinal = 0;
        for (int i = 0; i < n; i++) {
            if (acceptedAt.get(i) == 0 || status[i] == null) {
                continue;
            }
            switch (status[i]) {
                case "COMPLETED" -> completed++;
                case "FAILED" -> failed++;
                case "CANCELLED", "TIMEOUT" -> otherFinal++;
                default -> {
                }
            }
        }
        List<Integer> twice = new ArrayList<>();
        List<Integer> twiceExcused = new ArrayList<>();
        List<Integer> twiceUnexcused = new ArrayList<>();
        List<Integer> notAcceptedRan = new ArrayList<>();
        List<Integer> completedNoCall = new ArrayList<>();
        int inFlight = 0;
        for (int i = 0; i < n; i++) {
            int c = calls.get(i);
            if (c > 0 && inFlightAtDisruption(i)) {
                inFlight++;
            }
            if (c > 1) {
                twice.add(i);
                (inFlightAtDisruption(i) ? twiceExcused : twiceUnexcused).add(i);
            }
            if (c > 0 && acceptedAt.get(i) == 0) {
                notAcceptedRan.add(i);
            }
            if ("COMPLETED".equals(status[i]) && c == 0) {
                completedNoCall.add(i);
            }
        }
        int lost = r.stuck().size() + r.unknown().size();
        double seconds = (end - t0) / 1000.0;
        int refusedAll = sum(refused);
        int gaveUpAll = sum(gaveUp);
        boolean pass = lost == 0 && twiceUnexcused.isEmpty() && refusedAll == 0 && gaveUpAll == 0
                && completedNoCall.isEmpty() && staleAfterFinal.isEmpty() && disruptionError == null;

        Map<String, String> res = new LinkedHashMap<>();
        res.put("scenario", scenario.name);
        res.put("tasks", Integer.toString(n));
        res.put("instances", Integer.toString(instances.size()));
        res.put("accepted", Integer.toString(acc));
        res.put("completed", Integer.toString(completed));
        res.put("failed", Integer.toString(failed));
        res.put("other_final", Integer.toString(otherFinal));
        res.put("lost", Integer.toString(lost));
        res.put("stuck", Integer.toString(r.stuck().size()));
        res.put("unknown", Integer.toString(r.unknown().size()));
        res.put("late_final", Integer.toString(r.lateFinal().size()));
        res.put("ran_twice", Integer.toString(twice.size()));
        res.put("ran_twice_in_flight", Integer.toString(twiceExcused.size()));
        res.put("ran_twice_unexcused", Integer.toString(twiceUnexcused.size()));
        res.put("in_flight", Integer.toString(inFlight));
        res.put("gave_up", Integer.toString(gaveUpAll));
        res.put("refused", Integer.toString(refusedAll));
        res.put("retried", Integer.toString(sum(retried)));
        res.put("disruptions", Long.toString(events.stream().filter(Event::disruption).count()));
        res.put("seconds", String.format(Locale.ROOT, "%.1f", seconds));
        res.put("submit_seconds", String.format(Locale.ROOT, "%.1f", (submitEnd - t0) / 1000.0));
        res.put("throughput", String.format(Locale.ROOT, "%.0f", seconds > 0 ? completed / seconds : 0));
        res.put("history", Integer.toString(history));
        res.put("stale_after_final", Integer.toString(staleAfterFinal.size()));
        res.put("stale_repaired", Integer.toString(staleRepaired.size()));
        res.put("pass", pass ? "yes" : "no");

        StringBuilder md = new StringBuilder();
        md.append("#### ").append(scenario.name).append("\n\n");
        md.append(String.format(Locale.ROOT, "%d webhook tasks over %d queue(s) of maxConcurrent %d, %d instance(s), "
                + "receiver holding each call %d ms; submission %s; every task maxRetries 3.%n%n", n, queues.size(),
                opt.num("max-concurrent", 16), instances.size(), opt.num("hook-delay-ms", 20),
                opt.num("rate", 0) == 0 ? "as fast as the clients go" : "paced at " + opt.num("rate", 0) + " tasks/s"));
        md.append("| Source | Tasks | Accepted | of which 200 (already held) | Retried requests | Gave up | Refused | "
                + "Last accepted at |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Source s : Source.values()) {
            int o = s.ordinal();
            if (countOf[o] == 0) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %s |%n", s.label, countOf[o],
                    accepted[o].get(), acceptedExisting[o].get(), retried[o].get(), gaveUp[o].get(),
                    refused[o].get(), lastAcceptMs[o].get() == 0 ? "–" : rel(lastAcceptMs[o].get())));
        }
        md.append('\n');
        if (!submitErrors.isEmpty()) {
            md.append("Errors the clients got (and retried): ");
            List<String> errs = new ArrayList<>();
            new TreeMap<>(submitErrors).forEach((k, v) -> errs.add(k + " ×" + v.get()));
            md.append(String.join(", ", errs)).append(".\n\n");
        }
        if (!refusals.isEmpty()) {
            md.append("Refused submissions (first ").append(refusals.size()).append("):\n\n");
            refusals.forEach(x -> md.append("- ").append(x).append('\n'));
            md.append('\n');
        }
        synchronized (events) {
            if (!events.isEmpty()) {
                md.append("Timeline (from the first submission):\n\n");
                for (Event e : events) {
                    md.append("- ").append(rel(e.startMs())).append(e.endMs() != e.startMs()
                            ? " – " + rel(e.endMs()) : "").append(": ").append(e.what()).append('\n');
                }
                md.append(String.format(Locale.ROOT, "- %s: last submission accepted%n", rel(submitEnd)));
                md.append(String.format(Locale.ROOT, "- %s: last task final%n", rel(end)));
                md.append('\n');
            }
        }
        if (disruptionError != null) {
            md.append("**The disruptions did not all happen**: ").append(disruptionError).append("\n\n");
        }
        md.append(String.format(Locale.ROOT, "Outcome: %d accepted, %d COMPLETED, %d FAILED, %d CANCELLED/TIMEOUT; "
                + "%d never final (%d stuck in a non-final state, %d unknown to the service)%s; %d ran twice, %d of "
                + "them in flight at a disruption (%d tasks were in flight at one); PostgreSQL history holds %s of "
                + "them. Throughput %.0f tasks/s over %.1f s (first submission to last final snapshot).%n%n", acc,
                completed, failed, otherFinal, lost, r.stuck().size(), r.unknown().size(),
                r.lateFinal().isEmpty() ? "" : "; " + r.lateFinal().size() + " final only by the service's answer at "
                        + "the end (the follower missed it)",
                twice.size(), twiceExcused.size(), inFlight, history < 0 ? "n/a" : Integer.toString(history),
                seconds > 0 ? completed / seconds : 0, seconds));
        listTasks(md, "Never final", concat(r.stuck(), r.unknown()), r.answers());
        listTasks(md, "Ran twice without being in flight at a disruption", twiceUnexcused, Map.of());
        listTasks(md, "Ran though never accepted (the client gave up)", notAcceptedRan, Map.of());
        listTasks(md, "A non-final snapshot older than the final one arrived after it (the final one can be "
                + "compacted away)", new ArrayList<>(new java.util.TreeSet<>(staleAfterFinal)), Map.of());
        listTasks(md, "COMPLETED without a call to the receiver", completedNoCall, Map.of());
        if (failed > 0) {
            List<Integer> f = new ArrayList<>();
            for (int i = 0; i < n && f.size() < 10; i++) {
                if ("FAILED".equals(status[i])) {
                    f.add(i);
                }
            }
            listTasks(md, "FAILED (first 10)", f, Map.of());
        }
        serviceLogs(md);
        Files.writeString(Path.of(opt.str("report", work.resolve("report.md").toString())), md.toString());

        StringBuilder line = new StringBuilder("RESULT");
        res.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        System.out.flush();
        log("%s", line);
        return pass ? 0 : 3;
    }

    static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    void listTasks(StringBuilder md, String title, List<Integer> which, Map<Integer, String> answers) {
        if (which.isEmpty()) {
            return;
        }
        md.append(title).append(" (").append(which.size()).append(which.size() > 20 ? ", first 20" : "")
                .append("):\n\n");
        for (int i : which.subList(0, Math.min(20, which.size()))) {
            md.append(String.format(Locale.ROOT, "- `%s` (#%d, %s, queue %s): accepted %s (answer %s), %d call(s), "
                    + "first %s–%s; snapshots seen: %s%s%n", ids[i], i, sourceOf[i].label,
                    queues.get(i % queues.size()), acceptedAt.get(i) == 0 ? "never" : "at " + rel(acceptedAt.get(i)),
                    acceptedAnswer.get(i) == 1 ? "ack" : Integer.toString(acceptedAnswer.get(i)), calls.get(i),
                    firstCallStart.get(i) == 0 ? "–" : rel(firstCallStart.get(i)),
                    firstCallEnd.get(i) == 0 ? "–" : rel(firstCallEnd.get(i)), trail[i] == null ? "none" : trail[i],
                    answers.containsKey(i) ? "; the service answers: " + answers.get(i) : ""));
        }
        md.append('\n');
    }

    /** WARN and ERROR lines of the instances' logs, counted by message (timestamps and thread names left out). */
    void serviceLogs(StringBuilder md) throws IOException {
        Map<String, Integer> byMessage = new TreeMap<>();
        int warn = 0;
        int error = 0;
        int kafkaClient = 0;
        for (Instance in : instances) {
            if (!Files.exists(in.log)) {
                continue;
            }
            for (String line : Files.readAllLines(in.log)) {
                boolean w = line.contains(" WARN ");
                boolean e = line.contains(" ERROR ");
                if (!w && !e) {
                    continue;
                }
                if (w) {
                    warn++;
                } else {
                    error++;
                }
                if (line.contains("[org.apache.kafka.")) {
                    kafkaClient++; // the client library's connection and retry messages while a broker is away
                    continue;
                }
                String msg = line.replaceFirst("^\\S+ \\S+ ", "").replaceAll("\\([^)]*\\) ", "")
                        .replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>").replaceAll("\\d+", "N");
                byMessage.merge(abbreviate(msg).substring(0, Math.min(160, abbreviate(msg).length())), 1,
                        Integer::sum);
            }
        }
        md.append(String.format(Locale.ROOT, "Service logs: %d WARN and %d ERROR lines", warn, error));
        if (kafkaClient > 0) {
            md.append(String.format(Locale.ROOT, " (%d of them from Kafka's client library: connection and retry "
                    + "messages)", kafkaClient));
        }
        if (byMessage.isEmpty()) {
            md.append(".\n\n");
            return;
        }
        md.append(", by message (numbers and ids as N and <id>):\n\n```\n");
        byMessage.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(15)
                .forEach(e -> md.append(String.format(Locale.ROOT, "%6d  %s%n", e.getValue(), e.getKey())));
        md.append("```\n\n");
    }

    void destroyInstances() {
        for (Instance in : List.copyOf(instances)) {
            if (in.process != null) {
                in.process.destroyForcibly();
            }
        }
    }

    void shutdown() {
        for (Instance in : instances) {
            in.stop();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (receiver != null) {
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
        retries.shutdownNow();
    }
}
