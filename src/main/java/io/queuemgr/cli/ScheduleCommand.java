package io.queuemgr.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Recurring tasks: a cron expression and a submission template. */
@Command(name = "schedule", description = "Recurring tasks: list, add, pause, resume, delete.")
public final class ScheduleCommand extends ApiCommand {

    @Command(name = "list", description = "Every schedule with its next firing.")
    void list() {
        show(api().get("/api/schedules"), schedules -> {
            Table table = new Table("NAME", "CRON", "ZONE", "STATE", "NEXT", "LAST TASK");
            schedules.forEach(s -> table.row(text(s, "name"), text(s, "cron"), text(s, "timeZone"),
                    s.path("paused").asBoolean() ? "paused" : "active", s.path("nextFireTimes").path(0).asText("-"),
                    text(s, "lastTaskStatus")));
            table.print(out());
        });
    }

    @Command(name = "add", description = "A schedule whose task is --task-file FILE (a submission as JSON).")
    void add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--cron", required = true, description = "5 fields, or 6 with seconds first.") String cron,
            @Option(names = "--time-zone", defaultValue = "UTC") String zone,
            @Option(names = "--overlap", defaultValue = "skip", description = "skip or allow") String overlap,
            @Option(names = "--task-file", required = true, paramLabel = "FILE") Path taskFile) throws Exception {
        JsonNode task = ApiClient.JSON.readTree(Files.readString(taskFile));
        ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name).put("cron", cron).put("timeZone", zone)
                .put("overlap", overlap);
        body.set("task", task);
        answer(api().post("/api/schedules", body.toString()), "created");
    }

    @Command(name = "pause", description = "No firings until resumed.")
    void pause(@Parameters(paramLabel = "NAME") String name) {
        answer(api().post("/api/schedules/" + ApiClient.segment(name) + "/pause", null), "paused");
    }

    @Command(name = "resume", description = "Fire again, from the next slot after now.")
    void resume(@Parameters(paramLabel = "NAME") String name) {
        answer(api().post("/api/schedules/" + ApiClient.segment(name) + "/resume", null), "resumed");
    }

    @Command(name = "delete", description = "Remove a schedule; tasks it made stay.")
    void delete(@Parameters(paramLabel = "NAME") String name) {
        api().delete("/api/schedules/" + ApiClient.segment(name));
        out().println("schedule " + name + " deleted");
        out().flush();
    }

    private void answer(ApiClient.Answer answer, String what) {
        out().println(json() ? answer.body() : "schedule " + text(answer.json(), "name") + " " + what);
        out().flush();
    }
}
