package io.queuemgr.submission;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.JsonErrors;
import io.queuemgr.error.Problem.FieldError;

/**
 * Cuts a bulk body (a JSON array) into the bytes of each submission, so that each is parsed exactly as a body of
 * POST /api/tasks would be. Only the per-item {@code idempotencyKey} is taken out first, since the single path
 * carries it in a header. Counting stops at the limit, so an oversized array is refused without being read whole.
 */
final class BulkBody {

    static final String KEY_FIELD = "idempotencyKey";

    /** One element of the array: the submission's bytes and its key, or why the element is no submission. */
    record Item(byte[] submission, String idempotencyKey, ApiException problem) {
    }

    private BulkBody() {
    }

    static List<Item> split(ObjectMapper mapper, byte[] body, int maxItems) {
        List<Item> items = new ArrayList<>();
        try (JsonParser in = mapper.getFactory().createParser(body)) {
            if (in.nextToken() != JsonToken.START_ARRAY) {
                throw ApiException.invalid("The body must be a JSON array of submissions", List.of());
            }
            for (JsonToken token = in.nextToken(); token != JsonToken.END_ARRAY; token = in.nextToken()) {
                if (items.size() == maxItems) {
                    throw ApiException.tooLarge("too-many-submissions", "A bulk request carries at most " + maxItems
                            + " submissions (queuemgr.bulk.max-items); split it", List.of());
                }
                long start = in.currentTokenLocation().getByteOffset();
                in.skipChildren();
                items.add(token == JsonToken.START_OBJECT
                        ? item(mapper, Arrays.copyOfRange(body, (int) start, (int) in.currentLocation()
                                .getByteOffset()))
                        : new Item(null, null, ApiException.invalid("The submission must be a JSON object",
                                List.of())));
            }
            if (in.nextToken() != null) {
                throw ApiException.invalid("The body is not valid JSON: more content follows the array", List.of());
            }
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("The body is not valid JSON: " + JsonErrors.describe(e), List.of());
        } catch (IOException e) {
            throw ApiException.invalid("The body could not be read as JSON", List.of());
        }
        return items;
    }

    /** The element without its key; unchanged bytes when it has none, the common case. */
    private static Item item(ObjectMapper mapper, byte[] element) throws IOException {
        ObjectNode submission = (ObjectNode) mapper.readTree(element);
        JsonNode key = submission.remove(KEY_FIELD);
        if (key == null) {
            return new Item(element, null, null);
        }
        if (!key.isTextual() && !key.isNull()) {
            return new Item(null, null, ApiException.invalid("The submission has 1 invalid field",
                    List.of(new FieldError(KEY_FIELD, "must be a string"))));
        }
        return new Item(mapper.writeValueAsBytes(submission), key.isNull() ? null : key.textValue(), null);
    }
}
