package io.queuemgr.error;

import java.util.List;

/** A request the API refuses, carrying what the problem details response will say. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final transient List<Problem.FieldError> fieldErrors;

    public ApiException(int status, String slug, String title, String detail, List<Problem.FieldError> fieldErrors) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.fieldErrors = FieldErrors.bounded(fieldErrors);
    }

    public static ApiException notFound(String what, String detail) {
        return new ApiException(404, what + "-not-found", "Not found", detail, List.of());
    }

    public static ApiException invalid(String detail, List<Problem.FieldError> errors) {
        return new ApiException(400, "invalid-request", "Invalid request", detail, errors);
    }

    public static ApiException conflict(String slug, String detail) {
        return new ApiException(409, slug, "Conflict", detail, List.of());
    }

    /** A known caller that may not do this particular thing (e.g. submit a type it was not granted). */
    public static ApiException forbidden(String slug, String detail) {
        return new ApiException(403, slug, "Forbidden", detail, List.of());
    }

    public static ApiException tooLarge(String slug, String detail, List<Problem.FieldError> errors) {
        return new ApiException(413, slug, "Payload too large", detail, errors);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> fieldErrors() {
        return fieldErrors;
    }
}
