package io.queuemgr.events;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.AdminToken;

/**
 * A watcher of /api/events as a client would be: the JDK HTTP client reading the body line by line on a thread of
 * its own, collecting the events it parses. Closing it shuts its client down, which ends the connection.
 */
public final class SseWatch implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as received; {@code data} is its task snapshot for an event named task. */
    public record Event(String name, String id, String data) {

        public JsonNode task() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final Thread reading;

    private SseWatch(HttpRequest request) {
        this.reading = Thread.ofVirtual().start(() -> read(request));
    }

    /** Opens a stream at the URI (with its query) and waits until the service says the watcher is registered. */
    public static SseWatch open(URI uri, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", AdminToken.bearer())
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        SseWatch watch = new SseWatch(request.build());
        await().atMost(Duration.ofSeconds(10)).until(() -> watch.comments.contains("watching"));
        return watch;
    }

    private void read(HttpRequest request) {
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader body = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = null;
                String id = null;
                StringBuilder data = new StringBuilder();
                for (String line; (line = body.readLine()) != null;) {
                    if (line.isEmpty()) {
                        if (name != null) {
                            events.add(new Event(name, id, data.toString()));
                        }
                        name = null;
                        id = null;
                        data.setLength(0);
                    } else if (line.startsWith(":")) {
                        comments.add(line.substring(1).strip());
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(data.isEmpty() ? "" : "\n").append(line.substring(5));
                    }
                }
            }
        } catch (IOException e) {
            // The connection ended: closed by the test, or by the service.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The task events about one task, in the order received. */
    public List<Event> of(String taskId) {
        return events.stream().filter(e -> e.name().equals("task") && e.task().path("id").asText().equals(taskId))
                .toList();
    }

    @Override
    public void close() throws InterruptedException {
        http.shutdownNow();
        reading.join(Duration.ofSeconds(10));
    }
}
