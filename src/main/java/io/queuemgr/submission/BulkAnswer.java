package io.queuemgr.submission;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.submission.SubmissionService.Submitted;
import io.queuemgr.task.Task;

/** What became of one submission of a bulk request; its status is the one POST /api/tasks would have answered. */
public sealed interface BulkAnswer {

    int status();

    /** 202 for a new task, 200 for one its idempotency key or id had already made. */
    @RegisterForReflection
    record Accepted(int status, UUID id, Task task) implements BulkAnswer {

        static Accepted of(Submitted submitted) {
            return new Accepted(submitted.created() ? 202 : 200, submitted.task().id(), submitted.task());
        }
    }

    /** The problem details POST /api/tasks would have answered for this submission alone. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Refused(String type, String title, int status, String detail, List<FieldError> errors)
            implements
                BulkAnswer {

        static Refused of(ApiException e) {
            return new Refused("/problems/" + e.slug(), e.title(), e.status(), e.getMessage(), e.fieldErrors());
        }
    }
}
