package io.queuemgr.executor.system;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a cleanup removed or would remove: counts and bytes in full, the paths themselves up to a cap, so a folder of
 * a million old files cannot make a result too large to store.
 */
final class CleanupReport {

    static final int MAX_PATHS = 1_000;

    private final ObjectNode json = JsonNodeFactory.instance.objectNode();
    private final ArrayNode paths;
    private final ArrayNode failed;
    private long matched;
    private long bytes;
    private long deleted;
    private long failures;

    CleanupReport(boolean dryRun, Duration age, Instant cutoff) {
        json.put("dryRun", dryRun).put("olderThan", age.toString()).put("cutoff", cutoff.toString());
        paths = JsonNodeFactory.instance.arrayNode();
        failed = JsonNodeFactory.instance.arrayNode();
    }

    /** A file old enough, and whether it is now gone (false in a dry run). */
    void matched(Path file, long size, boolean gone) {
        matched++;
        bytes += size;
        if (gone) {
            deleted++;
        }
        if (paths.size() < MAX_PATHS) {
            paths.add(file.toString());
        }
    }

    void failed(Path file, String reason) {
        failures++;
        if (failed.size() < MAX_PATHS) {
            failed.addObject().put("path", file.toString()).put("reason", reason);
        }
    }

    long failures() {
        return failures;
    }

    long matched() {
        return matched;
    }

    ObjectNode toJson() {
        ObjectNode out = json.deepCopy();
        out.put("matched", matched).put("bytes", bytes).put("deleted", deleted).put("failures", failures);
        out.set("paths", paths.deepCopy());
        out.put("pathsTruncated", matched > paths.size());
        out.set("failed", failed.deepCopy());
        return out;
    }
}
