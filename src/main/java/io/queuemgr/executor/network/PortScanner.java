package io.queuemgr.executor.network;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Collection;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Tries a TCP connect to each port of an address, a virtual thread per port and at most {@code concurrency} at once:
 * a connection is open, a refusal closed, silence until the timeout (or an unreachable answer) filtered. Blocks until
 * every port is tried; an interrupt (a cancel) stops it with what was learnt so far.
 */
final class PortScanner {

    private final InetAddress address;
    private final int timeoutMillis;
    private final ConcurrentSkipListSet<Integer> open = new ConcurrentSkipListSet<>();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger filtered = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();

    PortScanner(InetAddress address, int timeoutMillis) {
        this.address = address;
        this.timeoutMillis = timeoutMillis;
    }

    /** Scans the ports; {@code onDone} hears the count of ports tried after each one. False when interrupted. */
    boolean scan(Collection<Integer> ports, int concurrency, IntConsumer onDone) {
        Semaphore slots = new Semaphore(concurrency);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int port : ports) {
                slots.acquire();
                threads.submit(() -> {
                    try {
                        tryPort(port);
                        onDone.accept(done.incrementAndGet());
                    } finally {
                        slots.release();
                    }
                });
            }
            threads.shutdown();
            // Every port ends within its own timeout; the wait ends with the last of them.
            threads.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
            return true;
        } catch (InterruptedException stop) {
            threads.shutdownNow();
            return false;
        }
    }

    private void tryPort(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), timeoutMillis);
            open.add(port);
        } catch (ConnectException e) {
            boolean refused = e.getMessage() != null
                    && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused");
            (refused ? closed : filtered).incrementAndGet();
        } catch (IOException e) {
            if (!Thread.currentThread().isInterrupted()) {
                filtered.incrementAndGet();
            }
        }
    }

    /** What was learnt: the open ports with their usual service, and how many were closed and filtered. */
    ObjectNode report(String host, int requested) {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("host", host)
                .put("address", address.getHostAddress()).put("portsRequested", requested)
                .put("portsScanned", done.get());
        ArrayNode ports = result.putArray("open");
        for (int port : open) {
            ObjectNode entry = ports.addObject().put("port", port);
            String service = WellKnownPorts.serviceOf(port);
            if (service != null) {
                entry.put("service", service);
            }
        }
        return result.put("openCount", open.size()).put("closedCount", closed.get())
                .put("filteredCount", filtered.get());
    }
}
