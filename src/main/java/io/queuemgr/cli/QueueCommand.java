package io.queuemgr.cli;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Queues: their definitions, pausing, and their statistics. */
@Command(name = "queue", description = "Queues: list, create, pause, resume, stats.")
public final class QueueCommand extends ApiCommand {

    @Command(name = "list", description = "Every queue and its settings.")
    void list() {
        show(api().get("/api/queues"), queues -> {
            Table table = new Table("NAME", "STATE", "MAX", "PRIORITY", "RETRIES", "RATE", "DESCRIPTION");
            queues.forEach(q -> table.row(text(q, "name"), q.path("paused").asBoolean() ? "paused" : "active",
                    text(q, "maxConcurrent"), text(q, "priority"), text(q, "maxRetries"), text(q, "rateLimit"),
                    text(q, "description")));
            table.print(out());
        });
    }

    @Command(name = "create", description = "A new queue; unset settings take the service's defaults.")
    void create(@Parameters(paramLabel = "NAME") String name, @Option(names = "--description") String description,
            @Option(names = "--max-concurrent") Integer maxConcurrent, @Option(names = "--priority") Integer priority,
            @Option(names = "--max-retries") Integer maxRetries,
            @Option(names = "--rate-limit", description = "As the service takes it, e.g. 100/h.") String rateLimit) {
        ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name);
        if (description != null) {
            body.put("description", description);
        }
        if (maxConcurrent != null) {
            body.put("maxConcurrent", maxConcurrent);
        }
        if (priority != null) {
            body.put("priority", priority);
        }
        if (maxRetries != null) {
            body.put("maxRetries", maxRetries);
        }
        if (rateLimit != null) {
            body.set("rateLimit", SubmissionFlags.value(rateLimit));
        }
        printQueue(api().post("/api/queues", body.toString()), "created");
    }

    @Command(name = "pause", description = "Stop dispatching from a queue; running tasks go on.")
    void pause(@Parameters(paramLabel = "NAME") String name) {
        printQueue(api().post("/api/queues/" + ApiClient.segment(name) + "/pause", null), "paused");
    }

    @Command(name = "resume", description = "Dispatch from a queue again.")
    void resume(@Parameters(paramLabel = "NAME") String name) {
        printQueue(api().post("/api/queues/" + ApiClient.segment(name) + "/resume", null), "resumed");
    }

    @Command(name = "stats", description = "Statistics of one queue, or of every queue together.")
    void stats(@Parameters(paramLabel = "NAME", arity = "0..1") String name) {
        String path = name == null ? "/api/stats" : "/api/queues/" + ApiClient.segment(name) + "/stats";
        show(api().get(path), s -> {
            Table table = new Table("FIGURE", "VALUE");
            table.row("tasks", s.path("total").asLong()).row("waiting", s.path("queueLength").asLong())
                    .row("running", s.path("runningNow").asLong())
                    .row("success rate", ServiceCommand.percent(s.path("successRate")))
                    .row("run time p50 / p95 ms", text(s.path("runTimeMs"), "p50") + " / "
                            + text(s.path("runTimeMs"), "p95"))
                    .row("wait time p50 / p95 ms", text(s.path("waitTimeMs"), "p50") + " / "
                            + text(s.path("waitTimeMs"), "p95"))
                    .row("finished/s last minute",
                            String.format(Locale.ROOT, "%.2f",
                                    s.path("lastMinute").path("finishedPerSecond").asDouble()))
                    .row("failure rate last hour", ServiceCommand.percent(s.path("lastHour").path("failureRate")));
            s.path("byStatus").properties().forEach(e -> table.row("status " + e.getKey(), e.getValue().asLong()));
            table.print(out());
        });
    }

    private void printQueue(ApiClient.Answer answer, String what) {
        if (json()) {
            out().println(answer.body());
        } else {
            JsonNode q = answer.json();
            out().println("queue " + text(q, "name") + " " + what);
        }
        out().flush();
    }
}
