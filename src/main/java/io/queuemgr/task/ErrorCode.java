package io.queuemgr.task;

import java.util.List;
import java.util.Map;

/** The taxonomy of task errors: what each means, what to try, and whether a retry can help. */
public enum ErrorCode {
    COMMAND_NOT_FOUND(false, "The program to run was not found.",
            "Check the command name and that it is installed on the worker",
            "Give an absolute path, or set PATH in env"),
    COMMAND_PERMISSION_DENIED(false, "The program or script is not executable by the service.",
            "Make the file executable (chmod +x)", "Check the owner and the mount options of its folder"),
    COMMAND_FAILED(true, "The command ended with a non-zero exit code.",
            "Read stderr in the task result and the task logs", "Run the same command by hand on the worker"),
    WORKING_DIRECTORY_NOT_FOUND(false, "The working directory does not exist on the worker.",
            "Create the directory or correct workingDir"),
    SCRIPT_NOT_FOUND(false, "The script file does not exist on the worker.",
            "Check scriptPath; paths are resolved on the worker that runs the task"),
    SYSTEM_PROCESS_KILLED(true, "The process was killed by a signal.",
            "Look for the out-of-memory killer in the system log", "Raise the memory limit of the worker"),
    TASK_TIMEOUT(true, "The task ran longer than its timeout and was stopped.",
            "Raise timeoutSeconds", "Find out why the operation is slow"),
    NETWORK_TIMEOUT(true, "The remote side did not answer in time.",
            "Check that the host is up and reachable from the worker", "Raise the timeout"),
    NETWORK_CONNECTION_REFUSED(true, "The remote host refused the connection.",
            "Check that the service listens on that host and port", "Check firewalls between worker and host"),
    NETWORK_HOST_UNKNOWN(false, "The host name could not be resolved.",
            "Check the spelling of the host", "Check the worker's DNS settings"),
    HTTP_CLIENT_ERROR(false, "The remote side refused the request (HTTP 4xx).",
            "Check the URL, method, headers and body", "Check credentials and permissions"),
    HTTP_UNEXPECTED_STATUS(false, "The remote side answered with a status the task did not expect.",
            "Check expectedStatus against what the endpoint answers"),
    HTTP_SERVER_ERROR(true, "The remote side failed to handle the request (HTTP 5xx).",
            "Retry later", "Check the remote service's health and logs"),
    EXECUTOR_NOT_FOUND(false, "No executor is registered for the task's type on this worker.",
            "Check the type name", "Deploy a worker version that has the executor"),
    WORKER_LEASE_EXPIRED(true, "The pull worker that leased the task stopped renewing its lease.",
            "Check that the worker is alive and sends heartbeats more often than leaseSeconds",
            "Lease for longer than one step of the work takes"),
    WORKER_REPORTED_FAILURE(true, "The pull worker reported that the task failed.",
            "Read the worker's message and logs", "Ask for retry: false when another attempt cannot help"),
    RESULT_TOO_LARGE(false, "The task's result (or its output) was larger than a task snapshot may be; it was cut to a "
            + "preview.",
            "Write large output to a file or an object store and return its location",
            "Raise queuemgr.dispatch.max-snapshot-bytes together with Kafka's max.message.bytes"),
    SECRET_NOT_FOUND(false, "A secret the task names with secretRef does not exist where the task ran.",
            "Put a file of that name in the secrets directory (queuemgr.secrets.dir) of every instance",
            "Or set the environment variable QUEUEMGR_SECRET_<NAME> on the service",
            "Check the spelling of the name in secretRef"),
    SECRET_UNUSABLE(false, "A secret exists but could not be read or used where the task puts it.",
            "Check that the service may read the secret's file",
            "A header value may not hold a line break, an environment value not a NUL character"),
    PATH_NOT_ALLOWED(false, "The task names a file or directory outside the allowed roots.",
            "Move the file under one of queuemgr.guard.path-roots", "Or ask the operator to add its folder there"),
    COMMAND_NOT_ALLOWED(false, "The program is not on the service's allow-list of commands.",
            "Use one of the programs in queuemgr.guard.commands", "Or ask the operator to allow it"),
    DESTINATION_NOT_ALLOWED(false, "The task's destination is an address the service may not call "
            + "(link-local, cloud metadata, or denied by the operator).",
            "Call a host outside those ranges",
            "Or ask the operator to allow it with queuemgr.guard.http.allow"),
    INTERNAL_ERROR(true, "The service failed while running the task.", "Retry", "Report it with the task id");

    private final boolean retryable;
    private final String description;
    private final List<String> suggestions;

    ErrorCode(boolean retryable, String description, String... suggestions) {
        this.retryable = retryable;
        this.description = description;
        this.suggestions = List.of(suggestions);
    }

    public boolean retryable() {
        return retryable;
    }

    public String description() {
        return description;
    }

    public List<String> suggestions() {
        return suggestions;
    }

    public TaskError toError(String message, Map<String, String> context) {
        return new TaskError(name(), message == null ? description : message, context, suggestions, retryable);
    }

    public TaskError toError(String message) {
        return toError(message, Map.of());
    }
}
