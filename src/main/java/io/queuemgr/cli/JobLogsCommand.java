package io.queuemgr.cli;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A task's log lines; with --follow, new lines as they come until the task is final. The end is learnt from
 * /api/events (no polling of the task); the lines themselves are read from /api/tasks/{id}/logs, since the events
 * carry snapshots and not log lines.
 */
@Command(name = "logs", description = "The lines a task's executor wrote; --follow keeps printing until it ends.")
public final class JobLogsCommand extends ApiCommand implements Runnable {

    private static final long LOG_READ_MILLIS = 500;

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = {"-f", "--follow"}, description = "Print new lines as they come, until the task is final.")
    boolean follow;

    private int printed;

    @Override
    public void run() {
        String path = "/api/tasks/" + ApiClient.segment(id);
        if (!follow) {
            ApiClient.Answer answer = api().get(path + "/logs");
            show(answer, logs -> logs.path("lines").forEach(line -> out().println(line.asText())));
            return;
        }
        CountDownLatch finished = new CountDownLatch(1);
        String[] finalStatus = new String[1];
        try (EventStream events = EventStream.open(api(), ApiClient.query(Map.of("task", id)), event -> {
            if ("task".equals(event.name())) {
                String status = statusOf(event.data());
                if (TaskPrinter.isFinal(status)) {
                    finalStatus[0] = status;
                    finished.countDown();
                }
            }
        })) {
            // Asked after the stream is open, so that an end between the two is seen by one or the other.
            String now = api().get(path).json().path("status").asText();
            if (TaskPrinter.isFinal(now)) {
                finalStatus[0] = now;
                finished.countDown();
            }
            while (!finished.await(LOG_READ_MILLIS, TimeUnit.MILLISECONDS)) {
                printNewLines(path);
                if (events.ended()) {
                    throw new CliException(events.failure() + "; the task was not final yet");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        printNewLines(path);
        err().println("task " + id + " " + finalStatus[0]);
        err().flush();
    }

    private void printNewLines(String path) {
        JsonNode lines = api().get(path + "/logs").json().path("lines");
        // The service keeps the newest lines only; when older ones were dropped, start again from what is kept.
        if (lines.size() < printed) {
            printed = 0;
        }
        for (int i = printed; i < lines.size(); i++) {
            out().println(lines.get(i).asText());
        }
        printed = lines.size();
        out().flush();
    }

    private static String statusOf(String json) {
        try {
            return ApiClient.JSON.readTree(json).path("status").asText();
        } catch (Exception e) {
            return "";
        }
    }
}
