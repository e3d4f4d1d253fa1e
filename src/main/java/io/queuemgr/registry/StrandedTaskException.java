package io.queuemgr.registry;

import io.queuemgr.task.Task;

/**
 * A new task's first snapshot reached Kafka and its work record did not (the two are on different partitions, which
 * different brokers may lead): the task is known as PENDING and nothing would run it until its work record is sent
 * again.
 */
public class StrandedTaskException extends RuntimeException {

    private final transient Task task;

    public StrandedTaskException(Task task, Throwable cause) {
        super("Task " + task.id() + " is on the status topic, but Kafka did not take its work record: "
                + cause.getMessage(), cause, false, false);
        this.task = task;
    }

    /** The task as its first snapshot has it. */
    public Task task() {
        return task;
    }
}
