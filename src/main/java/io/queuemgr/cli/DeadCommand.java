package io.queuemgr.cli;

import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Dead letters: tasks that failed for good, to requeue or discard. */
@Command(name = "dead", description = "Dead letters: list, requeue, discard.")
public final class DeadCommand extends ApiCommand {

    @Command(name = "list", description = "Dead letters of every queue, or of one, newest first.")
    void list(@Option(names = "--queue") String queue, @Option(names = "--limit", defaultValue = "20") int limit) {
        String path = queue == null ? "/api/queues/failed-tasks" : "/api/queues/" + ApiClient.segment(queue) + "/dead";
        show(api().get(path + ApiClient.query(Map.of("limit", limit))), page -> {
            Table table = new Table("ID", "QUEUE", "TYPE", "STATUS", "ERROR", "FINISHED");
            page.path("items").forEach(t -> table.row(text(t, "id"), text(t, "queue"), text(t, "type"),
                    text(t, "status"), text(t.path("error"), "code"), text(t, "finishedAt")));
            table.print(out());
        });
    }

    @Command(name = "requeue", description = "Run dead letters again with a fresh attempt count: by id, or --all of "
            + "a --queue.")
    void requeue(@Parameters(paramLabel = "ID", arity = "0..*") List<String> ids,
            @Option(names = "--queue") String queue, @Option(names = "--all") boolean all) {
        if (all) {
            String answer = api().post(queuePath(queue) + "/dead/requeue", null).json().path("count").asText();
            out().println(answer + " requeued");
        }
        for (String id : orNone(ids, all)) {
            var task = api().post(queuePath(queueOf(id)) + "/dead/" + ApiClient.segment(id) + "/requeue", null).json();
            out().println(text(task, "id") + " " + text(task, "status"));
        }
        out().flush();
    }

    @Command(name = "discard", description = "Remove dead letters from the registry (their history stays): by id, or "
            + "--all of a --queue.")
    void discard(@Parameters(paramLabel = "ID", arity = "0..*") List<String> ids,
            @Option(names = "--queue") String queue, @Option(names = "--all") boolean all) {
        if (all) {
            String answer = api().delete(queuePath(queue) + "/dead").json().path("count").asText();
            out().println(answer + " discarded");
        }
        for (String id : orNone(ids, all)) {
            api().delete(queuePath(queueOf(id)) + "/dead/" + ApiClient.segment(id));
            out().println(id + " discarded");
        }
        out().flush();
    }

    private List<String> orNone(List<String> ids, boolean all) {
        if ((ids == null || ids.isEmpty()) && !all) {
            throw new CliException("name the dead letters by id, or give --queue NAME --all", 2);
        }
        return ids == null ? List.of() : ids;
    }

    private static String queuePath(String queue) {
        if (queue == null) {
            throw new CliException("--all needs --queue NAME", 2);
        }
        return "/api/queues/" + ApiClient.segment(queue);
    }

    /** The queue a dead letter is in, which its REST path names. */
    private String queueOf(String id) {
        return api().get("/api/tasks/" + ApiClient.segment(id)).json().path("queue").asText();
    }
}
