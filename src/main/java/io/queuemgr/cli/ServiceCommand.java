package io.queuemgr.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;

/** The service as a whole: health, instances, queue depths and throughput. */
@Command(name = "service", description = "The service as a whole.")
public final class ServiceCommand extends ApiCommand {

    @Command(name = "status", description = "Health (/q/health), instances (/api/instances), queue depths and "
            + "throughput (/api/stats).")
    void status() {
        ApiClient.Answer health = api().getAny("/q/health");
        ApiClient.Answer instances = api().get("/api/instances");
        ApiClient.Answer queues = api().get("/api/queues");
        ApiClient.Answer stats = api().get("/api/stats");
        List<String> queueStats = new ArrayList<>();
        for (JsonNode q : queues.json()) {
            queueStats.add(api().get("/api/queues/" + ApiClient.segment(q.path("name").asText()) + "/stats").body());
        }
        if (json()) {
            // The service's documents side by side, each as it was sent.
            out().println("{\"server\":" + ApiClient.JSON.valueToTree(api().server().toString()) + ",\"health\":"
                    + health.body() + ",\"instances\":" + instances.body() + ",\"queues\":" + queues.body()
                    + ",\"stats\":" + stats.body()
                    + ",\"queueStats\":[" + String.join(",", queueStats) + "]}");
            out().flush();
            return;
        }
        JsonNode h = health.json();
        out().println("service  " + api().server() + "  " + h.path("status").asText("UNKNOWN"));
        h.path("checks").forEach(c -> out().println("  " + c.path("status").asText() + "  " + c.path("name").asText()));
        for (JsonNode i : instances.json()) {
            out().printf("instance %s  %s  %d partition(s)%s%s%n", text(i, "id"), text(i, "host"),
                    i.path("partitions").size(), i.path("address").isTextual() ? "  " + text(i, "address") : "",
                    i.path("self").asBoolean() ? "  (answered)" : "");
        }
        JsonNode s = stats.json();
        out().printf("tasks    %d in the registry, %d waiting, %d running, success rate %s%n", s.path("total").asLong(),
                s.path("queueLength").asLong(), s.path("runningNow").asLong(), percent(s.path("successRate")));
        out().printf("rate     last minute %.2f tasks/s (%s failed), last hour %.2f tasks/s (%s failed)%n",
                s.path("lastMinute").path("finishedPerSecond").asDouble(),
                percent(s.path("lastMinute").path("failureRate")),
                s.path("lastHour").path("finishedPerSecond").asDouble(),
                percent(s.path("lastHour").path("failureRate")));
        Table table = new Table("QUEUE", "STATE", "WAITING", "RUNNING", "MAX", "DONE/S (1 MIN)");
        int i = 0;
        for (JsonNode q : queues.json()) {
            JsonNode qs = parse(queueStats.get(i++));
            table.row(text(q, "name"), q.path("paused").asBoolean() ? "paused" : "active",
                    qs.path("queueLength").asLong(), qs.path("runningNow").asLong(), q.path("maxConcurrent").asInt(),
                    String.format("%.2f", qs.path("lastMinute").path("finishedPerSecond").asDouble()));
        }
        out().println();
        table.print(out());
    }

    static String percent(JsonNode rate) {
        return rate.isNumber() ? String.format("%.1f %%", rate.asDouble() * 100) : "-";
    }

    private static JsonNode parse(String body) {
        return new ApiClient.Answer(200, body).json();
    }
}
