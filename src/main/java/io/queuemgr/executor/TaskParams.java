package io.queuemgr.executor;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.json.Reading;
import io.queuemgr.task.ErrorCode;

/** Binds a task's params to the record its type declares, and says everything that does not fit. */
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
        return executors.type(type).map(t -> {
            Reading<?> reading = records.read(params, t.params(), "params", UNKNOWN);
            List<FieldError> errors = new ArrayList<>(reading.invalid());
            errors.addAll(reading.unknown());
            return errors;
        }).orElse(List.of());
    }

    /**
     * The params bound to the type's record, for the executor. They were checked at submission; params that no
     * longer fit (the service changed in between) fail the task with TASK_PARAMS_INVALID.
     */
    public Object bind(TaskType type, JsonNode params) {
        Reading<?> reading = records.read(params, type.params(), "params", UNKNOWN);
        List<FieldError> errors = new ArrayList<>(reading.invalid());
        errors.addAll(reading.unknown());
        if (!errors.isEmpty()) {
            FieldError first = errors.get(0);
            throw ErrorCode.TASK_PARAMS_INVALID.failure(first.field() + " " + first.message());
        }
        return reading.value();
    }
}
