package io.queuemgr.rest;

import java.util.List;
import java.util.concurrent.CancellationException;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.queuemgr.error.ApiException;
import io.queuemgr.error.FieldErrors;
import io.queuemgr.error.JsonErrors;
import io.queuemgr.error.Problem;
import io.queuemgr.task.IllegalTransitionException;

/** Every REST error leaves as RFC 9457 problem details: a clear detail, never a stack trace or a class name. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    /** A 503 from the service means "try again": it says when. */
    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Response answer = respond(new Problem("/problems/" + e.slug(), e.title(), e.status(), e.getMessage(),
                path(uri), e.fieldErrors()));
        return e.status() == 503
                ? Response.fromResponse(answer).header("Retry-After", RETRY_AFTER_SECONDS).build()
                : answer;
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(new Problem("/problems/malformed-json", "Malformed JSON", 400,
                "The request body is not valid JSON: " + JsonErrors.describe(e), path(uri), List.of()));
    }

    /** Two changes to one task met (e.g. a cancel and the task's end): the loser is told, nothing breaks. */
    @ServerExceptionMapper
    public Response illegalTransition(IllegalTransitionException e, UriInfo uri) {
        return respond(new Problem("/problems/task-state-changed", "Conflict", 409,
                "The task changed meanwhile and is now " + e.from() + "; it cannot become " + e.to()
                        + ". Read it again and decide anew.",
                path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(FieldErrors.path(v.getPropertyPath()), v.getMessage()))
                .toList();
        return respond(new Problem("/problems/invalid-request", "Invalid request", 400,
                "The request has invalid fields", path(uri), errors));
    }

    /** No credential, or one the service does not know (unknown, revoked or expired): 401 with the scheme. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        String detail = e instanceof AuthenticationFailedException
                ? "The credential is unknown, revoked or expired"
                : "This endpoint needs a credential: send Authorization: Bearer <token>";
        return Response.fromResponse(respond(new Problem("/problems/unauthorized", "Unauthorized", 401, detail,
                path(uri), List.of()))).header("WWW-Authenticate", "Bearer realm=\"queuemgr\"").build();
    }

    /** A known caller without the role the endpoint needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem("/problems/forbidden", "Forbidden", 403,
                "The credential does not hold a role this endpoint needs", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this path";
            case 406 -> "The requested media type cannot be produced";
            case 413 -> "The request body is too large";
            case 415 -> "Send application/json";
            default -> title;
        };
        return respond(new Problem("about:blank", title, status, detail, path(uri), List.of()));
    }

    /**
     * The answer was given up before it was ready: RESTEasy cancels a pending answer when the caller's connection or
     * HTTP/2 stream closes (its timeout, a broker outage holding the send). Not an error of the service's, so one line
     * in the log and no stack trace. The service cancels no answer of its own; its timeouts fail with
     * TimeoutException. The response's {@code closed()} cannot tell: an HTTP/2 stream reset cancels the answer before
     * the response counts as closed.
     */
    @ServerExceptionMapper
    public Response cancelled(CancellationException e, UriInfo uri) {
        LOG.infof("The request to %s was given up before its answer: the caller hung up", path(uri));
        return respond(new Problem("/problems/cancelled", "Cancelled", 503,
                "The request was given up before it was answered; try it again", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.error("Unexpected error answering " + path(uri), e);
        return respond(new Problem("/problems/internal-error", "Internal error", 500,
                "The service failed to answer; the error is in its log", path(uri), List.of()));
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }
}
