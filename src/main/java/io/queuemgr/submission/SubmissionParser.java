package io.queuemgr.submission;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.error.JsonErrors;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.TaskParams;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.json.Reading;
import io.queuemgr.json.StorableText;

/**
 * Turns the bytes of a submission into a {@link Submission}, or into every reason it is refused: not JSON, params
 * beyond the size bound, fields that do not fit {@link SubmissionRequest}, params that do not fit their type's
 * record. REST and Kafka intake share it, so both refuse the same things in the same words.
 */
@Singleton
public class SubmissionParser {

    private static final String UNKNOWN = "is not a submission field";

    private final ObjectMapper mapper;
    private final JsonRecords records;
    private final ExecutorRegistry executors;
    private final TaskParams params;
    private final int maxParamsBytes;
    private final Clock clock;
    private final java.time.Duration maxCacheAge;

    public SubmissionParser(ObjectMapper mapper, JsonRecords records, ExecutorRegistry executors, TaskParams params,
            QueuemgrConfig config, CacheConfig cache, Clock clock) {
        this.clock = clock;
        this.mapper = mapper;
        this.records = records;
        this.executors = executors;
        this.params = params;
        this.maxParamsBytes = config.submission().maxParamsBytes();
        this.maxCacheAge = cache.maxAge();
    }

    /** Either a submission or the reasons it is refused. */
    public sealed interface Result {
        record Accepted(Submission submission) implements Result {
        }

        record Refused(String reason, List<FieldError> errors) implements Result {
        }

        /** Params beyond the configured bound: a submission too large to take, whatever else it says. */
        record TooLarge(String reason, List<FieldError> errors) implements Result {
        }
    }

    public Result parse(byte[] body, String queueFromPath) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return new Result.Refused("The submission is not valid JSON: " + JsonErrors.describe(e), List.of());
        } catch (IOException e) {
            return new Result.Refused("The submission could not be read as JSON", List.of());
        }
        if (root == null || !root.isObject()) {
            return new Result.Refused("The submission must be a JSON object", List.of());
        }
        // CloudEvents in structured mode carry the submission in "data".
        if (root.has("specversion") && root.path("data").isObject()) {
            root = root.get("data");
        }
        return parse((ObjectNode) root, queueFromPath);
    }

    private Result parse(ObjectNode root, String queueFromPath) {
        JsonNode given = root.get("params");
        JsonNode taskParams = given == null || given.isNull() ? JsonNodeFactory.instance.objectNode() : given;
        long paramsBytes = ParamsSize.serialized(mapper, taskParams);
        if (paramsBytes > maxParamsBytes) {
            return new Result.TooLarge("The submission's params are " + paramsBytes + " bytes serialized; at most "
                    + maxParamsBytes + " are accepted (queuemgr.submission.max-params-bytes)",
                    List.of(new FieldError("params", "must serialize to at most " + maxParamsBytes + " bytes")));
        }
        var unstorable = StorableText.firstProblem(root, "");
        List<FieldError> pathQueue = List.of();
        if (queueFromPath != null) {
            // The path names the queue; what the body says of it does not count.
            root.remove("queue");
            pathQueue = records.check(SubmissionRequest.class, "queue", queueFromPath);
        }
        Reading<SubmissionRequest> request = records.read(root, SubmissionRequest.class, "", UNKNOWN);
        var type = executors.type(request.value().type());
        // Told in the order the fields are looked at: the type, the text, the params, then the rest.
        List<FieldError> fields = request.invalid();
        int typeErrors = (int) fields.stream().takeWhile(e -> e.field().equals("type")).count();
        List<FieldError> errors = new ArrayList<>(request.unknown());
        errors.addAll(fields.subList(0, typeErrors));
        unstorable.ifPresent(errors::add);
        type.ifPresent(t -> errors.addAll(params.problems(t.name(), taskParams)));
        errors.addAll(pathQueue);
        errors.addAll(fields.subList(typeErrors, fields.size()));
        errors.addAll(request.value().scheduleProblems(clock.instant()));
        errors.addAll(request.value().cacheProblems(maxCacheAge));
        if (!errors.isEmpty()) {
            return new Result.Refused("The submission has " + errors.size()
                    + (errors.size() == 1 ? " invalid field" : " invalid fields"), errors);
        }
        return new Result.Accepted(request.value().toSubmission(type.orElseThrow(), taskParams, queueFromPath));
    }
}
