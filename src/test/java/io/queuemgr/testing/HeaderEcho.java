package io.queuemgr.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * The remote side of a webhook that repeats what it was sent: the {@code Authorization} and {@code X-Env} headers
 * come back in the body and in a header, with status 200 on {@code /ok} and 401 on {@code /refuse} (as a service would answer "bad token …"). It
 * remembers every header value it received.
 */
public final class HeaderEcho implements AutoCloseable {

    private final HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private HeaderEcho(HttpServer server) {
        this.server = server;
    }

    /** Listens on a free port of 127.0.0.1. */
    public static HeaderEcho start() throws IOException {
        HeaderEcho echo = new HeaderEcho(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        echo.server.createContext("/", exchange -> {
            String token = exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("X-Env");
            echo.received.add(token);
            boolean ok = exchange.getRequestURI().getPath().equals("/ok");
            byte[] answer = (ok ? "{\"youSent\":\"" + token + "\"}" : "bad token " + token + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-You-Sent", token);
            exchange.sendResponseHeaders(ok ? 200 : 401, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        echo.server.start();
        return echo;
    }

    /** The URL of {@code /ok} or {@code /refuse}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The Authorization and X-Env headers received, in order, each pair joined by a space. */
    public List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
