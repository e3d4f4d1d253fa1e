package io.queuemgr.submission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What identifies a submission behind an idempotency key: a SHA-256 of its fields as the service understood them
 * (type aliases resolved, defaults applied, object fields in name order). Two bodies that differ only in layout,
 * field order or an alias are the same submission; any other difference makes them two.
 */
final class SubmissionFingerprint {

    private final ObjectMapper mapper;
    private final ObjectWriter sorted;

    SubmissionFingerprint(ObjectMapper mapper) {
        this.mapper = mapper;
        this.sorted = mapper.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
    }

    String of(Submission s) {
        ObjectNode canonical = mapper.createObjectNode();
        canonical.put("id", s.id() == null ? null : s.id().toString());
        canonical.put("type", s.type());
        canonical.put("queue", s.queue());
        canonical.set("params", s.params());
        canonical.put("priority", s.priority());
        canonical.put("category", s.category());
        canonical.set("tags", mapper.valueToTree(s.tags()));
        canonical.put("maxRetries", s.maxRetries());
        canonical.put("timeoutSeconds", s.timeoutSeconds());
        // Only when given, so that a task submitted before these fields existed keeps its fingerprint.
        if (s.delaySeconds() != null) {
            canonical.put("delaySeconds", s.delaySeconds());
        }
        if (s.runAt() != null) {
            canonical.put("runAt", s.runAt().toString());
        }
        if (s.cacheFor() != null) {
            canonical.put("cacheFor", s.cacheFor().toString());
        }
        if (s.hold()) {
            canonical.put("hold", true);
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sorted.writeValueAsBytes(canonical)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
