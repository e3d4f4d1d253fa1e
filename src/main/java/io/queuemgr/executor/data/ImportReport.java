package io.queuemgr.executor.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.TaskIntake;

/** What an import did: every count whole, the ids and refused lines kept up to the report limit. */
final class ImportReport {

    private final int limit;
    private final ArrayNode ids = JsonNodeFactory.instance.arrayNode();
    private final ArrayNode refusedLines = JsonNodeFactory.instance.arrayNode();
    private long lines;
    private long accepted;
    private long refused;

    ImportReport(int limit) {
        this.limit = limit;
    }

    void add(long line, TaskIntake.Answer answer) {
        lines++;
        switch (answer) {
            case TaskIntake.Answer.Accepted a -> {
                accepted++;
                if (ids.size() < limit) {
                    ids.add(a.taskId());
                }
            }
            case TaskIntake.Answer.Refused r -> {
                refused++;
                if (refusedLines.size() < limit) {
                    ObjectNode entry = refusedLines.addObject().put("line", line).put("reason", r.reason());
                    ArrayNode errors = entry.putArray("errors");
                    r.errors().forEach(errors::add);
                }
            }
        }
    }

    long refused() {
        return refused;
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("lines", lines);
        json.put("accepted", accepted);
        json.put("refused", refused);
        json.set("acceptedIds", ids);
        json.put("acceptedIdsComplete", ids.size() == accepted);
        json.set("refusedLines", refusedLines);
        json.put("refusedLinesComplete", refusedLines.size() == refused);
        return json;
    }
}
