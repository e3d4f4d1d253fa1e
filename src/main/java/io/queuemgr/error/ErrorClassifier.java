package io.queuemgr.error;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskError;
import io.queuemgr.task.TaskFailure;

/** Turns what went wrong (an exception, an exit code, a message) into a code of the taxonomy. */
public final class ErrorClassifier {

    private ErrorClassifier() {
    }

    public static TaskError fromThrowable(Throwable failure) {
        Throwable t = rootCause(failure);
        String message = t.getMessage() == null ? "" : t.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        ErrorCode code;
        if (t instanceof TaskFailure tf) {
            return tf.error();
        } else if (t instanceof UnknownHostException || lower.contains("failed to resolve")
                || lower.contains("name or service not known")) {
            code = ErrorCode.NETWORK_HOST_UNKNOWN;
        } else if (t instanceof ConnectException || t instanceof NoRouteToHostException
                || lower.contains("connection refused")) {
            code = ErrorCode.NETWORK_CONNECTION_REFUSED;
        } else if (t instanceof TimeoutException || lower.contains("timed out") || lower.contains("timeout")) {
            code = ErrorCode.NETWORK_TIMEOUT;
        } else if (t instanceof AccessDeniedException || lower.contains("permission denied")) {
            code = ErrorCode.COMMAND_PERMISSION_DENIED;
        } else if (t instanceof NoSuchFileException || lower.contains("no such file")) {
            code = ErrorCode.COMMAND_NOT_FOUND;
        } else {
            code = ErrorCode.INTERNAL_ERROR;
        }
        return code.toError(message.isBlank() ? code.description() : message);
    }

    /** The meaning of a process exit code, following the shell's conventions (126, 127, 128+signal). */
    public static TaskError fromExitCode(int exitCode, String stderrTail) {
        Map<String, String> context = Map.of("exitCode", Integer.toString(exitCode));
        String detail = stderrTail == null || stderrTail.isBlank() ? "" : ": " + stderrTail.strip();
        if (exitCode == 127) {
            return ErrorCode.COMMAND_NOT_FOUND.toError("Command not found (exit 127)" + detail, context);
        }
        if (exitCode == 126) {
            return ErrorCode.COMMAND_PERMISSION_DENIED.toError("Command not executable (exit 126)" + detail, context);
        }
        if (exitCode > 128 && exitCode < 160) {
            return ErrorCode.SYSTEM_PROCESS_KILLED.toError(
                    "Killed by signal " + (exitCode - 128) + " (exit " + exitCode + ")" + detail, context);
        }
        return ErrorCode.COMMAND_FAILED.toError("Exited with code " + exitCode + detail, context);
    }

    public static TaskError fromHttpStatus(int status, String bodyTail) {
        Map<String, String> context = Map.of("httpStatus", Integer.toString(status));
        String detail = bodyTail == null || bodyTail.isBlank() ? "" : ": " + bodyTail.strip();
        ErrorCode code;
        if (status >= 500 || status == 429 || status == 408) {
            code = ErrorCode.HTTP_SERVER_ERROR;
        } else if (status >= 400) {
            code = ErrorCode.HTTP_CLIENT_ERROR;
        } else {
            code = ErrorCode.HTTP_UNEXPECTED_STATUS;
        }
        return code.toError("Unexpected HTTP status " + status + detail, context);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cur = t;
        while (cur.getCause() != null && cur.getCause() != cur && !(cur instanceof TaskFailure)) {
            cur = cur.getCause();
        }
        return cur;
    }
}
