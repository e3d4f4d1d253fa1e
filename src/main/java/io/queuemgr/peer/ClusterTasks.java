package io.queuemgr.peer;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.executor.TaskListing;
import io.queuemgr.registry.TaskFilter;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.task.Task;

/**
 * The live tasks of every instance, for what the service lists on its own behalf (data.export): this registry's, and
 * with split holding the peers' too, asked with this instance's own credential and merged as the API merges them.
 */
@ApplicationScoped
public class ClusterTasks implements TaskListing {

    /** Longer than one peer's timeout: every peer is asked at once. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TaskRegistry registry;
    private final TaskHolders holders;
    private final PeerAddresses addresses;
    private final ObjectMapper mapper;

    public ClusterTasks(TaskRegistry registry, TaskHolders holders, PeerAddresses addresses, ObjectMapper mapper) {
        this.registry = registry;
        this.holders = holders;
        this.addresses = addresses;
        this.mapper = mapper;
    }

    @Override
    public List<Task> page(TaskFilter filter, UUID after, int size) {
        List<Task> here = registry.list(filter, after, size);
        if (!holders.split()) {
            return here;
        }
        TaskHolders.Gathered gathered;
        try {
            gathered = holders.askAll("/api/tasks?" + query(filter, after, size), addresses.credential().orElse(null))
                    .await().atMost(WAIT);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                // The export was cancelled, not failed.
                throw e;
            }
            // No answer in time, or the brokers did not say who the other instances are.
            throw new Unanswered("The other instances could not be asked: " + e.getMessage());
        }
        List<List<Task>> pages = new ArrayList<>();
        List<String> unanswered = new ArrayList<>(gathered.unanswered());
        for (PeerClient.Answer a : gathered.answers()) {
            try {
                if (a.status() != 200) {
                    throw new IOException("answered " + a.status());
                }
                List<Task> page = new ArrayList<>();
                for (JsonNode item : mapper.readTree(a.body()).path("items")) {
                    page.add(mapper.treeToValue(item, Task.class));
                }
                pages.add(page);
            } catch (IOException e) {
                unanswered.add(a.from().id());
            }
        }
        if (!unanswered.isEmpty()) {
            throw new Unanswered("The instances " + unanswered + " hold some of the tasks and did not answer");
        }
        pages.add(here);
        return newestFirst(pages, size);
    }

    /** Pages of several holders as one: newest first, each task once at its highest version, cut at the limit. */
    public static List<Task> newestFirst(List<List<Task>> pages, int limit) {
        Map<UUID, Task> byId = new HashMap<>();
        pages.forEach(page -> page.forEach(t -> byId.merge(t.id(), t, (x, y) -> x.version() >= y.version() ? x : y)));
        return byId.values().stream().sorted(Comparator.comparing(Task::id).reversed()).limit(limit).toList();
    }

    /** The filter as GET /api/tasks takes it. */
    static String query(TaskFilter f, UUID after, int size) {
        StringJoiner q = new StringJoiner("&");
        add(q, "queue", f.queue());
        add(q, "status", f.status() == null ? null : f.status().name());
        add(q, "type", f.type());
        add(q, "category", f.category());
        add(q, "tag", f.tag());
        add(q, "idempotencyKey", f.idempotencyKey());
        add(q, "limit", Integer.toString(size));
        add(q, "cursor", after == null ? null : after.toString());
        return q.toString();
    }

    private static void add(StringJoiner q, String name, String value) {
        if (value != null) {
            q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
