package io.queuemgr.json;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.JsonErrors;

/**
 * Request bodies that must be one JSON object whose text can be stored; anything else is a 400 problem naming what
 * was expected.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as a JSON object; {@code what} names it in the problem, e.g. "The queue definition". */
    public static JsonNode object(ObjectMapper mapper, byte[] body, String what) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(what + " is not valid JSON: " + JsonErrors.describe(e), List.of());
        } catch (IOException e) {
            throw ApiException.invalid(what + " is not valid JSON", List.of());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid(what + " must be a JSON object", List.of());
        }
        StorableText.firstProblem(node, "").ifPresent(error -> {
            throw ApiException.invalid(what + " has text the service cannot store", List.of(error));
        });
        return node;
    }
}
