package io.queuemgr.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Tasks ("jobs", the seed's word): list, look at, and change them. */
@Command(name = "job", description = "Tasks: list, add, status, logs, start, stop, pause, resume, retry, delete.", subcommands = {
        JobAddCommand.class, JobLogsCommand.class})
public final class JobCommand extends ApiCommand {

    @Command(name = "list", description = "Tasks in the registry, newest first.")
    void list(@Option(names = "--queue") String queue, @Option(names = "--status") String status,
            @Option(names = "--type") String type, @Option(names = "--tag") String tag,
            @Option(names = "--limit", defaultValue = "20") int limit) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("queue", queue);
        query.put("status", status == null ? null : status.toUpperCase());
        query.put("type", type);
        query.put("tag", tag);
        query.put("limit", limit);
        show(api().get("/api/tasks" + ApiClient.query(query)), page -> {
            Table table = new Table("ID", "QUEUE", "TYPE", "STATUS", "PROGRESS", "CREATED");
            page.path("items").forEach(t -> table.row(text(t, "id"), text(t, "queue"), text(t, "type"),
                    text(t, "status"), t.path("progress").asInt() + "%", text(t, "createdAt")));
            table.print(out());
            if (page.hasNonNull("nextCursor")) {
                out().println("(more: --limit to see more)");
            }
        });
    }

    @Command(name = "status", description = "One task: status, progress, result or error.")
    void status(@Parameters(paramLabel = "ID") String id) {
        show(api().get("/api/tasks/" + ApiClient.segment(id)), task -> TaskPrinter.details(task, out()));
    }

    @Command(name = "start", description = "Start a task submitted with --hold (or paused while waiting).")
    void start(@Parameters(paramLabel = "ID", arity = "1..*") List<String> ids) {
        control(ids, "start");
    }

    @Command(name = "stop", description = "Cancel a task: a waiting one never starts, a running one is killed.")
    void stop(@Parameters(paramLabel = "ID", arity = "1..*") List<String> ids) {
        control(ids, "cancel");
    }

    @Command(name = "pause", description = "Hold a waiting task back, or stop a running process where it stands.")
    void pause(@Parameters(paramLabel = "ID", arity = "1..*") List<String> ids) {
        control(ids, "pause");
    }

    @Command(name = "resume", description = "Let a PAUSED task go on.")
    void resume(@Parameters(paramLabel = "ID", arity = "1..*") List<String> ids) {
        control(ids, "resume");
    }

    @Command(name = "retry", description = "Run a FAILED, CANCELLED or TIMEOUT task again.")
    void retry(@Parameters(paramLabel = "ID", arity = "1..*") List<String> ids) {
        control(ids, "retry");
    }

    @Command(name = "delete", description = "Remove a finished task from the registry (its history stays).")
    void delete(@Parameters(paramLabel = "ID", arity = "1..*") List<String> ids) {
        for (String id : ids) {
            api().delete("/api/tasks/" + ApiClient.segment(id));
            out().println(id + " deleted");
        }
        out().flush();
    }

    private void control(List<String> ids, String action) {
        for (String id : ids) {
            ApiClient.Answer answer = api().post("/api/tasks/" + ApiClient.segment(id) + "/" + action, null);
            if (json()) {
                out().println(answer.body());
            } else {
                JsonNode task = answer.json();
                out().println(text(task, "id") + " " + text(task, "status"));
            }
        }
        out().flush();
    }
}
