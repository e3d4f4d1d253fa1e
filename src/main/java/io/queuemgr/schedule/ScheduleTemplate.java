package io.queuemgr.schedule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.security.Caller;
import io.queuemgr.submission.Submission;
import io.queuemgr.submission.SubmissionParser;
import io.queuemgr.submission.SubmissionPolicy;

/**
 * A schedule's task template: a submission exactly as POST /api/tasks takes it, read by the same parser at creation
 * (errors named {@code task.<field>}) and again at each firing.
 */
@Singleton
public class ScheduleTemplate {

    static final String PREFIX = "task.";

    private final SubmissionParser parser;
    private final SubmissionPolicy policy;
    private final QueueCatalog queues;

    public ScheduleTemplate(SubmissionParser parser, SubmissionPolicy policy, QueueCatalog queues) {
        this.parser = parser;
        this.policy = policy;
        this.queues = queues;
    }

    /** What is wrong with the template, each field under {@code task.}; empty when it makes a task. */
    List<FieldError> problems(JsonNode template) {
        if (!template.isObject()) {
            return List.of(new FieldError("task", "must be a JSON object: a submission as POST /api/tasks takes it"));
        }
        List<FieldError> errors = new ArrayList<>();
        // Each firing's task gets its own id and start; a fixed one would make every firing the same task.
        for (String fixed : List.of("id", "runAt")) {
            if (template.has(fixed)) {
                errors.add(new FieldError(PREFIX + fixed, "is set by the schedule for each firing; leave it out"));
            }
        }
        switch (parser.parse(bytes(template), null)) {
            case SubmissionParser.Result.Accepted a -> {
                if (!queues.exists(a.submission().queue())) {
                    errors.add(new FieldError(PREFIX + "queue", "names no queue; create it with POST /api/queues"));
                }
            }
            case SubmissionParser.Result.Refused r -> r.errors().forEach(e -> errors.add(prefixed(e)));
            case SubmissionParser.Result.TooLarge t -> t.errors().forEach(e -> errors.add(prefixed(e)));
        }
        return errors;
    }

    /** Refuses with 403 a creator who could not submit the template's type itself. */
    void checkGrant(JsonNode template, Caller caller) {
        policy.refusal(caller, submission(template).type()).ifPresent(why -> {
            throw ApiException.forbidden("type-not-granted", why);
        });
    }

    /** The submission a firing makes; {@link IllegalStateException} when the template no longer makes one. */
    Submission submission(String template) {
        return switch (parser.parse(template.getBytes(StandardCharsets.UTF_8), null)) {
            case SubmissionParser.Result.Accepted a -> a.submission();
            case SubmissionParser.Result.Refused r -> throw new IllegalStateException(r.reason() + ": " + r.errors());
            case SubmissionParser.Result.TooLarge t -> throw new IllegalStateException(t.reason());
        };
    }

    private Submission submission(JsonNode template) {
        return submission(template.toString());
    }

    private static byte[] bytes(JsonNode template) {
        return template.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static FieldError prefixed(FieldError e) {
        return new FieldError(e.field().isEmpty() ? "task" : PREFIX + e.field(), e.message());
    }
}
