package io.queuemgr.json;

import java.util.ArrayList;
import java.util.List;

import io.queuemgr.error.Problem.FieldError;

/**
 * A JSON object read into a record by {@link JsonRecords}: the record, with the components whose value did not fit
 * left null, the fields it does not have, and what is wrong with those it has (in the order of its components).
 */
public record Reading<R>(R value, List<FieldError> unknown, List<FieldError> invalid) {

    public boolean ok() {
        return unknown.isEmpty() && invalid.isEmpty();
    }

    /** The unknown fields first, then the record's own. */
    public List<FieldError> errors() {
        List<FieldError> all = new ArrayList<>(unknown);
        all.addAll(invalid);
        return all;
    }
}
