package io.queuemgr.registry;

import java.util.List;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What a watcher is told of a deleted task: its id, and its queue, type and tags where they were known. */
final class DeletedJson {

    private DeletedJson() {
    }

    static byte[] of(UUID id, String queue, String type, List<String> tags) {
        JsonObject json = new JsonObject().put("id", id.toString()).put("deleted", true);
        if (!queue.isEmpty()) {
            json.put("queue", queue).put("type", type).put("tags", new JsonArray(List.copyOf(tags)));
        }
        return json.toBuffer().getBytes();
    }
}
