package io.queuemgr.task;

/**
 * The service's own error codes: those of running any task (timeouts, workers, results, secrets, the operator's
 * guards). The codes of each executor family are declared in the family's package and joined in one catalogue.
 */
public enum ErrorCode implements ErrorKind {
    TASK_TIMEOUT(About.transientFailure("The task ran longer than its timeout and was stopped.",
            "Raise timeoutSeconds", "Find out why the operation is slow")),
    TASK_PARAMS_INVALID(About.permanent("The task's params no longer fit its type (the service was upgraded "
            + "between submission and run).",
            "Read the message for the field", "Submit the task again with params that fit GET /api/task-types")),
    EXECUTOR_NOT_FOUND(About.permanent("No executor is registered for the task's type on this worker.",
            "Check the type name against GET /api/task-types", "Deploy a service version that has the executor")),
    WORKER_LEASE_EXPIRED(About.transientFailure("The pull worker that leased the task stopped renewing its lease.",
            "Check that the worker is alive and sends heartbeats more often than leaseSeconds",
            "Lease for longer than one step of the work takes")),
    WORKER_REPORTED_FAILURE(About.transientFailure("The pull worker reported that the task failed.",
            "Read the worker's message and logs", "Ask for retry: false when another attempt cannot help")),
    RESULT_TOO_LARGE(About.permanent("The task's result (or its output) was larger than a task snapshot may be; it "
            + "was cut to a preview.",
            "Write large output to a file or an object store and return its location",
            "Raise queuemgr.dispatch.max-snapshot-bytes together with Kafka's max.message.bytes")),
    SECRET_NOT_FOUND(About.permanent("A secret the task names with secretRef does not exist where the task ran.",
            "Put a file of that name in the secrets directory (queuemgr.secrets.dir) of every instance",
            "Or set the environment variable QUEUEMGR_SECRET_<NAME> on the service",
            "Check the spelling of the name in secretRef")),
    SECRET_UNUSABLE(About.permanent("A secret exists but could not be read or used where the task puts it.",
            "Check that the service may read the secret's file",
            "A header value may not hold a line break, an environment value not a NUL character")),
    PATH_NOT_ALLOWED(About.permanent("The task names a file or directory outside the allowed roots.",
            "Move the file under one of queuemgr.guard.path-roots", "Or ask the operator to add its folder there")),
    COMMAND_NOT_ALLOWED(About.permanent("The program is not on the service's allow-list of commands.",
            "Use one of the programs in queuemgr.guard.commands", "Or ask the operator to allow it")),
    DESTINATION_NOT_ALLOWED(About.permanent("The task's destination is an address the service may not call "
            + "(link-local, cloud metadata, or denied by the operator).",
            "Call a host outside those ranges", "Or ask the operator to allow it with queuemgr.guard.http.allow")),
    CIRCUIT_OPEN(About.transientFailure("Recent tasks to the same target (host and port, or SSH host, port and user) "
            + "kept failing, so the target's circuit breaker is open and the task failed fast without calling it.",
            "The queue's retries try again; context.retryAfter says when the breaker lets a trial call through",
            "Check the target's health", "GET /api/breakers shows every target's breaker")),
    INTERNAL_ERROR(About.transientFailure("The service failed while running the task.", "Retry",
            "Report it with the task id"));

    private final About about;

    ErrorCode(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }
}
