package io.queuemgr.api;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;

/** Request bodies that must be one JSON object; anything else is a 400 problem naming what was expected. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as a JSON object; {@code what} names it in the problem, e.g. "The queue definition". */
    public static JsonNode object(ObjectMapper mapper, byte[] body, String what) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            throw ApiException.invalid(what + " is not valid JSON", List.of());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid(what + " must be a JSON object", List.of());
        }
        return node;
    }
}
