package io.queuemgr.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.config.QueuemgrConfig;

/** The names of the service's Kafka topics, each carrying the configured prefix. */
@ApplicationScoped
public class Topics {

    public static final String SUBMIT = "submit";
    public static final String SUBMIT_REJECTED = "submit.rejected";
    public static final String TASKS = "tasks";
    public static final String TASK_STATUS = "task-status";
    public static final String TASK_CONTROL = "task-control";
    public static final String TASKS_DLQ = "tasks.dlq";
    public static final String TASKS_RETRY = "tasks.retry";
    public static final String TASK_LOGS = "task-logs";
    public static final String AUDIT = "audit";

    private final String prefix;

    public Topics(QueuemgrConfig config) {
        this.prefix = config.kafka().topicPrefix();
    }

    public String submit() {
        return name(SUBMIT);
    }

    public String submitRejected() {
        return name(SUBMIT_REJECTED);
    }

    public String tasks() {
        return name(TASKS);
    }

    public String taskStatus() {
        return name(TASK_STATUS);
    }

    public String taskControl() {
        return name(TASK_CONTROL);
    }

    /** Failed attempts waiting for their retry, until it is due. */
    public String tasksRetry() {
        return name(TASKS_RETRY);
    }

    public String tasksDlq() {
        return name(TASKS_DLQ);
    }

    public String taskLogs() {
        return name(TASK_LOGS);
    }

    /** Who changed what: the audit trail, on its way to PostgreSQL. */
    public String audit() {
        return name(AUDIT);
    }

    /** Consumer group names share the prefix so that installations on one cluster stay apart. */
    public String group(String role) {
        return prefix + "." + role;
    }

    private String name(String suffix) {
        return prefix + "." + suffix;
    }
}
