package io.queuemgr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Submits a task from flags, a submission file, or many from a JSON Lines file (POST /api/tasks/bulk). */
@Command(name = "add", description = "Submit a task: --type and --param k=v, or --file sub.json, or --bulk subs.jsonl.")
public final class JobAddCommand extends ApiCommand implements Runnable {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--idempotency-key", description = "The Idempotency-Key: the same key twice gives one task.")
    String idempotencyKey;

    static final class Source {
        @ArgGroup(exclusive = false)
        SubmissionFlags flags;

        @Option(names = "--file", paramLabel = "FILE", description = "A submission as JSON (the body of POST /api/tasks).")
        Path file;

        @Option(names = "--bulk", paramLabel = "FILE", description = "One submission per line (JSON Lines), "
                + "up to 10,000, each accepted or refused on its own.")
        Path bulk;
    }

    @Override
    public void run() {
        if (source.bulk != null) {
            bulk(source.bulk);
            return;
        }
        String body = source.file != null ? read(source.file) : source.flags.json(paramsSchema()).toString();
        ApiClient.Answer answer = idempotencyKey == null
                ? api().post("/api/tasks", body)
                : api().postWithKey("/api/tasks", body, idempotencyKey);
        if (json()) {
            out().println(answer.body());
        } else {
            JsonNode task = answer.json();
            out().println(
                    text(task, "id") + " " + text(task, "status") + (answer.status() == 200 ? " (existing)" : ""));
        }
        out().flush();
    }

    /** The type's params schema, or a missing node when the service does not know the type (it will say so). */
    private JsonNode paramsSchema() {
        ApiClient.Answer answer = api().getAny("/api/task-types/" + ApiClient.segment(source.flags.type));
        return answer.status() == 200 ? answer.json().path("paramsSchema") : ApiClient.JSON.missingNode();
    }

    private void bulk(Path file) {
        ArrayNode items = ApiClient.JSON.createArrayNode();
        List<String> lines = read(file).lines().filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < lines.size(); i++) {
            try {
                items.add(ApiClient.JSON.readTree(lines.get(i)));
            } catch (IOException e) {
                throw new CliException(
                        file + " line " + (i + 1) + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        ApiClient.Answer answer = api().post("/api/tasks/bulk", items.toString());
        int refused = 0;
        Table table = new Table("#", "STATUS", "ID OR PROBLEM");
        int n = 0;
        for (JsonNode item : answer.json()) {
            int status = item.path("status").asInt();
            refused += status >= 400 ? 1 : 0;
            table.row(++n, status, status < 400 ? text(item, "id") : Problems.describe(item));
        }
        if (json()) {
            out().println(answer.body());
        } else {
            table.print(out());
            out().println((n - refused) + " accepted, " + refused + " refused");
        }
        out().flush();
        if (refused > 0) {
            throw new CliException(refused + " of " + n + " submissions were refused");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
