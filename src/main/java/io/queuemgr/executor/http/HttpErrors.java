package io.queuemgr.executor.http;

import java.util.Map;

import jakarta.inject.Singleton;

import io.queuemgr.executor.EnumFamily;
import io.queuemgr.task.ErrorKind;
import io.queuemgr.task.TaskError;

/** The codes of HTTP calls (webhooks and the API families built on them). */
public enum HttpErrors implements ErrorKind {
    HTTP_CLIENT_ERROR(About.permanent("The remote side refused the request (HTTP 4xx).",
            "Check the URL, method, headers and body", "Check credentials and permissions")),
    HTTP_UNEXPECTED_STATUS(About.permanent("The remote side answered with a status the task did not expect.",
            "Check expectedStatus against what the endpoint answers")),
    HTTP_SERVER_ERROR(About.transientFailure("The remote side failed to handle the request (HTTP 5xx).", "Retry later",
            "Check the remote service's health and logs"));

    private final About about;

    HttpErrors(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }

    /** What an unexpected HTTP status means, with the first line of the answer as its detail. */
    public static TaskError ofStatus(int status, String bodyTail) {
        Map<String, String> context = Map.of("httpStatus", Integer.toString(status));
        String detail = bodyTail == null || bodyTail.isBlank() ? "" : ": " + bodyTail.strip();
        HttpErrors code;
        if (status >= 500 || status == 429 || status == 408) {
            code = HTTP_SERVER_ERROR;
        } else if (status >= 400) {
            code = HTTP_CLIENT_ERROR;
        } else {
            code = HTTP_UNEXPECTED_STATUS;
        }
        return code.toError("Unexpected HTTP status " + status + detail, context);
    }

    /** The family's part of the catalogue. */
    @Singleton
    static class Family extends EnumFamily<HttpErrors> {

        Family() {
            super("http", HttpErrors.class);
        }
    }
}
