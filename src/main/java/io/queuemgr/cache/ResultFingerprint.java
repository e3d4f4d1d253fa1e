package io.queuemgr.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What makes two tasks the same work: a SHA-256 of the canonical type name, the queue and the params with every
 * object's fields in name order. A secret appears in params only as its reference, so a value never enters the hash,
 * and a changed reference is other work. Only the hash is kept: the params are already on the snapshot.
 */
public final class ResultFingerprint {

    private final ObjectMapper mapper;
    private final ObjectWriter sorted;
    private final UnaryOperator<String> canonicalType;

    /** {@code canonicalType} turns an alias (the seed's {@code SCP_UPLOAD}) into the type's name. */
    public ResultFingerprint(ObjectMapper mapper, UnaryOperator<String> canonicalType) {
        this.mapper = mapper;
        this.sorted = mapper.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
        this.canonicalType = canonicalType;
    }

    public String of(String type, String queue, JsonNode params) {
        ObjectNode canonical = mapper.createObjectNode();
        canonical.put("type", canonicalType.apply(type));
        canonical.put("queue", queue);
        canonical.set("params", params == null ? mapper.createObjectNode() : params);
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
