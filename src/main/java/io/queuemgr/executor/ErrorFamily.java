package io.queuemgr.executor;

import java.util.List;

import io.queuemgr.task.ErrorKind;

/**
 * A family's part of the error catalogue: its codes and the rules that recognise its failures. A family declares
 * one as a CDI bean in its own package; the {@link ErrorCatalogue} finds it.
 */
public interface ErrorFamily {

    /** The family's name as {@code GET /api/errors} shows it, e.g. {@code ssh}. */
    String name();

    List<? extends ErrorKind> codes();

    /**
     * How a failure the executor did not classify itself is recognised as one of the codes, tried in order after the
     * rules of families asked earlier. Most families need none: their executors fail with their code.
     */
    default List<ErrorRule> rules() {
        return List.of();
    }
}
