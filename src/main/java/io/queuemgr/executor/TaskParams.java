package io.queuemgr.executor;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.json.Reading;

/** Reads a task's params into the record its executor declares for the type, and says everything that does not fit. */
@Singleton
public class TaskParams {

    static final String UNKNOWN = "is not a parameter of this type";

    private final ExecutorRegistry executors;
    private final JsonRecords records;

    public TaskParams(ExecutorRegistry executors, JsonRecords records) {
        this.executors = executors;
        this.records = records;
    }

    /**
     * What is wrong with the params of a task of the type, each named by its path ({@code params.args[1]}): the
     * fields first, then the fields the type does not have. Nothing for a type no executor runs.
     */
    public List<FieldError> problems(String type, JsonNode params) {
        String canonical = executors.canonical(type);
        return executors.find(canonical).map(executor -> {
            Reading<?> reading = records.read(params, executor.paramsType(canonical), "params", UNKNOWN);
            List<FieldError> errors = new ArrayList<>(reading.invalid());
            errors.addAll(reading.unknown());
            return errors;
        }).orElse(List.of());
    }
}
