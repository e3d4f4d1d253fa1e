package io.queuemgr.cli;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every verb shares: the root's API client, output format and writers. */
@Command
public abstract class ApiCommand {

    @Spec
    protected CommandSpec spec;

    protected QueuemgrCli root() {
        return (QueuemgrCli) spec.root().userObject();
    }

    protected ApiClient api() {
        return root().api();
    }

    protected PrintWriter out() {
        return root().out();
    }

    protected PrintWriter err() {
        return root().err();
    }

    protected boolean json() {
        return root().output() == OutputFormat.json;
    }

    /** Prints the answer's body as the service sent it (--output json), or hands it to the table printer. */
    protected void show(ApiClient.Answer answer, java.util.function.Consumer<JsonNode> table) {
        if (json()) {
            out().println(answer.body());
            out().flush();
        } else {
            table.accept(answer.json());
            out().flush();
        }
    }

    protected static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }
}
