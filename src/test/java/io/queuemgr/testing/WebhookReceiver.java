package io.queuemgr.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * The remote side of webhook tasks whose body is {@code {"n": <number>}}: counts the calls per task, so that a task
 * run twice is seen where it matters, and remembers when each task's first call began and ended. Each call takes a
 * moment, so that many tasks are in flight at any time.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the receiver saw of one task's calls. */
    private static final class Calls {
        final AtomicInteger count = new AtomicInteger();
        volatile long firstStartMs;
        volatile long firstEndMs;
    }

    private final Map<Integer, Calls> calls = new ConcurrentHashMap<>();
    private final AtomicInteger received = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService handlers;

    private WebhookReceiver(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /** Listens on a free port of 127.0.0.1; each call is answered 200 after {@code callTakes}. */
    public static WebhookReceiver start(Duration callTakes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(handlers);
        WebhookReceiver receiver = new WebhookReceiver(server, handlers);
        server.createContext("/", exchange -> {
            long start = System.currentTimeMillis();
            int n = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("n").asInt();
            Calls c = receiver.calls.computeIfAbsent(n, k -> new Calls());
            boolean first = c.count.incrementAndGet() == 1;
            if (first) {
                c.firstStartMs = start;
            }
            receiver.received.incrementAndGet();
            try {
                // The remote side's own work, not a wait for anything in the test.
                Thread.sleep(callTakes.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
            if (first) {
                c.firstEndMs = System.currentTimeMillis();
            }
        });
        server.start();
        return receiver;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Calls received, repeats included. */
    public int received() {
        return received.get();
    }

    /** Tasks called at least once. */
    public int tasksCalled() {
        return calls.size();
    }

    /** Tasks called more than once. */
    public Set<Integer> ranTwice() {
        Set<Integer> twice = new TreeSet<>();
        calls.forEach((n, c) -> {
            if (c.count.get() > 1) {
                twice.add(n);
            }
        });
        return twice;
    }

    /**
     * Tasks in flight during the window from {@code fromMs} to {@code toMs}: the first call reached the receiver by
     * {@code slackMs} after the window (a request sent just before its end may be handled a little later) and did not
     * end more than {@code slackMs} before it began.
     */
    public Set<Integer> inFlightDuring(long fromMs, long toMs, long slackMs) {
        Set<Integer> inFlight = new TreeSet<>();
        calls.forEach((n, c) -> {
            if (c.firstStartMs <= toMs + slackMs && (c.firstEndMs == 0 || c.firstEndMs > fromMs - slackMs)) {
                inFlight.add(n);
            }
        });
        return inFlight;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
