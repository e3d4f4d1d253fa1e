package io.queuemgr.cli.monitor;

import java.io.IOException;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.cli.ApiClient;
import io.queuemgr.cli.ApiCommand;
import io.queuemgr.cli.CliException;
import io.queuemgr.cli.EventStream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A live full-screen view: queues with depth and rates, running tasks with progress bars, recent failures. Tasks
 * follow /api/events; queue figures are asked again every few seconds; the screen is drawn at most a few times a
 * second, and only when something changed. q (or Ctrl-C) quits and gives the terminal back as it was.
 */
@Command(name = "monitor", description = "A live full-screen view of queues, running tasks and failures.")
public final class MonitorCommand extends ApiCommand implements Runnable {

    @Option(names = "--queue-refresh", defaultValue = "2", paramLabel = "SECONDS", description = "How often queue depths and rates are asked for (default 2).")
    int queueRefreshSeconds;

    private static final long FRAME_MILLIS = 250;

    private final MonitorState state = new MonitorState();
    private volatile boolean quit;

    @Override
    public void run() {
        ApiClient api = api();
        refreshQueues(api);
        api.get("/api/tasks" + ApiClient.query(Map.of("status", "RUNNING", "limit", 500))).json().path("items")
                .forEach(state::task);
        Terminal terminal = Terminal.enter(out());
        try (EventStream events = EventStream.open(api, "", event -> {
            if ("task".equals(event.name())) {
                state.task(parse(event.data()));
            }
        })) {
            Thread keys = Thread.ofVirtual().start(this::readKeys);
            long nextQueues = System.currentTimeMillis() + queueRefreshSeconds * 1000L;
            long nextFull = 0;
            while (!quit) {
                long now = System.currentTimeMillis();
                if (now >= nextQueues) {
                    refreshQueues(api);
                    nextQueues = now + queueRefreshSeconds * 1000L;
                }
                if (events.ended()) {
                    state.problem(events.failure() + " (restart the monitor)");
                }
                // The clock in the header moves once a second even when nothing else does.
                if (state.takeChanged() || now >= nextFull) {
                    int[] size = terminal.size();
                    out().print(MonitorView.frame(MonitorView.lines(state.snapshot(), api.server().toString(),
                            LocalTime.now(), size[1], size[0])));
                    out().flush();
                    nextFull = now + 1000;
                }
                Thread.sleep(FRAME_MILLIS);
            }
            keys.interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminal.restore();
        }
    }

    private void refreshQueues(ApiClient api) {
        try {
            List<MonitorState.QueueLine> lines = new ArrayList<>();
            for (JsonNode q : api.get("/api/queues").json()) {
                String name = q.path("name").asText();
                JsonNode s = api.get("/api/queues/" + ApiClient.segment(name) + "/stats").json();
                JsonNode rate = s.path("lastMinute").path("failureRate");
                lines.add(new MonitorState.QueueLine(name, q.path("paused").asBoolean(), s.path("queueLength").asLong(),
                        s.path("runningNow").asLong(), q.path("maxConcurrent").asInt(),
                        s.path("lastMinute").path("finishedPerSecond").asDouble(),
                        rate.isNumber() ? rate.asDouble() : null));
            }
            state.queues(lines);
        } catch (CliException e) {
            state.problem(e.getMessage());
        }
    }

    private void readKeys() {
        try {
            int key;
            while ((key = System.in.read()) >= 0) {
                if (key == 'q' || key == 'Q') {
                    break;
                }
            }
        } catch (IOException e) {
            // a terminal that went away ends the monitor as q does
        }
        quit = true;
    }

    private static JsonNode parse(String json) {
        try {
            return ApiClient.JSON_READER.readTree(json);
        } catch (IOException e) {
            return ApiClient.JSON_READER.createObjectNode();
        }
    }
}
